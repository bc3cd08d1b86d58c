"""check-ins waiting for a mentor: a partial index, so Team growth counts them per goal

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.create_index('ix_checkin_waiting', ['goal_id'], unique=False, sqlite_where=sa.text('acknowledged_at IS NULL'), postgresql_where=sa.text('acknowledged_at IS NULL'))


def downgrade():
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_index('ix_checkin_waiting', sqlite_where=sa.text('acknowledged_at IS NULL'), postgresql_where=sa.text('acknowledged_at IS NULL'))
