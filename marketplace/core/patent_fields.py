"""The fixed vocabularies of a patent record, and the many names people type for them in spreadsheets.

Enum values are the stored codes; the UI layer translates them for display. The Chinese names here
are the ones used in the import template and in university patent ledgers, and they are what the
parsers accept besides the enum values, common synonyms and English words.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import TypeVar

from marketplace.core.application_number import PatentType

__all__ = [
    "INDUSTRY_NAMES",
    "LEGAL_STATUS_NAMES",
    "Industry",
    "LegalStatus",
    "PatentType",
    "parse_industry",
    "parse_legal_status",
]


class LegalStatus(StrEnum):
    """Where a granted patent stands in law."""

    GRANTED = "granted"
    LAPSED = "lapsed"
    EXPIRED = "expired"
    INVALIDATED = "invalidated"


class Industry(StrEnum):
    """The industry a patent is filed under in the catalogue."""

    RARE_EARTH_MATERIALS = "rare_earth_materials"
    NEW_ENERGY = "new_energy"
    COAL_CHEMICALS = "coal_chemicals"
    METALLURGY = "metallurgy"
    DAIRY_FOOD = "dairy_food"
    AGRICULTURE_LIVESTOCK = "agriculture_livestock"
    BIOMEDICINE = "biomedicine"
    EQUIPMENT = "equipment"
    INFORMATION = "information"
    ENVIRONMENT = "environment"
    OTHER = "other"


LEGAL_STATUS_NAMES: dict[LegalStatus, str] = {
    LegalStatus.GRANTED: "有效",
    LegalStatus.LAPSED: "未缴年费终止",
    LegalStatus.EXPIRED: "期满终止",
    LegalStatus.INVALIDATED: "宣告无效",
}

INDUSTRY_NAMES: dict[Industry, str] = {
    Industry.RARE_EARTH_MATERIALS: "稀土及新材料",
    Industry.NEW_ENERGY: "新能源",
    Industry.COAL_CHEMICALS: "现代煤化工",
    Industry.METALLURGY: "冶金及金属材料",
    Industry.DAIRY_FOOD: "乳业及食品",
    Industry.AGRICULTURE_LIVESTOCK: "现代农牧业",
    Industry.BIOMEDICINE: "生物医药及蒙中医药",
    Industry.EQUIPMENT: "高端装备制造",
    Industry.INFORMATION: "电子信息",
    Industry.ENVIRONMENT: "节能环保",
    Industry.OTHER: "其他",
}

_LEGAL_STATUS_SYNONYMS: dict[LegalStatus, tuple[str, ...]] = {
    LegalStatus.GRANTED: ("授权", "专利权维持", "有效专利", "in force"),
    LegalStatus.LAPSED: ("未缴年费", "年费终止", "失效"),
    LegalStatus.EXPIRED: ("期限届满", "届满终止", "期满"),
    LegalStatus.INVALIDATED: ("无效", "全部无效", "无效宣告", "invalid"),
}

_INDUSTRY_SYNONYMS: dict[Industry, tuple[str, ...]] = {
    Industry.RARE_EARTH_MATERIALS: ("稀土", "新材料", "rare earths and new materials", "rare earths"),
    Industry.NEW_ENERGY: ("new energy",),
    Industry.COAL_CHEMICALS: ("煤化工", "modern coal chemicals", "coal chemical industry"),
    Industry.METALLURGY: ("冶金", "metallurgy and metal materials"),
    Industry.DAIRY_FOOD: ("乳业", "食品", "dairy and food"),
    Industry.AGRICULTURE_LIVESTOCK: (
        "农牧业",
        "modern agriculture and animal husbandry",
        "agriculture and livestock",
    ),
    Industry.BIOMEDICINE: ("生物医药", "蒙医药", "蒙中医药"),
    Industry.EQUIPMENT: ("装备制造", "high-end equipment manufacturing", "equipment manufacturing"),
    Industry.INFORMATION: ("电子", "信息", "electronic information"),
    Industry.ENVIRONMENT: ("环保", "energy saving and environmental protection", "environmental protection"),
    Industry.OTHER: ("others",),
}


def _key(raw: str) -> str:
    """The form names are compared in: NFKC-folded, case-folded, `_` and `-` as spaces, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", raw or "").casefold().replace("_", " ").replace("-", " ")
    return " ".join(folded.split())


_E = TypeVar("_E", bound=StrEnum)


def _lookup(names: dict[_E, str], synonyms: dict[_E, tuple[str, ...]]) -> dict[str, _E]:
    """A table from the key of every accepted name to its member."""
    table: dict[str, _E] = {}
    for member, name in names.items():
        for alias in (name, member.value, *synonyms.get(member, ())):
            table[_key(alias)] = member
    return table


_LEGAL_STATUS_LOOKUP = _lookup(LEGAL_STATUS_NAMES, _LEGAL_STATUS_SYNONYMS)
_INDUSTRY_LOOKUP = _lookup(INDUSTRY_NAMES, _INDUSTRY_SYNONYMS)


def parse_legal_status(raw: str) -> LegalStatus | None:
    """The legal status a spreadsheet cell names (Chinese, synonym, enum value or English), or None."""
    return _LEGAL_STATUS_LOOKUP.get(_key(raw))


def parse_industry(raw: str) -> Industry | None:
    """The industry a spreadsheet cell names (Chinese, short form, enum value or English), or None.

    Empty input gives None too; callers decide what an empty cell means.
    """
    return _INDUSTRY_LOOKUP.get(_key(raw))
