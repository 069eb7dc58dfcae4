"""the mention complémentaire (MC) becomes the certificat de spécialisation (CS): offers and candidate profiles

The diploma columns are VARCHAR (non-native enums), so this is a data UPDATE. Each migrated listing gets a
search-outbox row in the same transaction, so that every node's search index follows at its next drain (and
`flask search reindex`, which `make run` runs anyway, rebuilds it from the database).

Revision ID: e4c1a7b9d2f3
Revises: d67f5dc827c4
Create Date: 2026-12-02 06:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4c1a7b9d2f3'
down_revision = 'd67f5dc827c4'
branch_labels = None
depends_on = None


def _rename(old, new):
    op.execute(sa.text("INSERT INTO search_outbox (listing_id, kind, created_at) "
                       "SELECT id, type, CURRENT_TIMESTAMP FROM listings WHERE diploma = :old").bindparams(old=old))
    for table in ("listings", "candidate_profiles"):
        op.execute(sa.text(f"UPDATE {table} SET diploma = :new WHERE diploma = :old").bindparams(old=old, new=new))


def upgrade():
    _rename("MC", "CS")


def downgrade():
    _rename("CS", "MC")
