"""Imports every model module so the metadata is complete (for FAB, Alembic and tests)."""
from flask_appbuilder.security.sqla import models as fab_models  # noqa: F401

from app.clients.models import Client  # noqa: F401
from app.core import audit, scope  # noqa: F401  (session events)
from app.core.models import AuditLog, RoleScope  # noqa: F401
from app.matching import models_all  # noqa: F401
from app.org.models import Department, Employee, Position  # noqa: F401
from app.service import models_all as service_models  # noqa: F401
