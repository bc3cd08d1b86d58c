"""one-pager fits: the fit found for a one-pager's content and its PDF, for every worker

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import plplan.models  # noqa: F401  (column types used below)


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('one_pager_fit',
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('density', sa.Integer(), nullable=False),
    sa.Column('max_items', sa.Integer(), nullable=True),
    sa.Column('max_chars', sa.Integer(), nullable=True),
    sa.Column('fits_one_page', sa.Boolean(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('content_hash', name=op.f('pk_one_pager_fit'))
    )


def downgrade():
    op.drop_table('one_pager_fit')
