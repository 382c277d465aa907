"""accounts: users, memberships, tokens

Users log in with an e-mail and a password (hashed); partner members belong to one or more
partners through `membership`; invitation and reset links are stored as SHA-256 hashes.

Revision ID: 0def111993bc
Revises: e129f92e83bf
Create Date: 2026-11-25 13:53:03.708897

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0def111993bc'
down_revision = 'e129f92e83bf'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('admin', 'partner', 'professional')", name=op.f('ck_user_account_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('invite', 'reset')", name=op.f('ck_account_token_purpose')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_account_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_token_token_hash'))
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_user_id'), ['user_id'], unique=False)

    op.create_table('membership',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_membership_partner_id_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'partner_id', name=op.f('pk_membership'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_partner_id'), ['partner_id'], unique=False)



def downgrade():
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_partner_id'))

    op.drop_table('membership')
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_user_id'))

    op.drop_table('account_token')
    op.drop_table('user_account')
