"""goals count their check-ins waiting for acknowledgement, so Team growth reads no check-ins

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 14:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting', sa.Integer(), server_default='0', nullable=False))
    op.execute(
        "UPDATE goal SET waiting = (SELECT count(*) FROM checkin"
        " WHERE checkin.goal_id = goal.id AND checkin.acknowledged_at IS NULL)"
    )


def downgrade():
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_column('waiting')
