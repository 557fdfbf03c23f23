"""Generate the evaluation catalogue (catalogue.jsonl) from the hand-written subtopics, deterministically.

    python -m bench.matching_eval.generate          # rewrites bench/matching_eval/catalogue.jsonl
    python -m bench.matching_eval.generate --check  # fails when the committed file differs

Each subtopic (subtopics.py) gives PER_SUBTOPIC patents whose titles, abstracts and keywords are composed
from its own vocabulary with varied templates (method, product, device and use claims), so patents of one
subtopic share a problem area but not their wording. The subtopic is kept under the key `_subtopic`, which
the loader never writes into a field the matcher reads. `patents_for` yields the same material, varied
further, for the 100,000-patent speed benchmark.
"""

# ruff: noqa: S311
# (S311: `random` only composes reproducible synthetic data here; nothing security-related.)

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

from bench.matching_eval.subtopics import SUBTOPICS, Subtopic
from bench.vocabulary import GIVEN, MONGOLIAN_NAMES, SURNAMES, UNIVERSITIES

SEED = 11
PER_SUBTOPIC = 16
REFERENCE_DAY = date(2026, 11, 30)  # the day the evaluation ranks on; legal status is as of this day
CATALOGUE = Path(__file__).resolve().parent / "catalogue.jsonl"
ENGLISH_SHARE = 0.10

INVENTION_TITLES = (
    "一种{obj}的{proc}方法", "一种{obj}及其制备方法", "基于{proc}的{obj}制备方法", "一种{adj}{obj}",
    "一种{obj}{proc}工艺", "{proc}在{obj}中的应用", "一种{obj}的{proc}系统及方法", "一种{adj}{obj}的制备方法",
    "一种{dev}及利用其进行{proc}的方法",
)
UTILITY_TITLES = ("一种{dev}", "一种用于{obj}的{dev}", "一种{adj}{dev}", "一种{obj}{proc}用{dev}")
DESIGN_SHAPES = ("长方体形", "圆柱形", "流线形", "折叠式", "模块式")
ADJECTIVES = ("高效", "低成本", "节能型", "新型", "环保型", "长寿命", "智能化", "连续化", "高稳定性")
PARTS = ("壳体", "支架", "底座", "驱动机构", "控制单元", "传感器", "连接管路", "调节阀", "进料口", "出料口")
CLOSINGS = ("该方法工艺简单，易于工业化推广。", "本发明原料易得，操作简便，适合规模化生产。",
            "该技术已完成中试验证，具备产业化条件。", "本发明适用于内蒙古地区的工况条件。", "")


def words(topic: Subtopic, name: str) -> list[str]:
    return topic.words(name)


def inventors(rng: Random) -> str:
    names = [rng.choice(MONGOLIAN_NAMES) if rng.random() < 0.12
             else rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
             for _ in range(rng.randint(2, 5))]
    return "；".join(dict.fromkeys(names))


def chinese_text(rng: Random, topic: Subtopic, patent_type: str) -> tuple[str, str, str]:
    """Title, abstract (2-4 sentences) and keywords of one patent of the subtopic."""
    obj, proc = rng.choice(words(topic, "obj")), rng.choice(words(topic, "proc"))
    dev = rng.choice(words(topic, "dev"))
    other_proc = rng.choice([p for p in words(topic, "proc") if p != proc] or [proc])
    probs, effs = rng.sample(words(topic, "prob"), 2), rng.sample(words(topic, "eff"), 2)
    fill = {"obj": obj, "proc": proc, "dev": dev, "adj": rng.choice(ADJECTIVES)}
    if patent_type == "design":
        title = f"{dev}"
        abstract = (f"本外观设计产品的名称为{title}。本外观设计产品用于{topic.sector}领域。"
                    f"产品整体呈{rng.choice(DESIGN_SHAPES)}，设计要点在于产品的形状。")
    elif patent_type == "utility_model":
        title = rng.choice(UTILITY_TITLES).format(**fill)
        parts = rng.sample(PARTS, 3)
        sentences = [
            f"本实用新型涉及{topic.sector}技术领域，公开了{title.removeprefix('一种')}。",
            f"所述装置包括{parts[0]}、{parts[1]}和{parts[2]}，用于{obj}的{proc}。",
            rng.choice((f"解决了现有设备{probs[0]}的问题。", f"针对{probs[0]}、{probs[1]}的不足而设计。")),
            f"使用表明，{effs[0]}。",
        ]
        abstract = "".join(sentences[: rng.randint(3, 4)])
    else:
        title = rng.choice(INVENTION_TITLES).format(**fill)
        opening = rng.choice((f"本发明公开了{title.removeprefix('一种')}，属于{topic.sector}技术领域。",
                              f"本发明属于{topic.sector}领域，涉及{obj}。",
                              f"本发明针对{probs[0]}的问题，提供了{title.removeprefix('一种')}。"))
        steps = rng.choice((f"该方法包括{proc}和{other_proc}等步骤，关键参数经正交试验优化。",
                            f"以{obj}为对象，先进行{other_proc}，再进行{proc}。",
                            f"通过{proc}，配合{dev}实现连续操作。"))
        problem = rng.choice((f"解决了现有技术中{probs[0]}、{probs[1]}的问题。", f"克服了{probs[1]}的缺陷。"))
        effect = rng.choice((f"与现有技术相比，{effs[0]}，{effs[1]}。", f"试验表明，{effs[0]}。"))
        sentences = [opening, steps, problem, effect, rng.choice(CLOSINGS)]
        if rng.random() < 0.3:
            sentences.remove(problem)
        abstract = "".join(s for s in sentences[:4] if s)
    kws = rng.sample(words(topic, "kw"), rng.randint(2, 4))
    if rng.random() < 0.5:
        kws.append(obj)
    return title[:200], abstract, "；".join(dict.fromkeys(kws))[:300]


