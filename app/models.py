"""Imports every model module so the metadata is complete (for FAB, Alembic and tests).

Every known module's models, whatever the profile: one schema serves every profile.
"""
from flask_appbuilder.security.sqla import models as fab_models  # noqa: F401

from app.core import (  # noqa: F401  (events, tables)
    attachments,
    audit,
    export_jobs,
    importer,
    scope,
    state_guard,
)
from app.core.models import AuditLog, RoleScope  # noqa: F401
from app.core.modules import import_models

import_models()
