"""annual fee register: fees paid per patent and year, the day tracking starts, the overdue bar derived

The IP centre records each year's annual fee as paid (annual_fee_payment, once per patent and year).
Every patent gets the day the register starts tracking its fees (patent.fees_tracked_from): fees due
before it count as paid. Patents already held get the day this migration runs (in Asia/Shanghai), so
they are not all treated as unpaid; a patent whose legal facts said its annual fees were overdue is
tracked from its last filing anniversary on or before that day instead, so the fee due then stays
unpaid and the bar stays. The hand-entered flag patent_legal_facts.annual_fee_overdue is dropped:
the bar is derived from the register. The downgrade restores the flag as false (the register it is
derived from is dropped with it) and drops the register and the tracking day.

Revision ID: 8f2b6d4a1c93
Revises: 62e2bda12033
Create Date: 2026-12-01 21:30:00.000000

"""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = '8f2b6d4a1c93'
down_revision = '62e2bda12033'
branch_labels = None
depends_on = None


def _anniversary_on_or_before(filing: date, day: date) -> date:
    """The filing date's latest anniversary on or before `day` (29 February → 28 February)."""
    for year in (day.year, day.year - 1):
        try:
            candidate = filing.replace(year=year)
        except ValueError:
            candidate = filing.replace(year=year, day=28)
        if candidate <= day:
            return max(candidate, filing)
    return filing


def upgrade():
    op.create_table('annual_fee_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patent_id', sa.Integer(), nullable=False),
    sa.Column('university_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('fee_fen', sa.BigInteger(), nullable=False),
    sa.Column('surcharge_fen', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reduced', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.CheckConstraint('fee_fen > 0', name=op.f('ck_annual_fee_payment_fee_positive')),
    sa.CheckConstraint('surcharge_fen >= 0', name=op.f('ck_annual_fee_payment_surcharge_not_negative')),
    sa.CheckConstraint('year >= 1', name=op.f('ck_annual_fee_payment_year_positive')),
    sa.ForeignKeyConstraint(['patent_id'], ['patent.id'], name=op.f('fk_annual_fee_payment_patent_id_patent'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_annual_fee_payment_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['university_id'], ['university.id'], name=op.f('fk_annual_fee_payment_university_id_university')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_fee_payment')),
    sa.UniqueConstraint('patent_id', 'year', name=op.f('uq_annual_fee_payment_patent_id_year'))
    )
    with op.batch_alter_table('annual_fee_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_fee_payment_patent_id'), ['patent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annual_fee_payment_university_id'), ['university_id'], unique=False)

    # Added NOT NULL with the migration day as its default, which fills every row: SQLite cannot make a
    # column NOT NULL later without copying the table, and the patent table is referenced by others. The
    # default is dropped on PostgreSQL; on SQLite it stays (the application always sets the day).
    bind = op.get_bind()
    migration_day = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
    op.add_column('patent', sa.Column('fees_tracked_from', sa.Date(), nullable=False,
                                      server_default=sa.text(f"'{migration_day.isoformat()}'")))
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE patent ALTER COLUMN fees_tracked_from DROP DEFAULT")
    flagged = bind.execute(sa.text(
        "SELECT patent.id, patent.filing_date FROM patent JOIN patent_legal_facts "
        "ON patent_legal_facts.patent_id = patent.id WHERE patent_legal_facts.annual_fee_overdue")).all()
    for patent_id, filing in flagged:
        filing = filing if isinstance(filing, date) else date.fromisoformat(str(filing))
        bind.execute(sa.text("UPDATE patent SET fees_tracked_from = :day WHERE id = :id"),
                     {"day": _anniversary_on_or_before(filing, migration_day), "id": patent_id})

    with op.batch_alter_table('patent_legal_facts', schema=None) as batch_op:
        batch_op.drop_column('annual_fee_overdue')


def downgrade():
    with op.batch_alter_table('patent_legal_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('annual_fee_overdue', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('patent_legal_facts', schema=None) as batch_op:
        batch_op.alter_column('annual_fee_overdue', existing_type=sa.Boolean(), server_default=None)

    if op.get_bind().dialect.name == "sqlite":  # natively (SQLite 3.35+): no copy of the referenced table
        op.execute("ALTER TABLE patent DROP COLUMN fees_tracked_from")
    else:
        op.drop_column('patent', 'fees_tracked_from')

    with op.batch_alter_table('annual_fee_payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_fee_payment_university_id'))
        batch_op.drop_index(batch_op.f('ix_annual_fee_payment_patent_id'))

    op.drop_table('annual_fee_payment')
