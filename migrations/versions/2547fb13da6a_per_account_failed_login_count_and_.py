"""per-account failed login count and lockout

Revision ID: 2547fb13da6a
Revises: c5e81a7d4f20
Create Date: 2026-12-02 01:48:13.194981

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = '2547fb13da6a'
down_revision = 'c5e81a7d4f20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_login_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', app.models.types.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_login_count')
