"""clients: dated sharing consent and last verification

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("share_consent_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("verified_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("client") as batch:
        batch.drop_column("verified_at")
        batch.drop_column("share_consent_at")
