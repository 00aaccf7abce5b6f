"""The intake review (000: 客服專員將收集到的客戶資料及時傳遞給紅娘部,紅娘部對資料進行初步審核).

A submitted 客戶信息登記表 goes to the store's front-line department (the 紅娘部 of book 000,
whatever the profile calls it): the department of the client's store whose staff hold the
"Frontline" role kind. Its recorded head reviews (the next level up where it has none, or
where the head submitted the client); approval records the owning front-line employee.
Nothing here names a department or a role: the org chart and the role kinds decide.
"""
from __future__ import annotations

from collections import Counter

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.clients.rules import cited
from app.core.approvers import current_employee_id, last_actor_employee, recorded_head
from app.core.errors import Forbidden, Invalid
from app.core.models import utcnow
from app.core.request_memo import remembered
from app.core.scope import unscoped
from app.core.workflow import Field
from app.extensions import db

FRONTLINE_KIND = "Frontline"

# The sections of the registration form each book asks for: (label, fields; any one filled
# fills the section).
PREFERENCE_FIELDS = ("pref_age_min", "pref_age_max", "pref_height_min", "pref_height_max",
                     "pref_education_min", "pref_cities", "pref_marital_statuses",
                     "pref_income_min", "pref_notes")
SECTIONS = {
    "000.clients.form_sections": (
        (_l("Mate preferences"), PREFERENCE_FIELDS),
        (_l("Family background"), ("family_background",)),
        (_l("Hobbies"), ("hobbies",)),
    ),
    "001.clients.form_sections": (
        (_l("Occupation"), ("occupation",)),
        (_l("Monthly income"), ("income_monthly",)),
        (_l("Personality"), ("self_description",)),
    ),
}


