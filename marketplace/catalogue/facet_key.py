"""All facet values of a patent packed into one integer, so counting facets is one integer GROUP BY.

Grouping a large result set by seven text columns means sorting it on seven keys; grouping by a
single integer is several times faster, and the few thousand distinct keys unpack in Python. The
key is derived data like the full-text index: written with every patent change (`apply_record`)
and rebuilt by `flask catalogue reindex`.

Layout, low bits first: patent type (2 bits), IPC section (4), IPC class number (7), industry (4),
legal status (3), TRL (4), the open-licence offer's plan kind (3), whether it has a trial (1) and
its price band (3), then the university id in the remaining high bits. The code tables below are
fixed; append to them, never reorder.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import literal_column

from marketplace.core.patent_fields import Industry, LegalStatus, PatentType

TYPES = (PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN)
SECTIONS = ("", "A", "B", "C", "D", "E", "F", "G", "H")
INDUSTRIES = (
    Industry.OTHER, Industry.RARE_EARTH_MATERIALS, Industry.NEW_ENERGY, Industry.COAL_CHEMICALS,
    Industry.METALLURGY, Industry.DAIRY_FOOD, Industry.AGRICULTURE_LIVESTOCK, Industry.BIOMEDICINE,
    Industry.EQUIPMENT, Industry.INFORMATION, Industry.ENVIRONMENT,
)
STATUSES = (LegalStatus.GRANTED, LegalStatus.LAPSED, LegalStatus.EXPIRED, LegalStatus.INVALIDATED)
PLAN_KINDS = ("", "flat", "staged", "try_first", "royalty", "free")  # "": not offered
# Price bands of an offer's fixed fees over its term, in fen: (band, upper bound inclusive).
PRICE_BANDS = ((1, 0), (2, 1_000_000), (3, 10_000_000), (4, 100_000_000), (5, None))


def price_band(fixed_total_fen: int | None) -> int:
    """The band of an offer's fixed fees: 1 free, 2 up to ¥10,000, 3 up to ¥100,000,
    4 up to ¥1,000,000, 5 above; 0 when there is no offer."""
    if fixed_total_fen is None:
        return 0
    for band, upper in PRICE_BANDS:
        if upper is None or fixed_total_fen <= upper:
            return band
    raise AssertionError("unreachable")  # pragma: no cover

_FIELDS = ((2, "type"), (4, "section"), (7, "class"), (4, "industry"), (3, "status"), (4, "trl"),
           (3, "plan_kind"), (1, "trial"), (3, "price"))
_UNIVERSITY_SHIFT = sum(bits for bits, _ in _FIELDS)  # 31; count_facets spells the offsets out


class FacetValues(NamedTuple):
    """The facet values of one patent."""

    patent_type: str
    ipc_section: str
    ipc_class: str
    industry: str
    university_id: int
    legal_status: str
    trl: int | None
    plan_kind: str = ""
    trial: bool = False
    price: int = 0


def encode(values: FacetValues) -> int:
    """The key of these facet values."""
    class_number = int(values.ipc_class[1:]) if values.ipc_class else 0
    parts = (
        TYPES.index(values.patent_type), SECTIONS.index(values.ipc_section), class_number,
        INDUSTRIES.index(values.industry), STATUSES.index(values.legal_status), values.trl or 0,
        PLAN_KINDS.index(values.plan_kind), int(values.trial), values.price,
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
    type_, section, class_number, industry, status, trl, plan_kind, trial, price = parts
    section_letter = SECTIONS[section]
    return FacetValues(
        patent_type=str(TYPES[type_]),
        ipc_section=section_letter,
        ipc_class=f"{section_letter}{class_number:02d}" if section_letter else "",
        industry=str(INDUSTRIES[industry]),
        university_id=key,
        legal_status=str(STATUSES[status]),
        trl=trl or None,
        plan_kind=PLAN_KINDS[plan_kind],
        trial=bool(trial),
        price=price,
    )


def count_facets(groups: list[tuple[int, int]]) -> dict[str, dict[object, int]]:
    """Per-facet counts from (key, count) groups, read straight off the bits."""
    tallies: list[dict[int, int]] = [{} for _ in range(10)]
    type_t, section_t, class_t, industry_t, status_t, trl_t, kind_t, trial_t, price_t, university_t = tallies
    for key, n in groups:
        section = key >> 2 & 0xF
        for tally, part in (
            (type_t, key & 0x3), (section_t, section), (class_t, (section << 7) | (key >> 6 & 0x7F)),
            (industry_t, key >> 13 & 0xF), (status_t, key >> 17 & 0x7), (trl_t, key >> 20 & 0xF),
            (kind_t, key >> 24 & 0x7), (trial_t, key >> 27 & 0x1), (price_t, key >> 28 & 0x7),
            (university_t, key >> _UNIVERSITY_SHIFT),
        ):
            tally[part] = tally.get(part, 0) + n
    return _named(tallies)


def part_expressions(key) -> list[Any]:
    """The ten parts `count_facets` reads off a key, as SQL expressions over the integer column `key`
    (the same order: type, section, class with its section, industry, status, TRL, plan kind, trial,
    price, university)."""
    def bits(shift: int, mask: int):
        shifted = key.bitwise_rshift(literal_column(str(shift))) if shift else key
        return shifted.bitwise_and(literal_column(str(mask)))

    return [bits(0, 0x3), bits(2, 0xF), bits(2, 0xF) * literal_column("128") + bits(6, 0x7F),
            bits(13, 0xF), bits(17, 0x7), bits(20, 0xF), bits(24, 0x7), bits(27, 0x1), bits(28, 0x7),
            key.bitwise_rshift(literal_column(str(_UNIVERSITY_SHIFT)))]


def part_conditions(key, *, patent_type: str | None = None, ipc: str = "", industry: str | None = None,
                    university: int | None = None, legal_status: str | None = None, trl: int | None = None,
                    plan_kind: str = "", trial: bool = False, price: int | None = None) -> list[Any]:
    """SQL conditions over the integer column `key` that keep the patents with these facet values (None,
    "" or False: any value), so a filtered count can read the key's index alone. `ipc` is a section
    ("C") or a class ("C22")."""
    parts = part_expressions(key)
    wanted: list[tuple[int, int]] = []
    if patent_type is not None:
        wanted.append((0, TYPES.index(patent_type)))
    if ipc:
        section = SECTIONS.index(ipc[0])
        wanted.append((1, section) if len(ipc) == 1 else (2, section * 128 + int(ipc[1:])))
    if industry is not None:
        wanted.append((3, INDUSTRIES.index(industry)))
    if legal_status is not None:
        wanted.append((4, STATUSES.index(legal_status)))
    if trl is not None:
        wanted.append((5, trl))
    if plan_kind:
        wanted.append((6, PLAN_KINDS.index(plan_kind)))
    if trial:
        wanted.append((7, 1))
    if price is not None:
        wanted.append((8, price))
    if university is not None:
        wanted.append((9, university))
    return [parts[index] == value for index, value in wanted]


def counts_from_parts(rows) -> dict[str, dict[object, int]]:
    """Per-facet counts from (part index, part value, count) rows, as `count_facets` gives them."""
    tallies: list[dict[int, int]] = [{} for _ in range(10)]
    for index, part, n in rows:
        tallies[index][int(part)] = tallies[index].get(int(part), 0) + int(n)
    return _named(tallies)


def _named(tallies: list[dict[int, int]]) -> dict[str, dict[object, int]]:
    type_t, section_t, class_t, industry_t, status_t, trl_t, kind_t, trial_t, price_t, university_t = tallies
    return {
        "patent_type": {str(TYPES[k]): n for k, n in type_t.items()},
        "ipc_section": {SECTIONS[k]: n for k, n in section_t.items() if k},
        "ipc_class": {f"{SECTIONS[k >> 7]}{k & 0x7F:02d}": n for k, n in class_t.items() if k >> 7},
        "industry": {str(INDUSTRIES[k]): n for k, n in industry_t.items()},
        "legal_status": {str(STATUSES[k]): n for k, n in status_t.items()},
        "trl": {k: n for k, n in trl_t.items() if k},
        "plan_kind": {PLAN_KINDS[k]: n for k, n in kind_t.items() if k},
        "trial": {"1": trial_t[1]} if trial_t.get(1) else {},
        "price": {k: n for k, n in price_t.items() if k},
        "university": dict(university_t),
    }
