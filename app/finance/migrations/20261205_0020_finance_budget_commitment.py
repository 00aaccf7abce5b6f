"""finance: budget commitments (預算占用) that other modules hold against budget lines

``budget_commitment``: an amount another module commits against a department's budget line
for a category and year (app/finance/public.py), one row per source record (``source``,
``source_id``: e.g. ``purchase_request`` 12), committed → spent or released. Claims' budget
control and the budget execution count the committed and spent rows. The usage index covers
the sums (amount included on PostgreSQL). Purchase requests approved or bought against a budget
before (app/assets/budget.py counted them itself) become commitments, so nothing held is lost.

Written by hand.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 08:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'budget_commitment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=40), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('budget_id', sa.Integer(), nullable=True),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=32), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('warning', sa.Text(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('spent_at', sa.DateTime(), nullable=True),
        sa.Column('released_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['budget_id'], ['budget.id'],
                                name='fk_budget_commitment_budget_id'),
        sa.ForeignKeyConstraint(['department_id'], ['department.id'],
                                name='fk_budget_commitment_department_id'),
        sa.ForeignKeyConstraint(['category'], ['expense_category.code'],
                                name='fk_budget_commitment_category'),
        sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'],
                                name='fk_budget_commitment_created_by_id'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('source', 'source_id', name='uq_budget_commitment_source'),
    )
    with op.batch_alter_table('budget_commitment', schema=None) as batch_op:
        batch_op.create_index('ix_budget_commitment_department_id', ['department_id'],
                              unique=False)
        batch_op.create_index('ix_budget_commitment_created_by_id', ['created_by_id'],
                              unique=False)
    op.create_index('ix_budget_commitment_usage', 'budget_commitment',
                    ['budget_id', 'category', 'status', 'year', 'month'], unique=False,
                    postgresql_include=['amount'])
    _purchases_become_commitments()


def _purchases_become_commitments():
    import datetime as dt

    conn = op.get_bind()
    pr = sa.table('purchase_request', sa.column('id'), sa.column('department_id'),
                  sa.column('budget_id'), sa.column('budget_line'), sa.column('amount'),
                  sa.column('status'), sa.column('purchased_on'), sa.column('updated_at'),
                  sa.column('created_at'))
    budget = sa.table('budget', sa.column('id'), sa.column('year'))
    bc = sa.table('budget_commitment', *(sa.column(c) for c in (
        'source', 'source_id', 'budget_id', 'department_id', 'category', 'year', 'month',
        'amount', 'status', 'spent_at', 'created_at')))
    rows = conn.execute(
        sa.select(pr.c.id, pr.c.department_id, pr.c.budget_id, pr.c.budget_line, pr.c.amount,
                  pr.c.status, pr.c.purchased_on, pr.c.updated_at, pr.c.created_at,
                  budget.c.year)
        .join(budget, budget.c.id == pr.c.budget_id)
        .where(pr.c.status.in_(('approved', 'purchased')), pr.c.budget_line.isnot(None))
    ).all()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    out = []
    for r in rows:
        when = r.updated_at or r.created_at or now
        if isinstance(when, str):
            when = dt.datetime.fromisoformat(when)
        month = when.month if when.year == r.year else (12 if when.year > r.year else 1)
        out.append({'source': 'purchase_request', 'source_id': r.id, 'budget_id': r.budget_id,
                    'department_id': r.department_id, 'category': r.budget_line,
                    'year': r.year, 'month': month, 'amount': str(r.amount),
                    'status': 'spent' if r.status == 'purchased' else 'committed',
                    'spent_at': when if r.status == 'purchased' else None, 'created_at': now})
    if out:
        op.bulk_insert(bc, out)


def downgrade():
    op.drop_index('ix_budget_commitment_usage', table_name='budget_commitment')
    with op.batch_alter_table('budget_commitment', schema=None) as batch_op:
        batch_op.drop_index('ix_budget_commitment_created_by_id')
        batch_op.drop_index('ix_budget_commitment_department_id')
    op.drop_table('budget_commitment')
