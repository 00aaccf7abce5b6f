"""security version: caches of permissions and scopes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 01:28:19.528621

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('security_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    # The one row every cache reads; changes to roles and departments bump it.
    op.bulk_insert(table, [{"id": 1, "version": 0}])


def downgrade():
    op.drop_table('security_version')
