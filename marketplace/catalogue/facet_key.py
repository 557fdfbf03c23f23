"""All facet values of a patent packed into one integer, so counting facets is one integer GROUP BY.

Grouping a large result set by seven text columns means sorting it on seven keys; grouping by a
single integer is several times faster, and the few thousand distinct keys unpack in Python. The
key is derived data like the full-text index: written with every patent change (`apply_record`)
and rebuilt by `flask catalogue reindex`.

Layout, low bits first: patent type (2 bits), IPC section (4), IPC class number (7), industry (4),
legal status (3), TRL (4), then the university id in the remaining high bits. The code tables
below are fixed; append to them, never reorder.
"""

from __future__ import annotations

from typing import NamedTuple

from marketplace.core.patent_fields import Industry, LegalStatus, PatentType

TYPES = (PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN)
SECTIONS = ("", "A", "B", "C", "D", "E", "F", "G", "H")
INDUSTRIES = (
    Industry.OTHER, Industry.RARE_EARTH_MATERIALS, Industry.NEW_ENERGY, Industry.COAL_CHEMICALS,
    Industry.METALLURGY, Industry.DAIRY_FOOD, Industry.AGRICULTURE_LIVESTOCK, Industry.BIOMEDICINE,
    Industry.EQUIPMENT, Industry.INFORMATION, Industry.ENVIRONMENT,
)
STATUSES = (LegalStatus.GRANTED, LegalStatus.LAPSED, LegalStatus.EXPIRED, LegalStatus.INVALIDATED)

_FIELDS = ((2, "type"), (4, "section"), (7, "class"), (4, "industry"), (3, "status"), (4, "trl"))
_UNIVERSITY_SHIFT = sum(bits for bits, _ in _FIELDS)  # 24; count_facets spells the offsets out


class FacetValues(NamedTuple):
    """The facet values of one patent."""

    patent_type: str
    ipc_section: str
    ipc_class: str
    industry: str
    university_id: int
    legal_status: str
    trl: int | None


def encode(values: FacetValues) -> int:
    """The key of these facet values."""
    class_number = int(values.ipc_class[1:]) if values.ipc_class else 0
    parts = (
        TYPES.index(values.patent_type), SECTIONS.index(values.ipc_section), class_number,
        INDUSTRIES.index(values.industry), STATUSES.index(values.legal_status), values.trl or 0,
    )
    key, shift = 0, 0
    for (bits, _), part in zip(_FIELDS, parts, strict=True):
        key |= part << shift
        shift += bits
    return key | values.university_id << _UNIVERSITY_SHIFT


def decode(key: int) -> FacetValues:
    """The facet values packed in a key."""
    parts = []
    for bits, _ in _FIELDS:
        parts.append(key & ((1 << bits) - 1))
        key >>= bits
    type_, section, class_number, industry, status, trl = parts
    section_letter = SECTIONS[section]
    return FacetValues(
        patent_type=str(TYPES[type_]),
        ipc_section=section_letter,
        ipc_class=f"{section_letter}{class_number:02d}" if section_letter else "",
        industry=str(INDUSTRIES[industry]),
        university_id=key,
        legal_status=str(STATUSES[status]),
        trl=trl or None,
    )


def count_facets(groups: list[tuple[int, int]]) -> dict[str, dict[object, int]]:
    """Per-facet counts from (key, count) groups, read straight off the bits."""
    tallies: list[dict[int, int]] = [{} for _ in range(7)]
    type_t, section_t, class_t, industry_t, status_t, trl_t, university_t = tallies
    for key, n in groups:
        section = key >> 2 & 0xF
        for tally, part in (
            (type_t, key & 0x3), (section_t, section), (class_t, (section << 7) | (key >> 6 & 0x7F)),
            (industry_t, key >> 13 & 0xF), (status_t, key >> 17 & 0x7), (trl_t, key >> 20 & 0xF),
            (university_t, key >> _UNIVERSITY_SHIFT),
        ):
            tally[part] = tally.get(part, 0) + n
    return {
        "patent_type": {str(TYPES[k]): n for k, n in type_t.items()},
        "ipc_section": {SECTIONS[k]: n for k, n in section_t.items() if k},
        "ipc_class": {f"{SECTIONS[k >> 7]}{k & 0x7F:02d}": n for k, n in class_t.items() if k >> 7},
        "industry": {str(INDUSTRIES[k]): n for k, n in industry_t.items()},
        "legal_status": {str(STATUSES[k]): n for k, n in status_t.items()},
        "trl": {k: n for k, n in trl_t.items() if k},
        "university": dict(university_t),
    }
