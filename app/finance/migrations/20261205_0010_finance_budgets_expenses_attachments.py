"""finance: budgets, expense claims; core attachments

Expense categories, budgets (versioned lines, adjustments), expense claims, service contracts
and payments, and the core
attachments table (receipts). Every foreign key and filter / sort column indexed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 02:15:34.808079

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_attachment_record', ['resource', 'record_id', 'id'], unique=False)

    op.create_table('expense_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('control', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('expense_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expense_category_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('budget',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'department_id', name='uq_budget_year_dept')
    )
    with op.batch_alter_table('budget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_status'), ['status'], unique=False)
        batch_op.create_index('ix_budget_year_status', ['year', 'status'], unique=False)

    op.create_table('budget_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('from_version', sa.Integer(), nullable=True),
    sa.Column('to_version', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['budget_id'], ['budget.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('budget_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_adjustment_budget_id'), ['budget_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_adjustment_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_adjustment_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_adjustment_status'), ['status'], unique=False)

    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('overrun_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['budget_id'], ['budget.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category'], ['expense_category.code'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index('ix_budget_line_budget_version', ['budget_id', 'version', 'category'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_line_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_line_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_line_department_id'), ['department_id'], unique=False)

    op.create_table('expense',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=True),
    sa.Column('budget_warning', sa.Text(), nullable=True),
    sa.Column('paid_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['budget_id'], ['budget.id'], ),
    sa.ForeignKeyConstraint(['category'], ['expense_category.code'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('expense', schema=None) as batch_op:
        batch_op.create_index('ix_expense_budget_usage', ['budget_id', 'category', 'status', 'spent_on'], unique=False, postgresql_include=['amount'])
        batch_op.create_index(batch_op.f('ix_expense_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_expense_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expense_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expense_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index('ix_expense_spent_on_id', ['spent_on', 'id'], unique=False)
        batch_op.create_index('ix_expense_status_id', ['status', 'id'], unique=False)

    op.create_table('budget_adjustment_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('adjustment_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('delta', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['adjustment_id'], ['budget_adjustment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category'], ['expense_category.code'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('budget_adjustment_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_adjustment_line_adjustment_id'), ['adjustment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_adjustment_line_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_adjustment_line_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_adjustment_line_department_id'), ['department_id'], unique=False)

    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_no', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('price', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('services', sa.Text(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contract_no')
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_signed_on'), ['signed_on'], unique=False)
        batch_op.create_index('ix_contract_status_id', ['status', 'id'], unique=False)
    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('receipt_no', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receipt_no')
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_department_id'), ['department_id'], unique=False)
        batch_op.create_index('ix_payment_paid_on_id', ['paid_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_paid_on_id')
        batch_op.drop_index(batch_op.f('ix_payment_department_id'))
        batch_op.drop_index(batch_op.f('ix_payment_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_payment_contract_id'))
    op.drop_table('payment')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_status_id')
        batch_op.drop_index(batch_op.f('ix_contract_signed_on'))
        batch_op.drop_index(batch_op.f('ix_contract_owner_id'))
        batch_op.drop_index(batch_op.f('ix_contract_department_id'))
        batch_op.drop_index(batch_op.f('ix_contract_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_contract_client_id'))
    op.drop_table('contract')

    with op.batch_alter_table('budget_adjustment_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_adjustment_line_department_id'))
        batch_op.drop_index(batch_op.f('ix_budget_adjustment_line_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_budget_adjustment_line_category'))
        batch_op.drop_index(batch_op.f('ix_budget_adjustment_line_adjustment_id'))

    op.drop_table('budget_adjustment_line')
    with op.batch_alter_table('expense', schema=None) as batch_op:
        batch_op.drop_index('ix_expense_status_id')
        batch_op.drop_index('ix_expense_spent_on_id')
        batch_op.drop_index(batch_op.f('ix_expense_employee_id'))
        batch_op.drop_index(batch_op.f('ix_expense_department_id'))
        batch_op.drop_index(batch_op.f('ix_expense_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_expense_category'))
        batch_op.drop_index('ix_expense_budget_usage')

    op.drop_table('expense')
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_department_id'))
        batch_op.drop_index(batch_op.f('ix_budget_line_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_budget_line_category'))
        batch_op.drop_index('ix_budget_line_budget_version')

    op.drop_table('budget_line')
    with op.batch_alter_table('budget_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_adjustment_status'))
        batch_op.drop_index(batch_op.f('ix_budget_adjustment_department_id'))
        batch_op.drop_index(batch_op.f('ix_budget_adjustment_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_budget_adjustment_budget_id'))

    op.drop_table('budget_adjustment')
    with op.batch_alter_table('budget', schema=None) as batch_op:
        batch_op.drop_index('ix_budget_year_status')
        batch_op.drop_index(batch_op.f('ix_budget_status'))
        batch_op.drop_index(batch_op.f('ix_budget_department_id'))
        batch_op.drop_index(batch_op.f('ix_budget_created_by_id'))

    op.drop_table('budget')
    with op.batch_alter_table('expense_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expense_category_created_by_id'))

    op.drop_table('expense_category')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_attachment_record')
        batch_op.drop_index(batch_op.f('ix_attachment_created_by_id'))

    op.drop_table('attachment')
    # ### end Alembic commands ###
