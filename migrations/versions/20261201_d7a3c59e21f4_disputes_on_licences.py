"""disputes on licences: a dispute per licence and subject open at a time, on the path of Patent Law
art. 52 (negotiation, CNIPA mediation, court), resolved with an outcome; the charges it names (live while
it is open, in at most one open dispute)

Revision ID: d7a3c59e21f4
Revises: 4cfeee83104c
Create Date: 2026-12-01 23:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = 'd7a3c59e21f4'
down_revision = '4cfeee83104c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.Enum('payment', 'royalty_report', 'use', name='disputesubject', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=False),
    sa.Column('party', sa.Enum('enterprise', 'university', name='party', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('stage', sa.Enum('negotiation', 'mediation', 'court', name='disputestage', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('status', sa.Enum('open', 'resolved', name='disputestatus', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('mediation_requested_on', sa.Date(), nullable=True),
    sa.Column('court_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Enum('settled', 'mediated', 'judged', 'withdrawn', name='disputeoutcome', native_enum=False, create_constraint=True, length=10), nullable=True),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('outcome_note', sa.String(length=500), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'open' AND outcome IS NULL AND resolved_on IS NULL) OR (status = 'resolved' AND outcome IS NOT NULL AND resolved_on IS NOT NULL AND resolved_by_id IS NOT NULL)", name=op.f('ck_dispute_resolved_has_outcome')),
    sa.CheckConstraint("outcome IS NULL OR outcome NOT IN ('mediated', 'judged') OR length(reference) > 0", name=op.f('ck_dispute_outcome_reference')),
    sa.CheckConstraint('length(description) > 0', name=op.f('ck_dispute_has_description')),
    sa.ForeignKeyConstraint(['licence_id'], ['licence.id'], name=op.f('fk_dispute_licence_id_licence')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user_account.id'], name=op.f('fk_dispute_opened_by_id_user_account')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.id'], name=op.f('fk_dispute_resolved_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute'))
    )
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_licence_id'), ['licence_id'], unique=False)
        batch_op.create_index('uq_dispute_open_subject', ['licence_id', 'subject'], unique=True, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    op.create_table('dispute_charge',
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('charge_id', sa.Integer(), nullable=False),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['charge_id'], ['licence_charge.id'], name=op.f('fk_dispute_charge_charge_id_licence_charge')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_dispute_charge_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('dispute_id', 'charge_id', name=op.f('pk_dispute_charge'))
    )
    with op.batch_alter_table('dispute_charge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_charge_charge_id'), ['charge_id'], unique=False)
        batch_op.create_index('uq_dispute_charge_live', ['charge_id'], unique=True, sqlite_where=sa.text('live'), postgresql_where=sa.text('live'))


def downgrade():
    with op.batch_alter_table('dispute_charge', schema=None) as batch_op:
        batch_op.drop_index('uq_dispute_charge_live', sqlite_where=sa.text('live'), postgresql_where=sa.text('live'))
        batch_op.drop_index(batch_op.f('ix_dispute_charge_charge_id'))

    op.drop_table('dispute_charge')
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_index('uq_dispute_open_subject', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
        batch_op.drop_index(batch_op.f('ix_dispute_licence_id'))

    op.drop_table('dispute')
