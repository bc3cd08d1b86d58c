"""kpis: KPIs of an area, their targets from a period on, one entry per period

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import plplan.models  # noqa: F401  (column types used below)


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kpi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('cadence', sa.String(length=10), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('band_low', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('band_high', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('links_north_star', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('plan_item_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("cadence IN ('weekly', 'monthly', 'quarterly')", name=op.f('ck_kpi_cadence')),
    sa.CheckConstraint("direction IN ('up', 'down', 'band')", name=op.f('ck_kpi_direction')),
    sa.CheckConstraint("unit IN ('count', 'percent', 'currency')", name=op.f('ck_kpi_unit')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_kpi_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['membership.id'], name=op.f('fk_kpi_owner_id_membership'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_item.id'], name=op.f('fk_kpi_plan_item_id_plan_item'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi'))
    )
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_area_id'), ['area_id'], unique=False)
    op.create_table('kpi_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpi_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['kpi_id'], ['kpi.id'], name=op.f('fk_kpi_entry_kpi_id_kpi'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_kpi_entry_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_entry')),
    sa.UniqueConstraint('kpi_id', 'period', name=op.f('uq_kpi_entry_kpi_id'))
    )
    op.create_table('kpi_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpi_id', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Date(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.ForeignKeyConstraint(['kpi_id'], ['kpi.id'], name=op.f('fk_kpi_target_kpi_id_kpi'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_target')),
    sa.UniqueConstraint('kpi_id', 'starts', name=op.f('uq_kpi_target_kpi_id'))
    )


def downgrade():
    op.drop_table('kpi_target')
    op.drop_table('kpi_entry')
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_area_id'))
    op.drop_table('kpi')
