"""REST lists of large tables page by cursor (app/core/rest_keyset.py).

A small API over the client register built here, with the mixin, as a business API would
declare it; rows made by the factories, each test under its own name prefix.
"""
from __future__ import annotations

import prison
import pytest

from app.core.api import YuelaoModelApi
from app.core.rest_keyset import decode_cursor, encode_cursor
from tests.factories import make_client, nextval

URL = "/api/v1/keyset_client/"


def _api_classes():
    from app.clients.interface import ClientInterface
    from app.clients.models import Client
    from app.core.interface import YuelaoInterface
    from app.org.models import Department

    class KeysetClientApi(YuelaoModelApi):  # YuelaoModelApi pages by keyset
        resource_name = "keyset_client"
        class_permission_name = "client"
        datamodel = ClientInterface(Client)
        list_columns = ["id", "client_no", "name", "city", "status", "department.name"]
        order_columns = ["id", "name", "city", "created_at", "birth_date"]
        search_columns = ["name", "city", "status"]
        keyset_max_offset = 20

    class KeysetDepartmentApi(YuelaoModelApi):
        resource_name = "keyset_department"
        class_permission_name = "department"
        datamodel = YuelaoInterface(Department)
        list_columns = ["id", "code", "name"]

    return KeysetClientApi, KeysetDepartmentApi


@pytest.fixture(scope="module")
def keyset_api(app):
    """Register the test APIs once (Flask allows routes only before the first request: the
    session app has served some, so the flag is lowered for the registration alone)."""
    if "KeysetClientApi.get_list" not in app.view_functions:
        served = app._got_first_request
        app._got_first_request = False
        try:
            with app.app_context():
                for cls in _api_classes():
                    app.appbuilder.add_api(cls)
        finally:
            app._got_first_request = served
    return URL


def _q(**kw) -> str:
    return "?q=" + prison.dumps(kw)


def _prefix() -> str:
    return f"KS{nextval()}"


def _clients(db_session, prefix, names, matchmaker="th_mm1"):
    made = [make_client(name=f"{prefix}{n}", matchmaker=matchmaker, commit=False,
                        city=None if i % 4 == 0 else "廣州") for i, n in enumerate(names)]
    db_session.commit()
    return made


def _walk(api, prefix, page_size, via="rison", **order):
    """Every page from the first, following next; (ids in order, pages, counts)."""
    flt = [{"col": "name", "opr": "sw", "value": prefix}]
    ids, pages, counts, cursor = [], 0, set(), None
    while True:
        args = {"filters": flt, "page_size": page_size, **order}
        if cursor and via == "rison":
            args["after"] = cursor
        url = URL + _q(**args) + (f"&after={cursor}" if cursor and via == "arg" else "")
        r = api.get(url)
        assert r.status_code == 200, r.get_data(as_text=True)
        body = r.json
        ids += body["ids"]
        counts.add((body["count"], body["count_estimated"]))
        pages += 1
        cursor = body["next"]
        assert pages < 50
        if cursor is None:
            return ids, pages, counts


def test_cursor_walks_every_row_once_newest_first(db_session, api_as, keyset_api):
    prefix = _prefix()
    made = _clients(db_session, prefix, [f"{i:02d}" for i in range(30)])
    want = sorted((c.id for c in made), reverse=True)
    ids, pages, counts = _walk(api_as("admin"), prefix, 7)
    assert ids == want
    assert pages == 5  # 7 + 7 + 7 + 7 + 2: the short page has no next
    assert counts == {(30, False)}  # the list's count on every page, not the rest's
    # The same walk with the cursor as a query argument.
    assert _walk(api_as("admin"), prefix, 7, via="arg")[0] == want
    # An id cursor may be written as a rison number too.
    flt = [{"col": "name", "opr": "sw", "value": prefix}]
    r = api_as("admin").get(URL + _q(filters=flt, page_size=7, after=want[6]))
    assert r.status_code == 200 and r.json["ids"] == want[7:14]


