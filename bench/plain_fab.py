"""A plain Flask-AppBuilder application over the benchmark's client table: the baseline the
HTTP benchmark compares Yuelao with (issue 15: "a plain FAB ModelView/ModelRestApi over the
same table").

Nothing of Yuelao is imported: FAB's own security manager, templates and Babel, its
``SQLAInterface`` (COUNT and OFFSET), a ``ModelView`` and a ``ModelRestApi`` on the reflected
``public.client`` table. FAB's own tables (users, roles, permissions) live in the schema
``plainfab`` of the same database, so the two apps never share a row of security data.

    gunicorn -w 2 -k gthread --threads 4 'bench.plain_fab:application()'
(BENCH_DATABASE_URL names the database; the HTTP benchmark starts it for you.)
"""
from __future__ import annotations

import os

SCHEMA = "plainfab"
USER, PASSWORD = "plainadmin", "plain-bench-only"
LIST_COLUMNS = ["client_no", "name", "gender", "birth_date", "city", "education", "tier",
                "status", "department_id", "matchmaker_id", "phone"]
SEARCH_COLUMNS = ["name", "status", "city"]
ORDER_COLUMNS = ["client_no", "name", "city", "tier", "status", "created_at"]


def create_plain_app(url: str):
    from flask import Flask
    from flask_appbuilder import AppBuilder, Model, ModelRestApi, ModelView
    from flask_appbuilder.models.sqla.interface import SQLAInterface
    from flask_sqlalchemy import SQLAlchemy
    from sqlalchemy import MetaData, Table, create_engine, text
    from sqlalchemy.orm import declarative_base

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    meta = MetaData()
    table = Table("client", meta, schema="public", autoload_with=engine)
    engine.dispose()

    app = Flask("plain_fab")
    app.config.update(
        SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False,
        SECRET_KEY="plain-fab-bench-only-not-a-secret-0123456789",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": f"-csearch_path={SCHEMA}"},
                                   "pool_size": 10},
        FAB_API_SWAGGER_UI=False, BABEL_DEFAULT_LOCALE="zh",
        SQLALCHEMY_TRACK_MODIFICATIONS=False)
    db = SQLAlchemy(model_class=Model)
    db.init_app(app)

    class Client(declarative_base()):
        __table__ = table

        def __repr__(self):
            return f"{self.client_no} {self.name}"

    class PlainClientView(ModelView):
        datamodel = SQLAInterface(Client)
        include_route_methods = {"list", "show"}
        list_columns = LIST_COLUMNS
        search_columns = SEARCH_COLUMNS
        order_columns = ORDER_COLUMNS
        base_order = ("id", "desc")
        page_size = 25

    class PlainClientApi(ModelRestApi):
        resource_name = "plainclient"
        datamodel = SQLAInterface(Client)
        include_route_methods = {"get_list", "get"}
        allow_browser_login = True
        list_columns = LIST_COLUMNS
        search_columns = SEARCH_COLUMNS
        order_columns = ORDER_COLUMNS
        base_order = ("id", "desc")
        page_size = 25

    with app.app_context():
        appbuilder = AppBuilder(app, db.session)
        appbuilder.add_view(PlainClientView, "Clients")
        appbuilder.add_api(PlainClientApi)
        sm = appbuilder.sm
        if sm.find_user(USER) is None:
            sm.add_user(USER, "Plain", "Admin", "plain@example.invalid",
                        sm.find_role(sm.auth_role_admin), password=PASSWORD)
        # gunicorn forks after loading: no worker may inherit this process's connections.
        db.session.remove()
        db.engine.dispose()
    return app


def application():
    """WSGI app for gunicorn: ``bench.plain_fab:application()``."""
    url = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench")
    return create_plain_app(url)
