"""search sample and ranked index: a fixed-size sample of the full-text index for estimating large
result sets, its setting row, the RUM index on PostgreSQL where the extension is installed, and the
newest-first order as an index on PostgreSQL

Revision ID: 5b2e8c1f7a90
Revises: 1a061425d6da
Create Date: 2026-12-01 15:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5b2e8c1f7a90'
down_revision = '1a061425d6da'
branch_labels = None
depends_on = None

# As marketplace/catalogue/search/sample.py has them (with its bucket of a patent id) when this
# revision was written.
BUCKETS = 4096
SAMPLE_SIZE = 4096


def _buckets_for(indexed: int) -> int:
    return max(1, min(BUCKETS, -(-BUCKETS * SAMPLE_SIZE // max(indexed, 1))))


def upgrade():
    op.create_table(
        'search_sample_setting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('buckets', sa.Integer(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_search_sample_setting_single_row')),
        sa.CheckConstraint('buckets BETWEEN 1 AND 4096',
                           name=op.f('ck_search_sample_setting_buckets_range')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_sample_setting')),
    )
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    indexed = bind.execute(sa.text(
        "SELECT count(*) FROM patent_fts" if sqlite else "SELECT count(*) FROM patent_search")).scalar_one()
    buckets = {"buckets": _buckets_for(indexed)}
    bind.execute(sa.text("INSERT INTO search_sample_setting (id, buckets) VALUES (1, :buckets)"), buckets)
    if sqlite:
        op.execute(
            "CREATE VIRTUAL TABLE patent_fts_sample USING fts5("
            "title, abstract, keywords, tokenize='unicode61 remove_diacritics 2', prefix='1 3')"
        )
        bind.execute(sa.text("INSERT INTO patent_fts_sample (rowid, title, abstract, keywords) "
                             "SELECT rowid, title, abstract, keywords FROM patent_fts "
                             "WHERE ((rowid * 2654435761) % 4294967296) / 1048576 < :buckets"), buckets)
        return
    op.execute(
        "CREATE TABLE patent_search_sample ("
        "patent_id INTEGER PRIMARY KEY REFERENCES patent (id) ON DELETE CASCADE, "
        "document TSVECTOR NOT NULL)"
    )
    op.execute("CREATE INDEX ix_patent_search_sample_document ON patent_search_sample USING gin (document)")
    bind.execute(sa.text("INSERT INTO patent_search_sample (patent_id, document) "
                         "SELECT patent_id, document FROM patent_search "
                         "WHERE ((patent_id::bigint * 2654435761) % 4294967296) / 1048576 < :buckets"),
                 buckets)
    op.execute("CREATE INDEX ix_patent_newest ON patent (archived, grant_date DESC NULLS LAST, id DESC)")
    # Ranked top-k straight from the index where the RUM extension is installed
    # (Debian: postgresql-15-rum); without it search ranks with ts_rank_cd over the GIN index.
    available = bind.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")).scalar() is not None
    if not available:
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS rum"))
    except sa.exc.DBAPIError:  # a role that may not create extensions: GIN ranking
        return
    op.execute("CREATE INDEX ix_patent_search_rum ON patent_search USING rum (document rum_tsvector_ops)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS patent_fts_sample")
    else:
        op.execute("DROP INDEX IF EXISTS ix_patent_search_rum")
        op.execute("DROP INDEX IF EXISTS ix_patent_newest")
        op.execute("DROP TABLE IF EXISTS patent_search_sample")
    op.drop_table('search_sample_setting')
