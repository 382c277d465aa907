"""where a service is given: its own place, or stops with a weekday and hours

A permanence held in a mairie de quartier has its own address (`service.place_*`); an itinerant
service (the France services bus) has stops (`service_stop`), each a place, a weekday and hours.
The quartier of a place, like a partner's, is derived from the official polygons.

Revision ID: c4d5e6f7a8b9
Revises: b3f1c2d4e5a6
Create Date: 2026-12-03 22:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4d5e6f7a8b9'
down_revision = 'b3f1c2d4e5a6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('place_address', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('place_postcode', sa.String(length=5), server_default='', nullable=False))
        batch_op.add_column(sa.Column('place_city', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('place_latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('place_longitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('place_quartier_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_service_place_quartier_id'), ['place_quartier_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_service_place_quartier_id_quartier'), 'quartier',
                                    ['place_quartier_id'], ['id'], ondelete='SET NULL')
    op.create_table(
        'service_stop',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('place_name', sa.String(length=200), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('postcode', sa.String(length=5), nullable=False),
        sa.Column('city', sa.String(length=80), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=True),
        sa.Column('longitude', sa.Float(), nullable=True),
        sa.Column('quartier_id', sa.Integer(), nullable=True),
        sa.Column('weekday', sa.SmallInteger(), nullable=True),
        sa.Column('opens', sa.Time(), nullable=True),
        sa.Column('closes', sa.Time(), nullable=True),
        sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_service_stop_weekday')),
        sa.ForeignKeyConstraint(['quartier_id'], ['quartier.id'],
                                name=op.f('fk_service_stop_quartier_id_quartier'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['service_id'], ['service.id'],
                                name=op.f('fk_service_stop_service_id_service'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_stop')),
    )
    with op.batch_alter_table('service_stop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_stop_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_stop_quartier_id'), ['quartier_id'], unique=False)


def downgrade():
    with op.batch_alter_table('service_stop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_stop_quartier_id'))
        batch_op.drop_index(batch_op.f('ix_service_stop_service_id'))
    op.drop_table('service_stop')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_service_place_quartier_id_quartier'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_service_place_quartier_id'))
        batch_op.drop_column('place_quartier_id')
        batch_op.drop_column('place_longitude')
        batch_op.drop_column('place_latitude')
        batch_op.drop_column('place_city')
        batch_op.drop_column('place_postcode')
        batch_op.drop_column('place_address')
        batch_op.drop_column('place_name')
