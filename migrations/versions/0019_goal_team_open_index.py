"""goal: ix_goal_team_open covers what Team growth reads of open goals (was ix_goal_team_status);
ix_goal_mentor_team (was ix_goal_mentor_id) so a mentor's goals are still found by mentor

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 02:40:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# As in plplan/models/goals.py (OPEN_GOAL_COLUMNS) when this revision was written.
COLUMNS = [
    "team_id",
    "status",
    "owner_id",
    "skill_id",
    "mentor_id",
    "visibility",
    "level",
    "target_date",
    "last_checkin_at",
    "waiting",
    "id",
]


def upgrade():
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index("ix_goal_team_open", COLUMNS, unique=False)
        batch_op.drop_index("ix_goal_team_status")
        batch_op.create_index("ix_goal_mentor_team", ["mentor_id", "team_id"], unique=False)
        batch_op.drop_index("ix_goal_mentor_id")


def downgrade():
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index("ix_goal_team_status", ["team_id", "status"], unique=False)
        batch_op.drop_index("ix_goal_team_open")
        batch_op.create_index("ix_goal_mentor_id", ["mentor_id"], unique=False)
        batch_op.drop_index("ix_goal_mentor_team")
