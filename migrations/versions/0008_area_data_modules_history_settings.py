"""area data: modules on areas, their history, team settings; budget lines and amounts

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import plplan.models  # noqa: F401  (column types used below)
from plplan.areadata.defaults import DEFAULT_MODULES


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('area_module',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('visible_to_viewers', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('enabled_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('budget', 'kpis', 'comms')", name=op.f('ck_area_module_kind')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_area_module_area_id_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_module')),
    sa.UniqueConstraint('area_id', 'kind', name=op.f('uq_area_module_area_id'))
    )
    op.create_table('area_data_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=10), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=80), nullable=False),
    sa.Column('old', sa.String(length=200), nullable=True),
    sa.Column('new', sa.String(length=200), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_area_data_change_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_area_data_change_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_data_change'))
    )
    with op.batch_alter_table('area_data_change', schema=None) as batch_op:
        batch_op.create_index('ix_area_data_change_area_at', ['area_id', 'at'], unique=False)
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sa.String(length=3), server_default='EUR', nullable=False))
        batch_op.add_column(sa.Column('fiscal_year_start', sa.SmallInteger(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('budget_threshold_pct', sa.Integer(), server_default='10', nullable=False))
    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('pillar_id', sa.Integer(), nullable=True),
    sa.Column('driver', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_budget_line_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_budget_line_owner_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pillar_id'], ['plan_item.id'], name=op.f('fk_budget_line_pillar_id_plan_item'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line'))
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index('ix_budget_line_area_year', ['area_id', 'fiscal_year'], unique=False)
    op.create_table('budget_amount',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['line_id'], ['budget_line.id'], name=op.f('fk_budget_amount_line_id_budget_line'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_budget_amount_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_amount')),
    sa.UniqueConstraint('line_id', 'month', 'kind', name=op.f('uq_budget_amount_line_id'))
    )

    # Existing teams: their seeded areas get their data switched on, as new teams' do.
    area = sa.table('area', sa.column('id'), sa.column('name'), sa.column('archived_at'))
    module = sa.table(
        'area_module', sa.column('area_id'), sa.column('kind'), sa.column('enabled_at')
    )
    for name, kind in DEFAULT_MODULES.items():
        op.execute(
            module.insert().from_select(
                ['area_id', 'kind', 'enabled_at'],
                sa.select(area.c.id, sa.literal(kind), sa.func.current_timestamp()).where(
                    area.c.name == name, area.c.archived_at.is_(None)
                ),
            )
        )


def downgrade():
    op.drop_table('budget_amount')
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index('ix_budget_line_area_year')
    op.drop_table('budget_line')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('budget_threshold_pct')
        batch_op.drop_column('fiscal_year_start')
        batch_op.drop_column('currency')
    with op.batch_alter_table('area_data_change', schema=None) as batch_op:
        batch_op.drop_index('ix_area_data_change_area_at')
    op.drop_table('area_data_change')
    op.drop_table('area_module')
