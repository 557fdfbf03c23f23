"""patent english title and abstract

Revision ID: fa8671435b4f
Revises: 34ca5ec398ad
Create Date: 2026-11-30 14:04:50.254945

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fa8671435b4f'
down_revision = '34ca5ec398ad'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on both databases: the patent table is referenced by many others, so SQLite must
    # not rebuild it (no batch "move and copy").
    op.add_column("patent", sa.Column("title_en", sa.String(length=300), server_default="", nullable=False))
    op.add_column("patent", sa.Column("abstract_en", sa.Text(), server_default="", nullable=False))


def downgrade():
    op.drop_column("patent", "abstract_en")
    op.drop_column("patent", "title_en")
