"""Threads for every conversation subject: spontaneous applications and diagnostic requests

Revision ID: c20a1b2c3d4e
Revises: b18c2a3d4e5f
Create Date: 2026-12-02 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'c20a1b2c3d4e'
down_revision = 'b18c2a3d4e5f'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
