"""Anonymous counts of the digital-maturity diagnostic (level × quartier × month)

Revision ID: a74332ae65c8
Revises: 7c9eb2c50ef2
Create Date: 2026-12-05 23:38:48.329176

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a74332ae65c8'
down_revision = '7c9eb2c50ef2'
branch_labels = None
depends_on = None

NO_QUARTIER = sa.text('quartier_id IS NULL')


def upgrade():
    op.create_table(
        'diagnostic_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('level', sa.String(length=30), nullable=False),
        sa.Column('quartier_id', sa.Integer(), nullable=True),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['quartier_id'], ['quartier.id'],
                                name=op.f('fk_diagnostic_count_quartier_id_quartier'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnostic_count')),
        sa.UniqueConstraint('month', 'level', 'quartier_id',
                            name='uq_diagnostic_count_month_level_quartier'),
    )
    with op.batch_alter_table('diagnostic_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diagnostic_count_quartier_id'), ['quartier_id'],
                              unique=False)
        # NULLs never collide in a unique constraint: the "no quartier" row has its own index.
        batch_op.create_index('uq_diagnostic_count_month_level_no_quartier', ['month', 'level'],
                              unique=True, sqlite_where=NO_QUARTIER, postgresql_where=NO_QUARTIER)


def downgrade():
    with op.batch_alter_table('diagnostic_count', schema=None) as batch_op:
        batch_op.drop_index('uq_diagnostic_count_month_level_no_quartier')
        batch_op.drop_index(batch_op.f('ix_diagnostic_count_quartier_id'))
    op.drop_table('diagnostic_count')
