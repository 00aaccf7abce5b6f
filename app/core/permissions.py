"""Grants of the core resources: the audit log, role scopes, the approval inbox, exports."""
from app.core.roles import READ

_EVERYONE = ["Admin", "Executive", "Auditor", "HR", "Finance", "Department head", "Frontline",
             "Customer service", "Marketing"]

# Everyone sees the inbox and the rules (制度依據) the system enforces.
# Background exports (app/core/export_jobs.py): everyone sees their own jobs; Admin (every
# permission) also ``can_manage`` — all jobs.
GRANTS = {role: {"inbox": READ, "rule": READ, "export_job": READ} for role in _EVERYONE}
# The audit log is read by Admin (all permissions anyway) and Auditor only.
GRANTS["Auditor"]["auditlog"] = READ
GRANTS["Auditor"]["role_scope"] = READ
