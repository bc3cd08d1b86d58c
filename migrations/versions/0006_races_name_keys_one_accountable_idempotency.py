"""races: one Accountable per area, names unique as people read them, idempotency keys

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 10:00:00.000000

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

import plplan.models  # noqa: F401  (column types used below)

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _name_key(name):
    """plplan.text.name_key as of this revision (frozen here: migrations must not change)."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def _backfill_name_keys(table, length, covered="1 = 1"):
    """Give every row its name key. Of the rows the new unique index covers (`covered`) whose
    names collide within a team, the oldest keeps its name, the others get " (2)", " (3)"..."""
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(f"SELECT id, team_id, name, CASE WHEN {covered} THEN 1 ELSE 0 END FROM {table} ORDER BY id")
    )
    taken = set()
    for row_id, team_id, name, unique in rows.all():
        candidate, n = name, 2
        while unique and (team_id, _name_key(candidate)) in taken:
            suffix = f" ({n})"
            candidate, n = name[: length - len(suffix)] + suffix, n + 1
        if unique:
            taken.add((team_id, _name_key(candidate)))
        conn.execute(
            sa.text(f"UPDATE {table} SET name = :name, name_key = :key WHERE id = :id"),
            {"name": candidate, "key": _name_key(candidate), "id": row_id},
        )


def upgrade():
    op.create_table('idempotency_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('response_status', sa.Integer(), nullable=True),
    sa.Column('location', sa.String(length=2000), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_idempotency_key_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_key')),
    sa.UniqueConstraint('key', name=op.f('uq_idempotency_key_key'))
    )
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_key_created_at'), ['created_at'], unique=False)

    # More than one Accountable in an area (left by races): the first keeps it, the others
    # become Responsible, so nobody loses their place in the area.
    op.execute(
        "UPDATE assignment SET role = 'R' WHERE role = 'A' AND id NOT IN "
        "(SELECT MIN(id) FROM assignment WHERE role = 'A' GROUP BY area_id)"
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('uq_assignment_one_accountable', ['area_id'], unique=True, sqlite_where=sa.text("role = 'A'"), postgresql_where=sa.text("role = 'A'"))

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=80), nullable=True))
    _backfill_name_keys('area', 80, covered="archived_at IS NULL")
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=80), nullable=False)
        batch_op.create_index('uq_area_team_name_key', ['team_id', 'name_key'], unique=True, sqlite_where=sa.text('archived_at IS NULL'), postgresql_where=sa.text('archived_at IS NULL'))

    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=60), nullable=True))
    _backfill_name_keys('skill', 60)
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=60), nullable=False)
        batch_op.create_unique_constraint('uq_skill_team_name_key', ['team_id', 'name_key'])


def downgrade():
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.drop_constraint('uq_skill_team_name_key', type_='unique')
        batch_op.drop_column('name_key')

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_index('uq_area_team_name_key', sqlite_where=sa.text('archived_at IS NULL'), postgresql_where=sa.text('archived_at IS NULL'))
        batch_op.drop_column('name_key')

    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('uq_assignment_one_accountable', sqlite_where=sa.text("role = 'A'"), postgresql_where=sa.text("role = 'A'"))

    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_key_created_at'))

    op.drop_table('idempotency_key')
