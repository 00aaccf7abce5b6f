"""sent notifications: what `flask notify send` has mailed, per user and item

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 05:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sent_notification',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('item_key', sa.String(length=200), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['ab_user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'item_key', name='uq_sent_notification'),
    )
    op.create_index('ix_sent_notification_user_id', 'sent_notification', ['user_id'])


def downgrade():
    op.drop_index('ix_sent_notification_user_id', table_name='sent_notification')
    op.drop_table('sent_notification')
