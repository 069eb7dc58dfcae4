"""Relaunch diagnostic: self-assessments, action plans, diagnostic requests and their follow-up (issue 17)

Revision ID: b17d1a2c3e4f
Revises: b16e0a1c2d3f
Create Date: 2026-12-02 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'b17d1a2c3e4f'
down_revision = 'b16e0a1c2d3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('diagnostic_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.SmallInteger(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('started_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('simulator_seen_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_diagnostic_assessments_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_diagnostic_assessments_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnostic_assessments'))
    )
    with op.batch_alter_table('diagnostic_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diagnostic_assessments_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_diagnostic_assessments_user_id'), ['user_id'], unique=False)

    op.create_table('diagnostic_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('departement', sa.String(length=3), nullable=False),
    sa.Column('need', sa.Text(), nullable=False),
    sa.Column('contact_times', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('status', sa.Enum('new', 'taken', 'appointment', 'plan_delivered', 'closed', name='requeststatus', native_enum=False, length=20), nullable=False),
    sa.Column('outcome', sa.Enum('support', 'partner', 'advice', 'unreachable', 'dropped', name='outcome', native_enum=False, length=20), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('taken_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('appointment_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('plan_delivered_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_contact_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('satisfaction', sa.SmallInteger(), nullable=True),
    sa.Column('satisfaction_comment', sa.Text(), nullable=True),
    sa.Column('satisfaction_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['diagnostic_assessments.id'], name=op.f('fk_diagnostic_requests_assessment_id_diagnostic_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_diagnostic_requests_assignee_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_diagnostic_requests_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_diagnostic_requests_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnostic_requests'))
    )
    with op.batch_alter_table('diagnostic_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diagnostic_requests_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_diagnostic_requests_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_diagnostic_requests_departement'), ['departement'], unique=False)
        batch_op.create_index(batch_op.f('ix_diagnostic_requests_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_diagnostic_requests_user_id'), ['user_id'], unique=False)

    for table in ('diagnostic_notes', 'diagnostic_messages'):
        columns = [sa.Column('id', sa.Integer(), nullable=False),
                   sa.Column('request_id', sa.Integer(), nullable=False),
                   sa.Column('author_id', sa.Integer(), nullable=True)]
        if table == 'diagnostic_messages':
            columns.append(sa.Column('from_chamber', sa.Boolean(), nullable=False))
        op.create_table(table, *columns,
            sa.Column('body', sa.Text(), nullable=False),
            sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f(f'fk_{table}_author_id_users'), ondelete='SET NULL'),
            sa.ForeignKeyConstraint(['request_id'], ['diagnostic_requests.id'], name=op.f(f'fk_{table}_request_id_diagnostic_requests'), ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}'))
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_request_id'), ['request_id'], unique=False)


def downgrade():
    for table in ('diagnostic_messages', 'diagnostic_notes'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_request_id'))
        op.drop_table(table)
    with op.batch_alter_table('diagnostic_requests', schema=None) as batch_op:
        for column in ('user_id', 'status', 'departement', 'business_id', 'assignee_id'):
            batch_op.drop_index(batch_op.f(f'ix_diagnostic_requests_{column}'))
    op.drop_table('diagnostic_requests')
    with op.batch_alter_table('diagnostic_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diagnostic_assessments_user_id'))
        batch_op.drop_index(batch_op.f('ix_diagnostic_assessments_business_id'))
    op.drop_table('diagnostic_assessments')
