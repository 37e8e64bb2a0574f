"""routines, body weight log and the routine a workout came from

Hand-built session templates (routines and their exercises, kept apart from generated
programs, optionally scheduled on weekdays), one body weight reading per day, and the
routine a logged workout was started from.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import alloy_desktop.store.types


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('routines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('weekdays', sa.JSON(), nullable=False),
    sa.Column('scheduled_since', sa.Date(), nullable=True),
    sa.Column('created_at', alloy_desktop.store.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', alloy_desktop.store.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('length(name) >= 1', name=op.f('ck_routines_name_not_blank')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_routines_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routines'))
    )
    with op.batch_alter_table('routines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routines_user_id'), ['user_id'], unique=False)

    op.create_table('routine_exercises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('sets', sa.Integer(), nullable=False),
    sa.Column('reps', sa.Integer(), nullable=False),
    sa.Column('reps_max', sa.Integer(), nullable=True),
    sa.Column('rpe', sa.Float(), nullable=True),
    sa.Column('load_kg', sa.Float(), nullable=True),
    sa.Column('rest_seconds', sa.Integer(), nullable=False),
    sa.Column('superset_group', sa.Integer(), nullable=True),
    sa.Column('notes', sa.String(length=255), nullable=False),
    sa.CheckConstraint('sets >= 1 AND sets <= 20', name=op.f('ck_routine_exercises_sets_range')),
    sa.CheckConstraint('reps >= 1', name=op.f('ck_routine_exercises_reps_positive')),
    sa.CheckConstraint('reps_max IS NULL OR reps_max >= reps', name=op.f('ck_routine_exercises_reps_max_at_least_reps')),
    sa.CheckConstraint('rpe IS NULL OR (rpe >= 1 AND rpe <= 10)', name=op.f('ck_routine_exercises_rpe_range')),
    sa.CheckConstraint('load_kg IS NULL OR load_kg >= 0', name=op.f('ck_routine_exercises_load_non_negative')),
    sa.CheckConstraint('rest_seconds >= 0 AND rest_seconds <= 3600', name=op.f('ck_routine_exercises_rest_range')),
    sa.CheckConstraint('position >= 1', name=op.f('ck_routine_exercises_position_positive')),
    sa.ForeignKeyConstraint(['movement_id'], ['movements.id'], name=op.f('fk_routine_exercises_movement_id_movements'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['routine_id'], ['routines.id'], name=op.f('fk_routine_exercises_routine_id_routines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routine_exercises')),
    sa.UniqueConstraint('routine_id', 'position', name=op.f('uq_routine_exercises_routine_id_position'))
    )
    with op.batch_alter_table('routine_exercises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routine_exercises_routine_id'), ['routine_id'], unique=False)

    op.create_table('body_weight_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('weight_kg', sa.Float(), nullable=False),
    sa.Column('created_at', alloy_desktop.store.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('weight_kg > 0', name=op.f('ck_body_weight_logs_weight_positive')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_body_weight_logs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_weight_logs')),
    sa.UniqueConstraint('user_id', 'day', name=op.f('uq_body_weight_logs_user_id_day'))
    )

    with op.batch_alter_table('workout_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('routine_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_workout_logs_routine_id'), ['routine_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_workout_logs_routine_id_routines'), 'routines', ['routine_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('workout_logs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_workout_logs_routine_id_routines'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_workout_logs_routine_id'))
        batch_op.drop_column('routine_id')

    op.drop_table('body_weight_logs')

    with op.batch_alter_table('routine_exercises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routine_exercises_routine_id'))

    op.drop_table('routine_exercises')

    with op.batch_alter_table('routines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routines_user_id'))

    op.drop_table('routines')
