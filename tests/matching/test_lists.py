"""Match and follow-up lists: one query for the rows, one for their clients (no N+1)."""
import pytest
from sqlalchemy import event

from app.extensions import db
from tests import factories
from tests.matching.helpers import make_followup, make_match


def _client_selects(client, url) -> list[str]:
    client.get(url)  # warm up
    seen = []

    def record(conn, cursor, statement, *args):
        if "FROM client" in statement:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


@pytest.mark.parametrize("url", ["/followupview/list/", "/overduefollowupview/list/"])
def test_followup_lists_load_their_clients_at_once(app, client_as, url):
    with app.app_context():
        for _ in range(4):
            c = factories.make_client()
            make_followup(c, days_ago=5, next_due=None)
            make_followup(c, days_ago=3)
    assert len(_client_selects(client_as("th_mm_head"), url)) <= 1


def test_match_list_loads_both_sides_at_once(app, client_as):
    with app.app_context():
        for _ in range(4):
            make_match()
    assert len(_client_selects(client_as("th_mm_head"), "/matchview/list/")) <= 1
