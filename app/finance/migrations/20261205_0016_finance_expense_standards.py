"""finance: expense standards (費用標準) and the claim's over-standard mark

The expense_standard table (category limit per claim or per person and month, scoped to a
department / position / role kind, naming the extra approver); on expense, the standard a
claim is over and the note shown on it; an index for contract income per department and
date. Written by hand.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'expense_standard',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=32), nullable=False),
        sa.Column('basis', sa.String(length=16), nullable=False),
        sa.Column('limit', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('position_id', sa.Integer(), nullable=True),
        sa.Column('role_kind', sa.String(length=32), nullable=True),
        sa.Column('approver_kind', sa.String(length=32), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['category'], ['expense_category.code'],
                                name='fk_expense_standard_category'),
        sa.ForeignKeyConstraint(['department_id'], ['department.id'],
                                name='fk_expense_standard_department_id'),
        sa.ForeignKeyConstraint(['position_id'], ['position.id'],
                                name='fk_expense_standard_position_id'),
        sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'],
                                name='fk_expense_standard_created_by_id'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('expense_standard', schema=None) as batch_op:
        batch_op.create_index('ix_expense_standard_category', ['category'], unique=False)
        batch_op.create_index('ix_expense_standard_department_id', ['department_id'],
                              unique=False)
        batch_op.create_index('ix_expense_standard_position_id', ['position_id'],
                              unique=False)
        batch_op.create_index('ix_expense_standard_created_by_id', ['created_by_id'],
                              unique=False)

    with op.batch_alter_table('expense', schema=None) as batch_op:
        batch_op.add_column(sa.Column('standard_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('standard_note', sa.Text(), nullable=True))
        batch_op.create_index('ix_expense_standard_id', ['standard_id'], unique=False)
        batch_op.create_foreign_key('fk_expense_standard_id', 'expense_standard',
                                    ['standard_id'], ['id'])
    # Contract income against a budget's income lines (app/finance/budgets.py).
    op.create_index('ix_payment_income', 'payment', ['department_id', 'paid_on'],
                    unique=False, postgresql_include=['amount'])


def downgrade():
    op.drop_index('ix_payment_income', table_name='payment')
    with op.batch_alter_table('expense', schema=None) as batch_op:
        batch_op.drop_constraint('fk_expense_standard_id', type_='foreignkey')
        batch_op.drop_index('ix_expense_standard_id')
        batch_op.drop_column('standard_note')
        batch_op.drop_column('standard_id')
    with op.batch_alter_table('expense_standard', schema=None) as batch_op:
        batch_op.drop_index('ix_expense_standard_created_by_id')
        batch_op.drop_index('ix_expense_standard_position_id')
        batch_op.drop_index('ix_expense_standard_department_id')
        batch_op.drop_index('ix_expense_standard_category')
    op.drop_table('expense_standard')
