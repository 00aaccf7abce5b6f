"""Yuelao (月老): the operations back office of a service agency."""
from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import inspect as sa_inspect
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import appbuilder, db, migrate

log = logging.getLogger(__name__)


def _schema_ready() -> bool:
    """True once migrations have created FAB's tables (not during the first `db upgrade`)."""
    try:
        return sa_inspect(db.engine).has_table("ab_permission_view_role") and sa_inspect(
            db.engine).has_table("role_scope")
    except Exception:  # noqa: BLE001  database unreachable: the first request will say so
        return False


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

    # Models first: every table is mapped before FAB or Alembic look at the metadata.
    from app import models  # noqa: F401

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")),
                     render_as_batch=True, compare_type=True)
    with app.app_context():
        ready = _schema_ready()
        appbuilder.update_perms = ready and app.config.get("FAB_UPDATE_PERMS", True)
        app.config["FAB_UPDATE_PERMS"] = appbuilder.update_perms
        appbuilder.init_app(app, db.session)
        from app.initialization import init_views

        init_views(appbuilder)
        appbuilder.post_init()
        if ready and app.config.get("SYNC_ROLES_AT_START", True):
            from app.core.roles import sync_roles

            try:
                sync_roles()
            except Exception:  # several workers starting at once: one wins, others carry on
                db.session.rollback()
                log.warning("role sync at start-up skipped", exc_info=True)

    from app.core.web import register_web

    register_web(app)
    from app.cli import register_cli

    register_cli(app)
    return app
