"""directory: needs, quartiers, partners, services, hours

Revision ID: e0d3c8062cca
Revises: 
Create Date: 2026-11-25 13:38:00.475821

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e0d3c8062cca'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('pictogram', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need')),
    sa.UniqueConstraint('slug', name=op.f('uq_need_slug'))
    )
    op.create_table('quartier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('commune', sa.String(length=80), nullable=False),
    sa.Column('postcode', sa.String(length=5), nullable=False),
    sa.Column('geometry', sa.JSON(), nullable=False),
    sa.Column('centroid_lat', sa.Float(), nullable=False),
    sa.Column('centroid_lon', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quartier')),
    sa.UniqueConstraint('code', name=op.f('uq_quartier_code')),
    sa.UniqueConstraint('slug', name=op.f('uq_quartier_slug'))
    )
    op.create_table('partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('presentation', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('address_extra', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=5), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('quartier_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('accessibility', sa.String(length=20), nullable=False),
    sa.Column('accessibility_note', sa.String(length=300), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('last_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_on_public_holidays', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('published', 'draft')", name=op.f('ck_partner_status')),
    sa.ForeignKeyConstraint(['quartier_id'], ['quartier.id'], name=op.f('fk_partner_quartier_id_quartier'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner')),
    sa.UniqueConstraint('slug', name=op.f('uq_partner_slug')),
    sa.UniqueConstraint('source', 'source_id', name='uq_partner_source_source_id')
    )
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_is_demo'), ['is_demo'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_quartier_id'), ['quartier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_status'), ['status'], unique=False)

    op.create_table('subneed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('description', sa.String(length=250), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('thematiques', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], name=op.f('fk_subneed_need_id_need'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subneed')),
    sa.UniqueConstraint('slug', name=op.f('uq_subneed_slug'))
    )
    with op.batch_alter_table('subneed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subneed_need_id'), ['need_id'], unique=False)

    op.create_table('closure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('message', sa.String(length=300), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_closure_dates_in_order')),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_closure_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closure'))
    )
    with op.batch_alter_table('closure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_closure_partner_id'), ['partner_id'], unique=False)

    op.create_table('opening_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=True),
    sa.Column('closes', sa.Time(), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_opening_exception_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_exception'))
    )
    with op.batch_alter_table('opening_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opening_exception_partner_id'), ['partner_id'], unique=False)

    op.create_table('opening_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_opening_slot_weekday')),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_opening_slot_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_slot'))
    )
    with op.batch_alter_table('opening_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opening_slot_partner_id'), ['partner_id'], unique=False)

    op.create_table('service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('audiences', sa.JSON(), nullable=False),
    sa.Column('fees', sa.String(length=30), nullable=False),
    sa.Column('fees_detail', sa.String(length=300), nullable=False),
    sa.Column('modes', sa.JSON(), nullable=False),
    sa.Column('access_modes', sa.JSON(), nullable=False),
    sa.Column('documents', sa.Text(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('published', 'archived')", name=op.f('ck_service_status')),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_service_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service'))
    )
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_status'), ['status'], unique=False)

    op.create_table('service_subneed',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('subneed_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_subneed_service_id_service'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subneed_id'], ['subneed.id'], name=op.f('fk_service_subneed_subneed_id_subneed'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', 'subneed_id', name=op.f('pk_service_subneed'))
    )


def downgrade():
    op.drop_table('service_subneed')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_status'))
        batch_op.drop_index(batch_op.f('ix_service_partner_id'))

    op.drop_table('service')
    with op.batch_alter_table('opening_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opening_slot_partner_id'))

    op.drop_table('opening_slot')
    with op.batch_alter_table('opening_exception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opening_exception_partner_id'))

    op.drop_table('opening_exception')
    with op.batch_alter_table('closure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_closure_partner_id'))

    op.drop_table('closure')
    with op.batch_alter_table('subneed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subneed_need_id'))

    op.drop_table('subneed')
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_status'))
        batch_op.drop_index(batch_op.f('ix_partner_quartier_id'))
        batch_op.drop_index(batch_op.f('ix_partner_is_demo'))

    op.drop_table('partner')
    op.drop_table('quartier')
    op.drop_table('need')
