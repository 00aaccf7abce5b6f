"""role kinds: each role records the kind it is, whatever the profile names it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 02:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('role_scope', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_role_scope_kind', ['kind'])


def downgrade():
    with op.batch_alter_table('role_scope', schema=None) as batch_op:
        batch_op.drop_constraint('uq_role_scope_kind', type_='unique')
        batch_op.drop_column('kind')
