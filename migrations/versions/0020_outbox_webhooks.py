"""outbox rows for the chat webhook: the team and kind of each row, a payload, no inbox item

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 02:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch_op.alter_column('notification_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_outbox_message_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_team_id_team'), 'team', ['team_id'], ['id'], ondelete='CASCADE')
    op.execute(
        "UPDATE outbox_message SET "
        "team_id = (SELECT team_id FROM notification WHERE notification.id = outbox_message.notification_id), "
        "kind = (SELECT kind FROM notification WHERE notification.id = outbox_message.notification_id)"
    )


def downgrade():
    op.execute("DELETE FROM outbox_message WHERE notification_id IS NULL")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_team_id_team'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_message_team_id'))
        batch_op.alter_column('notification_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('payload')
        batch_op.drop_column('kind')
        batch_op.drop_column('team_id')