def _filled(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return bool(value)
    return value is not None


def missing_sections(client) -> list[tuple[str, str]]:
    """(rule code, section label) for every section of the form left empty."""
    out = []
    for code, sections in SECTIONS.items():
        for label, fields in sections:
            if not any(_filled(getattr(client, f, None)) for f in fields):
                out.append((code, str(label)))
    return out


def sections_filled(client, ctx) -> None:
    """Guard on submit: the book's sections are all filled in."""
    missing = missing_sections(client)
    if missing:
        raise Invalid(cited(_l("Fill in these sections of the registration form first: "
                               "%(sections)s", sections="、".join(s for _c, s in missing)),
                            missing[0][0]), missing=[s for _c, s in missing])


def _frontline_counts(department_ids) -> Counter:
    """{department id: front-line staff} among ``department_ids`` (kept for the request:
    the inbox asks it for every client of a store; callers must not change it)."""
    from app.core.models import RoleScope
    from app.org.models import Employee
    from app.security import assoc_user_role

    ids = tuple(sorted(department_ids))

    def count():
        with unscoped():
            rows = db.session.execute(
                select(Employee.department_id, Employee.id).distinct()
                .join(assoc_user_role, assoc_user_role.c.user_id == Employee.user_id)
                .join(RoleScope, RoleScope.role_id == assoc_user_role.c.role_id)
                .where(RoleScope.kind == FRONTLINE_KIND, Employee.status != "left",
                       Employee.archived_at.is_(None), Employee.department_id.in_(ids))).all()
        return Counter(d for d, _e in rows)

    return remembered("frontline_counts", ids, count)


def frontline_department(department_id: int | None) -> int | None:
    """The front-line department of ``department_id``'s store: the one with most front-line
    staff (lowest id on a tie); the department itself when the store has none."""
    from app.core.people import store_subtree

    if department_id is None:
        return None
    counts = _frontline_counts(store_subtree(department_id))
    if not counts:
        return department_id
    if counts.get(department_id):
        return department_id  # already filed with the front line
    return min(counts, key=lambda d: (-counts[d], d))


def reviewer_of(client) -> int | None:
    """The employee who reviews the client: the recorded head of the store's front-line
    department (or above), never whoever submitted it."""
    submitter = last_actor_employee("client", client.id, "submit")
    return recorded_head(frontline_department(client.department_id), exclude=submitter)


def reviewed_by_frontline_head(client, ctx) -> None:
    reviewer = reviewer_of(client)
    if reviewer is None or reviewer != current_employee_id():
        raise Forbidden(cited(_l("Only the recorded head of the store's front-line "
                                 "department reviews this client"),
                              "000.clients.review_approval"))


def file_with_frontline(client, ctx) -> None:
    """Effect of submit: the form goes to the front line for review and filing."""
    target = frontline_department(client.department_id)
    if target is not None and target != client.department_id:
        client.department_id = target


class OwningMatchmakerField(Field):
    """The owning front-line employee chosen on approval (choices filled per page)."""

    def clean(self, raw):
        if raw in (None, ""):
            return None
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise Invalid(str(_l("Choose the owning matchmaker")), field=self.name) from None


OWNER_FIELD = OwningMatchmakerField("owner_id", _l("Owning matchmaker"), kind="choice",
                                    required=False)


def owner_choices(client) -> list[tuple[str, str]]:
    """Front-line staff of the client's store, for the approve step's owner select."""
    counts = _frontline_counts(_store_of(client))
    if not counts:
        return []
    out = list(_frontline_staff(tuple(sorted(counts))))
    if client.matchmaker_id is not None:
        out.sort(key=lambda t: t[0] != str(client.matchmaker_id))
    return out


def _frontline_staff(department_ids: tuple) -> tuple[tuple[str, str], ...]:
    """(employee id, name) of the front-line staff of these departments, by employee number
    (kept for the request: the inbox builds a select for every client of the store)."""
    from app.org.models import Employee

    def load():
        with unscoped():
            rows = db.session.execute(
                select(Employee.id, Employee.name)
                .where(Employee.department_id.in_(department_ids), Employee.status != "left",
                       Employee.archived_at.is_(None))
                .order_by(Employee.employee_no)).all()
        ids = _frontline_ids(department_ids)
        return tuple((str(i), n) for i, n in rows if i in ids)

    return remembered("frontline_staff", department_ids, load)


def _store_of(client):
    from app.core.people import store_subtree

    return store_subtree(client.department_id)


def _frontline_ids(department_ids) -> frozenset[int]:
    from app.core.models import RoleScope
    from app.org.models import Employee
    from app.security import assoc_user_role

    ids = tuple(sorted(department_ids))

    def load():
        with unscoped():
            return frozenset(db.session.scalars(
                select(Employee.id)
                .join(assoc_user_role, assoc_user_role.c.user_id == Employee.user_id)
                .join(RoleScope, RoleScope.role_id == assoc_user_role.c.role_id)
                .where(RoleScope.kind == FRONTLINE_KIND, Employee.department_id.in_(ids))))

    return remembered("frontline_ids", ids, load)


def has_owning_matchmaker(client, ctx) -> None:
    """A client becomes active only with an owning front-line employee recorded."""
    chosen = (ctx.data or {}).get("owner_id") if ctx is not None else None
    if chosen is None and client.matchmaker_id is None:
        raise Invalid(cited(_l("Record the owning matchmaker before approving"),
                            "000.clients.review_approval"), field="matchmaker_id")
    # Kept as it is on the form, the owner must be front-line staff too (the form's
    # matchmaker select lists whoever the registering user may see, 客服 included).
    counts = _frontline_counts(_store_of(client))
    if chosen is None and not counts:
        return  # a store without front-line staff: the recorded matchmaker stands
    owner = chosen if chosen is not None else client.matchmaker_id
    if owner not in _frontline_ids(counts):
        raise Invalid(cited(_l("The owning matchmaker must be front-line staff of the "
                               "client's store"), "000.clients.review_approval"),
                      field="matchmaker_id")


def record_owner(client, ctx) -> None:
    """Effect of approve: the owner is recorded (the chosen one, or the one on the form)."""
    chosen = (ctx.data or {}).get("owner_id")
    if chosen is not None and chosen != client.matchmaker_id:
        client.matchmaker_id = chosen
        client.assigned_at = utcnow()
    elif client.assigned_at is None:
        client.assigned_at = utcnow()


# --- the review from the inbox ---------------------------------------------------------------
INBOX_LIMIT = 50
REVIEW_STEPS = ("approve", "reject")


def owner_field_for(client):
    """The approve step's owner select for this client: the front-line staff of its store,
    its current matchmaker first, a blank "choose" first when it has none."""
    from dataclasses import replace

    choices = owner_choices(client)
    if str(client.matchmaker_id) not in {v for v, _label in choices}:
        choices = [("", str(_l("Choose the owning matchmaker")))] + choices
    return replace(OWNER_FIELD, choices=tuple(choices))


def inbox_reviews():
    """待我審批 → 待審核客戶: the clients this user reviews, each with 批准 (the owning 紅娘
    chosen right there) and 退回補充 (with its comment). The core's section cannot offer
    approve: its owner select needs the client's store (and the core hides a step whose input
    is missing), so the review steps are ``inbox=False`` and listed here instead."""
    from dataclasses import replace

    from app.clients.models import Client
    from app.clients.workflows import CLIENT_WORKFLOW as wf
    from app.core.inbox import InboxItem, InboxSection, record_title

    if not any(wf.permitted(wf.get(n)) for n in REVIEW_STEPS):
        return []
    rows = db.session.scalars(select(Client).where(Client.status == "pending_review")
                              .order_by(Client.id.desc()).limit(INBOX_LIMIT)).all()
    # The rows' transition histories in one query (submitter, separation of duties), not
    # one per row and step.
    wf.remember_history([r.id for r in rows])
    items = []
    for row in rows:
        # available(): permission, separation of duties and the guards that forbid this user
        # (only the reviewing head is offered the steps; missing input still offers them).
        steps = [t for t in wf.available(row) if t.name in REVIEW_STEPS]
        if not steps:
            continue
        steps = [replace(t, fields=(owner_field_for(row),)) if t.name == "approve" else t
                 for t in steps]
        missing = missing_sections(row)
        note = (str(_l("Fill in these sections of the registration form first: "
                       "%(sections)s", sections="、".join(s for _c, s in missing)))
                if missing else str(_l("Choose the owning matchmaker and approve")))
        items.append(InboxItem("client", row.id, record_title(row), row.status,
                               wf.state_label(row.status), steps, note))
    if not items:
        return []
    return [InboxSection("client", cited(_l("Clients to review"),
                                         "000.clients.review_approval"), items)]
