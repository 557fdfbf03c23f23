"""A sample of the search index of about SAMPLE_SIZE patents, to estimate large result sets.

A query matching more than the exact limit (a word in half the catalogue, say) is not counted match by
match: its total and facet counts are those of the same query run on the sample, scaled up, and shown
as estimates (约). The sample is a second full-text table (FTS5 `patent_fts_sample`, PostgreSQL
`patent_search_sample`) holding every indexed patent whose bucket is below the setting row's
`buckets`; a patent's bucket is a multiplicative hash of its id into 0..4095, so the sample is spread
evenly over universities, import batches and years, and a patent's membership never depends on
anything but its id and the setting.

Every index write keeps the sample in step. When the catalogue has grown or shrunk so that the sample
is outside [SAMPLE_SIZE / 2, SAMPLE_SIZE * 2], the write that notices resizes it: the setting row is
taken for change, `buckets` recomputed, and rows added or dropped. A write that read the old setting
while another resized may leave one patent in or out of the sample against the rule; that moves an
estimate by one patent in SAMPLE_SIZE, and the next resize or `flask catalogue reindex` puts it right.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalogue.search.sample_models import SearchSampleSetting

BUCKETS = 4096
SAMPLE_SIZE = 4096
_MULTIPLIER = 2654435761  # Knuth's multiplicative hash: consecutive ids spread over every bucket


def bucket(patent_id: int) -> int:
    """The patent's bucket, 0..BUCKETS-1 (the SQL in `bucket_sql` computes the same)."""
    return (patent_id * _MULTIPLIER % 2**32) // 2**20


def bucket_sql(column: str) -> str:
    """`bucket()` as SQL over an integer column (64-bit arithmetic on SQLite and PostgreSQL)."""
    return f"(({column} * {_MULTIPLIER}) % 4294967296) / 1048576"


def buckets_for(indexed: int) -> int:
    """How many buckets give a sample of about SAMPLE_SIZE patents out of `indexed`."""
    return max(1, min(BUCKETS, -(-BUCKETS * SAMPLE_SIZE // max(indexed, 1))))


def current_buckets(session: Session) -> int:
    """The setting as it stands (read without a lock: see the module's note)."""
    return session.scalar(select(SearchSampleSetting.buckets).where(SearchSampleSetting.id == 1)) or BUCKETS


def scaled(count: int, buckets: int) -> int:
    """A count in the sample drawn from `buckets` buckets, scaled to the whole catalogue (half up)."""
    return (2 * count * BUCKETS + buckets) // (2 * buckets)


def needs_resize(sample_rows: int, buckets: int) -> bool:
    """Whether a sample of `sample_rows` patents drawn from `buckets` buckets is out of its size range."""
    if sample_rows > 2 * SAMPLE_SIZE:
        return buckets > 1
    return sample_rows < SAMPLE_SIZE // 2 and buckets < BUCKETS


def rounded(estimate: int) -> int:
    """An estimate as shown: two significant figures (76,264 -> 76,000; 1,048 -> 1,000; 37 -> 37)."""
    if estimate < 100:
        return estimate
    unit = 10 ** (len(str(estimate)) - 2)
    return (estimate + unit // 2) // unit * unit
