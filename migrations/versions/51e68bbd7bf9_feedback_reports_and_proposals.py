"""feedback: reports of errors on listings, and proposed places

- feedback_report: "Signaler une erreur" on a published listing (what is wrong, what changed,
  an optional e-mail, whether the author is a professional), new until an administrator has
  handled it;
- place_proposal: "Proposer un lieu", new until an administrator accepts it (a draft listing is
  made from it), or sets it aside as a duplicate or refuses it, with a note.

Revision ID: 51e68bbd7bf9
Revises: c4f317239fa8
Create Date: 2026-12-05 10:12:44.318260

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '51e68bbd7bf9'
down_revision = 'c4f317239fa8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=254), server_default='', nullable=False),
    sa.Column('is_professional', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='new', nullable=False),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("code IN ('closed', 'hours', 'address', 'phone', 'service', 'other')", name=op.f('ck_feedback_report_code')),
    sa.CheckConstraint("status IN ('new', 'handled')", name=op.f('ck_feedback_report_status')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user_account.id'], name=op.f('fk_feedback_report_handled_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_feedback_report_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_report'))
    )
    with op.batch_alter_table('feedback_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_report_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_report_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_report_status'), ['status'], unique=False)

    op.create_table('place_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=200), server_default='', nullable=False),
    sa.Column('postcode', sa.String(length=5), server_default='', nullable=False),
    sa.Column('city', sa.String(length=80), server_default='', nullable=False),
    sa.Column('phone', sa.String(length=30), server_default='', nullable=False),
    sa.Column('website', sa.String(length=300), server_default='', nullable=False),
    sa.Column('offer', sa.Text(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), server_default='', nullable=False),
    sa.Column('represents_place', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='new', nullable=False),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('new', 'accepted', 'refused', 'duplicate')", name=op.f('ck_place_proposal_status')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user_account.id'], name=op.f('fk_place_proposal_handled_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], name=op.f('fk_place_proposal_need_id_need'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_place_proposal_partner_id_partner'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_proposal'))
    )
    with op.batch_alter_table('place_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_proposal_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_place_proposal_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('place_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_proposal_status'))
        batch_op.drop_index(batch_op.f('ix_place_proposal_created_at'))

    op.drop_table('place_proposal')
    with op.batch_alter_table('feedback_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_report_status'))
        batch_op.drop_index(batch_op.f('ix_feedback_report_partner_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_report_created_at'))

    op.drop_table('feedback_report')
