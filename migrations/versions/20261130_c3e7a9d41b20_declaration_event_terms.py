"""declaration event terms: a time-limited version's zone and window

Revision ID: c3e7a9d41b20
Revises: a71fe2495272
Create Date: 2026-11-30 12:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e7a9d41b20'
down_revision = 'a71fe2495272'
branch_labels = None
depends_on = None

WINDOW = ("(event_zone_id IS NULL AND valid_from IS NULL AND valid_until IS NULL) OR "
          "(event_zone_id IS NOT NULL AND valid_from IS NOT NULL AND valid_until >= valid_from)")
HAS_ZONE = "status != 'event' OR event_zone_id IS NOT NULL"
OLD_STATUSES = "'draft', 'published', 'withdrawn'"
NEW_STATUSES = "'draft', 'published', 'event', 'withdrawn'"


def _sqlite_statuses(old: str, new: str) -> None:
    """Change the status CHECK of SQLite's declaration table in place, by the procedure SQLite documents
    for changing CHECK constraints (ALTER TABLE, section "Making Other Kinds Of Table Schema Changes"):
    the table's stored SQL is edited and the schema version bumped. A rebuilt copy of the table is
    avoided: dropping the original would cascade to plan phases and trip the licences' foreign keys."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'declaration'").scalar_one()
    if f"IN ({old})" not in sql:
        raise RuntimeError("declaration status CHECK not as expected")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'declaration'",
                         (sql.replace(f"IN ({old})", f"IN ({new})"),))
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def upgrade():
    # SQLite adds the columns (with their foreign key and checks) in place; a batch "move and copy" of
    # the declaration table, which licences and plan phases reference, is avoided.
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_statuses(OLD_STATUSES, NEW_STATUSES)
        op.execute("ALTER TABLE declaration ADD COLUMN event_zone_id INTEGER "
                   "CONSTRAINT fk_declaration_event_zone_id_zone REFERENCES zone (id) "
                   f"CONSTRAINT ck_declaration_event_has_zone CHECK ({HAS_ZONE})")
        op.execute("ALTER TABLE declaration ADD COLUMN valid_from DATE")
        op.execute("ALTER TABLE declaration ADD COLUMN valid_until DATE "
                   f"CONSTRAINT ck_declaration_event_window CHECK ({WINDOW})")
    else:
        op.add_column("declaration", sa.Column("event_zone_id", sa.Integer(), nullable=True))
        op.add_column("declaration", sa.Column("valid_from", sa.Date(), nullable=True))
        op.add_column("declaration", sa.Column("valid_until", sa.Date(), nullable=True))
        op.create_foreign_key(op.f("fk_declaration_event_zone_id_zone"), "declaration", "zone",
                              ["event_zone_id"], ["id"])
        op.drop_constraint(op.f("ck_declaration_declarationstatus"), "declaration", type_="check")
        op.create_check_constraint(op.f("ck_declaration_declarationstatus"), "declaration",
                                   sa.text(f"status IN ({NEW_STATUSES})"))
        op.create_check_constraint(op.f("ck_declaration_event_window"), "declaration", sa.text(WINDOW))
        op.create_check_constraint(op.f("ck_declaration_event_has_zone"), "declaration", sa.text(HAS_ZONE))
    op.create_index("ix_declaration_event_zone_id", "declaration", ["event_zone_id"], unique=False)


def downgrade():
    # Event versions become withdrawn versions of the older schema (licences keep referencing them).
    op.execute("UPDATE declaration SET status = 'withdrawn', withdrawal_reason = 'event terms' "
               "WHERE status = 'event'")
    op.drop_index("ix_declaration_event_zone_id", table_name="declaration")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE declaration DROP COLUMN valid_until")
        op.execute("ALTER TABLE declaration DROP COLUMN valid_from")
        op.execute("ALTER TABLE declaration DROP COLUMN event_zone_id")
        _sqlite_statuses(NEW_STATUSES, OLD_STATUSES)
    else:
        op.drop_constraint(op.f("ck_declaration_declarationstatus"), "declaration", type_="check")
        op.create_check_constraint(op.f("ck_declaration_declarationstatus"), "declaration",
                                   sa.text(f"status IN ({OLD_STATUSES})"))
        op.drop_constraint(op.f("ck_declaration_event_has_zone"), "declaration", type_="check")
        op.drop_constraint(op.f("ck_declaration_event_window"), "declaration", type_="check")
        op.drop_constraint(op.f("fk_declaration_event_zone_id_zone"), "declaration", type_="foreignkey")
        op.drop_column("declaration", "valid_until")
        op.drop_column("declaration", "valid_from")
        op.drop_column("declaration", "event_zone_id")
