"""Spontaneous applications talk in the shared threads; spontaneous_messages moved there and dropped

Revision ID: c20b1b2c3d4e
Revises: c20a1b2c3d4e
Create Date: 2026-12-02 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'c20b1b2c3d4e'
down_revision = 'c20a1b2c3d4e'
branch_labels = None
depends_on = None


def _rows(connection, sql: str, **values) -> list:
    return [dict(row) for row in connection.execute(sa.text(sql), values).mappings().all()]


def upgrade():
    connection = op.get_bind()
    # Read everything first: on SQLite, batch_alter_table copies spontaneous_applications and drops the old table,
    # which (foreign keys on) deletes the rows of every table that cascades from it.
    applications = _rows(connection, "SELECT id, message, created_at, owner_read_id, applicant_read_id "
                                     "FROM spontaneous_applications ORDER BY id")
    messages = _rows(connection, "SELECT id, application_id, side, author_id, body, created_at "
                                 "FROM spontaneous_messages ORDER BY id")
    with op.batch_alter_table('spontaneous_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spontaneous_messages_application_id'))
    op.drop_table('spontaneous_messages')
    with op.batch_alter_table('spontaneous_applications', schema=None) as batch_op:
        batch_op.drop_column('applicant_read_id')
        batch_op.drop_column('owner_read_id')

    for application in applications:
        rows = [row for row in messages if row["application_id"] == application["id"]]
        # The first message repeated the application's own message, which stays on the application (as an
        # application's does): the thread starts with the answers.
        if rows and rows[0]["side"] == "applicant" and rows[0]["body"] == application["message"]:
            rows = rows[1:]
        if not rows:
            continue
        # Noticed at the last old message: `flask messages notify` mails only what is written from now on.
        last_at = rows[-1]["created_at"]
        connection.execute(sa.text(
            "INSERT INTO threads (spontaneous_id, created_at, applicant_read_id, owner_read_id, "
            "applicant_noticed_at, owner_noticed_at) VALUES (:id, :at, 0, 0, :last, :last)"),
            {"id": application["id"], "at": application["created_at"], "last": last_at})
        thread_id = connection.execute(sa.text("SELECT id FROM threads WHERE spontaneous_id = :id"),
                                       {"id": application["id"]}).scalar_one()
        read = {"owner": 0, "applicant": 0}
        for row in rows:
            connection.execute(sa.text(
                "INSERT INTO messages (thread_id, side, author_id, body, created_at) "
                "VALUES (:thread, :side, :author, :body, :at)"),
                {"thread": thread_id, "side": row["side"], "author": row["author_id"], "body": row["body"],
                 "at": row["created_at"]})
            new_id = connection.execute(sa.text("SELECT MAX(id) FROM messages WHERE thread_id = :thread"),
                                        {"thread": thread_id}).scalar_one()
            for side in read:
                if row["id"] <= application[f"{side}_read_id"]:
                    read[side] = new_id
        connection.execute(sa.text(
            "UPDATE threads SET owner_read_id = :owner, applicant_read_id = :applicant WHERE id = :thread"),
            {**read, "thread": thread_id})


def downgrade():
    connection = op.get_bind()
    applications = _rows(connection, "SELECT id, candidate_id, message, created_at FROM spontaneous_applications "
                                     "ORDER BY id")
    threads = {row["spontaneous_id"]: row for row in _rows(
        connection, "SELECT id, spontaneous_id, owner_read_id, applicant_read_id FROM threads "
                    "WHERE spontaneous_id IS NOT NULL")}
    messages = _rows(connection, "SELECT m.id, t.spontaneous_id, m.side, m.author_id, m.body, m.created_at "
                                 "FROM messages m JOIN threads t ON t.id = m.thread_id "
                                 "WHERE t.spontaneous_id IS NOT NULL ORDER BY m.id")
    connection.execute(sa.text("DELETE FROM messages WHERE thread_id IN "
                               "(SELECT id FROM threads WHERE spontaneous_id IS NOT NULL)"))
    connection.execute(sa.text("DELETE FROM threads WHERE spontaneous_id IS NOT NULL"))
    with op.batch_alter_table('spontaneous_applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_read_id', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('applicant_read_id', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('spontaneous_applications', schema=None) as batch_op:
        batch_op.alter_column('owner_read_id', server_default=None)
        batch_op.alter_column('applicant_read_id', server_default=None)
    op.create_table('spontaneous_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('applicant', 'owner', 'platform', name='side', native_enum=False, length=10), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['spontaneous_applications.id'], name=op.f('fk_spontaneous_messages_application_id_spontaneous_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_spontaneous_messages_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spontaneous_messages'))
    )
    with op.batch_alter_table('spontaneous_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spontaneous_messages_application_id'), ['application_id'], unique=False)

    insert = sa.text("INSERT INTO spontaneous_messages (application_id, side, author_id, body, created_at) "
                     "VALUES (:id, :side, :author, :body, :at)")
    for application in applications:
        connection.execute(insert, {"id": application["id"], "side": "applicant",
                                    "author": application["candidate_id"], "body": application["message"],
                                    "at": application["created_at"]})
        thread = threads.get(application["id"])
        if thread is None:
            continue
        read = {"owner": 0, "applicant": 0}
        for row in (row for row in messages if row["spontaneous_id"] == application["id"]):
            connection.execute(insert, {"id": application["id"], "side": row["side"], "author": row["author_id"],
                                        "body": row["body"], "at": row["created_at"]})
            old_id = connection.execute(sa.text(
                "SELECT MAX(id) FROM spontaneous_messages WHERE application_id = :id"),
                {"id": application["id"]}).scalar_one()
            for side in read:
                if row["id"] <= thread[f"{side}_read_id"]:
                    read[side] = old_id
        connection.execute(sa.text(
            "UPDATE spontaneous_applications SET owner_read_id = :owner, applicant_read_id = :applicant "
            "WHERE id = :id"), {**read, "id": application["id"]})
