"""appraisal: honours, disciplinary records and post-evaluation actions (the personnel file).
Every foreign key and filter / sort column indexed.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _audited():
    return [sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=True),
            sa.Column('created_by_id', sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], )]


def _indexes(table, columns, extra=()):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for col in columns:
            batch_op.create_index(batch_op.f(f'ix_{table}_{col}'), [col], unique=False)
        for name, cols in extra:
            batch_op.create_index(name, cols, unique=False)


def upgrade():
    op.create_table('honour',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=32), nullable=False),
    sa.Column('awarded_on', sa.Date(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('certificate', sa.String(length=100), nullable=True),
    *_audited(),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['cycle_id'], ['appraisal_cycle.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    _indexes('honour', ['employee_id', 'department_id', 'awarded_on', 'cycle_id',
                        'created_by_id'],
             [('ix_honour_employee_awarded', ['employee_id', 'awarded_on'])])

    op.create_table('discipline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('offence', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('penalty', sa.String(length=16), nullable=False),
    sa.Column('fine_amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('approver_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    *_audited(),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['approver_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    _indexes('discipline', ['employee_id', 'department_id', 'occurred_on', 'status',
                            'approver_id', 'created_by_id'],
             [('ix_discipline_employee_occurred', ['employee_id', 'occurred_on'])])

    op.create_table('appraisal_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('after_action_id', sa.Integer(), nullable=True),
    *_audited(),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['after_action_id'], ['appraisal_action.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    _indexes('appraisal_action', ['appraisal_id', 'employee_id', 'department_id',
                                  'decided_on', 'after_action_id', 'created_by_id'],
             [('ix_appraisal_action_employee_kind', ['employee_id', 'kind'])])


def downgrade():
    for table in ('appraisal_action', 'discipline', 'honour'):
        op.drop_table(table)
