"""The words the catalogue benchmark writes its synthetic patents in: per-industry vocabularies,
names, title shapes, and where each industry is classified and researched."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.core.application_number import PatentType
from marketplace.core.patent_fields import Industry

UNIVERSITIES = (
    "内蒙古大学", "内蒙古工业大学", "内蒙古农业大学", "内蒙古科技大学", "内蒙古师范大学", "内蒙古医科大学",
    "内蒙古民族大学", "内蒙古财经大学", "赤峰学院", "呼伦贝尔学院", "河套学院",
)
# type digit of the application number -> (patent type, share of the catalogue)
TYPE_DIGITS = {"1": (PatentType.INVENTION, 0.80), "2": (PatentType.UTILITY_MODEL, 0.17),
               "3": (PatentType.DESIGN, 0.03)}
ENGLISH_SHARE = 0.05
FIRST_YEAR, LAST_YEAR = 2005, 2024

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国志海峰鹏宇浩晓红云飞鑫博琳慧婷雪东"
MONGOLIAN_NAMES = ("巴特尔", "乌云其木格", "额尔敦", "苏日娜", "孟和", "图雅", "斯琴", "包呼和", "宝音",
                   "阿拉坦")
PARTS = ("机架", "壳体", "底座", "控制器", "驱动电机", "支撑架", "传动机构", "进料口", "出料口", "显示屏",
         "储料仓", "连接管", "传感器", "密封圈", "散热片", "调节阀")

INVENTION_TITLES = (
    "一种{adj}{term}的制备方法", "{term}{device}及其{process}", "一种基于{term}的{device}",
    "一种{term}的{process}", "{adj}{term}及其应用", "一种用于{term}的{device}", "一种{adj}{term}{device}",
)
UTILITY_TITLES = ("一种{term}{device}", "一种用于{term}的{device}", "一种{adj}{term}{device}")
DESIGN_TITLES = ("{term}{device}", "{device}（{term}）")
CLOSING = (
    "本发明工艺简单、成本低廉，适于规模化工业生产。", "该技术适合在内蒙古地区推广应用，经济效益显著。",
    "所述方法操作方便，原料来源广泛，易于实现产业化。", "该方案能耗低、环境友好，具有良好的应用前景。",
)
PROBLEMS = ("成本高", "效率低", "性能不稳定", "能耗大", "污染严重", "工艺复杂", "使用寿命短")
SHAPES = ("长方体", "圆柱形", "流线型", "扁平盒状", "多边形")
ENGLISH_CLOSING = (
    "The method is simple, low in cost and suitable for industrial production.",
    "The solution has a simple structure and is easy to maintain.",
    "It reduces energy consumption and is environmentally friendly.",
)


@dataclass(frozen=True)
class Vocabulary:
    """The words one industry's patents are written in, and where they are classified."""

    industry: Industry
    weight: int
    sector: str
    terms: tuple[str, ...]
    adjectives: tuple[str, ...]
    devices: tuple[str, ...]
    processes: tuple[str, ...]
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    benefits: tuple[str, ...]
    keywords: tuple[str, ...]
    ipc: tuple[str, ...]
    universities: tuple[str, ...]
    english_field: str
    english_terms: tuple[str, ...]
    english_devices: tuple[str, ...]
    english_benefits: tuple[str, ...]


