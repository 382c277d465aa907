"""import baseline per partner; a random, server-side session stamp per account

`partner.imported` keeps the values the last open-data import wrote, so that the next import
can tell a value a person changed (kept) from one nobody touched (updated).

`user_account.session_stamp` is a random value carried in every session and remember cookie;
changing it (logout, new password, deactivation) ends every session of the account.
`session_stamp_at` is when it was set: sessions end server-side once it is too old.

Revision ID: b3f1c2d4e5a6
Revises: a7c3e9d21b04
Create Date: 2026-12-03 20:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3f1c2d4e5a6'
down_revision = 'a7c3e9d21b04'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('imported', sa.JSON(), nullable=True))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_stamp', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('session_stamp_at', sa.DateTime(timezone=True), nullable=True))
    users = sa.table('user_account', sa.column('id', sa.Integer),
                     sa.column('session_stamp', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id)
                           .values(session_stamp=secrets.token_hex(16)))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_stamp_at')
        batch_op.drop_column('session_stamp')
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_column('imported')
