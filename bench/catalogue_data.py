"""The catalogue benchmark's synthetic patents: seeded, realistic patents of Inner Mongolia's
universities (Chinese titles and abstracts from ten industries' vocabularies, about 5 % in English, valid
application numbers, consistent types, IPC classes, dates and legal status), and the check that a sample
goes through the real import validation unchanged. Used by `bench.catalogue` and `bench.dashboards_world`.
"""

# ruff: noqa: S311
# (S311: `random` only composes reproducible synthetic data here; nothing security-related.)

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from random import Random
from typing import Any

from bench.vocabulary import (
    CLOSING,
    DESIGN_TITLES,
    ENGLISH_CLOSING,
    ENGLISH_SHARE,
    FIRST_YEAR,
    GIVEN,
    INVENTION_TITLES,
    LAST_YEAR,
    MONGOLIAN_NAMES,
    PARTS,
    PROBLEMS,
    SHAPES,
    SURNAMES,
    TYPE_DIGITS,
    UNIVERSITIES,
    UTILITY_TITLES,
    VOCABULARIES,
    Vocabulary,
)
from marketplace.core.application_number import PatentType
from marketplace.core.patent_fields import LegalStatus

SEED = 2026
REFERENCE_DAY = date(2026, 1, 1)  # "today" for the data: grants and legal status are as of this day
STAMP = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)  # created_at / updated_at of every generated row


def pick_weighted(rng: Random, choices: dict[Any, float]) -> Any:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def application_number(year: int, type_digit: str, serial: int) -> str:
    from marketplace.core.application_number import check_digit

    digits = f"{year}{type_digit}{serial:07d}"
    return f"{digits}.{check_digit(digits)}"


def inventors(rng: Random) -> str:
    names = [
        rng.choice(MONGOLIAN_NAMES) if rng.random() < 0.12
        else rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        for _ in range(rng.randint(2, 6))
    ]
    return "；".join(dict.fromkeys(names))


def chinese_title(rng: Random, vocab: Vocabulary, patent_type: PatentType) -> tuple[str, str]:
    """A Chinese title and the term it is about."""
    templates = {PatentType.INVENTION: INVENTION_TITLES, PatentType.UTILITY_MODEL: UTILITY_TITLES,
                 PatentType.DESIGN: DESIGN_TITLES}[patent_type]
    term = rng.choice(vocab.terms)
    title = rng.choice(templates).format(
        adj=rng.choice(vocab.adjectives), term=term, device=rng.choice(vocab.devices),
        process=rng.choice(vocab.processes),
    )
    return title, term


def chinese_abstract(rng: Random, vocab: Vocabulary, patent_type: PatentType, title: str) -> str:
    """Two to four sentences, about 120-250 characters: the field, how it works, what it achieves."""
    first, *rest = abstract_sentences(rng, vocab, patent_type, title)
    chosen = [first]
    for sentence in rest:
        enough = len("".join(chosen)) >= 120 and (len(chosen) >= 2 and rng.random() < 0.4)
        if len(chosen) == 4 or enough or len("".join(chosen)) + len(sentence) > 250:
            continue
        chosen.append(sentence)
    return "".join(chosen)


def abstract_sentences(rng: Random, vocab: Vocabulary, patent_type: PatentType, title: str) -> list[str]:
    """Candidate sentences of an abstract, in the order a patent agent writes them."""
    steps, parts = rng.sample(vocab.steps, 3), rng.sample(PARTS, 3)
    term, benefits = rng.choice(vocab.terms), rng.sample(vocab.benefits, 2)
    problem = f"通过优化{steps[1]}工艺，解决了现有{term}技术{rng.choice(PROBLEMS)}的问题。"
    if patent_type is PatentType.DESIGN:
        return [f"本外观设计产品的名称为{title}。",
                f"本外观设计产品用于{vocab.sector}领域，可与{rng.choice(vocab.devices)}配套使用。",
                f"产品主要由{parts[0]}和{parts[1]}组成，整体呈{rng.choice(SHAPES)}。",
                "本外观设计的设计要点在于产品的形状与图案，最能表明设计要点的图片为立体图。"]
    if patent_type is PatentType.UTILITY_MODEL:
        return [f"本实用新型涉及{vocab.sector}技术领域，具体涉及{title}。",
                f"所述装置包括{parts[0]}、{parts[1]}和{parts[2]}，{parts[0]}固定安装于{parts[1]}上，"
                f"并通过{parts[2]}实现{steps[0]}与{steps[1]}的联动。",
                problem, f"与现有技术相比，{benefits[0]}。", "本实用新型结构简单、安装维护方便、成本低。"]
    return [f"本发明公开了{title}，属于{vocab.sector}技术领域。",
            f"该方法以{rng.choice(vocab.materials)}为原料，依次经{steps[0]}、{steps[1]}和{steps[2]}等步骤，"
            f"在{rng.randrange(40, 1200, 10)}℃下处理{rng.randint(1, 24)}小时，制得{term}产品。",
            problem, f"与现有技术相比，{benefits[0]}，{benefits[1]}。", rng.choice(CLOSING)]


