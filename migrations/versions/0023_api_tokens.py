"""api tokens: personal tokens for the JSON API, stored as hashes

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 02:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import plplan.models  # noqa: F401  (column types used below)


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('hint', sa.String(length=16), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('read_only', sa.Boolean(), nullable=False),
    sa.Column('expires_at', plplan.models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.Column('last_used_at', plplan.models.base.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', plplan.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_api_token_team_id_team'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_api_token_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
