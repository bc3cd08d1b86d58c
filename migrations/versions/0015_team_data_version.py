"""team data and fit versions, and the team of each stored one-pager fit

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('data_version', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column('fit_version', sa.Integer(), server_default='0', nullable=False)
        )
    # Stored fits are a cache keyed by a hash that now holds the team: the old ones go.
    op.execute('DELETE FROM one_pager_fit')
    with op.batch_alter_table('one_pager_fit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=False))
        batch_op.create_index(batch_op.f('ix_one_pager_fit_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_one_pager_fit_team_id_team'), 'team', ['team_id'], ['id'],
            ondelete='CASCADE',
        )


def downgrade():
    with op.batch_alter_table('one_pager_fit', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_one_pager_fit_team_id_team'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_one_pager_fit_team_id'))
        batch_op.drop_column('team_id')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('fit_version')
        batch_op.drop_column('data_version')
