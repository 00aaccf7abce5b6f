"""Flask extensions, created once and bound in create_app()."""
from flask_appbuilder import AppBuilder, Model
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

# FAB's declarative base carries FAB's own tables (ab_user, ab_role, ...); ours share it
# so that one metadata, and so one set of migrations, describes the whole schema.
db = SQLAlchemy(model_class=Model)
migrate = Migrate()
appbuilder = AppBuilder(update_perms=True)
