"""licence source zone

Revision ID: a71fe2495272
Revises: 5e9ecd42a8cb
Create Date: 2026-11-30 12:35:22.187540

"""
from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = 'a71fe2495272'
down_revision = '5e9ecd42a8cb'
branch_labels = None
depends_on = None


def upgrade():
    # SQLite adds a column with its foreign key in place; a batch "move and copy" of the licence table,
    # which the ledger's tables reference, is avoided.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE licence ADD COLUMN source_zone_id INTEGER "
                   "CONSTRAINT fk_licence_source_zone_id_zone REFERENCES zone (id)")
    else:
        op.add_column("licence", sa.Column("source_zone_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_licence_source_zone_id_zone", "licence", "zone", ["source_zone_id"], ["id"])
    op.create_index("ix_licence_source_zone_id", "licence", ["source_zone_id"], unique=False)


def downgrade():
    op.drop_index("ix_licence_source_zone_id", table_name="licence")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE licence DROP COLUMN source_zone_id")
    else:
        op.drop_constraint("fk_licence_source_zone_id_zone", "licence", type_="foreignkey")
        op.drop_column("licence", "source_zone_id")
