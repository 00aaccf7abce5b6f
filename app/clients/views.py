"""Client pages: the register, the 公海 pool, clients due for return, assignments."""
from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, jsonify, redirect, request, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.filters import BaseFilter, FilterEqual, FilterNotEqual
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.clients import data_care, photos, pool, services
from app.clients.candidates import candidates_for, no_candidates_reason
from app.clients.forms import CHOICE_LABELS, RULE_FIELDS, ClientRule, extra_fields
from app.clients.interface import ClientInterface
from app.clients.models import Client, ClientAssignment
from app.clients.picker import search_clients
from app.clients.review import OWNER_FIELD, owner_choices
from app.core import audit
from app.core.interface import YuelaoInterface
from app.core.models import utcnow
from app.core.scope import current_scope, unscoped
from app.core.show_page import shown_item
from app.core.views import VIEW_METHOD_PERMISSIONS, YuelaoModelView
from app.extensions import db
from app.org.models import Department, Employee

CLIENT_LABELS = {
    "client_no": _l("Client No."), "name": _l("Full name"), "gender": _l("Gender"),
    "birth_date": _l("Birth date"), "age": _l("Age"), "height_cm": _l("Height (cm)"),
    "weight_kg": _l("Weight (kg)"), "education": _l("Education"), "city": _l("City"),
    "hukou": _l("Household registration"), "marital_status": _l("Marital status"),
    "has_children": _l("Has children"), "occupation": _l("Occupation"),
    "employer": _l("Employer"), "income_monthly": _l("Monthly income"), "phone": _l("Phone"),
    "wechat": _l("WeChat"), "id_number": _l("ID number"), "email": _l("Email"),
    "family_background": _l("Family background"), "hobbies": _l("Hobbies"),
    "marital_history": _l("Marital history"), "self_description": _l("About me"),
    "photo": _l("Photo"), "pref_age_min": _l("Preferred age from"),
    "pref_age_max": _l("Preferred age to"), "pref_height_min": _l("Preferred height from"),
    "pref_height_max": _l("Preferred height to"), "pref_education_min": _l("Minimum education"),
    "pref_cities": _l("Preferred cities"), "pref_marital_statuses": _l("Accepted marital statuses"),
    "pref_income_min": _l("Minimum income"), "pref_notes": _l("Other preferences"),
    "intake_channel": _l("Intake channel"), "referral_source": _l("Referred by"),
    "tier": _l("Membership tier"), "contract_no": _l("Contract No."),
    "contract_fee": _l("Contract fee"), "department": _l("Department"),
    "matchmaker": _l("Matchmaker"), "status": _l("Status"),
    "assigned_at": _l("Assigned at"), "last_followup_at": _l("Last follow-up"),
    "pool_since": _l("In pool since"), "notes": _l("Notes"), "created_at": _l("Registered at"),
    "share_consent": _l("Agrees to sharing of their data"),
    "share_consent_at": _l("Sharing consent given on"), "verified_at": _l("Last verified"),
    "owner_id": _l("Owning matchmaker"),
}

BASIC = ["name", "gender", "birth_date", "height_cm", "weight_kg", "education", "city", "hukou",
         "marital_status", "has_children", "occupation", "employer", "income_monthly"]
CONTACT = ["phone", "wechat", "id_number", "email"]
BACKGROUND = ["family_background", "hobbies", "marital_history", "self_description"]
PREFERENCES = ["pref_age_min", "pref_age_max", "pref_height_min", "pref_height_max",
               "pref_education_min", "pref_cities", "pref_marital_statuses", "pref_income_min",
               "pref_notes"]
MEMBERSHIP = ["intake_channel", "referral_source", "tier", "contract_no", "contract_fee",
              "department", "matchmaker", "share_consent", "notes"]
