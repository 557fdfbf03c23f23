"""The Chinese font every PDF of the marketplace embeds, so a document prints the same everywhere.

reportlab embeds (a subset of) a TrueType font, not an OpenType font with PostScript (CFF) outlines,
which is what the CJK fonts a system ships are (Debian's fonts-noto-cjk: Noto Sans CJK). So the font is
made once from the system's Noto Sans CJK SC: fontTools keeps the glyphs of every character GBK encodes
(ASCII, Chinese punctuation and fullwidth forms, 21,000 hanzi: every name and word of the documents,
with Latin-1 and the common symbols, ¥ among them) and
converts their outlines to TrueType quadratics and writes a TrueType file into a cache directory
(`MARKETPLACE_FONT_CACHE`, default `~/.cache/marketplace`), which every later process reads. Each PDF then
embeds only the glyphs it uses.

Where no source font is installed (a machine with Python alone), documents are set in reportlab's CID
font STSong-Light, named and not embedded, as before, and `embedded()` says so.
"""

from __future__ import annotations

import os
import tempfile
import threading
from io import BytesIO
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

FONT = "MarketplaceSans"  # the embedded font's name in reportlab's registry
FALLBACK = "STSong-Light"  # reportlab's CID font: named in the PDF, drawn by the reader's own font
SOURCES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)
FACE_SUFFIX = " SC"  # the simplified-Chinese face of a collection
CHARSET = "gbk"
VERSION = 2  # part of the cached file's name: raise it when what is kept or how it is made changes

_lock = threading.Lock()
_registered: str | None = None


def source() -> Path | None:
    """The first installed source font, or None."""
    override = os.environ.get("MARKETPLACE_FONT_SOURCE")
    candidates = (Path(override),) if override else SOURCES
    return next((path for path in candidates if path.is_file()), None)


def font_name() -> str:
    """The name documents set their text in: the embedded font where a source font is installed."""
    return FONT if source() is not None else FALLBACK


def embedded() -> bool:
    """Whether documents embed their font (a source font is installed)."""
    return font_name() == FONT


def register() -> str:
    """Make `font_name()` usable by reportlab (building the cached TrueType file the first time) and
    return it. Safe to call before every document: after the first call it costs nothing."""
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is None:
            found = source()
            if found is None:
                pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
                _registered = FALLBACK
            else:
                pdfmetrics.registerFont(ReportlabTTFont(FONT, str(cached_truetype(found))))
                _registered = FONT
    return _registered


def cache_dir() -> Path:
    return Path(os.environ.get("MARKETPLACE_FONT_CACHE") or Path.home() / ".cache" / "marketplace")


def cached_truetype(found: Path) -> Path:
    """The TrueType file made from `found`, made and written (atomically: two processes may race) when
    the cache does not hold it for this source file yet."""
    stat = found.stat()
    target = cache_dir() / f"{found.stem}-{CHARSET}-{stat.st_size}-{int(stat.st_mtime)}-v{VERSION}.ttf"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    data = truetype_from(found, _charset_text())
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)  # noqa: S103 - a font, readable by the site's other users
    os.replace(temporary, target)
    for older in target.parent.glob(f"{found.stem}-*.ttf"):
        if older != target:
            older.unlink(missing_ok=True)
    return target


# Beside the charset: Latin-1 (¥ among it), general punctuation, letter-like symbols and number forms.
EXTRA_RANGES = ((0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x2070), (0x2100, 0x2190))


def _charset_text() -> str:
    """Every character the charset encodes in one or two bytes, and those of EXTRA_RANGES."""
    chars = {chr(code) for start, end in EXTRA_RANGES for code in range(start, end)}
    for high in range(0x81, 0xFF):
        for low in range(0x40, 0xFF):
            try:
                chars.add(bytes((high, low)).decode(CHARSET))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(chars))


def truetype_from(found: Path, text: str) -> bytes:
    """A TrueType font (glyf outlines) with the glyphs of `text`, from an OpenType font or collection
    with CFF outlines (the collection's simplified-Chinese face)."""
    from fontTools.ttLib import TTCollection, TTFont

    number = 0
    if found.suffix.lower() in (".ttc", ".otc"):
        with TTCollection(str(found), lazy=True) as collection:
            names = [face["name"].getDebugName(1) or "" for face in collection.fonts]
        number = next((i for i, name in enumerate(names) if name.endswith(FACE_SUFFIX)), 0)
    with TTFont(str(found), fontNumber=number, lazy=True) as font:
        return _converted(font, text)


def _converted(font, text: str) -> bytes:
    """`font` cut down to the glyphs of `text`, with TrueType outlines, as bytes."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "glyf" not in font:
        order = font.getGlyphOrder()
        glyphs = font.getGlyphSet()
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = {}
        for name in order:
            pen = TTGlyphPen(glyphs)
            # Cubic curves to quadratic ones within one font unit; TrueType winds the other way.
            glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyf.glyphs[name] = pen.glyph()
        font["glyf"] = glyf
        font["loca"] = newTable("loca")
        for table in ("CFF ", "VORG"):
            if table in font:
                del font[table]
        maxp = font["maxp"]
        maxp.tableVersion = 0x00010000
        for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                      "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                      "maxComponentElements", "maxComponentDepth"):
            setattr(maxp, field, 0)
        maxp.maxZones = 1
        font["head"].indexToLocFormat = 0
        font["head"].glyphDataFormat = 0
        font["post"].formatType = 3.0
        font.sfntVersion = "\x00\x01\x00\x00"
    out = BytesIO()
    font.save(out)
    return out.getvalue()
