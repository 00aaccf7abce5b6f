"""Marketing pages and REST: partner institutions (``partner``), lead sources
(``lead_source``), and leads per event / per partner (``marketing_figures``)."""
from __future__ import annotations

from flask import current_app
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, safe
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import lazy_gettext as _l

from app.clients.public import ClientPickerField
from app.core.api import YuelaoModelApi
from app.core.charts import chart_spec
from app.core.interface import YuelaoInterface
from app.core.scope import current_scope
from app.core.views import YuelaoModelView
from app.matching import leads
from app.matching.interface import ClientPrefetchInterface
from app.matching.marketing import lead_counts
from app.matching.models_event import EVENT_KIND_LABELS
from app.matching.models_marketing import PARTNER_KIND_LABELS, LeadSource, Partner
from app.matching.views_activity import choice_field

PARTNER_LABELS = {"name": _l("Name"), "kind": _l("Kind"), "contact_person": _l("Contact person"),
                  "phone": _l("Phone"), "department": _l("Department"), "active": _l("Active"),
                  "notes": _l("Notes")}
LEAD_LABELS = {"client": _l("Client"), "client_label": _l("Client"), "event": _l("Event"),
               "partner": _l("Partner institution"), "department": _l("Department"),
               "note": _l("Note"), "created_at": _l("Recorded at")}


class PartnerView(YuelaoModelView):
    resource = "partner"
    datamodel = YuelaoInterface(Partner)
    list_title = _l("Partner institutions")
    show_title = _l("Partner institution")
    add_title = _l("Add partner institution")
    edit_title = _l("Edit partner institution")
    label_columns = PARTNER_LABELS
    list_columns = ["name", "kind", "contact_person", "department", "active"]
    show_columns = ["name", "kind", "contact_person", "phone", "department", "active", "notes"]
    add_columns = edit_columns = show_columns
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": choice_field(_l("Kind"), PARTNER_KIND_LABELS)}
    formatters_columns = {"kind": lambda v: PARTNER_KIND_LABELS.get(v, v)}
    search_columns = ["name", "kind", "active"]
    order_columns = ["name", "kind"]
    base_order = ("name", "asc")
    # Partners are deactivated, not deleted: lead sources refer to them.
    exclude_route_methods = {"delete"}


class LeadSourceView(YuelaoModelView):
    resource = "lead_source"
    datamodel = ClientPrefetchInterface(LeadSource)
    list_title = _l("Lead sources")
    show_title = _l("Lead source")
    add_title = _l("Record where a lead came from")
    edit_title = _l("Edit lead source")
    label_columns = LEAD_LABELS
    list_columns = ["client_label", "event", "partner", "department", "created_at"]
    show_columns = ["client_label", "event", "partner", "department", "note", "created_at"]
    add_columns = ["client", "event", "partner", "note"]
    add_form_extra_fields = {"client": ClientPickerField(_l("Client"))}
    edit_columns = ["event", "partner", "note"]
    search_columns = ["event", "partner", "department"]
    order_columns = ["created_at"]
    base_order = ("id", "desc")

    def pre_add(self, item):
        leads.prepare_lead_source(item)
        super().pre_add(item)


class PartnerApi(YuelaoModelApi):
    resource = "partner"
    datamodel = YuelaoInterface(Partner)
    list_columns = show_columns = ["id", "name", "kind", "contact_person", "phone",
                                   "department_id", "active", "notes"]
    add_columns = edit_columns = ["name", "kind", "contact_person", "phone", "department_id",
                                  "active", "notes"]
    order_columns = ["name", "kind"]
    search_columns = ["name", "kind", "active", "department_id"]
    exclude_route_methods = {"delete"}


class LeadSourceApi(YuelaoModelApi):
    """``POST /api/v1/lead_source/`` {client_id, event_id | partner_id}: one per client."""

    resource = "lead_source"
    datamodel = ClientPrefetchInterface(LeadSource)
    list_columns = show_columns = ["id", "client_id", "client_label", "event_id",
                                   "partner_id", "department_id", "note", "created_at"]
    add_columns = ["client_id", "event_id", "partner_id", "note"]
    edit_columns = ["event_id", "partner_id", "note"]
    search_columns = ["client_id", "event_id", "partner_id", "department_id"]

    def pre_add(self, item):
        leads.prepare_lead_source(item)
        super().pre_add(item)


def lead_list_links(column: str, ids) -> list[str | None]:
    """The lead list filtered to each event / partner (the drill-down of a bar or a count),
    or None where the list is not there (the dashboard's ``drill_url`` knows the filters)."""
    drill = current_app.jinja_env.globals.get("drill_url")
    # The figures count company-wide; the lead list is scoped. A reader who sees only part of
    # the leads (the 市場部 head sees none of the stores') would open a list that disagrees
    # with the number, so the number is shown without a link.
    if drill is None or not current_scope().is_all:
        return [None for _ in ids]
    return [drill("LeadSourceView", **{column: ("FilterRelationOneToManyEqual", pk)})
            for pk in ids]


def lead_charts(data: dict) -> dict:
    """Chart specs (app/core/charts.py) of leads per event and per partner; each bar opens
    the leads behind it. A chart only where there is something to draw."""
    charts = {}
    for key, column, label_key in (("events", "event", "title"),
                                   ("partners", "partner", "name")):
        rows = data[key]
        links = lead_list_links(column, [r["id"] for r in rows])
        for row, link in zip(rows, links, strict=True):
            row["leads_url"] = link
        if rows:
            charts[key] = chart_spec([r[label_key] for r in rows],
                                     [(_l("Leads"), [r["leads"] for r in rows])],
                                     links=links, horizontal=True)
    return charts


class MarketingFiguresView(BaseView):
    route_base = "/marketingfigures"
    class_permission_name = "marketing_figures"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        data = lead_counts()
        charts = lead_charts(data)
        return self.render_template("matching/marketing_figures.html", data=data,
                                    charts=charts, kinds=EVENT_KIND_LABELS,
                                    partner_kinds=PARTNER_KIND_LABELS,
                                    title=_l("Leads per event and partner"))


class MarketingFiguresApi(BaseApi):
    resource_name = "marketing_figures"
    class_permission_name = "marketing_figures"
    method_permission_name = {"get_list": "read"}
    allow_browser_login = True
    openapi_spec_tag = "Marketing figures"

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("get_list")
    def get_list(self):
        """Leads per event (with cost per lead) and per partner institution, scoped
        ---
        get:
          responses:
            200: {description: "{events: [...], partners: [...], total: n}"}
        """
        return self.response(200, **lead_counts())