def test_cursor_follows_a_sorted_column_with_ties(db_session, api_as, keyset_api):
    prefix = _prefix()
    made = _clients(db_session, prefix, ["b", "a", "c", "a", "b", "a", "c", "b", "a"])
    want = [c.id for c in sorted(made, key=lambda c: (c.name, c.id))]
    ids, pages, _ = _walk(api_as("admin"), prefix, 2, order_column="name",
                          order_direction="asc")
    assert ids == want and pages == 5
    ids, _, _ = _walk(api_as("admin"), prefix, 4, order_column="name",
                      order_direction="desc")
    assert ids == want[::-1]
    # Dates travel in the cursor as ISO text and come back as dates.
    ids, _, _ = _walk(api_as("admin"), prefix, 3, order_column="created_at",
                      order_direction="asc")
    assert sorted(ids) == sorted(want)


def test_cursor_keeps_the_users_scope(db_session, api_as, keyset_api):
    prefix = _prefix()
    mine = _clients(db_session, prefix, ["1", "2", "3", "4", "5"], matchmaker="th_mm1")
    _clients(db_session, prefix, ["6", "7", "8"], matchmaker="th_mm2")
    ids, _, counts = _walk(api_as("th_mm1"), prefix, 2)
    assert ids == sorted((c.id for c in mine), reverse=True)
    assert counts == {(5, False)}


def test_numbered_pages_stop_at_the_cap_and_name_the_cursor(db_session, api_as, keyset_api):
    api = api_as("admin")
    assert api.get(URL + _q(page=2, page_size=7)).status_code == 200  # 14 rows skipped
    r = api.get(URL + _q(page=3, page_size=7))  # 21 >= 20
    assert r.status_code == 400
    assert "after" in r.json["message"] and "next" in r.json["message"]


@pytest.mark.parametrize("query", [
    _q(after="nonsense"),
    _q(after="0"),
    _q(after="-5"),
    _q(after="12", page=1),
    _q(after="12", order_column="name", order_direction="asc"),
    _q(after="WyJuYW1lIiwiYXNjIiwiYSIsMV0", order_column="name", order_direction="desc"),
    _q(after="WyJuYW1lIiwiYXNjIiwiYSIsImJhZCJd", order_column="name", order_direction="asc"),
    _q(after="WyJjcmVhdGVkX2F0IiwiYXNjIiwibm90IGEgZGF0ZSIsMV0", order_column="created_at",
       order_direction="asc"),
    _q(after="5", order_column="city", order_direction="asc"),
    "?after=%F0%9F%98%80",
])
def test_bad_cursors_are_400s(api_as, keyset_api, query):
    r = api_as("admin").get(URL + query)
    assert r.status_code == 400, r.get_data(as_text=True)
    assert r.json["message"]


def test_nullable_order_has_numbered_pages_only(db_session, api_as, keyset_api):
    prefix = _prefix()
    _clients(db_session, prefix, ["1", "2", "3", "4", "5"])
    r = api_as("admin").get(URL + _q(
        filters=[{"col": "name", "opr": "sw", "value": prefix}], page_size=2,
        order_column="city", order_direction="asc"))
    assert r.status_code == 200 and r.json["next"] is None and len(r.json["ids"]) == 2


def test_small_tables_keep_fabs_list(api_as, keyset_api):
    r = api_as("admin").get("/api/v1/keyset_department/" + _q(page=0, page_size=3))
    assert r.status_code == 200
    assert "next" not in r.json and len(r.json["ids"]) == 3


def test_cursor_documented_in_openapi(api_as, keyset_api):
    r = api_as("admin").get("/api/v1/_openapi")
    assert r.status_code == 200
    op = r.json["paths"][URL]["get"]
    assert any(p["name"] == "after" for p in op["parameters"])
    props = op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert {"next", "count_estimated", "count"} <= set(props)


def test_cursor_round_trip():
    class Row:
        id, name = 41, "王晓燕"

    assert decode_cursor(encode_cursor(Row, "name", "asc"), "name", "asc") == ("王晓燕", 41)
    assert decode_cursor(encode_cursor(Row, "id", "desc"), "id", "desc") == (None, 41)
