"""Pages of the core: audit log (read-only), role data scopes, the approval inbox."""
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.core import inbox
from app.core.api import SafeInputApi
from app.core.large import LargeTableInterface
from app.core.models import AuditLog, RoleScope
from app.core.views import YuelaoModelView

AUDIT_LABELS = {
    "id": "#", "created_at": _l("Time"), "actor_name": _l("Actor"), "actor_id": _l("Actor id"),
    "ip": _l("IP address"), "action": _l("Action"), "resource": _l("Resource"),
    "record_id": _l("Record"), "changes": _l("Changes"), "from_state": _l("From"),
    "to_state": _l("To"), "comment": _l("Comment"),
}


class AuditLogView(YuelaoModelView):
    """Read-only: there is no add, edit or delete route to grant. The log grows with every
    change, so it pages by keyset with estimated counts, like the client register."""

    resource = "auditlog"
    datamodel = LargeTableInterface(AuditLog)
    include_route_methods = {"list", "show"}
    list_title = show_title = _l("Audit log")
    label_columns = AUDIT_LABELS
    list_columns = ["id", "created_at", "actor_name", "ip", "action", "resource", "record_id",
                    "from_state", "to_state"]
    show_columns = ["id", "created_at", "actor_name", "actor_id", "ip", "action", "resource",
                    "record_id", "from_state", "to_state", "comment", "changes"]
    search_columns = ["created_at", "actor_name", "action", "resource", "record_id", "ip"]
    base_order = ("id", "desc")
    show_template = "appbuilder/general/model/show.html"
    formatters_columns = {"action": lambda v: gettext(v) if v else v}


class AuditLogApi(SafeInputApi):
    resource_name = "auditlog"
    class_permission_name = "auditlog"
    method_permission_name = {"get": "read", "get_list": "read", "info": "read"}
    include_route_methods = {"get", "get_list", "info"}
    datamodel = LargeTableInterface(AuditLog)
    list_columns = show_columns = ["id", "created_at", "actor_id", "actor_name", "ip", "action",
                                   "resource", "record_id", "changes", "from_state", "to_state",
                                   "comment"]
    order_columns = ["id", "created_at"]
    # ``changes`` is JSON: not searchable with LIKE on PostgreSQL.
    search_columns = ["created_at", "actor_id", "actor_name", "ip", "action", "resource",
                      "record_id", "from_state", "to_state"]
    base_order = ("id", "desc")


class RoleScopeView(YuelaoModelView):
    resource = "role_scope"
    datamodel = SQLAInterface(RoleScope)
    list_title = show_title = edit_title = add_title = _l("Role data scopes")
    label_columns = {"role": _l("Role"), "scope": _l("Data scope")}
    list_columns = show_columns = add_columns = edit_columns = ["role", "scope"]
    description_columns = {"scope": _l("all / department / own / none")}
    formatters_columns = {"scope": lambda v: gettext(v) if v else v}
    show_template = "appbuilder/general/model/show.html"

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)

    @staticmethod
    def _check(item):
        if item.scope not in RoleScope.choices():
            raise ValueError(str(_l("Data scope must be one of: %(c)s",
                                    c=", ".join(RoleScope.choices()))))


class InboxView(BaseView):
    route_base = "/inbox"
    class_permission_name = "inbox"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        return self.render_template("yuelao/inbox.html", sections=inbox.pending(),
                                    endpoints=inbox.SHOW_ENDPOINTS, title=_l("My approvals"))


class InboxApi(BaseApi):
    resource_name = "inbox"
    class_permission_name = "inbox"
    method_permission_name = {"get_list": "read"}
    allow_browser_login = True

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("get_list")
    def get_list(self):
        """What waits for the current user
        ---
        get:
          responses:
            200: {description: sections of pending records}
        """
        out = []
        for s in inbox.pending():
            out.append({
                "resource": s.resource, "title": str(s.title),
                "items": [{"id": i.pk, "title": i.title, "state": i.state,
                           "actions": [t.name if hasattr(t, "name") else str(t)
                                       for t in i.actions], "note": i.note}
                          for i in s.items],
            })
        return self.response(200, result=out)
