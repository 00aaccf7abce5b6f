"""assets: a purchase request records the budget its amount was committed against

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05

Issue 13 item 6: on approval a purchase request's amount is committed against the budget line
it names (``budget_line``: an expense category); ``budget_id`` is the approved budget that
line belongs to (app/assets/budget.py). Indexed: the commitments of a budget are summed by it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('purchase_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('budget_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_purchase_request_budget_id', ['budget_id'], unique=False)
        batch_op.create_foreign_key('fk_purchase_request_budget_id_budget', 'budget',
                                    ['budget_id'], ['id'])


def downgrade():
    with op.batch_alter_table('purchase_request', schema=None) as batch_op:
        batch_op.drop_constraint('fk_purchase_request_budget_id_budget', type_='foreignkey')
        batch_op.drop_index('ix_purchase_request_budget_id')
        batch_op.drop_column('budget_id')
