"""policy figures indexes: licences by start date, charges posted and settlements by business date,
patents per university and offer, patent views by day

Revision ID: d4b1e7c9a2f0
Revises: a8fcd0afd08e
Create Date: 2026-11-30 18:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd4b1e7c9a2f0'
down_revision = 'a8fcd0afd08e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('licence', schema=None) as batch_op:
        batch_op.create_index('ix_licence_start_date', ['start_date', 'university_id'], unique=False)
    with op.batch_alter_table('ledger_transaction', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_transaction_kind_day', ['kind', 'business_date'], unique=False)
    with op.batch_alter_table('charge_settlement', schema=None) as batch_op:
        batch_op.create_index('ix_charge_settlement_business_date', ['business_date'], unique=False)
    with op.batch_alter_table('patent', schema=None) as batch_op:
        batch_op.create_index('ix_patent_archived_university_offer',
                              ['archived', 'university_id', 'offer_kind', 'industry'], unique=False)
    with op.batch_alter_table('patent_view', schema=None) as batch_op:
        batch_op.create_index('ix_patent_view_day', ['viewed_on', 'university_id', 'enterprise_id'], unique=False)


def downgrade():
    with op.batch_alter_table('patent_view', schema=None) as batch_op:
        batch_op.drop_index('ix_patent_view_day')
    with op.batch_alter_table('patent', schema=None) as batch_op:
        batch_op.drop_index('ix_patent_archived_university_offer')
    with op.batch_alter_table('charge_settlement', schema=None) as batch_op:
        batch_op.drop_index('ix_charge_settlement_business_date')
    with op.batch_alter_table('ledger_transaction', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_transaction_kind_day')
    with op.batch_alter_table('licence', schema=None) as batch_op:
        batch_op.drop_index('ix_licence_start_date')
