"""The candidate index covers the candidate search (migration 0022): every column the
search's windows read is a key or an included column, so PostgreSQL answers each window from
the index alone."""
from app.clients import candidates
from app.clients.models import CANDIDATE_INDEX_INCLUDE, Client


def test_every_column_the_search_reads_is_in_the_index():
    index = next(i for i in Client.__table__.indexes if i.name == "ix_client_candidates")
    keys = [c.name for c in index.columns]
    assert keys == ["gender", "birth_date", "id"]  # the windows' order: (birth_date, id)
    assert index.dialect_options["postgresql"]["include"] == CANDIDATE_INDEX_INCLUDE
    covered = set(keys) | set(CANDIDATE_INDEX_INCLUDE) | {"status", "archived_at"}
    read = {c.key for c in candidates._COLUMNS} | {
        "pref_age_min", "pref_age_max", "pref_height_min", "pref_height_max",
        "pref_education_min", "pref_cities", "pref_marital_statuses", "marital_status"}
    assert read <= covered, sorted(read - covered)


def test_no_parallel_workers_for_the_windows_and_only_for_that_transaction(app, db_session,
                                                                          is_postgres):
    """A window reads a few hundred index entries; starting parallel workers costs more
    (3-7 ms, bench/RESULTS_http.md). The setting ends with the search's transaction: other
    requests on the same pooled connection keep the server's."""
    if not is_postgres:
        return
    from sqlalchemy import text

    from app.core.scope import unscoped
    from tests.clients.conftest import new_client

    pk = new_client(status="active")
    default = db_session.execute(text("SHOW max_parallel_workers_per_gather")).scalar()
    db_session.commit()
    with unscoped():
        me = db_session.get(Client, pk)
        candidates.candidate_rows(me, 5)
        assert db_session.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"
    db_session.commit()
    assert db_session.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == default
