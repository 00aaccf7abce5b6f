"""Yuelao (月老): the operations back office of a service agency."""
from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import inspect as sa_inspect
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import appbuilder, csrf, db, migrate

log = logging.getLogger(__name__)


def _schema_ready() -> bool:
    """True once migrations have created FAB's tables (not during the first `db upgrade`)."""
    try:
        return sa_inspect(db.engine).has_table("ab_permission_view_role") and sa_inspect(
            db.engine).has_table("role_scope")
    except Exception:  # noqa: BLE001  database unreachable: the first request will say so
        return False


def _under_cli() -> bool:
    import click

    return click.get_current_context(silent=True) is not None


def _forget_previous_user() -> None:
    from flask import g

    for key in [k for k in vars(g) if k == "_login_user" or k.startswith("_jwt_extended")]:
        g.pop(key, None)


def create_app(config=None) -> Flask:
    app = Flask(__name__, instance_path=None, static_folder="static",
                template_folder="templates")
    if config is None:
        app.config.from_object("config.Config")
    elif isinstance(config, str):
        app.config.from_object(config)
    elif isinstance(config, dict):
        app.config.from_object("config.Config")
        app.config.update(config)
    else:
        app.config.from_object(config)
    if app.config.get("PROXY_FIX_COUNT"):
        n = app.config["PROXY_FIX_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)

    if app.config.get("REMOTE_USER_HEADER"):
        from app.core.web import RemoteUserFromHeader

        app.wsgi_app = RemoteUserFromHeader(app.wsgi_app, app.config["REMOTE_USER_HEADER"])

    from app.profiles import profile_of

    profile = profile_of(app)  # an unknown PROFILE stops here, with the choices
    # A role kind given as the registration role means the profile's role of that kind.
    kind_names = dict(profile.role_names)
    reg = app.config.get("AUTH_USER_REGISTRATION_ROLE")
    app.config["AUTH_USER_REGISTRATION_ROLE"] = kind_names.get(
        {"Matchmaker": "Frontline"}.get(reg, reg), reg)
    # Models first: every table is mapped before FAB or Alembic look at the metadata.
    from app import models  # noqa: F401

    db.init_app(app)
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")),
                     render_as_batch=True, compare_type=True)
    with app.app_context():
        # Permissions are written by roles.bootstrap (roles first, so Admin gets them all),
        # never by FAB while the schema may not exist yet (e.g. during `flask db upgrade`).
        sync_at_start = app.config.get("FAB_UPDATE_PERMS", True)
        appbuilder.update_perms = False
        app.config["FAB_UPDATE_PERMS"] = False
        # Before FAB's own hook: each request starts with no user cached in ``g`` (``g`` is
        # per app context, which test clients and internal dispatch may share).
        app.before_request(_forget_previous_user)
        appbuilder.init_app(app, db.session)
        from app.initialization import init_views

        init_views(appbuilder)
        appbuilder.post_init()
        # Under the flask CLI the commands that need roles sync them themselves; `db upgrade`
        # must not touch tables of a schema it is about to change.
        if sync_at_start and not _under_cli() and _schema_ready():
            from app.core.roles import bootstrap

            try:
                bootstrap()
            except Exception:  # noqa: BLE001  several servers starting at once: one wins
                db.session.rollback()
                log.warning("role sync at start-up skipped", exc_info=True)

    from app.core.navbar import register_navbar
    from app.core.web import register_web

    register_web(app)
    register_navbar(app)
    from app.cli import register_cli

    register_cli(app)
    return app