VOCABULARIES = (
    Vocabulary(
        Industry.RARE_EARTH_MATERIALS, 12, "稀土功能材料",
        ("稀土永磁材料", "钕铁硼磁体", "稀土抛光粉", "储氢合金", "稀土发光材料", "铈基抛光粉", "稀土镁合金",
         "烧结钕铁硼", "钐钴永磁体", "稀土荧光粉", "稀土掺杂陶瓷", "镧铈合金"),
        ("高矫顽力", "低重稀土", "高纯度", "纳米级", "高性能", "耐腐蚀", "超细", "高稳定性"),
        ("电机转子", "磁选装置", "抛光装置", "熔炼炉", "氢破碎装置", "取向压机"),
        ("制备方法", "熔炼工艺", "烧结工艺", "回收方法", "表面处理方法", "晶界扩散方法"),
        ("氧化镨钕", "白云鄂博稀土精矿", "废旧钕铁硼", "氯化稀土", "氧化铈", "金属镧"),
        ("配料", "真空熔炼", "氢破碎", "气流磨制粉", "取向压制", "烧结", "回火", "晶界扩散"),
        ("磁体的矫顽力提高15%以上", "重稀土用量降低30%", "抛光速率高且表面划痕少", "储氢容量大、循环寿命长",
         "稀土回收率达到98%以上"),
        ("稀土", "永磁", "钕铁硼", "抛光粉", "储氢合金", "晶界扩散", "矫顽力", "稀土回收"),
        ("H01F 1/057", "H01F 41/02", "C09K 3/14", "C22C 19/03", "C22C 1/02", "C01F 17/00", "C09K 11/77"),
        ("内蒙古科技大学", "内蒙古大学", "内蒙古工业大学"),
        "rare earth materials",
        ("Rare earth permanent magnet", "NdFeB magnet", "Cerium-based polishing powder",
         "Rare earth hydrogen storage alloy"),
        ("motor rotor", "sintering furnace", "recycling process", "grain boundary diffusion method"),
        ("The coercivity of the magnet is increased by more than 15%.",
         "The consumption of heavy rare earths is reduced."),
    ),
    Vocabulary(
        Industry.NEW_ENERGY, 12, "新能源",
        ("光伏组件", "风电机组", "氢能", "锂电池", "储能电池", "电解水制氢", "光伏支架", "风力发电机叶片",
         "锂离子电池正极材料", "硅碳负极材料", "光热发电", "氢燃料电池"),
        ("高效", "长寿命", "智能", "低成本", "大容量", "双面", "柔性", "高安全"),
        ("清洗机器人", "逆变器", "控制系统", "热管理系统", "监测装置", "电解槽"),
        ("制备方法", "控制方法", "运维方法", "故障诊断方法", "功率预测方法", "回收方法"),
        ("磷酸铁锂", "硅碳负极", "单晶硅片", "电解液", "石墨", "镍钴锰三元材料"),
        ("浆料制备", "涂布", "辊压", "分切", "组装", "化成", "电解", "封装"),
        ("光电转换效率提高2%", "电池循环寿命超过3000次", "风电机组发电量提升5%", "制氢能耗明显降低",
         "储能系统的安全性大幅提高"),
        ("光伏", "风电", "氢能", "锂电池", "储能", "电解水", "燃料电池", "新能源"),
        ("H01M 10/0525", "H02S 20/30", "F03D 7/00", "H01L 31/18", "C25B 1/04", "H02J 3/32", "H01M 4/36"),
        ("内蒙古工业大学", "内蒙古大学", "内蒙古科技大学"),
        "new energy",
        ("Lithium battery electrode", "Photovoltaic module", "Wind turbine blade", "Hydrogen electrolyser",
         "Energy storage battery", "Lithium-ion battery cathode"),
        ("slurry mixer", "cleaning robot", "cooling system", "control method", "monitoring system"),
        ("The cycle life of the battery exceeds 3000 cycles.",
         "The power generation efficiency is improved."),
    ),
    Vocabulary(
        Industry.COAL_CHEMICALS, 9, "现代煤化工",
        ("煤气化", "煤焦油", "甲醇合成", "费托合成催化剂", "煤制烯烃", "兰炭", "煤直接液化", "合成气制乙二醇",
         "甲醇制芳烃催化剂", "煤气化灰渣", "焦炉煤气", "煤基活性炭"),
        ("高选择性", "高活性", "低能耗", "清洁", "高效", "耐硫"),
        ("反应器", "气化炉", "烧嘴", "分离装置", "换热器", "精馏塔"),
        ("制备方法", "加氢工艺", "分离方法", "综合利用方法", "净化方法", "再生方法"),
        ("褐煤", "煤焦油", "合成气", "兰炭", "煤气化渣", "焦炉煤气"),
        ("粉碎", "气化", "净化", "变换", "合成", "精馏", "催化加氢", "分离"),
        ("催化剂的选择性达到95%以上", "碳转化率显著提高", "废水排放量减少40%", "催化剂寿命延长一倍",
         "甲醇收率明显提高"),
        ("煤化工", "煤气化", "煤焦油", "甲醇", "催化剂", "合成气", "烯烃", "加氢"),
        ("C10J 3/00", "C10G 1/00", "C07C 29/151", "B01J 23/00", "C10C 1/00", "B01J 29/40", "C10B 53/02"),
        ("内蒙古工业大学", "内蒙古科技大学", "内蒙古大学"),
        "coal chemical industry",
        ("Coal gasification", "Coal tar hydrogenation", "Methanol synthesis catalyst", "Coal-to-olefins"),
        ("reactor", "burner", "preparation method", "separation unit"),
        ("The selectivity of the catalyst exceeds 95%.", "The carbon conversion rate is increased."),
    ),
    Vocabulary(
        Industry.METALLURGY, 10, "冶金及金属材料",
        ("高强度钢板", "耐磨钢", "稀土钢", "不锈钢", "铝合金", "镁合金铸件", "钢轨", "无缝钢管", "硅钢",
         "高温合金", "铜合金", "连铸坯"),
        ("高强韧", "耐腐蚀", "细晶", "低成本", "超薄", "耐高温"),
        ("轧机", "连铸机", "冷却装置", "铸造模具", "热处理炉", "矫直机"),
        ("轧制工艺", "热处理方法", "铸造方法", "冶炼方法", "焊接方法", "表面处理方法"),
        ("铁水", "废钢", "铝锭", "铬铁", "硅锰合金", "镁锭"),
        ("冶炼", "精炼", "连铸", "热轧", "冷轧", "退火", "淬火", "回火"),
        ("抗拉强度达到1500MPa以上", "耐磨性提高一倍", "成材率提高3%", "晶粒明显细化", "生产成本降低20%"),
        ("钢", "轧制", "铸造", "合金", "热处理", "连铸", "冶金", "钢铁"),
        ("C21D 8/02", "B21B 1/00", "B22D 11/00", "C22C 38/02", "C22C 21/00", "C21C 7/00", "B21B 37/74"),
        ("内蒙古科技大学", "内蒙古工业大学"),
        "metallurgy",
        ("High-strength steel plate", "Wear-resistant steel", "Aluminium alloy casting",
         "Continuous casting slab"),
        ("rolling process", "heat treatment method", "casting mould", "cooling device"),
        ("The tensile strength exceeds 1500 MPa.", "The wear resistance is doubled."),
    ),
    Vocabulary(
        Industry.DAIRY_FOOD, 8, "乳业及食品",
        ("乳酸菌", "奶酪", "乳清蛋白", "羊奶粉", "发酵乳", "益生菌", "酸奶", "奶皮子", "驼乳", "牛初乳",
         "乳酸菌饮料", "奶酪棒"),
        ("低乳糖", "高蛋白", "益生", "风味", "即食", "功能性"),
        ("发酵罐", "杀菌装置", "喷雾干燥塔", "灌装设备", "均质机", "包装盒"),
        ("制备方法", "发酵工艺", "加工方法", "检测方法", "保鲜方法", "应用"),
        ("生牛乳", "羊奶", "乳清", "酪蛋白", "脱脂乳粉", "驼奶"),
        ("均质", "杀菌", "接种", "乳酸发酵", "冷却", "浓缩", "喷雾干燥", "灌装"),
        ("产品风味浓郁、货架期延长至6个月", "活菌数达到10^9 CFU/g以上", "蛋白质含量提高20%",
         "乳糖含量降低90%", "营养成分保留率高"),
        ("乳酸菌", "奶酪", "乳清蛋白", "羊奶", "发酵乳", "益生菌", "乳制品", "乳业"),
        ("A23C 9/12", "C12N 1/20", "A23C 19/00", "A23J 1/20", "A23C 9/13", "A23L 33/135"),
        ("内蒙古农业大学", "内蒙古大学", "河套学院"),
        "dairy products",
        ("Lactic acid bacteria", "Goat milk powder", "Whey protein", "Cheese", "Fermented milk"),
        ("fermentation process", "drying device", "strain", "packaging line"),
        ("The shelf life is extended to six months.", "The viable count exceeds 10^9 CFU/g."),
    ),
    Vocabulary(
        Industry.AGRICULTURE_LIVESTOCK, 12, "现代农牧业",
        ("马铃薯", "燕麦", "牧草", "肉羊", "节水灌溉", "苜蓿", "向日葵", "绒山羊", "肉牛", "青贮饲料",
         "盐碱地改良", "滴灌"),
        ("抗旱", "高产", "优质", "智能", "精准", "节水"),
        ("收获机", "播种机", "饲喂装置", "灌溉系统", "羊舍", "除草装置"),
        ("种植方法", "育种方法", "饲养方法", "饲料配方", "栽培方法", "繁育方法"),
        ("马铃薯", "燕麦", "苜蓿", "玉米秸秆", "向日葵", "羊草"),
        ("选种", "整地", "播种", "施肥", "滴灌", "收获", "青贮", "饲喂"),
        ("亩产提高15%以上", "节水40%", "肉羊日增重提高20%", "饲料转化率明显提高", "出苗率达到95%"),
        ("马铃薯", "燕麦", "牧草", "肉羊", "节水灌溉", "苜蓿", "饲料", "养殖"),
        ("A01G 25/02", "A01B 79/00", "A01K 67/02", "A23K 50/10", "A01H 6/82", "A01D 17/00", "A01K 5/02"),
        ("内蒙古农业大学", "内蒙古民族大学", "河套学院", "赤峰学院", "呼伦贝尔学院"),
        "agriculture and animal husbandry",
        ("Potato", "Oat", "Forage grass", "Mutton sheep", "Drip irrigation"),
        ("harvester", "planting method", "feed formula", "control system", "seeder"),
        ("The yield per mu is increased by more than 15%.", "Water consumption is reduced by 40%."),
    ),
    Vocabulary(
        Industry.BIOMEDICINE, 9, "生物医药及蒙中医药",
        ("蒙药", "中药提取物", "布鲁氏菌疫苗", "抗肿瘤化合物", "肉苁蓉提取物", "沙棘黄酮", "单克隆抗体",
         "蒙药复方制剂", "中药组合物", "多糖", "检测试剂盒", "靶向药物"),
        ("高纯度", "缓释", "新型", "稳定", "高效"),
        ("提取装置", "检测装置", "制剂", "给药装置", "试剂盒"),
        ("制备方法", "提取方法", "检测方法", "应用", "质量控制方法"),
        ("肉苁蓉", "沙棘", "甘草", "黄芪", "锁阳", "麻黄"),
        ("粉碎", "提取", "浓缩", "纯化", "干燥", "制粒", "灭菌", "检测"),
        ("有效成分含量提高30%", "检测灵敏度高、特异性强", "毒副作用小", "生物利用度显著提高",
         "免疫保护率达到90%以上"),
        ("蒙药", "中药", "疫苗", "提取物", "多糖", "抗体", "药物", "检测"),
        ("A61K 36/00", "A61K 39/00", "A61P 35/00", "C12N 15/00", "A61K 36/48", "G01N 33/569"),
        ("内蒙古医科大学", "内蒙古民族大学", "内蒙古大学"),
        "biomedicine",
        ("Mongolian medicine", "Traditional Chinese medicine extract", "Brucellosis vaccine",
         "Anti-tumour compound"),
        ("preparation method", "pharmaceutical composition", "detection kit"),
        ("The content of active ingredients is increased by 30%.", "The detection sensitivity is high."),
    ),
    Vocabulary(
        Industry.EQUIPMENT, 10, "高端装备制造",
        ("工业机器人", "压力传感器", "谐波减速器", "温度传感器", "焊接机器人", "数控机床", "巡检机器人",
         "位移传感器", "液压支架", "智能刀具", "精密减速器", "机械臂"),
        ("高精度", "智能", "自适应", "轻量化", "模块化", "高可靠"),
        ("夹持装置", "标定装置", "试验台", "控制系统", "驱动装置", "检测装置"),
        ("控制方法", "标定方法", "装配方法", "故障诊断方法", "制造方法"),
        ("铝合金", "碳纤维", "聚氨酯", "不锈钢", "工程塑料"),
        ("采集", "处理", "驱动", "标定", "装配", "检测", "控制", "反馈"),
        ("定位精度达到0.01毫米", "测量误差小于0.5%", "设备故障率降低50%", "传动效率提高10%",
         "结构紧凑、体积小"),
        ("机器人", "传感器", "减速器", "数控", "机械臂", "装备", "检测", "控制"),
        ("B25J 9/16", "G01D 5/00", "F16H 1/32", "B23K 37/00", "G01L 1/18", "B23Q 17/00", "G01K 7/00"),
        ("内蒙古工业大学", "内蒙古科技大学", "内蒙古大学"),
        "equipment manufacturing",
        ("Industrial robot", "Pressure sensor", "Harmonic reducer", "Temperature sensor", "Welding robot"),
        ("gripper", "calibration method", "test bench", "control system"),
        ("The positioning accuracy reaches 0.01 mm.", "The measurement error of the sensor is below 0.5%."),
    ),
    Vocabulary(
        Industry.INFORMATION, 11, "电子信息",
        ("图像识别", "物联网", "深度学习算法", "无线传感器网络", "区块链", "边缘计算", "目标检测算法",
         "蒙古文识别", "遥感图像分割", "数据加密", "智能推荐算法", "数字孪生"),
        ("基于注意力机制的", "轻量级", "分布式", "实时", "高效", "安全"),
        ("系统", "平台", "终端", "网关", "装置", "模型"),
        ("方法", "训练方法", "识别方法", "调度方法", "加密方法", "检测方法"),
        ("遥感影像", "传感器数据", "视频流", "文本语料", "点云数据"),
        ("采集", "预处理", "特征提取", "训练", "识别", "传输", "存储", "可视化"),
        ("识别准确率达到98%以上", "计算量减少60%", "数据传输延迟降低", "系统能耗显著降低", "检测速度提高3倍"),
        ("算法", "图像识别", "物联网", "深度学习", "传感器", "神经网络", "大数据", "边缘计算"),
        ("G06F 16/00", "G06N 3/08", "G06T 7/00", "H04L 67/12", "G06V 10/82", "H04W 84/18", "G06Q 50/02"),
        ("内蒙古大学", "内蒙古工业大学", "内蒙古师范大学", "内蒙古财经大学"),
        "information technology",
        ("Image recognition", "Internet of Things", "Deep learning", "Wireless sensor network",
         "Mongolian text recognition"),
        ("algorithm", "system", "method", "platform"),
        ("The recognition accuracy exceeds 98%.", "The sensor nodes consume less energy."),
    ),
    Vocabulary(
        Industry.ENVIRONMENT, 7, "节能环保",
        ("焦化废水", "烟气脱硫", "粉煤灰", "固废", "脱硫石膏", "电解锰渣", "赤泥", "污泥", "脱硝催化剂",
         "废水处理", "煤矸石", "生活垃圾"),
        ("高效", "低成本", "资源化", "无害化", "节能", "一体化"),
        ("处理系统", "吸收塔", "反应器", "过滤装置", "焚烧炉", "除尘器"),
        ("处理方法", "资源化利用方法", "制备方法", "回收方法", "再生方法"),
        ("焦化废水", "粉煤灰", "脱硫石膏", "电解锰渣", "赤泥", "煤矸石"),
        ("预处理", "混凝", "沉淀", "过滤", "吸附", "脱硫", "固化", "资源化"),
        ("脱硫效率达到99%", "COD去除率超过90%", "固废综合利用率达到85%", "运行成本降低30%",
         "出水水质达到一级A标准"),
        ("废水", "脱硫", "固废", "粉煤灰", "资源化", "环保", "污泥", "脱硝"),
        ("C02F 9/00", "B01D 53/50", "B09B 3/00", "C02F 3/28", "C04B 18/08", "B01D 53/86", "C02F 11/00"),
        ("内蒙古工业大学", "内蒙古科技大学", "内蒙古大学", "内蒙古师范大学"),
        "environmental protection",
        ("Wastewater treatment", "Flue gas desulfurisation", "Fly ash utilisation", "Solid waste"),
        ("system", "process", "absorbent", "reactor"),
        ("The desulfurisation efficiency reaches 99%.", "The solid waste is fully reused."),
    ),
)
