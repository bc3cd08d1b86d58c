"""digests and reminders: each person's digest schedule, digests composed, reminders sent

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 02:25:26.468296

"""
from alembic import op
import sqlalchemy as sa

import plplan.models  # noqa: F401  (column types used below)


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=12), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_digest_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest')),
    sa.UniqueConstraint('user_id', 'period', name=op.f('uq_digest_user_id'))
    )
    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('period', sa.String(length=12), nullable=False),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recipient_id'], ['user.id'], name=op.f('fk_reminder_recipient_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('recipient_id', 'kind', 'subject', 'period', name=op.f('uq_reminder_recipient_id'))
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_subject', ['recipient_id', 'kind', 'subject', 'created_at'], unique=False)

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_message_digest_id'), ['digest_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_digest_id_digest'), 'digest', ['digest_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_frequency', sa.String(length=10), server_default='daily', nullable=False))
        batch_op.add_column(sa.Column('digest_weekday', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('digest_hour', sa.Integer(), server_default='8', nullable=False))
        batch_op.add_column(sa.Column('working_days_only', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('working_days_only')
        batch_op.drop_column('digest_hour')
        batch_op.drop_column('digest_weekday')
        batch_op.drop_column('digest_frequency')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_digest_id_digest'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_message_digest_id'))
        batch_op.drop_column('digest_id')

    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index('ix_reminder_subject')

    op.drop_table('reminder')
    op.drop_table('digest')
