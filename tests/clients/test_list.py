"""List queries: capped counts, keyset pages, related columns in the same query."""
from sqlalchemy import event

from app.extensions import db
from tests.clients.conftest import new_client


def test_keyset_after(app, api_as):
    ids = sorted(new_client() for _ in range(3))
    api = api_as("th_mm1")
    rows = api.get(f"/api/v1/client/?after={ids[-1]}&q=(page_size:2)").json["result"]
    assert [r["id"] for r in rows] == [ids[1], ids[0]]


def test_list_has_no_n_plus_one(app, client_as):
    for _ in range(5):
        new_client()
    c = client_as("th_mm_head")
    c.get("/clientview/list/")  # warm up
    statements = []

    def count(conn, cursor, statement, *args):
        if "FROM client" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        resp = c.get("/clientview/list/?psize_ClientView=25")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert resp.status_code == 200
    assert len(statements) <= 3, statements  # count + page (+ pagination-free extras)
