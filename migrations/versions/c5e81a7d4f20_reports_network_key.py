"""reports: network_key, a keyed hash of the reporter's network (reports from one network count once)

Revision ID: c5e81a7d4f20
Revises: b7d41c2e9a10
Create Date: 2026-12-02 02:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e81a7d4f20'
down_revision = 'b7d41c2e9a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network_key', sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('network_key')
