"""conversations, interviews, business claims, delivery of applications

Revision ID: d67f5dc827c4
Revises: ccc83602eb5d
Create Date: 2026-12-02 05:10:33.781649

Threads and messages for applications and proposals, interview proposals and their slots, claims on businesses,
the business's known address and phone, who received each application or proposal, and mail attachments (.ics).

"""
from alembic import op
import sqlalchemy as sa

import app.models.types


# revision identifiers, used by Alembic.
revision = 'd67f5dc827c4'
down_revision = 'ccc83602eb5d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('business_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.Enum('code', 'review', name='claimmethod', native_enum=False, length=10), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'rejected', 'cancelled', name='claimstatus', native_enum=False, length=10), nullable=False),
    sa.Column('code_hash', sa.String(length=255), nullable=True),
    sa.Column('code_sent_to', sa.String(length=254), nullable=True),
    sa.Column('code_expires_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_business_claims_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_business_claims_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_business_claims_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_claims'))
    )
    with op.batch_alter_table('business_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_claims_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_claims_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_claims_user_id'), ['user_id'], unique=False)

    op.create_table('interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'accepted', 'declined', 'countered', 'cancelled', name='interviewstatus', native_enum=False, length=12), nullable=False),
    sa.Column('mode', sa.Enum('on_site', 'phone', 'video', name='interviewmode', native_enum=False, length=10), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('chosen_slot_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reminder_sent_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_interviews_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_interviews_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews'))
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_status'), ['status'], unique=False)

    op.create_table('threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('interest_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('applicant_read_id', sa.Integer(), nullable=False),
    sa.Column('owner_read_id', sa.Integer(), nullable=False),
    sa.Column('applicant_noticed_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('owner_noticed_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(application_id IS NULL) <> (interest_id IS NULL)', name=op.f('ck_threads_one_subject')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_threads_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interest_id'], ['interests.id'], name=op.f('fk_threads_interest_id_interests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_threads')),
    sa.UniqueConstraint('application_id', name=op.f('uq_threads_application_id')),
    sa.UniqueConstraint('interest_id', name=op.f('uq_threads_interest_id'))
    )
    op.create_table('interview_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_interview_slots_interview_id_interviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_slots'))
    )
    with op.batch_alter_table('interview_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_slots_interview_id'), ['interview_id'], unique=False)
    # The chosen slot refers to a table created after interviews: its key is added once both exist.
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_interviews_chosen_slot', 'interview_slots', ['chosen_slot_id'], ['id'],
                                    ondelete='SET NULL')

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('applicant', 'owner', 'platform', name='side', native_enum=False, length=10), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_email', sa.String(length=254), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reported_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('report_comment', sa.Text(), nullable=True),
    sa.Column('report_closed_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('report_closed_by_id', sa.Integer(), nullable=True),
    sa.Column('hidden_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('erased_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_closed_by_id'], ['users.id'], name=op.f('fk_messages_report_closed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_messages_reported_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_messages_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_reported_at'), ['reported_at'], unique=False)
        batch_op.create_index('ix_messages_thread_id_id', ['thread_id', 'id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('forwarded_at', app.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('forwarded_to', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('forwarded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_applications_forwarded_by_id_users'), 'users', ['forwarded_by_id'], ['id'], ondelete='SET NULL')

    for table in ('application_events', 'interest_events'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('by_email', sa.String(length=254), nullable=True))

    with op.batch_alter_table('businesses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=30), nullable=True))

    with op.batch_alter_table('interests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('forwarded_at', app.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('forwarded_to', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('forwarded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_interests_forwarded_by_id_users'), 'users', ['forwarded_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachments', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_column('attachments')

    with op.batch_alter_table('interests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_interests_forwarded_by_id_users'), type_='foreignkey')
        batch_op.drop_column('forwarded_by_id')
        batch_op.drop_column('forwarded_to')
        batch_op.drop_column('forwarded_at')
        batch_op.drop_column('delivery')

    for table in ('application_events', 'interest_events'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('by_email')

    with op.batch_alter_table('businesses', schema=None) as batch_op:
        batch_op.drop_column('phone')
        batch_op.drop_column('email')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_applications_forwarded_by_id_users'), type_='foreignkey')
        batch_op.drop_column('forwarded_by_id')
        batch_op.drop_column('forwarded_to')
        batch_op.drop_column('forwarded_at')
        batch_op.drop_column('delivery')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_thread_id_id')
        batch_op.drop_index(batch_op.f('ix_messages_reported_at'))
        batch_op.drop_index(batch_op.f('ix_messages_author_id'))

    op.drop_table('messages')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_constraint('fk_interviews_chosen_slot', type_='foreignkey')
    with op.batch_alter_table('interview_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_slots_interview_id'))

    op.drop_table('interview_slots')
    op.drop_table('threads')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviews_status'))
        batch_op.drop_index(batch_op.f('ix_interviews_application_id'))

    op.drop_table('interviews')
    with op.batch_alter_table('business_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_claims_user_id'))
        batch_op.drop_index(batch_op.f('ix_business_claims_status'))
        batch_op.drop_index(batch_op.f('ix_business_claims_business_id'))

    op.drop_table('business_claims')
