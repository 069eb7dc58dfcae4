"""an apprenticeship adapted to RQTH may last up to 48 months: the listings' duration check allows 6 to 48

Code du travail, art. R6222-46. The rule « 36 months unless RQTH » lives in app/services/listings/fields.py; the
database only keeps the outer bounds.

Revision ID: f3b8d1c6a2e9
Revises: e4c1a7b9d2f3
Create Date: 2026-12-02 07:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f3b8d1c6a2e9'
down_revision = 'e4c1a7b9d2f3'
branch_labels = None
depends_on = None

NAME = 'ck_listings_duration_range'


def _bounds(high):
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_='check')
        batch_op.create_check_constraint(
            op.f(NAME), f"duration_months IS NULL OR (duration_months BETWEEN 6 AND {high})")


def upgrade():
    _bounds(48)


def downgrade():
    op.execute("UPDATE listings SET duration_months = 36 WHERE duration_months > 36")
    _bounds(36)
