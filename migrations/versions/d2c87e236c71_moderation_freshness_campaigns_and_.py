"""moderation: freshness campaigns and reminders

A campaign is a named round of "please confirm your listing" e-mails; one reminder row per
(campaign, partner, member) makes running `campaigns remind` twice send nothing new.

Revision ID: d2c87e236c71
Revises: 0def111993bc
Create Date: 2026-11-25 14:09:52.830128

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2c87e236c71'
down_revision = '0def111993bc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    sa.UniqueConstraint('key', name=op.f('uq_campaign_key'))
    )
    op.create_table('campaign_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_reminder_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_campaign_reminder_partner_id_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_campaign_reminder_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_reminder')),
    sa.UniqueConstraint('campaign_id', 'partner_id', 'user_id', name=op.f('uq_campaign_reminder_once'))
    )
    with op.batch_alter_table('campaign_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_reminder_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_reminder_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('campaign_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_reminder_user_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_reminder_partner_id'))

    op.drop_table('campaign_reminder')
    op.drop_table('campaign')
