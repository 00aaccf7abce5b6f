"""clients: the candidate index covers the candidate search (index-only windows)

The candidate search (app/clients/candidates.py) reads two windows of the active pool of the
other gender, nearest birth dates first, ordered by (birth_date, id), and filters them on both
sides' preferences. On ``(gender, birth_date, height_cm)`` the planner cannot get that order
from the index and, misjudging how many rows the preferences keep, bitmap-scans the whole
birth-date range: 23,000 rows and 14,000 heap pages for one window of a young client at 10^6
clients (141 ms). Keyed ``(gender, birth_date, id)`` and carrying every column the search reads
(PostgreSQL ``INCLUDE``), the same window is an index-only scan that stops after 200 matches
(0.4 ms, no heap page). SQLite gets the keys without the included columns.

Written by hand.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 08:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

ACTIVE_POOL = "status = 'active' AND archived_at IS NULL"
# What the search reads besides the keys: the window's preferences on both sides and the
# candidate's profile (app/clients/candidates.py, _COLUMNS and their_criteria).
INCLUDED = ['height_cm', 'education', 'city', 'marital_status', 'pref_age_min', 'pref_age_max',
            'pref_height_min', 'pref_height_max', 'pref_education_min', 'pref_cities',
            'pref_marital_statuses', 'name', 'income_monthly', 'tier', 'department_id',
            'matchmaker_id', 'created_by_id', 'pref_income_min']


def _where():
    return {"postgresql_where": sa.text(ACTIVE_POOL), "sqlite_where": sa.text(ACTIVE_POOL)}


def upgrade():
    with op.batch_alter_table('client') as batch_op:
        batch_op.drop_index('ix_client_candidates', **_where())
        batch_op.create_index('ix_client_candidates', ['gender', 'birth_date', 'id'],
                              unique=False, postgresql_include=INCLUDED, **_where())


def downgrade():
    with op.batch_alter_table('client') as batch_op:
        batch_op.drop_index('ix_client_candidates', **_where())
        batch_op.create_index('ix_client_candidates', ['gender', 'birth_date', 'height_cm'],
                              unique=False, **_where())