def english_text(rng: Random, vocab: Vocabulary) -> tuple[str, str, str]:
    """An English title, abstract and keywords (PCT filings and English-language ledgers)."""
    term, device = rng.choice(vocab.english_terms), rng.choice(vocab.english_devices)
    title = f"{term} {device}"
    abstract = " ".join([
        f"The invention discloses a {title.lower()} in the field of {vocab.english_field}.",
        rng.choice(vocab.english_benefits), rng.choice(ENGLISH_CLOSING),
    ])
    return title, abstract, "；".join(dict.fromkeys([term.lower(), vocab.english_field, device]))


def dates(rng: Random, year: int, patent_type: PatentType) -> tuple[date, date]:
    """Filing and grant dates: examination takes years for inventions, months otherwise."""
    filing = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    delay = {PatentType.INVENTION: (600, 1500), PatentType.UTILITY_MODEL: (150, 400),
             PatentType.DESIGN: (100, 300)}[patent_type]
    days_left = (REFERENCE_DAY - filing).days  # only granted patents are in the catalogue
    shortest, longest = min(delay[0], days_left // 2), min(delay[1], days_left)
    return filing, filing + timedelta(days=rng.randint(shortest, longest))


def legal_status(rng: Random, expiry: date) -> LegalStatus:
    if expiry < REFERENCE_DAY:
        return LegalStatus.EXPIRED
    return pick_weighted(rng, {LegalStatus.GRANTED: 0.85, LegalStatus.LAPSED: 0.11,
                               LegalStatus.INVALIDATED: 0.04})


def trl(rng: Random) -> int | None:
    if rng.random() < 0.3:
        return None
    return rng.choices(range(1, 10), weights=(2, 5, 9, 12, 12, 10, 6, 3, 1))[0]


def patent_row(rng: Random, vocab: Vocabulary, serial: int, university: tuple[int, str]) -> dict[str, Any]:
    """One patent as the column values of a bulk insert."""
    from marketplace.catalogue.facet_key import FacetValues, encode
    from marketplace.core.ipc import parse_ipc
    from marketplace.core.patent_term import expiry_date

    type_digit = pick_weighted(rng, {digit: share for digit, (_, share) in TYPE_DIGITS.items()})
    patent_type = TYPE_DIGITS[type_digit][0]
    year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), weights=range(1, LAST_YEAR - FIRST_YEAR + 2))[0]
    filing, grant = dates(rng, year, patent_type)
    expiry = expiry_date(patent_type, filing)
    if rng.random() < ENGLISH_SHARE:
        title, abstract, keywords = english_text(rng, vocab)
    else:
        title, term = chinese_title(rng, vocab, patent_type)
        abstract = chinese_abstract(rng, vocab, patent_type, title)
        keywords = "；".join(dict.fromkeys([term, *rng.sample(vocab.keywords, rng.randint(2, 4))]))
    codes = rng.sample(vocab.ipc, rng.randint(1, 3)) if patent_type is not PatentType.DESIGN else []
    main = parse_ipc(codes[0]) if codes else None
    status, level = legal_status(rng, expiry), trl(rng)
    facets = FacetValues(
        str(patent_type), main.section if main else "", main.ipc_class if main else "",
        str(vocab.industry), university[0], str(status), level,
    )
    return {
        "university_id": university[0], "application_number": application_number(year, type_digit, serial),
        "patent_type": patent_type, "pct": False, "title": title, "abstract": abstract,
        "claims_summary": f"1. {title}，其特征在于：包括{rng.choice(vocab.steps)}步骤。",
        "ipc_codes": "；".join(codes), "ipc_section": facets.ipc_section, "ipc_class": facets.ipc_class,
        "inventors": inventors(rng), "patentees": university[1],
        "filing_date": filing, "grant_date": grant, "expiry_date": expiry,
        "legal_status": status, "industry": vocab.industry, "trl": level, "keywords": keywords,
        "archived": False, "facet_key": encode(facets), "created_at": STAMP, "updated_at": STAMP,
    }


def generate_rows(rng: Random, count: int, universities: dict[str, int]) -> Iterator[dict[str, Any]]:
    """`count` patents; each industry's patents come mostly from the universities strong in it."""
    serials = rng.sample(range(10_000_000), count)
    weights = [v.weight for v in VOCABULARIES]
    for serial in serials:
        vocab = rng.choices(VOCABULARIES, weights=weights)[0]
        name = rng.choice(vocab.universities) if rng.random() < 0.75 else rng.choice(UNIVERSITIES)
        yield patent_row(rng, vocab, serial, (universities[name], name))


def check_sample(rows: Sequence[dict[str, Any]]) -> None:
    """Feed a few rows through the real import validation and compare what it derives with ours."""
    from marketplace.catalogue.models import Patent
    from marketplace.catalogue.services import apply_record
    from marketplace.core.patent_record import validate_record

    for row in rows:
        cells = {key: "" if value is None else str(value) for key, value in row.items()}
        record, problems = validate_record(cells, REFERENCE_DAY)
        if record is None:
            raise RuntimeError(f"generated patent refused by validate_record: {problems}")
        patent = Patent(university_id=row["university_id"])
        apply_record(patent, record)
        for key in ("patent_type", "ipc_section", "ipc_class", "expiry_date", "industry", "legal_status",
                    "facet_key"):
            if getattr(patent, key) != row[key]:
                raise RuntimeError(f"generated {key} {row[key]!r} differs from apply_record's")
