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
