"""figures snapshot: the province dashboard's figures of a scope and day, kept with the instant they
were computed

Revision ID: f3a9c6d2e8b1
Revises: e2c5a8f1b3d7
Create Date: 2026-11-30 21:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f3a9c6d2e8b1'
down_revision = 'e2c5a8f1b3d7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'figures_snapshot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_figures_snapshot')),
        sa.UniqueConstraint('key', name=op.f('uq_figures_snapshot_key')),
    )
    with op.batch_alter_table('figures_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_snapshot_computed_at'), ['computed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('figures_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_snapshot_computed_at'))
    op.drop_table('figures_snapshot')