FORM_FIELDSETS = [
    (_l("Basic facts"), {"fields": BASIC}),
    (_l("Contact"), {"fields": CONTACT}),
    (_l("Family and interests"), {"fields": BACKGROUND}),
    (_l("Mate preferences"), {"fields": PREFERENCES}),
    (_l("Membership and assignment"), {"fields": MEMBERSHIP}),
]
SHOW_FIELDSETS = [
    (_l("Basic facts"), {"fields": ["client_no", "status", "age"] + BASIC}),
    *FORM_FIELDSETS[1:4],
    (_l("Membership and assignment"), {"fields": [f for f in MEMBERSHIP if f != "share_consent"]
                                        + ["share_consent_at", "verified_at", "assigned_at",
                                           "last_followup_at", "pool_since", "created_at"]}),
]

_ACTIVE_STAFF = [["status", FilterNotEqual, "left"], ["archived_at", FilterEqual, None]]


def _label(kind):
    return lambda v: CHOICE_LABELS[kind].get(v, v or "")


def _list(v):
    return "、".join(v) if isinstance(v, list) else (v or "")


def _day(v):
    """A date-time as its day, also as History stores it (ISO text with microseconds)."""
    if isinstance(v, str):
        try:
            v = dt.datetime.fromisoformat(v)
        except ValueError:
            return v
    return f"{v:%Y-%m-%d}" if hasattr(v, "strftime") else (v or "")


def _employee_name(v):
    """An employee id (the owner chosen on approval, in History) as the person's name."""
    if isinstance(v, Employee):
        return v.name
    if isinstance(v, int) or (isinstance(v, str) and v.isdigit()):
        with unscoped():
            name = db.session.scalar(select(Employee.name).where(Employee.id == int(v)))
        return name or v
    return v or ""


FORMATTERS = {
    **{f: audit.mask for f in services.CONTACT_FIELDS},
    **{k: _label(k) for k in CHOICE_LABELS},
    "pref_cities": _list,
    **{f: _day for f in ("share_consent_at", "verified_at", "assigned_at", "pool_since")},
    "owner_id": _employee_name,
    "pref_marital_statuses": lambda v: "、".join(
        str(CHOICE_LABELS["marital_status"].get(m, m)) for m in v or []),
}


