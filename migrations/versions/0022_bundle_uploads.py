"""bundle uploads: team bundles kept between their dry run and the confirm

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 02:58:00.000000

"""
from alembic import op
import sqlalchemy as sa

import plplan.models  # noqa: F401  (column types used below)


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bundle_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', plplan.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_bundle_upload_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundle_upload')),
    sa.UniqueConstraint('user_id', 'digest', name=op.f('uq_bundle_upload_user_id'))
    )
    with op.batch_alter_table('bundle_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bundle_upload_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('bundle_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bundle_upload_created_at'))

    op.drop_table('bundle_upload')
