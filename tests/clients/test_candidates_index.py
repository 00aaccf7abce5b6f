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
