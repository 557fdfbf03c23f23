"""A catalogue query as the visitor set it: text, facet filters, sort order and page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from marketplace.core.input_text import parse_ascii_int
from marketplace.core.patent_fields import Industry, LegalStatus, PatentType
from marketplace.edge.converters import MAX_ID
from marketplace.edge.query import MAX_PAGE

SORTS = ("relevance", "newest", "expiry")
FACETS = ("patent_type", "ipc", "industry", "university", "legal_status", "trl", "plan_kind", "trial",
          "price")
PLAN_KINDS = ("flat", "staged", "try_first", "royalty", "free")
MAX_Q = 200
_IPC = re.compile(r"^[A-H](\d{2})?$")


@dataclass(frozen=True)
class SearchQuery:
    """Everything that selects and orders a page of results. Unknown or bad values are dropped."""

    q: str = ""
    patent_type: PatentType | None = None
    ipc: str = ""  # a section ("C") or a class ("C22")
    industry: Industry | None = None
    university: int | None = None
    legal_status: LegalStatus | None = None
    trl: int | None = None
    plan_kind: str = ""
    trial: bool = False
    price: int | None = None  # a price band, see catalogue/facet_key.py
    zone: int | None = None  # only the patents curated into this zone
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SearchQuery:
        """Read a query from URL arguments, ignoring anything malformed."""
        ipc = (args.get("ipc") or "").strip().upper()
        sort = args.get("sort") or "relevance"
        return cls(
            q=(args.get("q") or "").strip()[:MAX_Q],
            patent_type=_enum(PatentType, args.get("patent_type")),
            ipc=ipc if _IPC.match(ipc) else "",
            industry=_enum(Industry, args.get("industry")),
            university=parse_ascii_int(args.get("university"), 1, MAX_ID),
            legal_status=_enum(LegalStatus, args.get("legal_status")),
            trl=parse_ascii_int(args.get("trl"), 1, 9),
            plan_kind=args.get("plan_kind") if args.get("plan_kind") in PLAN_KINDS else "",
            trial=args.get("trial") == "1",
            price=parse_ascii_int(args.get("price"), 1, 5),
            zone=parse_ascii_int(args.get("zone"), 1, MAX_ID),
            sort=sort if sort in SORTS else "relevance",
            page=parse_ascii_int(args.get("page"), 1, MAX_PAGE) or 1,
        )

    def to_args(self, **changes) -> dict[str, str]:
        """URL arguments for this query with `changes` applied (None removes a filter); page resets."""
        values = {
            "q": self.q, "patent_type": self.patent_type, "ipc": self.ipc,
            "industry": self.industry, "university": self.university,
            "legal_status": self.legal_status, "trl": self.trl, "plan_kind": self.plan_kind,
            "trial": "1" if self.trial else None, "price": self.price, "zone": self.zone,
            "sort": self.sort,
            "page": 1,
        }
        values.update(changes)
        return {
            key: str(value) for key, value in values.items()
            if value not in (None, "") and not (key == "sort" and value == "relevance")
            and not (key == "page" and value == 1)
        }

    def filter_value(self, facet: str):
        """The selected value of a facet (None when not filtered)."""
        return {
            "patent_type": self.patent_type, "ipc": self.ipc or None, "industry": self.industry,
            "university": self.university, "legal_status": self.legal_status, "trl": self.trl,
            "plan_kind": self.plan_kind or None, "trial": "1" if self.trial else None, "price": self.price,
        }[facet]


def _enum(cls, raw):
    try:
        return cls(raw) if raw else None
    except ValueError:
        return None
