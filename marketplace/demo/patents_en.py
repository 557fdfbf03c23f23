"""English titles and abstracts of the demo patents, by application number (see `patents.py`).

Written as the English abstracts of Chinese patents are usually written, with the terms of the
glossary (`marketplace/core/data/glossary.tsv`), so English searches find the demo catalogue.
"""

from __future__ import annotations

ENGLISH: dict[str, tuple[str, str]] = {
    "201910587362.8": (
        "Method for preparing a low heavy rare earth, high-coercivity NdFeB permanent magnet material",
        "Sintered NdFeB magnets are coated with dysprosium-copper alloy powder, given a grain boundary "
        "diffusion treatment and then tempered in two stages. With about 40% less heavy rare earth, the "
        "coercivity rises by about 30%. The magnets suit wind turbine generators and drive motors of new "
        "energy vehicles.",
    ),
    "201710412450.5": (
        "Method for preparing a high-cutting-rate cerium-based rare earth polishing powder",
        "Mixed rare earth carbonate from Baotou is fluorinated, doped with lanthanum and roasted in stages. "
        "The polishing powder has a narrow particle size distribution and a high cutting rate, and leaves "
        "few scratches when polishing LCD glass substrates and optical glass.",
    ),
    "201610398215.2": (
        "Rare earth lanthanum-magnesium-nickel hydrogen storage alloy and its preparation method",
        "An AB3-type hydrogen storage alloy based on lanthanum, magnesium and nickel, with a little "
        "aluminium replacing part of the nickel, is made by induction melting, melt spinning and annealing. "
        "It has a high discharge capacity and good cycle stability, for nickel-metal hydride battery anodes "
        "and solid-state hydrogen storage devices.",
    ),
    "201811204637.7": (
        "Rare earth high-strength weathering steel and its rolling method",
        "A trace of cerium is added together with copper, chromium and nickel, and controlled rolling and "
        "controlled cooling give a fine-grained structure. The yield strength is at least 550 MPa and the "
        "atmospheric corrosion resistance about 20% better than ordinary weathering steel, for railway "
        "wagons and bridge structures.",
    ),
    "201510642871.8": (
        "Composite dephosphorization agent for converter steelmaking and method of use",
        "Lime, iron ore powder, sodium carbonate and a borate flux are mixed and pressed into balls that are "
        "added in batches early in the blow. End-point phosphorus stays below 0.010%, lime consumption "
        "falls by about 8%, and no fluorspar is needed.",
    ),
    "202021563904.2": (
        "Gas-permeable brick structure for argon bottom blowing in a ladle",
        "A seat brick and a core brick with slit-type gas channels; the core brick is clad in a steel shell "
        "against steel penetration and has a warning layer at its lower part. Argon is blown evenly, the "
        "remaining brick length is easy to judge and the brick lasts longer.",
    ),
    "202110235718.9": (
        "Method for recovering rare earth elements from sintered NdFeB scrap",
        "The scrap is oxidized and roasted at low temperature, the rare earths are selectively leached with "
        "hydrochloric acid, precipitated with oxalic acid and calcined to rare earth oxides. More than 98% "
        "of the rare earths are recovered; iron stays in the leach residue as iron oxide, with little acid "
        "and little wastewater.",
    ),
    "201420318427.1": (
        "Tail gas purification device for roasting rare earth concentrate",
        "A cooling tower, two spray absorption towers, an electrostatic demister and an induced draft fan "
        "are connected in series and the absorption liquid is recycled. Hydrogen fluoride and sulfur dioxide "
        "from the sulfuric acid roasting of rare earth concentrate are removed simply and cheaply.",
    ),
    "202210873159.9": (
        "Rare earth magnesium alloy and its extrusion forming method",
        "Gadolinium, yttrium and small amounts of zinc and zirconium are added; the magnesium alloy is "
        "homogenized, hot extruded and aged. Its tensile strength at room temperature exceeds 380 MPa with "
        "good elongation, for lightweight structural parts in rail transit and aerospace.",
    ),
    "202010712485.2": (
        "Method for preparing a porous adsorbent from coal gasification fine slag",
        "Fine slag from coal gasification is decarbonized by flotation, activated by alkali fusion and "
        "crystallized hydrothermally into a silica-alumina porous material with a high specific surface "
        "area. It adsorbs heavy metal ions and organic dyes from wastewater, turning solid waste into a "
        "resource.",
    ),
    "201811095326.1": (
        "Catalyst for hydrogenating medium- and low-temperature coal tar to aromatics, and its preparation",
        "Nickel and molybdenum with a phosphorus promoter are loaded on modified alumina by impregnation, "
        "drying and calcination. The catalyst is highly active in hydrodeoxygenation and resists coking; "
        "processing the coal tar by-product of semi-coke production gives clearly more monocyclic aromatics.",
    ),
    "201910326478.6": (
        "Vibration-based fault diagnosis method for wind turbine gearboxes",
        "Vibration signals are decomposed by variational mode decomposition, the energy entropy of each mode "
        "is extracted and a trained convolutional neural network identifies the fault type. Accurate under "
        "heavy noise, for condition monitoring and predictive maintenance of gearboxes in wind farms.",
    ),
    "202122780413.4": (
        "Automatic cleaning robot for photovoltaic modules",
        "A travelling frame with a roller brush, drive motor, battery and a PV charging panel, with guide "
        "wheels running along the module frame. The robot cleans without water and suits desert "
        "photovoltaic power stations with much wind-blown sand, saving manual cleaning and water.",
    ),
    "202210469031.6": (
        "Off-grid wind-solar hybrid hydrogen production system and its control method",
        "Wind turbines, a photovoltaic array, storage batteries, several alkaline electrolysers and an "
        "energy management unit that starts, stops and loads each electrolyser according to wind and "
        "solar power forecasts. Fewer start-stop cycles raise the efficiency of renewable hydrogen "
        "production and the life of the equipment.",
    ),
    "202310158264.9": (
        "Method for preparing a nickel-iron hydrogen evolution electrode for water electrolysis",
        "Nickel-iron layered double hydroxide is grown in situ on nickel foam by a hydrothermal method and "
        "phosphidized at low temperature into a self-supported electrode. It has a low hydrogen evolution "
        "overpotential and good stability in alkaline electrolyte, and suits mass production of large "
        "electrodes.",
    ),
    "201720254816.6": (
        "Idler fault detection device for mine belt conveyors",
        "A rail along the conveyor carries an inspection trolley with an infrared thermometer, a microphone "
        "and a wireless module. The trolley records idler temperature and running noise, finds seized "
        "idlers and failed bearings early, and spares workers underground inspection rounds.",
    ),
    "201921648305.8": (
        "Monitoring device for lost bucket teeth of electric shovels in open-pit mines",
        "An industrial camera, a fill light, an image processing unit and a cab alarm mounted on the shovel "
        "boom. The device recognizes the bucket teeth in real time and raises an alarm when one is missing, "
        "so that it does not enter and damage the crusher.",
    ),
    "201510876342.4": (
        "Low-temperature, low-damage dyeing method for cashmere fibre",
        "Cashmere is gently pretreated with a protease and a reducing agent, dyed with reactive dyes at "
        "75-85 °C and fixed with an eco-friendly auxiliary. Compared with boiling dyeing the fibre loses "
        "less strength, stays soft, and energy use falls by about 25%.",
    ),
    "201610873520.2": (
        "Acid-tolerant lactic acid bacteria strain and its use in fermented milk",
        "A Lactobacillus casei strain isolated from traditional yogurt of Inner Mongolia's pastoral areas, "
        "deposited at the China General Microbiological Culture Collection Center. It tolerates acid and "
        "bile salts, causes little post-acidification in fermented milk and keeps high viable counts in "
        "cold storage.",
    ),
    "201911207634.3": (
        "Lactobacillus paracasei from traditional fermented mare milk and its use",
        "The strain has strong bile salt hydrolase activity and lowers cholesterol. In animal tests it "
        "significantly reduced serum total cholesterol and triglycerides of mice on a high-fat diet; it can "
        "be used in probiotic preparations and functional dairy products.",
    ),
    "201710436158.7": (
        "Feed additive that raises the cashmere yield of cashmere goats, and method of use",
        "Rumen-protected methionine, a zinc-selenium trace element complex and wild onion (Allium "
        "mongolicum) extract, fed during the non-growing period of the fleece. Annual cashmere yield of "
        "Inner Mongolia white cashmere goats rose by about 12% without coarser fibre.",
    ),
    "201811521047.7": (
        "Method for preparing alfalfa silage",
        "Alfalfa cut at early bloom is wilted to about 60% moisture, inoculated with a compound lactic acid "
        "bacteria agent and molasses, and wrapped in bales. Fermentation is fast, little protein is lost "
        "and the silage has good aerobic stability, for large-scale forage production in northern pastures.",
    ),
    "201510289463.9": (
        "Dehydrated whole potato flour and its processing method",
        "High-starch potatoes from Inner Mongolia are washed, peeled, sliced with colour protection, "
        "steamed, back-mixed, flash dried and sieved. Few cells are broken, so the flour keeps the flavour "
        "and nutrients of potato, for potato-based staple foods.",
    ),
    "202011086237.8": (
        "Processing method for high beta-glucan oat rice",
        "Naked oats are cleaned, tempered, enzyme-inactivated by far infrared, lightly pearled and dried at "
        "low temperature. Lipase is inactivated, shelf life is longer, beta-glucan is retained, and the oat "
        "rice cooks quickly and tastes soft.",
    ),
    "202121507862.5": (
        "Smart control system for drip irrigation under film based on soil moisture",
        "Soil moisture sensors, a field controller, solenoid valve groups, a fertigation unit and a remote "
        "monitoring platform. The controller opens the valves of each irrigation zone according to soil "
        "moisture data, for irrigation on demand and precise fertilization with clear water savings.",
    ),
    "202220936145.2": (
        "Artificial feeding device for lambs",
        "An insulated milk tank with heating and temperature control, several biomimetic teats and a "
        "height-adjustable stand, with a non-return valve at the tank outlet. Several lambs are fed at once "
        "at a constant milk temperature, for early rearing of lambs of prolific meat sheep.",
    ),
    "202230481726.7": (
        "Packaging box for oat biscuits",
        "Design of a box for oat biscuits and other snack foods; the design lies in the shape combined with "
        "the pattern of oat ears and grassland motifs on the box. Representative view: perspective view.",
    ),
    "201710928541.4": (
        "Method of oestrus synchronization and fixed-time insemination of sheep",
        "Ewes carry progesterone vaginal sponges for 12 days, receive pregnant mare serum gonadotropin at "
        "removal and are inseminated twice in the cervix 48-56 hours later. Over 95% of ewes come into "
        "oestrus together, conception and twin rates rise, and breeding and lambing can be grouped on large "
        "sheep farms.",
    ),
    "201810659273.5": (
        "Nitrogen-doped graphene-supported cobalt nanoparticle catalyst and its preparation",
        "Graphene oxide, melamine and cobalt acetate are freeze-dried and pyrolysed in inert gas in one "
        "step. Oxygen reduction activity is close to commercial platinum on carbon, with better stability "
        "and methanol tolerance, for fuel cell and metal-air battery cathodes.",
    ),
    "201310418506.X": (
        "Method for constructing bovine somatic cell nuclear transfer embryos",
        "Adult bovine ear fibroblasts, starved of serum, are injected into enucleated oocytes; after fusion "
        "and activation the reconstructed embryos are treated with a histone deacetylase inhibitor. "
        "Blastocyst rate and embryo quality of cloned embryos improve, for multiplying elite breeding "
        "cattle.",
    ),
    "201910803164.0": (
        "Culture medium raising the in vitro maturation rate of sheep oocytes",
        "Follicle-stimulating hormone, epidermal growth factor, cysteamine and melatonin are added to TCM199 "
        "base medium. Sheep cumulus-oocyte complexes cultured in it show significantly higher first polar "
        "body extrusion and blastocyst rates after in vitro fertilization.",
    ),
    "201610957381.1": (
        "No-tillage reseeding method for vegetation restoration of degraded typical steppe",
        "Before the rainy season a no-till seeder sows a mixture of Leymus chinensis, wheatgrass and yellow "
        "alfalfa into degraded grassland, followed by rolling and a two-year grazing ban. The existing sod "
        "is kept, seedlings emerge well, and grassland cover and productivity recover quickly.",
    ),
    "202020867413.0": (
        "In situ observation device for grassland soil respiration",
        "A stainless steel collar inserted in the soil, an automatically opening transparent chamber, a CO2 "
        "analyser, temperature and humidity sensors and solar power. It observes continuously in the field "
        "for long periods and sends data by wireless, for carbon flux studies of grassland ecosystems.",
    ),
    "202110592846.9": (
        "Modified biochar for removing hexavalent chromium from wastewater, and its preparation",
        "Salix psammophila branches are pyrolysed with limited oxygen into biochar, which is loaded with "
        "nanoscale zero-valent iron and coated with chitosan. The material both adsorbs and reduces "
        "hexavalent chromium, removes it well and separates easily from water, from a cheap raw material.",
    ),
    "201710215630.4": (
        "Method for preparing rare earth doped upconversion luminescent nanomaterials",
        "Ytterbium and erbium co-doped NaYF4 nanocrystals are synthesized by high-temperature "
        "co-precipitation in oleic acid and octadecene, then coated with an inert shell. The nanocrystals "
        "are uniform with strong upconversion luminescence, for biological fluorescent labelling and "
        "anti-counterfeiting materials.",
    ),
    "202211047528.5": (
        "Low-temperature denitrification catalyst for coal-fired flue gas, and its preparation",
        "Manganese-cerium composite oxides are supported on titanium dioxide and doped with a little "
        "tungsten for sulfur resistance. NOx conversion exceeds 90% at 150-250 °C, for low-temperature "
        "flue gas denitration in coal chemical plants and coal-fired boilers.",
    ),
    "202010384619.2": (
        "Fluorescent probe for detecting fluoride ions in water, and its preparation",
        "A naphthalimide fluorophore with a tert-butyldiphenylsilyl ether recognition group, made in two "
        "steps. Fluorescence rises sharply with fluoride; the probe is sensitive and selective, for fast "
        "on-site testing of fluoride in drinking water of high-fluoride areas.",
    ),
    "202130512907.7": (
        "Mongolian script learning blocks",
        "Design of educational toy blocks for children learning the letters of the Mongolian script; the "
        "design lies in the shape combined with the letters and pictures printed on the sides of each "
        "block. Representative view: perspective view.",
    ),
    "201610528364.6": (
        "Mongolian medicine composition for treating epigastric pain, and its preparation",
        "Pomegranate, white cardamom, long pepper, cinnamon and costus root in fixed proportions are ground, "
        "extracted and granulated. The composition warms the stomach and relieves pain; pharmacodynamic "
        "tests showed clear protection against experimental gastric ulcers.",
    ),
    "201910917452.9": (
        "Method for extracting and purifying total flavonoids from sea buckthorn, a Mongolian medicinal "
        "material",
        "Sea buckthorn pomace is extracted with ethanol under ultrasound; the extract is enriched on "
        "macroporous adsorption resin, eluted with an ethanol gradient, concentrated and dried. Yield is "
        "high and purity exceeds 80%, making use of a by-product of sea buckthorn processing.",
    ),
    "201821374095.3": (
        "Warm acupuncture treatment instrument for Mongolian medicine",
        "A main unit, temperature control, several electrically heated needle handles each with its own "
        "temperature sensor and control, and an adjustable positioning stand. Electric heating replaces "
        "burning herbs: stable, adjustable temperature without smoke or open flame makes Mongolian warm "
        "needle therapy safer and easier.",
    ),
    "201320486217.9": (
        "Indwelling needle with blood backflow prevention for intravenous infusion",
        "A needle hub, catheter, needle core and a one-way silicone valve in the hub, with a heparin cap "
        "port at its end. The valve closes when the core is withdrawn, preventing blood backflow and air "
        "entry, reducing catheter blockage and nursing work.",
    ),
    "201710683925.4": (
        "Topical Mongolian medicine ointment for treating fractures, and its preparation",
        "Elderberry twig, safflower, frankincense, myrrh and ground beetle are extracted, concentrated and "
        "mixed with a base. Animal tests show faster callus formation and shorter fracture healing; the "
        "ointment is easy to use and barely irritates the skin.",
    ),
    "202022418736.4": (
        "Adjustable splint for Mongolian medicine bone setting",
        "Curved splint strips joined by elastic bands, with tension buckles, breathable padding and pressure "
        "indicators on the outside. The splint is adjusted to the swelling of the limb and holds reliably "
        "and comfortably after manual reduction in Mongolian bone setting.",
    ),
    "201510468372.1": (
        "Method for preparing microbially treated corn straw feed",
        "Shredded corn straw is inoculated with a compound microbial agent of lactic acid bacteria, "
        "cellulose-degrading bacteria and yeast, adjusted for moisture and fermented anaerobically. The "
        "straw becomes more palatable and digestible and can replace part of the concentrate for beef "
        "cattle, lowering farming costs.",
    ),
    "201811362598.3": (
        "Flotation method for recovering fluorite from lead-zinc tailings",
        "After desliming, the tailings are floated with modified sodium oleate as collector and acidified "
        "water glass as depressant, in one roughing, one scavenging and six cleaning stages. The fluorite "
        "concentrate grades over 97% CaF2, recovering fluorspar associated with the tailings.",
    ),
    "202120693451.3": (
        "Precision hill-drop seeder for foxtail millet",
        "A frame, seed box, cell-wheel seed meter, hole former, covering press wheel and ground-wheel drive "
        "that keeps the meter in step with travel speed. Each hill gets an even number of seeds, saving "
        "thinning work, for mechanized sowing of dryland millet.",
    ),
    "201921035826.6": (
        "Fertigation device for sunflowers under mulched drip irrigation on saline-alkali land",
        "A filter, Venturi injector, fertilizer tank, main and lateral pipes, and drip tape laid under the "
        "plastic mulch, with pressure compensation on the laterals. Water and fertilizer are applied "
        "together and salts are leached well, for sunflowers on saline-alkali land of the Hetao irrigation "
        "district.",
    ),
}
