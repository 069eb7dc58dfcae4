"""Storefronts: photos, opening hours, labels declared and verified, digital basics (issue 18)

Revision ID: b18c2a3d4e5f
Revises: b17d1a2c3e4f
Create Date: 2026-12-02 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'b18c2a3d4e5f'
down_revision = 'b17d1a2c3e4f'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
