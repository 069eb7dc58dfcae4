"""used form tokens (a listing form posted twice creates one listing)

Revision ID: d2a9e47b1c35
Revises: 2547fb13da6a
Create Date: 2026-12-02 02:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.models.types


# revision identifiers, used by Alembic.
revision = 'd2a9e47b1c35'
down_revision = '2547fb13da6a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('used_form_tokens',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('used_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_used_form_tokens'))
    )


def downgrade():
    op.drop_table('used_form_tokens')
