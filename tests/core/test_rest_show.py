"""``GET /api/v1/<resource>/<pk>`` (app/core/rest_show.py) answers what FAB's ``get``
answered, key for key, on every registered resource — one statement per related row fewer,
no per-request schema check — and keeps scope, 404s and bad arguments as they were."""
from __future__ import annotations

from flask_appbuilder.api import ModelRestApi

from app.core.api_input import SafeInputApi
from app.core.rest_show import ItemGetMixin
from app.extensions import db
from tests.clients.conftest import new_client
from tests.core.test_perf_request_cost import _statements


def _fab_answer(monkeypatch, api, url):
    """The same request answered by FAB's own get_headless."""
    monkeypatch.setattr(ItemGetMixin, "get_headless",
                        lambda self, pk, **kw: ModelRestApi.get_headless(self, pk, **kw))
    try:
        return api.get(url)
    finally:
        monkeypatch.undo()


def test_same_answer_as_fab_on_every_resource(app, api_as, monkeypatch):
    api = api_as("admin")
    compared = 0
    for view in app.appbuilder.baseviews:
        routes = getattr(view, "include_route_methods", None)  # None: every route
        if not isinstance(view, SafeInputApi) or (routes is not None and "get" not in routes):
            continue
        with app.app_context():
            row = db.session.query(view.datamodel.obj).first()
            pk = getattr(row, view.datamodel.get_pk_name(), None) if row is not None else None
        if pk is None:
            continue
        url = f"/api/v1/{view.resource_name}/{pk}"
        ours = api.get(url)
        theirs = _fab_answer(monkeypatch, api, url)
        assert ours.status_code == theirs.status_code, url
        assert ours.json == theirs.json, url
        compared += 1
    assert compared >= 15, compared


def test_scope_and_not_found_hold(app, api_as):
    pk = new_client()  # a 天河 client
    assert api_as("th_mm1").get(f"/api/v1/client/{pk}").status_code == 200
    assert api_as("yx_mm1").get(f"/api/v1/client/{pk}").status_code == 404
    assert api_as("admin").get("/api/v1/client/999999999").status_code == 404


def test_arguments_are_checked_and_columns_still_select(app, api_as):
    pk = new_client()
    api = api_as("admin")
    assert api.get(f"/api/v1/client/{pk}?q=(nonsense").status_code == 400
    assert api.get(f"/api/v1/client/{pk}?q=(columns:!(1))").status_code == 400
    picked = api.get(f"/api/v1/client/{pk}?q=(columns:!(name,status))")
    assert picked.status_code == 200 and set(picked.json["result"]) == {"name", "status"}
    full = api.get(f"/api/v1/client/{pk}?q=(keys:!(show_columns))")
    assert full.status_code == 200 and "show_columns" in full.json
    assert "label_columns" not in full.json


def test_one_statement_for_the_record(app, api_as):
    pk = new_client()
    api = api_as("admin")
    api.get(f"/api/v1/client/{pk}")
    resp, seen = _statements(app, api.client, f"/api/v1/client/{pk}", api.headers)
    assert resp.status_code == 200
    assert resp.json["result"]["client_no"]
    assert len([s for s in seen if "FROM client" in s]) == 1, seen
    # the JWT user with the security version, the record: nothing per column or relation
    assert len(seen) <= 3, seen


def test_related_show_columns_are_joined(app):
    """A resource showing ``department.name`` loads the department with the record."""
    from types import SimpleNamespace

    from app.clients.models import Client
    from app.core.interface import YuelaoInterface
    from app.core.rest_show import _related_loads

    fake = SimpleNamespace(datamodel=YuelaoInterface(Client),
                           show_columns=["id", "department.name", "matchmaker.name", "name"])
    with app.app_context():
        loads = _related_loads(fake)
        assert len(loads) == 2
        pk = db.session.query(Client.id).filter(Client.department_id.isnot(None)).limit(1) \
            .scalar()
        row = db.session.query(Client).options(*loads).filter(Client.id == pk).one()
        assert "department" in row.__dict__  # loaded with the row, not on first access
        db.session.rollback()
