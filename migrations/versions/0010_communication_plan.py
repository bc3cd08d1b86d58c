"""communication plan: rows of an area's plan and the times each was done

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import plplan.models  # noqa: F401  (column types used below)


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('communication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('audience_membership_id', sa.Integer(), nullable=True),
    sa.Column('audience_name', sa.String(length=80), nullable=True),
    sa.Column('what', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('cadence', sa.String(length=10), nullable=False),
    sa.Column('owner_membership_id', sa.Integer(), nullable=True),
    sa.Column('first_due', sa.Date(), nullable=False),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("cadence IN ('weekly', 'biweekly', 'monthly', 'quarterly', 'event')", name=op.f('ck_communication_cadence')),
    sa.CheckConstraint("channel IN ('meeting', 'email', 'chat', 'document', 'other')", name=op.f('ck_communication_channel')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_communication_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['audience_membership_id'], ['membership.id'], name=op.f('fk_communication_audience_membership_id_membership'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_membership_id'], ['membership.id'], name=op.f('fk_communication_owner_membership_id_membership'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communication'))
    )
    with op.batch_alter_table('communication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communication_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_communication_owner_membership_id'), ['owner_membership_id'], unique=False)
    op.create_table('communication_done',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('communication_id', sa.Integer(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['communication_id'], ['communication.id'], name=op.f('fk_communication_done_communication_id_communication'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_communication_done_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communication_done'))
    )
    with op.batch_alter_table('communication_done', schema=None) as batch_op:
        batch_op.create_index('ix_communication_done_on', ['communication_id', 'done_on'], unique=False)


def downgrade():
    with op.batch_alter_table('communication_done', schema=None) as batch_op:
        batch_op.drop_index('ix_communication_done_on')
    op.drop_table('communication_done')
    with op.batch_alter_table('communication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communication_owner_membership_id'))
        batch_op.drop_index(batch_op.f('ix_communication_area_id'))
    op.drop_table('communication')