def english_text(rng: Random, topic: Subtopic) -> tuple[str, str]:
    subject, process = words(topic, "en")
    title = rng.choice((f"Method for {process} of {subject}", f"{subject.capitalize()} and its {process}",
                        f"{process.capitalize()} system for {subject}"))
    abstract = (f"The invention relates to {subject} and discloses {title[0].lower() + title[1:]}. "
                f"It reduces cost and improves performance compared with the prior art.")
    return title, abstract


def legal_and_dates(rng: Random, patent_type: str) -> tuple[str, date, date]:
    """Legal status, filing and grant dates: most granted and in term, some lapsed, invalidated or expired."""
    roll = rng.random()
    term = {"invention": 20, "utility_model": 10, "design": 15}[patent_type]
    if roll < 0.05:  # expired: filed more than a term ago
        start = REFERENCE_DAY.year - term - 6
        filing = date(start, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        status = "expired"
    else:
        first = {"invention": 2008, "utility_model": 2018, "design": 2015}[patent_type]
        span = (date(2024, 6, 30) - date(first, 1, 1)).days
        filing = date(first, 1, 1) + timedelta(days=rng.randrange(span))
        status = "lapsed" if roll < 0.13 else "invalidated" if roll < 0.15 else "granted"
    delay = rng.randint(500, 1100) if patent_type == "invention" else rng.randint(120, 360)
    grant = min(filing + timedelta(days=delay), REFERENCE_DAY - timedelta(days=30))
    return status, filing, grant


def offer(rng: Random, status: str, patent_type: str, filing: date) -> dict[str, Any] | None:
    """The open-licence offer of a granted patent (about three in four are offered), or None."""
    years_left = filing.year + (20 if patent_type == "invention" else 10) - REFERENCE_DAY.year - 1
    if status != "granted" or patent_type == "design" or years_left < 3 or rng.random() < 0.25:
        return None
    kind = rng.choices(("flat", "staged", "try_first", "royalty"), weights=(40, 20, 25, 15))[0]
    term_years = min(rng.choice((3, 5)), years_left)
    price_yuan = rng.choice((2, 3, 5, 8, 10, 12, 15, 20, 30, 50, 80)) * 10_000
    made: dict[str, Any] = {"kind": kind, "term_years": term_years}
    if kind == "royalty":
        made.update(entry_fee_fen=rng.choice((0, 10_000, 20_000, 50_000)) * 100,
                    royalty_ppm=rng.choice((20_000, 30_000, 40_000, 50_000)))
    else:
        made.update(price_fen=price_yuan * 100)
    if kind == "try_first":
        made["trial_days"] = rng.choice((90, 180))
    return made


def patent_record(rng: Random, topic: Subtopic, number: int, home: str) -> dict[str, Any]:
    """One patent of the subtopic as a catalogue record."""
    patent_type = rng.choices(("invention", "utility_model", "design"), weights=(74, 23, 3))[0]
    title, abstract, keywords = chinese_text(rng, topic, patent_type)
    status, filing, grant = legal_and_dates(rng, patent_type)
    codes = rng.sample(topic.ipc, rng.randint(1, min(3, len(topic.ipc)))) if patent_type != "design" else []
    industry = topic.industry if rng.random() < 0.9 else rng.choice(
        ("rare_earth_materials", "new_energy", "coal_chemicals", "metallurgy", "dairy_food",
         "agriculture_livestock",
         "equipment", "information", "environment", "other"))
    record: dict[str, Any] = {
        "pid": f"P{number:05d}", "university": home if rng.random() < 0.75 else rng.choice(UNIVERSITIES),
        "patent_type": patent_type, "title": title, "abstract": abstract, "keywords": keywords,
        "ipc_codes": "；".join(codes), "industry": industry, "filing_date": filing.isoformat(),
        "grant_date": grant.isoformat(), "legal_status": status, "inventors": inventors(rng),
        "trl": rng.choice((None, 3, 4, 5, 6, 6, 7, 8)), "offer": offer(rng, status, patent_type, filing),
        "_subtopic": topic.key,
    }
    if rng.random() < ENGLISH_SHARE:
        record["title_en"], record["abstract_en"] = english_text(rng, topic)
    return record


def generate(per_subtopic: int = PER_SUBTOPIC, seed: int = SEED) -> list[dict[str, Any]]:
    """The evaluation catalogue: `per_subtopic` patents of every subtopic, shuffled, numbered P00001..."""
    rng = Random(seed)
    plan = [(topic, UNIVERSITIES[index % len(UNIVERSITIES)]) for index, topic in enumerate(SUBTOPICS)
            for _ in range(per_subtopic)]
    rng.shuffle(plan)
    return [patent_record(rng, topic, number, home) for number, (topic, home) in enumerate(plan, start=1)]


def patents_for(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """`count` patents of the same material for the speed benchmark (numbered from P00001 again)."""
    rng = Random(seed)
    for number in range(1, count + 1):
        topic = rng.choice(SUBTOPICS)
        yield patent_record(rng, topic, number, UNIVERSITIES[SUBTOPICS.index(topic) % len(UNIVERSITIES)])


def to_lines(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching_eval.generate",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed file")
    args = parser.parse_args(argv)
    text = to_lines(generate())
    if args.check:
        same = CATALOGUE.exists() and CATALOGUE.read_text(encoding="utf-8") == text
        print("catalogue.jsonl is up to date" if same else "catalogue.jsonl differs from the generator")
        return 0 if same else 1
    CATALOGUE.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} patents of {len(SUBTOPICS)} subtopics to {CATALOGUE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
