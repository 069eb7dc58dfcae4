"""arrondissement in lowercase in stored commune names ("Lyon 3e Arrondissement" becomes "Lyon 3e arrondissement")

Revision ID: ccc83602eb5d
Revises: d2a9e47b1c35
Create Date: 2026-12-02 02:50:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'ccc83602eb5d'
down_revision = 'd2a9e47b1c35'
branch_labels = None
depends_on = None

TABLES = ("businesses", "candidate_profiles")


def _replace(old, new):
    for table in TABLES:
        # REPLACE() exists in both SQLite and PostgreSQL; the search index follows with `flask search reindex`.
        op.execute(f"UPDATE {table} SET commune_name = REPLACE(commune_name, '{old}', '{new}') "
                   f"WHERE commune_name LIKE '%{old}%'")


def upgrade():
    _replace(" Arrondissement", " arrondissement")


def downgrade():
    _replace(" arrondissement", " Arrondissement")
