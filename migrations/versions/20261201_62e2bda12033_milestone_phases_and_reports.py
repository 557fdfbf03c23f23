"""milestone phases and reports: a plan phase may name a milestone that brings its fee forward; a licence
charge keeps the milestone and its long-stop date; licensees report milestones and universities decide

Revision ID: 62e2bda12033
Revises: c41d7e0a5b3f
Create Date: 2026-12-01 21:01:09.833894

"""
from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = '62e2bda12033'
down_revision = 'c41d7e0a5b3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('milestone_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('phase_index', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.String(length=60), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('reported', 'confirmed', 'rejected', name='milestonestatus', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=False),
    sa.Column('reported_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint("status != 'rejected' OR length(reason) > 0", name=op.f('ck_milestone_report_rejection_has_reason')),
    sa.CheckConstraint("status = 'reported' OR (decided_on IS NOT NULL AND decided_by_id IS NOT NULL)", name=op.f('ck_milestone_report_decided_has_day')),
    sa.CheckConstraint('phase_index >= 1', name=op.f('ck_milestone_report_not_first_phase')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_milestone_report_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['licence_id'], ['licence.id'], name=op.f('fk_milestone_report_licence_id_licence')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user_account.id'], name=op.f('fk_milestone_report_reported_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone_report'))
    )
    with op.batch_alter_table('milestone_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_report_licence_id'), ['licence_id'], unique=False)
        batch_op.create_index('uq_milestone_report_live', ['licence_id', 'phase_index'], unique=True, sqlite_where=sa.text("status != 'rejected'"), postgresql_where=sa.text("status != 'rejected'"))

    with op.batch_alter_table('licence_charge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('milestone', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('due_by', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_licence_charge_milestone_due_by_long_stop'),
            "(milestone IS NULL AND due_by IS NULL) OR "
            "(milestone IS NOT NULL AND due_by IS NOT NULL AND due_date <= due_by)")

    with op.batch_alter_table('plan_phase', schema=None) as batch_op:
        batch_op.add_column(sa.Column('milestone', sa.String(length=60), nullable=True))



def downgrade():
    with op.batch_alter_table('plan_phase', schema=None) as batch_op:
        batch_op.drop_column('milestone')

    with op.batch_alter_table('licence_charge', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_licence_charge_milestone_due_by_long_stop'), type_='check')
        batch_op.drop_column('due_by')
        batch_op.drop_column('milestone')

    with op.batch_alter_table('milestone_report', schema=None) as batch_op:
        batch_op.drop_index('uq_milestone_report_live', sqlite_where=sa.text("status != 'rejected'"), postgresql_where=sa.text("status != 'rejected'"))
        batch_op.drop_index(batch_op.f('ix_milestone_report_licence_id'))

    op.drop_table('milestone_report')
