"""clients: registration form, preferences, indexes, assignments (公海)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 23:04:29.150514

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_no', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('height_cm', sa.Integer(), nullable=True),
    sa.Column('weight_kg', sa.Integer(), nullable=True),
    sa.Column('education', sa.String(length=16), nullable=True),
    sa.Column('city', sa.String(length=50), nullable=True),
    sa.Column('hukou', sa.String(length=50), nullable=True),
    sa.Column('marital_status', sa.String(length=16), nullable=False),
    sa.Column('has_children', sa.Boolean(), nullable=False),
    sa.Column('occupation', sa.String(length=100), nullable=True),
    sa.Column('employer', sa.String(length=200), nullable=True),
    sa.Column('income_monthly', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('wechat', sa.String(length=64), nullable=True),
    sa.Column('id_number', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('family_background', sa.Text(), nullable=True),
    sa.Column('hobbies', sa.Text(), nullable=True),
    sa.Column('marital_history', sa.Text(), nullable=True),
    sa.Column('self_description', sa.Text(), nullable=True),
    sa.Column('photo', sa.String(length=255), nullable=True),
    sa.Column('pref_age_min', sa.Integer(), nullable=True),
    sa.Column('pref_age_max', sa.Integer(), nullable=True),
    sa.Column('pref_height_min', sa.Integer(), nullable=True),
    sa.Column('pref_height_max', sa.Integer(), nullable=True),
    sa.Column('pref_education_min', sa.String(length=16), nullable=True),
    sa.Column('pref_cities', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('pref_marital_statuses', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('pref_income_min', sa.Integer(), nullable=True),
    sa.Column('pref_notes', sa.Text(), nullable=True),
    sa.Column('intake_channel', sa.String(length=16), nullable=False),
    sa.Column('referral_source', sa.String(length=100), nullable=True),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('contract_no', sa.String(length=32), nullable=True),
    sa.Column('contract_fee', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('matchmaker_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=True),
    sa.Column('last_followup_at', sa.DateTime(), nullable=True),
    sa.Column('pool_since', sa.DateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['matchmaker_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_no'),
    sa.UniqueConstraint('phone')
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_archived_at'), ['archived_at'], unique=False)
        batch_op.create_index('ix_client_candidates', ['gender', 'birth_date', 'height_cm'], unique=False, postgresql_where=sa.text("status = 'active' AND archived_at IS NULL"), sqlite_where=sa.text("status = 'active' AND archived_at IS NULL"))
        batch_op.create_index('ix_client_candidates_city', ['gender', 'city', 'birth_date'], unique=False, postgresql_where=sa.text("status = 'active' AND archived_at IS NULL"), sqlite_where=sa.text("status = 'active' AND archived_at IS NULL"))
        batch_op.create_index('ix_client_city_id', ['city', 'id'], unique=False)
        batch_op.create_index('ix_client_created_at', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_client_dept_id', ['department_id', 'id'], unique=False, postgresql_where=sa.text('archived_at IS NULL'), sqlite_where=sa.text('archived_at IS NULL'))
        batch_op.create_index('ix_client_dept_status_id', ['department_id', 'status', 'id'], unique=False, postgresql_where=sa.text('archived_at IS NULL'), sqlite_where=sa.text('archived_at IS NULL'))
        batch_op.create_index('ix_client_live_id', ['id'], unique=False, postgresql_where=sa.text('archived_at IS NULL'), sqlite_where=sa.text('archived_at IS NULL'))
        batch_op.create_index('ix_client_matchmaker_followup', ['matchmaker_id', 'last_followup_at'], unique=False)
        batch_op.create_index('ix_client_matchmaker_id', ['matchmaker_id', 'id'], unique=False)
        batch_op.create_index('ix_client_name', ['name'], unique=False)
        batch_op.create_index('ix_client_pool', ['department_id', 'id'], unique=False, postgresql_where=sa.text('matchmaker_id IS NULL AND archived_at IS NULL'), sqlite_where=sa.text('matchmaker_id IS NULL AND archived_at IS NULL'))
        batch_op.create_index('ix_client_status_id', ['status', 'id'], unique=False, postgresql_where=sa.text('archived_at IS NULL'), sqlite_where=sa.text('archived_at IS NULL'))
        batch_op.create_index('ix_client_tier_id', ['tier', 'id'], unique=False)

    op.create_table('client_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('client_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_client_assignment_client_status', ['client_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_assignment_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_client_assignment_dept_status', ['department_id', 'status', 'id'], unique=False)
        batch_op.create_index('ix_client_assignment_employee_status', ['employee_id', 'status', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('client_assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_client_assignment_employee_status')
        batch_op.drop_index('ix_client_assignment_dept_status')
        batch_op.drop_index(batch_op.f('ix_client_assignment_created_by_id'))
        batch_op.drop_index('ix_client_assignment_client_status')

    op.drop_table('client_assignment')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index('ix_client_tier_id')
        batch_op.drop_index('ix_client_status_id', postgresql_where=sa.text('archived_at IS NULL'), sqlite_where=sa.text('archived_at IS NULL'))
        batch_op.drop_index('ix_client_pool', postgresql_where=sa.text('matchmaker_id IS NULL AND archived_at IS NULL'), sqlite_where=sa.text('matchmaker_id IS NULL AND archived_at IS NULL'))
        batch_op.drop_index('ix_client_name')
        batch_op.drop_index('ix_client_matchmaker_id')
        batch_op.drop_index('ix_client_matchmaker_followup')
        batch_op.drop_index('ix_client_live_id', postgresql_where=sa.text('archived_at IS NULL'), sqlite_where=sa.text('archived_at IS NULL'))
        batch_op.drop_index('ix_client_dept_status_id', postgresql_where=sa.text('archived_at IS NULL'), sqlite_where=sa.text('archived_at IS NULL'))
        batch_op.drop_index('ix_client_dept_id', postgresql_where=sa.text('archived_at IS NULL'), sqlite_where=sa.text('archived_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_client_created_by_id'))
        batch_op.drop_index('ix_client_created_at')
        batch_op.drop_index('ix_client_city_id')
        batch_op.drop_index('ix_client_candidates_city', postgresql_where=sa.text("status = 'active' AND archived_at IS NULL"), sqlite_where=sa.text("status = 'active' AND archived_at IS NULL"))
        batch_op.drop_index('ix_client_candidates', postgresql_where=sa.text("status = 'active' AND archived_at IS NULL"), sqlite_where=sa.text("status = 'active' AND archived_at IS NULL"))
        batch_op.drop_index(batch_op.f('ix_client_archived_at'))

    op.drop_table('client')