class ClientView(YuelaoModelView):
    resource = "client"
    datamodel = ClientInterface(Client)
    # Archiving is for the owner of client files (000 客戶信息管理), not for whoever may edit.
    method_permission_name = {**VIEW_METHOD_PERMISSIONS, "delete": "archive",
                              "reveal": "view_contact", "verify": "write",
                              "assign": "assign", "assign_selected": "assign",
                              "photo": "read", "upload_photo": "write", "search": "read",
                              "candidates": "read"}
    show_template = "clients/show.html"
    add_template = "clients/add.html"
    edit_template = "clients/edit.html"
    list_title = _l("Clients")
    show_title = _l("Client")
    add_title = _l("Register a client")
    edit_title = _l("Edit client")
    label_columns = CLIENT_LABELS
    list_columns = ["client_no", "name", "gender", "age", "city", "education", "tier", "status",
                    "department", "matchmaker", "phone"]
    show_fieldsets = SHOW_FIELDSETS
    add_columns = edit_columns = BASIC + CONTACT + BACKGROUND + PREFERENCES + MEMBERSHIP
    add_fieldsets = edit_fieldsets = FORM_FIELDSETS
    add_form_extra_fields = edit_form_extra_fields = extra_fields()
    validators_columns = {f: [ClientRule()] for f in RULE_FIELDS}
    add_form_query_rel_fields = edit_form_query_rel_fields = {"matchmaker": _ACTIVE_STAFF}
    search_columns = ["client_no", "name", "gender", "city", "education", "marital_status",
                      "tier", "status", "department", "matchmaker", "birth_date", "created_at"]
    order_columns = ["client_no", "name", "city", "tier", "status", "created_at", "birth_date"]
    base_order = ("id", "desc")
    formatters_columns = FORMATTERS

    # --- contact fields never leave masked except through reveal ---------------------------
    def prefill_form(self, form, pk):
        for f in services.CONTACT_FIELDS:
            form[f].data = audit.mask(form[f].data)

    def prefill_add_form(self, form):
        """A front-line employee's own new client is theirs unless they choose otherwise."""
        me = _frontline_me()
        if me is not None and "matchmaker" in form._fields and form.matchmaker.data is None:
            form.matchmaker.data = me

    def pre_add(self, item):
        if item.matchmaker_id is None and item.matchmaker is None:
            item.matchmaker = _frontline_me()
        if item.department_id is None and item.department is None:
            # The relationship (set to None by the form) wins over the column at flush.
            with unscoped():
                item.department = db.session.get(Department, current_scope().department_id or 0)
        super().pre_add(item)

    def pre_update(self, item):
        services.keep_masked_contact(item)
        data_care.check_reclassify(item)
        super().pre_update(item)

    @expose("/reveal/<int:pk>", methods=["POST"])
    @has_access
    def reveal(self, pk):
        values = services.reveal_contact(pk, reason=request.form.get("reason"))
        item = self.datamodel.get(pk)
        return self.render_template("clients/contact.html", item=item, values=values,
                                    labels=CLIENT_LABELS, title=self.show_title,
                                    back=url_for(f"{self.endpoint}.show", pk=pk))

    # --- client pickers of other forms (follow-ups, matches, complaints) -----------------
    @expose("/search")
    @has_access
    def search(self):
        """``{"results": [{"id", "text"}]}``: clients in scope by number or name prefix."""
        return jsonify(results=search_clients(request.args.get("q", "")))

    # --- the photo of the registration form -------------------------------------------------
    @expose("/photo/<int:pk>", methods=["GET"])
    @has_access
    def photo(self, pk):
        path, mimetype = photos.photo_file(pk)
        # Private to the browser: app.core.web keeps files sent by views out of shared caches.
        return send_file(path, mimetype=mimetype)

    @expose("/photo/<int:pk>/upload", methods=["POST"])
    @has_access
    def upload_photo(self, pk):
        upload = request.files.get("photo")
        photos.set_photo(pk, upload.filename if upload else None,
                         upload.stream if upload else None)
        flash(str(_l("Photo saved")), "success")
        return redirect(url_for(f"{self.endpoint}.show", pk=pk))

    # --- data care: the file was checked with the client ------------------------------------
    @expose("/verify/<int:pk>", methods=["POST"])
    @has_access
    def verify(self, pk):
        data_care.mark_verified(pk)
        db.session.commit()
        flash(str(_l("Marked as verified today")), "success")
        return redirect(url_for(f"{self.endpoint}.show", pk=pk))

    def render_template(self, template, **kwargs):
        kwargs.setdefault("client_locale", str(get_locale() or ""))
        if template == self.show_template and "pk" in kwargs:
            item = shown_item(self, kwargs["pk"])  # the row the show page loaded: no 2nd SELECT
            sm = current_app.appbuilder.sm
            kwargs.setdefault("item", item)
            kwargs["can_reveal"] = sm.has_access("can_view_contact", "client")
            kwargs["can_write_client"] = sm.has_access("can_write", "client")
            kwargs["edit_url"] = (url_for(f"{self.endpoint}.edit", pk=kwargs["pk"])
                                  if kwargs["can_write_client"] and item is not None else None)
            if item is not None and item.status == "pending_review":
                kwargs["transition_choices"] = {
                    OWNER_FIELD.name: [("", str(_l("Owning matchmaker")))]
                    + owner_choices(item)}
        return super().render_template(template, **kwargs)

    # --- the 推薦對象 tab: fetched by the show page when opened, not while it renders ----------
    @expose("/candidates/<int:pk>")
    @has_access
    def candidates(self, pk):
        """The Candidates tab's table rows (HTML): the search costs more than the rest of
        the show page, so the page asks for it only when the tab is shown."""
        item = self.datamodel.get(pk)  # scoped: out of scope or archived is a 404
        if item is None:
            abort(404)
        rows = candidates_for(item, 20) if item.status == "active" else []
        return self.render_template(
            "clients/_candidates.html", pk=pk, candidates=rows,
            no_candidates_reason="" if rows else no_candidates_reason(item),
            propose_enabled="MatchView.propose" in current_app.view_functions,
            choice_labels=CHOICE_LABELS)

    # --- 公海: hand selected clients to a matchmaker ------------------------------------------
    @action("assign_selected", _l("Assign to a matchmaker"), None, "fa-user-plus",
            single=False)
    def assign_selected(self, items):
        ids = ",".join(str(i.id) for i in items)
        return redirect(url_for(f"{self.endpoint}.assign", ids=ids))

    @expose("/assign", methods=["GET", "POST"])
    @has_access
    def assign(self):
        raw = request.values.get("ids", "")
        ids = [int(x) for x in raw.split(",") if x.strip().isdigit()]
        if request.method == "POST":
            pool.assign(ids, int(request.form.get("employee_id") or 0),
                        note=request.form.get("note") or None)
            flash(str(_l("%(n)s clients offered; waiting for the matchmaker to confirm",
                         n=len(ids))), "success")
            return redirect(url_for(f"{self.endpoint}.list"))
        clients = list(db.session.scalars(select(Client).where(Client.id.in_(ids)))) if ids \
            else []
        if ids and len(clients) != len(set(ids)):
            abort(404)
        staff = list(db.session.scalars(
            select(Employee).where(Employee.status != "left", Employee.archived_at.is_(None))
            .order_by(Employee.employee_no)))
        return self.render_template("clients/assign.html", clients=clients, staff=staff,
                                    ids=raw, title=_l("Assign to a matchmaker"))


