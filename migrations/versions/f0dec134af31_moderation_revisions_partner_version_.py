"""moderation: revisions, partner version and trust

Every change to a partner's listing is a `revision` holding the whole proposed listing and a
field-by-field diff; at most one is pending per partner (partial unique index). `partner.version`
is the optimistic-locking counter, bumped when a revision is applied; a trusted partner's edits
are published at once and reviewed afterwards.

Revision ID: f0dec134af31
Revises: d2c87e236c71
Create Date: 2026-11-25 14:11:49.198589

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f0dec134af31'
down_revision = 'd2c87e236c71'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('diff', sa.JSON(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('reviewed', sa.Boolean(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_revision_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_revision_partner_id_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_revision_reviewed_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision'))
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_status'), ['status'], unique=False)
        batch_op.create_index('uq_revision_one_pending', ['partner_id'], unique=True,
                              sqlite_where=sa.text("status = 'pending'"),
                              postgresql_where=sa.text("status = 'pending'"))

    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('is_trusted', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_column('is_trusted')
        batch_op.drop_column('version')

    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index('uq_revision_one_pending')
        batch_op.drop_index(batch_op.f('ix_revision_status'))
        batch_op.drop_index(batch_op.f('ix_revision_partner_id'))
        batch_op.drop_index(batch_op.f('ix_revision_created_at'))
        batch_op.drop_index(batch_op.f('ix_revision_author_id'))

    op.drop_table('revision')
