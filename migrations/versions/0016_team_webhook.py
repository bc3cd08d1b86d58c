"""team webhook: a team's chat webhook URL, the events posted there, the last post's outcome

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-04 01:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import plplan.models  # noqa: F401  (column types used below)


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('team_webhook',
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.Column('last_sent_at', plplan.models.base.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['set_by_id'], ['user.id'], name=op.f('fk_team_webhook_set_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_team_webhook_team_id_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team_id', name=op.f('pk_team_webhook'))
    )


def downgrade():
    op.drop_table('team_webhook')
