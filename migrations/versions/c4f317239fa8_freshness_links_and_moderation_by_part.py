"""freshness that reaches every listing, and moderation by part

- partner.contact_email (the address the CCAS writes to) and partner.update_frequency;
- campaigns of two kinds (reminders, invitations); a campaign message is now about one listing
  to one address (a member's or the listing's own), and records failure, opening, confirmation
  and correction; existing reminders keep their member's address;
- listing_token: the signed links of those messages, stored hashed;
- revision.refused_sections and revision.link_id (a change made through a "Je corrige" link).

Revision ID: c4f317239fa8
Revises: c4d5e6f7a8b9
Create Date: 2026-12-04 17:16:05.056286

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4f317239fa8'
down_revision = 'c4d5e6f7a8b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('listing_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('reminder_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('confirm', 'correct')", name=op.f('ck_listing_token_purpose')),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_listing_token_partner_id_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reminder_id'], ['campaign_reminder.id'], name=op.f('fk_listing_token_reminder_id_campaign_reminder'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_listing_token_token_hash'))
    )
    with op.batch_alter_table('listing_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_token_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_token_reminder_id'), ['reminder_id'], unique=False)

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='remind', nullable=False))
        batch_op.add_column(sa.Column('months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_campaign_created_by_id_user_account'), 'user_account', ['created_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_campaign_kind'), "kind IN ('remind', 'invite')")

    with op.batch_alter_table('campaign_reminder', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), server_default='', nullable=False))
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('error', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True))
    # Reminders sent so far went to members: each keeps its member's address.
    op.execute("UPDATE campaign_reminder SET email = (SELECT email FROM user_account "
               "WHERE user_account.id = campaign_reminder.user_id)")
    with op.batch_alter_table('campaign_reminder', schema=None) as batch_op:
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('sent_at',
               existing_type=sa.DateTime(timezone=True),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('uq_campaign_reminder_once'), type_='unique')
        batch_op.create_unique_constraint('uq_campaign_reminder_once', ['campaign_id', 'partner_id', 'email'])

    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_email', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('update_frequency', sa.String(length=20), server_default='', nullable=False))

    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refused_sections', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('link_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_revision_link_id_listing_token'), 'listing_token', ['link_id'], ['id'], ondelete='SET NULL')



def downgrade():
    op.execute("UPDATE revision SET status = 'superseded', snapshot = '{}' WHERE status = 'draft'")
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_revision_link_id_listing_token'), type_='foreignkey')
        batch_op.drop_column('link_id')
        batch_op.drop_column('refused_sections')

    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_column('update_frequency')
        batch_op.drop_column('contact_email')

    # Messages to a listing's own address had no account: they cannot be kept.
    op.execute("DELETE FROM campaign_reminder WHERE user_id IS NULL")
    with op.batch_alter_table('campaign_reminder', schema=None) as batch_op:
        batch_op.drop_constraint('uq_campaign_reminder_once', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_campaign_reminder_once'), ['campaign_id', 'partner_id', 'user_id'])
        batch_op.alter_column('sent_at',
               existing_type=sa.DateTime(timezone=True),
               nullable=False)
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('corrected_at')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('opened_at')
        batch_op.drop_column('error')
        batch_op.drop_column('failed_at')
        batch_op.drop_column('email')

    op.execute("DELETE FROM campaign WHERE kind = 'invite'")
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_campaign_kind'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_campaign_created_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('months')
        batch_op.drop_column('kind')

    with op.batch_alter_table('listing_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_token_reminder_id'))
        batch_op.drop_index(batch_op.f('ix_listing_token_partner_id'))

    op.drop_table('listing_token')
