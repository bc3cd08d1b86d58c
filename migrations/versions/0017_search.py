"""search: one document per searchable thing, under the database's full-text index

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-04 02:00:00.000000

Existing rows are indexed by `flask --app wsgi plplan reindex` after upgrading.
"""
from alembic import op
import sqlalchemy as sa

from plplan.search.schema import CREATE, DROP, statements


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('module', sa.String(length=10), nullable=True),
    sa.Column('part', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('unspaced', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_search_document_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_search_document_goal_id_goal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_search_document_plan_id_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_search_document_team_id_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index('ix_search_document_source', ['source', 'source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_document_team_id'), ['team_id'], unique=False)
        batch_op.create_index('ix_search_document_unspaced', ['team_id'], unique=False, sqlite_where=sa.text('unspaced'), postgresql_where=sa.text('unspaced'))
    for statement in statements(CREATE, op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    for statement in statements(DROP, op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index('ix_search_document_unspaced', sqlite_where=sa.text('unspaced'), postgresql_where=sa.text('unspaced'))
        batch_op.drop_index(batch_op.f('ix_search_document_team_id'))
        batch_op.drop_index('ix_search_document_source')
    op.drop_table('search_document')
