"""Flask extensions, created once and bound in create_app()."""
from flask_appbuilder import AppBuilder, Model
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect


class _SQLAlchemy(SQLAlchemy):
    def _teardown_session(self, exc):
        # The end of a request must not fail it: when the database went away in the middle
        # (the answer is already a 503), closing the session can raise; gunicorn would then
        # replace that answer with a bare 500. Drop the session and let the pool recover.
        try:
            super()._teardown_session(exc)
        except Exception:  # noqa: BLE001
            import logging

            logging.getLogger(__name__).warning("session cleanup failed", exc_info=True)
            self.session.registry.clear()

    def _make_engine(self, bind_key, options, app):
        engine = super()._make_engine(bind_key, options, app)
        if engine.dialect.driver == "psycopg2" and getattr(engine.pool, "_pre_ping", False):
            _quick_pre_ping(engine.dialect)
        return engine


# FAB's declarative base carries FAB's own tables (ab_user, ab_role, ...); ours share it
# so that one metadata, and so one set of migrations, describes the whole schema.
db = _SQLAlchemy(model_class=Model)
migrate = Migrate()


@migrate.configure
def _module_migrations(config):
    # A module's revisions live in its own folder (app/<name>/migrations): adding a module
    # touches nothing outside it.
    import os

    from app.core.modules import migration_locations

    config.set_main_option("version_locations",
                           os.pathsep.join(migration_locations()).replace("%", "%%"))
    return config


appbuilder = AppBuilder(update_perms=True)
# CSRF on every form post; FAB's REST APIs exempt themselves (they need a JSON body and a
# JWT or a same-site session cookie).
csrf = CSRFProtect()


# --------------------------------------------------------------------------- per-request speed


def _quick_pre_ping(dialect) -> None:
    """``pool_pre_ping`` without a round trip on a quiet connection (psycopg2).

    The pre-ping sends ``SELECT 1`` on every checkout, one round trip per request. A pooled
    PostgreSQL connection that sits idle has nothing to read: when the server ends it
    (restart, ``pg_terminate_backend``, ``idle_session_timeout``) it sends its FATAL message
    and closes the socket, which makes the socket readable. So: a connection that is open, idle
    and has nothing to read is alive; anything else gets the real ping (and is replaced when
    that fails, as before). A peer that vanished without a word (a silent network drop) is
    caught by the query itself: app/core/web.py answers 503, the pool is invalidated, and
    ``pool_recycle`` (config.py) bounds how old a connection gets."""
    import select

    full_ping = dialect.do_ping

    def do_ping(dbapi_connection) -> bool:
        try:
            quiet = (not dbapi_connection.closed
                     and dbapi_connection.get_transaction_status() == 0  # idle
                     and not _readable(select, dbapi_connection.fileno()))
        except Exception:  # noqa: BLE001  whatever it is, the real ping decides
            quiet = False
        return True if quiet else full_ping(dbapi_connection)

    dialect.do_ping = do_ping


def _readable(select, fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)  # POLLHUP / POLLERR come anyway
    return bool(poller.poll(0))


def _quick_babel() -> None:
    """Flask-Babel finds its per-request state through ``g`` three times per lookup and
    resolves the locale and the catalogue again on every ``gettext`` (about 90 a page, each
    ~10 proxy reads): read ``g`` directly and keep the catalogue of this request's locale.
    Same answers: the catalogue is kept per domain and locale object, so ``force_locale`` and
    ``refresh()`` (which replace the locale) get theirs."""
    from types import SimpleNamespace

    import flask_babel
    from flask.globals import _cv_app

    if getattr(flask_babel, "_yuelao_quick", False):
        return

    def _get_current_context():
        app_ctx = _cv_app.get(None)
        if app_ctx is None:
            return None
        values = app_ctx.g.__dict__
        ctx = values.get("_flask_babel")
        if ctx is None:
            ctx = values["_flask_babel"] = SimpleNamespace()
        return ctx

    full = flask_babel.Domain.get_translations

    def get_translations(self):
        ctx = _get_current_context()
        if ctx is None:
            return full(self)
        kept = ctx.__dict__.get("yuelao_translations")
        locale = ctx.__dict__.get("babel_locale")
        if kept is not None and kept[0] is self and locale is not None and kept[1] is locale:
            return kept[2]
        translations = full(self)
        ctx.yuelao_translations = (self, ctx.__dict__.get("babel_locale"), translations)
        return translations

    flask_babel._get_current_context = _get_current_context
    flask_babel.Domain.get_translations = get_translations
    flask_babel._yuelao_quick = True


_quick_babel()
