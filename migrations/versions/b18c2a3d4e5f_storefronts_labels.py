"""Storefronts: photos, opening hours, labels declared and verified, digital basics (issue 18)

Revision ID: b18c2a3d4e5f
Revises: b17d1a2c3e4f
Create Date: 2026-12-02 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types


# revision identifiers, used by Alembic.
revision = 'b18c2a3d4e5f'
down_revision = 'b17d1a2c3e4f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('businesses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_phone', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('offerings', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('areas_served', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('shop_url', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('booking_url', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('reviews_url', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('opening_hours', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('businesses', schema=None) as batch_op:
        batch_op.alter_column('offerings', server_default=None)
        batch_op.alter_column('areas_served', server_default=None)
        batch_op.alter_column('opening_hours', server_default=None)

    op.create_table('business_photos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('business_id', sa.Integer(), nullable=False),
        sa.Column('image_name', sa.String(length=64), nullable=False),
        sa.Column('alt', sa.String(length=200), nullable=False),
        sa.Column('created_at', app.models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('business_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_photos_business_id'), ['business_id'], unique=False)

    op.create_table('business_closures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('business_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.CheckConstraint('ends_on >= starts_on', name='closure_order'),
        sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('business_closures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_closures_business_id'), ['business_id'], unique=False)

    op.create_table('business_labels',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('business_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('status', sa.Enum('declared', 'verified', 'refused', name='labelstatus', native_enum=False,
                                    length=10), nullable=False),
        sa.Column('proof_name', sa.String(length=64), nullable=True),
        sa.Column('declared_at', app.models.types.UTCDateTime(), nullable=False),
        sa.Column('verified_at', app.models.types.UTCDateTime(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('expires_on', sa.Date(), nullable=True),
        sa.Column('expiry_warned_at', app.models.types.UTCDateTime(), nullable=True),
        sa.Column('refusal_reason', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('business_id', 'code', name='one_label_per_business')
    )
    with op.batch_alter_table('business_labels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_labels_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_labels_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('business_labels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_labels_status'))
        batch_op.drop_index(batch_op.f('ix_business_labels_business_id'))
    op.drop_table('business_labels')
    with op.batch_alter_table('business_closures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_closures_business_id'))
    op.drop_table('business_closures')
    with op.batch_alter_table('business_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_photos_business_id'))
    op.drop_table('business_photos')
    with op.batch_alter_table('businesses', schema=None) as batch_op:
        for column in ('opening_hours', 'reviews_url', 'booking_url', 'shop_url', 'areas_served', 'offerings',
                       'public_phone'):
            batch_op.drop_column(column)
