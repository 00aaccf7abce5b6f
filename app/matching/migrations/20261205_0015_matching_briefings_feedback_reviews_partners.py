"""matching: meeting briefings, feedback, supervisor reviews; event cost; partners, lead sources

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 05:10:00

Written by hand (issue 10 items 4 and 6): only the matching module's tables and columns.
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def _review_columns(batch_op, table):
    batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
    batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
    batch_op.add_column(sa.Column('review_comment', sa.Text(), nullable=True))
    batch_op.create_foreign_key(f'fk_{table}_reviewed_by_id', 'employee', ['reviewed_by_id'],
                                ['id'])
    batch_op.create_index(f'ix_{table}_reviewed_by_id', ['reviewed_by_id'], unique=False)


def upgrade():
    with op.batch_alter_table('match', schema=None) as batch_op:
        _review_columns(batch_op, 'match')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_briefed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('client_briefing', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('candidate_briefed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('candidate_briefing', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('client_wishes_continue', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('candidate_wishes_continue', sa.Boolean(),
                                      nullable=True))
        batch_op.add_column(sa.Column('guidance', sa.Text(), nullable=True))
        _review_columns(batch_op, 'meeting')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost', sa.Numeric(precision=14, scale=2),
                                      nullable=True))

    op.create_table(
        'partner',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('contact_person', sa.String(length=60), nullable=True),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id']),
        sa.ForeignKeyConstraint(['department_id'], ['department.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.create_index('ix_partner_created_by_id', ['created_by_id'], unique=False)
        batch_op.create_index('ix_partner_department_id', ['department_id'], unique=False)

    op.create_table(
        'lead_source',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('partner_id', sa.Integer(), nullable=True),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['client.id']),
        sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id']),
        sa.ForeignKeyConstraint(['department_id'], ['department.id']),
        sa.ForeignKeyConstraint(['event_id'], ['event.id']),
        sa.ForeignKeyConstraint(['partner_id'], ['partner.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('client_id'),
    )
    with op.batch_alter_table('lead_source', schema=None) as batch_op:
        batch_op.create_index('ix_lead_source_created_by_id', ['created_by_id'], unique=False)
        batch_op.create_index('ix_lead_source_department_id', ['department_id'], unique=False)
        batch_op.create_index('ix_lead_source_event_id', ['event_id'], unique=False)
        batch_op.create_index('ix_lead_source_partner_id', ['partner_id'], unique=False)


def downgrade():
    op.drop_table('lead_source')
    op.drop_table('partner')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('cost')
    for table in ('meeting', 'match'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_reviewed_by_id')
            batch_op.drop_constraint(f'fk_{table}_reviewed_by_id', type_='foreignkey')
            batch_op.drop_column('review_comment')
            batch_op.drop_column('reviewed_by_id')
            batch_op.drop_column('reviewed_at')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        for col in ('guidance', 'candidate_wishes_continue', 'client_wishes_continue',
                    'candidate_briefing', 'candidate_briefed_at', 'client_briefing',
                    'client_briefed_at'):
            batch_op.drop_column(col)
