"""fees covering indexes: posted charges by due date with licence and amount, settlements by business
date with licence, amount and key

Revision ID: e2c5a8f1b3d7
Revises: d4b1e7c9a2f0
Create Date: 2026-11-30 21:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e2c5a8f1b3d7'
down_revision = 'd4b1e7c9a2f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('licence_charge', schema=None) as batch_op:
        batch_op.create_index('ix_licence_charge_posted_due', ['due_date', 'licence_id', 'amount_fen'],
                              unique=False, sqlite_where=sa.text('posted_on IS NOT NULL'),
                              postgresql_where=sa.text('posted_on IS NOT NULL'))
    with op.batch_alter_table('charge_settlement', schema=None) as batch_op:
        batch_op.drop_index('ix_charge_settlement_business_date')
        batch_op.create_index('ix_charge_settlement_day_licence',
                              ['business_date', 'licence_id', 'amount_fen', 'transaction_key'], unique=False)


def downgrade():
    with op.batch_alter_table('charge_settlement', schema=None) as batch_op:
        batch_op.drop_index('ix_charge_settlement_day_licence')
        batch_op.create_index('ix_charge_settlement_business_date', ['business_date'], unique=False)
    with op.batch_alter_table('licence_charge', schema=None) as batch_op:
        batch_op.drop_index('ix_licence_charge_posted_due')
