"""users.inactivity_warned_at: when an inactive account was warned that it will be deleted (cleared at sign-in)

Revision ID: a9d4c2e7f1b3
Revises: f3b8d1c6a2e9
Create Date: 2026-12-02 07:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'a9d4c2e7f1b3'
down_revision = 'f3b8d1c6a2e9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inactivity_warned_at', app.models.types.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('inactivity_warned_at')
