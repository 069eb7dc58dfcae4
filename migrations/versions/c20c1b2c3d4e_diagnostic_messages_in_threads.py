"""Placeholder (empty): the diagnostic messages moved into the shared threads in c20e1b2c3d4e

Revision ID: c20c1b2c3d4e
Revises: c20b1b2c3d4e
Create Date: 2026-12-02 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'c20c1b2c3d4e'
down_revision = 'c20b1b2c3d4e'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
