"""Training businesses, spontaneous applications and favourites (issue 16)

Revision ID: b16e0a1c2d3f
Revises: a9d4c2e7f1b3
Create Date: 2026-12-02 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'b16e0a1c2d3f'
down_revision = 'a9d4c2e7f1b3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
