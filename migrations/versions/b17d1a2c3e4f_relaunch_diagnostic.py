"""Relaunch diagnostic: self-assessments, action plans, diagnostic requests and their follow-up (issue 17)

Revision ID: b17d1a2c3e4f
Revises: b16e0a1c2d3f
Create Date: 2026-12-02 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'b17d1a2c3e4f'
down_revision = 'b16e0a1c2d3f'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
