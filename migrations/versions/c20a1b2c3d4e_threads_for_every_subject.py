"""Threads for every conversation subject: spontaneous applications and diagnostic requests

Revision ID: c20a1b2c3d4e
Revises: b18c2a3d4e5f
Create Date: 2026-12-02 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


import app.models.types

# Exactly one subject per thread (written out: a migration must not follow later model changes).
ONE_SUBJECT = ('(CASE WHEN application_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN interest_id IS NULL THEN 0 ELSE 1 END)'
               ' + (CASE WHEN spontaneous_id IS NULL THEN 0 ELSE 1 END)'
               ' + (CASE WHEN diagnostic_id IS NULL THEN 0 ELSE 1 END) = 1')


# revision identifiers, used by Alembic.
revision = 'c20a1b2c3d4e'
down_revision = 'b18c2a3d4e5f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('spontaneous_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('diagnostic_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_threads_spontaneous_id'), ['spontaneous_id'])
        batch_op.create_unique_constraint(batch_op.f('uq_threads_diagnostic_id'), ['diagnostic_id'])
        batch_op.create_foreign_key(batch_op.f('fk_threads_spontaneous_id_spontaneous_applications'),
                                    'spontaneous_applications', ['spontaneous_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_threads_diagnostic_id_diagnostic_requests'),
                                    'diagnostic_requests', ['diagnostic_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_threads_one_subject'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_threads_one_subject'), ONE_SUBJECT)


def downgrade():
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_threads_one_subject'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_threads_one_subject'),
                                         '(application_id IS NULL) <> (interest_id IS NULL)')
        batch_op.drop_constraint(batch_op.f('fk_threads_diagnostic_id_diagnostic_requests'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_threads_spontaneous_id_spontaneous_applications'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_threads_diagnostic_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_threads_spontaneous_id'), type_='unique')
        batch_op.drop_column('diagnostic_id')
        batch_op.drop_column('spontaneous_id')
