"""outgoing mail: a sender's lease (claimed_until), sent_at set only after the server accepted the message

Revision ID: b7d41c2e9a10
Revises: 3ded2fe3054d
Create Date: 2026-12-02 01:55:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.models.types


# revision identifiers, used by Alembic.
revision = 'b7d41c2e9a10'
down_revision = '3ded2fe3054d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_until', app.models.types.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
