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
    op.create_table('spontaneous_quotas',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_spontaneous_quotas_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_spontaneous_quotas'))
    )
    op.create_table('spontaneous_latches',
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_spontaneous_latches_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['candidate_id'], ['users.id'], name=op.f('fk_spontaneous_latches_candidate_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('candidate_id', 'business_id', name=op.f('pk_spontaneous_latches'))
    )
    op.create_table('training_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('trades', sa.JSON(), nullable=False),
    sa.Column('diplomas', sa.JSON(), nullable=False),
    sa.Column('mentor_first_name', sa.String(length=80), nullable=False),
    sa.Column('mentor_role', sa.String(length=120), nullable=False),
    sa.Column('start_from', sa.Date(), nullable=True),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('accepting', sa.Boolean(), nullable=False),
    sa.Column('verified_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('verified_until', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_training_profiles_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_training_profiles_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_profiles')),
    sa.UniqueConstraint('business_id', name=op.f('uq_training_profiles_business_id'))
    )
    with op.batch_alter_table('training_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_profiles_verified_until'), ['verified_until'], unique=False)

    op.create_table('favourites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_favourites_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_favourites_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_favourites')),
    sa.UniqueConstraint('user_id', 'listing_id', name='uq_favourites_user_listing')
    )
    with op.batch_alter_table('favourites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_favourites_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_favourites_user_id'), ['user_id'], unique=False)

    op.create_table('spontaneous_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('trade', sa.String(length=40), nullable=False),
    sa.Column('diploma', sa.String(length=30), nullable=False),
    sa.Column('start_from', sa.Date(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('cv_file_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('received', 'viewed', 'interview', 'accepted', 'declined', 'withdrawn', name='applicationstatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status_changed_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('owner_read_id', sa.Integer(), nullable=False),
    sa.Column('applicant_read_id', sa.Integer(), nullable=False),
    sa.Column('anonymised_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_spontaneous_applications_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['candidate_id'], ['users.id'], name=op.f('fk_spontaneous_applications_candidate_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cv_file_id'], ['cv_files.id'], name=op.f('fk_spontaneous_applications_cv_file_id_cv_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_id'], ['listings.id'], name=op.f('fk_spontaneous_applications_offer_id_listings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spontaneous_applications'))
    )
    with op.batch_alter_table('spontaneous_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spontaneous_applications_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spontaneous_applications_status'), ['status'], unique=False)
        batch_op.create_index('ix_spontaneous_candidate_created', ['candidate_id', 'created_at'], unique=False)

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



def downgrade():
    with op.batch_alter_table('spontaneous_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spontaneous_messages_application_id'))

    op.drop_table('spontaneous_messages')
    with op.batch_alter_table('spontaneous_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_spontaneous_candidate_created')
        batch_op.drop_index(batch_op.f('ix_spontaneous_applications_status'))
        batch_op.drop_index(batch_op.f('ix_spontaneous_applications_business_id'))

    op.drop_table('spontaneous_applications')
    with op.batch_alter_table('favourites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_favourites_user_id'))
        batch_op.drop_index(batch_op.f('ix_favourites_listing_id'))

    op.drop_table('favourites')
    with op.batch_alter_table('training_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_profiles_verified_until'))

    op.drop_table('training_profiles')
    op.drop_table('spontaneous_latches')
    op.drop_table('spontaneous_quotas')
