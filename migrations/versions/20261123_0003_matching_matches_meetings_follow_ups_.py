"""matching: matches, meetings, follow-ups, events

Tables match, meeting, followup, event, event_signup; indexes on every foreign key and on the
filter / sort columns. One match per unordered pair (uq_match_pair on pair_low, pair_high).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 23:04:04.880948

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: only the matching module's tables (autogenerate also picked up the clients
    # module's work in progress, removed here: that module ships its own migration).
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index('ix_event_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('event_signup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('matchmaker_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['matchmaker_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'client_id', name='uq_event_signup_client')
    )
    with op.batch_alter_table('event_signup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_signup_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_signup_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_signup_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_signup_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_event_signup_event_status', ['event_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_signup_matchmaker_id'), ['matchmaker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_signup_status'), ['status'], unique=False)

    op.create_table('followup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('matchmaker_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('followed_at', sa.DateTime(), nullable=False),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['matchmaker_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_channel'), ['channel'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_followup_client_time', ['client_id', 'followed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_followed_at'), ['followed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_matchmaker_id'), ['matchmaker_id'], unique=False)
        batch_op.create_index('ix_followup_mm_due', ['matchmaker_id', 'next_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_next_due'), ['next_due'], unique=False)

    op.create_table('match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('pair_low', sa.Integer(), nullable=False),
    sa.Column('pair_high', sa.Integer(), nullable=False),
    sa.Column('matchmaker_id', sa.Integer(), nullable=True),
    sa.Column('candidate_matchmaker_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('candidate_department_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('contacted_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('declined_at', sa.DateTime(), nullable=True),
    sa.Column('relationship_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['candidate_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['candidate_matchmaker_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['matchmaker_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pair_low', 'pair_high', name='uq_match_pair')
    )
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_candidate_department_id'), ['candidate_department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_candidate_matchmaker_id'), ['candidate_matchmaker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_matchmaker_id'), ['matchmaker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_score'), ['score'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_status'), ['status'], unique=False)
        batch_op.create_index('ix_match_status_created', ['status', 'created_at'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('time', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('etiquette', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('client_feedback', sa.Text(), nullable=True),
    sa.Column('client_rating', sa.Integer(), nullable=True),
    sa.Column('candidate_feedback', sa.Text(), nullable=True),
    sa.Column('candidate_rating', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['match_id'], ['match.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_match_id'), ['match_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_recorded_by_id'), ['recorded_by_id'], unique=False)
        batch_op.create_index('ix_meeting_status_time', ['status', 'time'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_time'), ['time'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_time'))
        batch_op.drop_index('ix_meeting_status_time')
        batch_op.drop_index(batch_op.f('ix_meeting_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_match_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_created_by_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.drop_index('ix_match_status_created')
        batch_op.drop_index(batch_op.f('ix_match_status'))
        batch_op.drop_index(batch_op.f('ix_match_score'))
        batch_op.drop_index(batch_op.f('ix_match_matchmaker_id'))
        batch_op.drop_index(batch_op.f('ix_match_department_id'))
        batch_op.drop_index(batch_op.f('ix_match_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_match_client_id'))
        batch_op.drop_index(batch_op.f('ix_match_candidate_matchmaker_id'))
        batch_op.drop_index(batch_op.f('ix_match_candidate_id'))
        batch_op.drop_index(batch_op.f('ix_match_candidate_department_id'))

    op.drop_table('match')
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_next_due'))
        batch_op.drop_index('ix_followup_mm_due')
        batch_op.drop_index(batch_op.f('ix_followup_matchmaker_id'))
        batch_op.drop_index(batch_op.f('ix_followup_followed_at'))
        batch_op.drop_index(batch_op.f('ix_followup_department_id'))
        batch_op.drop_index(batch_op.f('ix_followup_created_by_id'))
        batch_op.drop_index('ix_followup_client_time')
        batch_op.drop_index(batch_op.f('ix_followup_client_id'))
        batch_op.drop_index(batch_op.f('ix_followup_channel'))

    op.drop_table('followup')
    with op.batch_alter_table('event_signup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_signup_status'))
        batch_op.drop_index(batch_op.f('ix_event_signup_matchmaker_id'))
        batch_op.drop_index('ix_event_signup_event_status')
        batch_op.drop_index(batch_op.f('ix_event_signup_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_signup_department_id'))
        batch_op.drop_index(batch_op.f('ix_event_signup_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_event_signup_client_id'))

    op.drop_table('event_signup')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_status_starts')
        batch_op.drop_index(batch_op.f('ix_event_starts_at'))
        batch_op.drop_index(batch_op.f('ix_event_department_id'))
        batch_op.drop_index(batch_op.f('ix_event_created_by_id'))

    op.drop_table('event')
    # ### end Alembic commands ###
