"""Flask extensions, created once and bound in create_app()."""
from flask_appbuilder import AppBuilder, Model
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

# FAB's declarative base carries FAB's own tables (ab_user, ab_role, ...); ours share it
# so that one metadata, and so one set of migrations, describes the whole schema.
db = SQLAlchemy(model_class=Model)
migrate = Migrate()
appbuilder = AppBuilder(update_perms=True)
# CSRF on every form post; FAB's REST APIs exempt themselves (they need a JSON body and a
# JWT or a same-site session cookie).
csrf = CSRFProtect()
