"""orientation: the social worker's toolkit

- orientation_slip: a slip's places and notes behind a short link the resident keeps (hashed),
  until it expires;
- orientation_event: anonymous counts (kind, month, need, quartier) for the CCAS;
- favourite, saved_search: what a professional follows, and what the last digest told them;
- orientation_request (+ _link): a followed hand-off, whose personal fields are erased after
  the retention period, answered through hashed signed links;
- orientation_send_log: channel and time of each send, for the per-professional limits;
- account_request: a professional asking for an account, until an administrator decides;
- partner.pro_*: information for professionals only; service.accepts_orientations.

Revision ID: be581f3198d0
Revises: 51e68bbd7bf9
Create Date: 2026-12-04 21:19:42.404661

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'be581f3198d0'
down_revision = '51e68bbd7bf9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('orientation_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('need_slug', sa.String(length=60), server_default='', nullable=False),
    sa.Column('quartier_slug', sa.String(length=60), server_default='', nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.CheckConstraint("kind IN ('slip', 'email', 'sms', 'request', 'accepted', 'contacted', 'refused')", name=op.f('ck_orientation_event_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orientation_event'))
    )
    with op.batch_alter_table('orientation_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orientation_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_orientation_event_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_orientation_event_month'), ['month'], unique=False)

    op.create_table('orientation_slip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orientation_slip')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_orientation_slip_token_hash'))
    )
    with op.batch_alter_table('orientation_slip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orientation_slip_expires_at'), ['expires_at'], unique=False)

    op.create_table('account_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('job', sa.String(length=120), server_default='', nullable=False),
    sa.Column('message', sa.String(length=1000), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='pending', nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'approved', 'refused')", name=op.f('ck_account_request_status')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_account_request_decided_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_request'))
    )
    with op.batch_alter_table('account_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_request_email'), ['email'], unique=False)

    op.create_table('orientation_send_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('email', 'sms')", name=op.f('ck_orientation_send_log_channel')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_orientation_send_log_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orientation_send_log'))
    )
    with op.batch_alter_table('orientation_send_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orientation_send_log_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_orientation_send_log_user_id'), ['user_id'], unique=False)

    op.create_table('saved_search',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('known', sa.JSON(), nullable=False),
    sa.Column('digest_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_saved_search_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_search'))
    )
    with op.batch_alter_table('saved_search', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_search_user_id'), ['user_id'], unique=False)

    op.create_table('favourite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seen', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_favourite_partner_id_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_favourite_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_favourite')),
    sa.UniqueConstraint('user_id', 'partner_id', name='uq_favourite_user_partner')
    )
    with op.batch_alter_table('favourite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_favourite_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_favourite_user_id'), ['user_id'], unique=False)

    op.create_table('orientation_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=80), nullable=False),
    sa.Column('person_contact', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='sent', nullable=False),
    sa.Column('refusal_reason', sa.String(length=30), server_default='', nullable=False),
    sa.Column('answer_note', sa.String(length=500), server_default='', nullable=False),
    sa.Column('need_slug', sa.String(length=60), server_default='', nullable=False),
    sa.Column('quartier_slug', sa.String(length=60), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("refusal_reason = '' OR refusal_reason IN ('not_eligible', 'full', 'wrong_service', 'unreachable', 'declined', 'other')", name=op.f('ck_orientation_request_refusal_reason')),
    sa.CheckConstraint("status IN ('sent', 'accepted', 'contacted', 'refused')", name=op.f('ck_orientation_request_status')),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_orientation_request_partner_id_partner'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['professional_id'], ['user_account.id'], name=op.f('fk_orientation_request_professional_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_orientation_request_service_id_service'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orientation_request'))
    )
    with op.batch_alter_table('orientation_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orientation_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_orientation_request_erased_at'), ['erased_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_orientation_request_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_orientation_request_professional_id'), ['professional_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_orientation_request_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_orientation_request_status'), ['status'], unique=False)

    op.create_table('orientation_request_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['orientation_request.id'], name=op.f('fk_orientation_request_link_request_id_orientation_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orientation_request_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_orientation_request_link_token_hash'))
    )
    with op.batch_alter_table('orientation_request_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orientation_request_link_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pro_phone', sa.String(length=30), server_default='', nullable=False))
        batch_op.add_column(sa.Column('pro_contact', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('pro_email', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('pro_procedure', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('pro_documents', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepts_orientations', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('accepts_orientations')

    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_column('pro_documents')
        batch_op.drop_column('pro_procedure')
        batch_op.drop_column('pro_email')
        batch_op.drop_column('pro_contact')
        batch_op.drop_column('pro_phone')

    with op.batch_alter_table('orientation_request_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orientation_request_link_request_id'))

    op.drop_table('orientation_request_link')
    with op.batch_alter_table('orientation_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orientation_request_status'))
        batch_op.drop_index(batch_op.f('ix_orientation_request_service_id'))
        batch_op.drop_index(batch_op.f('ix_orientation_request_professional_id'))
        batch_op.drop_index(batch_op.f('ix_orientation_request_partner_id'))
        batch_op.drop_index(batch_op.f('ix_orientation_request_erased_at'))
        batch_op.drop_index(batch_op.f('ix_orientation_request_created_at'))

    op.drop_table('orientation_request')
    with op.batch_alter_table('favourite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_favourite_user_id'))
        batch_op.drop_index(batch_op.f('ix_favourite_partner_id'))

    op.drop_table('favourite')
    with op.batch_alter_table('saved_search', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_search_user_id'))

    op.drop_table('saved_search')
    with op.batch_alter_table('orientation_send_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orientation_send_log_user_id'))
        batch_op.drop_index(batch_op.f('ix_orientation_send_log_created_at'))

    op.drop_table('orientation_send_log')
    with op.batch_alter_table('account_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_request_email'))
        batch_op.drop_index(batch_op.f('ix_account_request_created_at'))

    op.drop_table('account_request')
    with op.batch_alter_table('orientation_slip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orientation_slip_expires_at'))

    op.drop_table('orientation_slip')
    with op.batch_alter_table('orientation_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orientation_event_month'))
        batch_op.drop_index(batch_op.f('ix_orientation_event_kind'))
        batch_op.drop_index(batch_op.f('ix_orientation_event_action'))

    op.drop_table('orientation_event')
