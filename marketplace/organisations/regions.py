"""Regions an enterprise can be registered in: Inner Mongolia's leagues and cities, or elsewhere."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Administrative division codes (GB/T 2260) of Inner Mongolia's twelve leagues and cities.
REGIONS: dict[str, object] = {
    "150100": _l("Hohhot"),
    "150200": _l("Baotou"),
    "150300": _l("Wuhai"),
    "150400": _l("Chifeng"),
    "150500": _l("Tongliao"),
    "150600": _l("Ordos"),
    "150700": _l("Hulunbuir"),
    "150800": _l("Bayannur"),
    "150900": _l("Ulanqab"),
    "152200": _l("Hinggan League"),
    "152500": _l("Xilingol League"),
    "152900": _l("Alxa League"),
    "other": _l("Outside Inner Mongolia"),
}


def region_label(code: str) -> str:
    """The display name of a region code (the code itself when unknown)."""
    return str(REGIONS.get(code, code))
