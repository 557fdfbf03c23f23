"""facet key in the search index (PostgreSQL): patent_search and patent_search_sample carry each
patent's facet key, kept in step by triggers, so a text query with filters, and its counts, read the
index's rows alone instead of joining every match to the patent table

Revision ID: a8c3f51d2e67
Revises: d7a3c59e21f4
Create Date: 2026-12-02 08:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a8c3f51d2e67'
down_revision = 'd7a3c59e21f4'
branch_labels = None
depends_on = None

TABLES = ("patent_search", "patent_search_sample")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # FTS5 rows are joined to the patent by rowid; SQLite keeps its plan
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ADD COLUMN facet_key BIGINT NOT NULL DEFAULT 0")
        op.execute(f"UPDATE {table} AS s SET facet_key = p.facet_key FROM patent AS p "
                   "WHERE p.id = s.patent_id AND p.facet_key <> 0")  # noqa: S608  # nosec B608 - fixed names
    # A row written to the index takes its patent's key, whoever writes it (the app, a rebuild, COPY).
    op.execute("""
        CREATE FUNCTION patent_search_takes_facet_key() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.facet_key := COALESCE((SELECT facet_key FROM patent WHERE id = NEW.patent_id), 0);
            RETURN NEW;
        END $$""")
    for table in TABLES:
        op.execute(f"CREATE TRIGGER {table}_takes_facet_key BEFORE INSERT OR UPDATE OF document ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION patent_search_takes_facet_key()")
    # A patent whose key changes (an offer, a filter's column, a rebuild) passes it to its index rows.
    op.execute("""
        CREATE FUNCTION patent_gives_facet_key() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE patent_search SET facet_key = NEW.facet_key WHERE patent_id = NEW.id;
            UPDATE patent_search_sample SET facet_key = NEW.facet_key WHERE patent_id = NEW.id;
            RETURN NULL;
        END $$""")
    op.execute("CREATE TRIGGER patent_gives_facet_key AFTER UPDATE OF facet_key ON patent FOR EACH ROW "
               "WHEN (OLD.facet_key IS DISTINCT FROM NEW.facet_key) "
               "EXECUTE FUNCTION patent_gives_facet_key()")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS patent_gives_facet_key ON patent")
    op.execute("DROP FUNCTION IF EXISTS patent_gives_facet_key()")
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_takes_facet_key ON {table}")
        op.execute(f"ALTER TABLE {table} DROP COLUMN facet_key")
    op.execute("DROP FUNCTION IF EXISTS patent_search_takes_facet_key()")
