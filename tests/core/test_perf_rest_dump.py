"""The compiled list dumper (app/core/rest_dump.py) answers what marshmallow answers, for the
list schema of every registered REST resource it accepts, on rows of the demo database."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder.api import ModelRestApi
from marshmallow import Schema, fields

from app.core.rest_dump import dump_many, dumper
from app.extensions import db


def test_same_output_as_marshmallow_on_every_resource(app, db_session):
    compiled = 0
    for api in app.appbuilder.baseviews:
        schema = getattr(api, "list_model_schema", None)
        if not isinstance(api, ModelRestApi) or schema is None or dumper(schema) is None:
            continue
        rows = db.session.query(api.datamodel.obj).limit(5).all()
        assert dump_many(schema, rows) == schema.dump(rows, many=True), type(api).__name__
        compiled += 1
    assert compiled >= 10  # the fast path is used, not skipped everywhere


def test_client_list_uses_the_fast_path(app, api_as):
    from app.clients.api import ClientApi

    api = next(v for v in app.appbuilder.baseviews if type(v) is ClientApi)
    assert dumper(api.list_model_schema) is not None
    resp = api_as("admin").get("/api/v1/client/?q=(page_size:5)")
    assert resp.status_code == 200 and resp.json["result"]
    assert {"department", "matchmaker", "birth_date"} <= set(resp.json["result"][0])


def test_unknown_fields_keep_marshmallow():
    class Odd(Schema):
        when = fields.DateTime(format="%Y")
        n = fields.Integer(as_string=True)
        named = fields.String(data_key="other")

    for name in ("when", "n", "named"):
        one = type("One", (Schema,), {name: Odd._declared_fields[name]})()
        assert dumper(one) is None, name

    class Plain(Schema):
        n = fields.Integer()
        s = fields.String()
        d = fields.Date()
        t = fields.DateTime()
        r = fields.Raw()

    class Obj:
        n, s, d = 3.0, b"\xe4\xb8\xad", dt.date(2026, 1, 2)
        t, r = dt.datetime(2026, 1, 2, 3, 4, 5, 6), ["广州"]

    class Missing:
        n = None

    schema = Plain()
    assert dump_many(schema, [Obj(), Missing()]) == schema.dump([Obj(), Missing()], many=True)