def _frontline_me():
    """The current user's employee row when they are front-line staff (own clients)."""
    from app.core.roles import kinds_of

    if "Frontline" not in kinds_of(current_app.appbuilder.sm.current_user):
        return None
    with unscoped():
        return db.session.scalar(select(Employee).where(
            Employee.user_id == current_app.appbuilder.sm.current_user.id))


class ClientPoolView(ClientView):
    """公海: live clients without a matchmaker, in the head's scope."""

    list_title = _l("Unassigned pool")
    base_filters = [["matchmaker_id", FilterEqual, None]]
    list_columns = ["client_no", "name", "gender", "age", "city", "tier", "status",
                    "department", "pool_since"]
    base_order = ("id", "desc")


class FilterDueForReturn(BaseFilter):
    name = _l("Due for return to the pool")
    arg_name = "due"

    def apply(self, query, value):
        return query.filter(*pool.due_criteria(utcnow()))


class ClientDueView(ClientView):
    """Clients whose matchmaker logged no follow-up for POOL_RETURN_DAYS days."""

    list_title = _l("Due for return to the pool")
    list_template = "clients/due_list.html"  # quotes the deadline rule above the list
    base_filters = [["id", FilterDueForReturn, None]]
    list_columns = ["client_no", "name", "status", "department", "matchmaker",
                    "assigned_at", "last_followup_at"]


class FilterReverifyDue(BaseFilter):
    name = _l("Not verified recently")
    arg_name = "reverify"

    def apply(self, query, value):
        return query.filter(*data_care.reverify_due())


class ClientReverifyView(ClientView):
    """Files not verified with the client within CLIENT_REVERIFY_DAYS, for their owner."""

    list_title = _l("Files to re-verify")
    base_filters = [["id", FilterReverifyDue, None]]
    list_columns = ["client_no", "name", "status", "department", "matchmaker", "verified_at"]


class ClientAssignmentView(YuelaoModelView):
    resource = "client_assignment"
    datamodel = YuelaoInterface(ClientAssignment)
    include_route_methods = {"list", "show", "action", "action_post", "transition"}
    list_title = _l("Client assignments")
    show_title = _l("Client assignment")
    label_columns = {"client": _l("Client"), "employee": _l("Matchmaker"),
                     "department": _l("Department"), "status": _l("Status"),
                     "note": _l("Note"), "created_at": _l("Offered at"),
                     "decided_at": _l("Answered at"), "created_by": _l("Offered by")}
    list_columns = ["client", "employee", "department", "status", "created_at", "decided_at"]
    show_columns = ["client", "employee", "department", "status", "note", "created_by",
                    "created_at", "decided_at"]
    search_columns = ["status", "employee", "department"]
    base_order = ("id", "desc")
