"""user session token: part of every session and remember-me cookie, rotated to end them all

Revision ID: f8336bd96e65
Revises: ecef00dc02ad
Create Date: 2026-11-30 11:07:10.391443

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f8336bd96e65'
down_revision = 'ecef00dc02ad'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), server_default='', nullable=False))

    # Every existing account gets its own token (an empty one is refused at log-in time anyway).
    user = sa.table('user_account', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(user.c.id)).all():
        connection.execute(user.update().where(user.c.id == user_id)
                           .values(session_token=secrets.token_urlsafe(32)))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy would drop a table other tables reference.
    op.drop_column('user_account', 'session_token')
