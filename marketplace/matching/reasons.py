"""Why a patent was matched to a need: the explanation stored with each match and shown on the pages.

Stored as JSON in `need_match.reasons`; `to_json` / `from_json` are the only way in and out, so pages
and the engine agree on the shape.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class MatchReasons:
    """The parts of a match's explanation.

    - `terms`: the need's terms found in the patent (as written in the need, or the glossary's
      translation that was found), best first;
    - `industry_agrees`: the patent's industry is the need's;
    - `ipc_classes`: IPC classes (e.g. "C22B") the patent shares with the patents the need's terms
      point to most, or None when the need gives no IPC signal;
    - `plan_fit`: "fits" (an offered plan kind the need wants), "other_kind", "not_offered" or
      "any" (the need names no kind);
    - `price_fit`: "within" (the offer's schedule total is within the budget), "below", "above",
      "unknown" (royalty only or no budget) ;
    - `offer_total_fen`: the schedule total used for the price fit (None when unknown);
    - `remaining_years`: whole years of term left on the day of matching;
    - `legal_ok`: granted and in term (a patent that is not is never matched, kept for old rows).
    """

    terms: tuple[str, ...] = ()
    industry_agrees: bool = False
    ipc_classes: tuple[str, ...] = ()
    plan_fit: str = "any"
    price_fit: str = "unknown"
    offer_total_fen: int | None = None
    remaining_years: int | None = None
    legal_ok: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """The JSON stored in the database."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | None) -> MatchReasons:
        """Read stored reasons; unknown keys are ignored and a broken value reads as no reasons."""
        try:
            data = json.loads(raw or "{}")
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        for name in ("terms", "ipc_classes"):
            if name in known:
                known[name] = tuple(str(v) for v in known[name] or ())
        return cls(**known)


@dataclass(frozen=True)
class RankedPatent:
    """One patent the engine ranked for a need: higher `score` (integer millionths) ranks first."""

    patent_id: int
    university_id: int
    score: int
    reasons: MatchReasons
