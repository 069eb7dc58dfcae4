"""Diagnostic requests talk in the shared threads; diagnostic_messages moved there and dropped

Revision ID: c20e1b2c3d4e
Revises: c20d1b2c3d4e
Create Date: 2026-12-03 12:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'c20e1b2c3d4e'
down_revision = 'c20d1b2c3d4e'
branch_labels = None
depends_on = None


def _rows(connection, sql: str, **values) -> list:
    return [dict(row) for row in connection.execute(sa.text(sql), values).mappings().all()]


def upgrade():
    connection = op.get_bind()
    messages = _rows(connection, "SELECT request_id, author_id, from_chamber, body, created_at "
                                 "FROM diagnostic_messages ORDER BY id")
    by_request: dict[int, list] = {}
    for row in messages:
        by_request.setdefault(row["request_id"], []).append(row)
    for request_id, rows in by_request.items():
        # The old messages had no read marks, and each was mailed when written: both sides have read them and been
        # told, so `flask messages notify` mails only what is written from now on.
        last_at = rows[-1]["created_at"]
        connection.execute(sa.text(
            "INSERT INTO threads (diagnostic_id, created_at, applicant_read_id, owner_read_id, "
            "applicant_noticed_at, owner_noticed_at) VALUES (:id, :at, 0, 0, :last, :last)"),
            {"id": request_id, "at": rows[0]["created_at"], "last": last_at})
        thread_id = connection.execute(sa.text("SELECT id FROM threads WHERE diagnostic_id = :id"),
                                       {"id": request_id}).scalar_one()
        for row in rows:
            connection.execute(sa.text(
                "INSERT INTO messages (thread_id, side, author_id, body, created_at) "
                "VALUES (:thread, :side, :author, :body, :at)"),
                {"thread": thread_id, "side": "owner" if row["from_chamber"] else "applicant",
                 "author": row["author_id"], "body": row["body"], "at": row["created_at"]})
        connection.execute(sa.text(
            "UPDATE threads SET owner_read_id = (SELECT MAX(id) FROM messages WHERE thread_id = :thread), "
            "applicant_read_id = (SELECT MAX(id) FROM messages WHERE thread_id = :thread) WHERE id = :thread"),
            {"thread": thread_id})
    with op.batch_alter_table('diagnostic_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diagnostic_messages_request_id'))
    op.drop_table('diagnostic_messages')


def downgrade():
    connection = op.get_bind()
    op.create_table('diagnostic_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_chamber', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_diagnostic_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['diagnostic_requests.id'], name=op.f('fk_diagnostic_messages_request_id_diagnostic_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnostic_messages'))
    )
    with op.batch_alter_table('diagnostic_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diagnostic_messages_request_id'), ['request_id'], unique=False)
    # Passerelle's own lines (side « platform ») have no place in the old table and are left out.
    connection.execute(sa.text(
        "INSERT INTO diagnostic_messages (request_id, author_id, from_chamber, body, created_at) "
        "SELECT t.diagnostic_id, m.author_id, m.side = 'owner', m.body, m.created_at "
        "FROM messages m JOIN threads t ON t.id = m.thread_id "
        "WHERE t.diagnostic_id IS NOT NULL AND m.side IN ('owner', 'applicant') ORDER BY m.id"))
    connection.execute(sa.text("DELETE FROM messages WHERE thread_id IN "
                               "(SELECT id FROM threads WHERE diagnostic_id IS NOT NULL)"))
    connection.execute(sa.text("DELETE FROM threads WHERE diagnostic_id IS NOT NULL"))
