"""import batches: one row per spreadsheet import (resource, user, file, counts, records)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=256), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("record_ids", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["ab_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_import_batch_resource_id", "import_batch", ["resource", "id"])
    op.create_index("ix_import_batch_user_id", "import_batch", ["user_id"])


def downgrade():
    op.drop_index("ix_import_batch_user_id", table_name="import_batch")
    op.drop_index("ix_import_batch_resource_id", table_name="import_batch")
    op.drop_table("import_batch")
