"""Printable forms (打印): A4 pages the browser prints, one per rule-book form.

``/print/<resource>/<pk>`` loads the record through the resource's registered view (its
datamodel's model, read with the core's scoped_get): out of scope or missing is 404, no read
permission on the resource is 403. Labels and choice words come from that view (what its
show page shows); contact fields are always masked on paper.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal

from flask import abort, current_app
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import audit, inbox
from app.core.rules import cite_here
from app.core.scope import scoped_get
from app.dashboard.links import view_named


@dataclass(frozen=True)
class Form:
    template: str
    title: object
    rules: tuple[str, ...]


FORMS: dict[str, Form] = {
    "client": Form("dashboard/print_client.html", _l("Client registration form"),
                   ("000.dashboard.client_form", "001.dashboard.client_form")),
    "match": Form("dashboard/print_match.html", _l("Match and meeting record"),
                  ("000.dashboard.meeting_record",)),
    "meeting": Form("dashboard/print_match.html", _l("Match and meeting record"),
                    ("000.dashboard.meeting_record",)),
    "complaint": Form("dashboard/print_complaint.html", _l("Complaint record"),
                      ("000.dashboard.complaint_record",)),
    "appraisal": Form("dashboard/print_appraisal.html", _l("Performance appraisal form"),
                      ("000.dashboard.appraisal_form",)),
    "expense": Form("dashboard/print_expense.html", _l("Expense claim form"),
                    ("000.dashboard.expense_form",)),
}
MASKED = ("phone", "wechat", "id_number", "complainant_phone", "email")
# Free text is cut on paper so that a form keeps to its page; the record keeps it all.
TEXT_LIMIT = 180


def print_url(resource: str | None, pk) -> str | None:
    """The print page of a record, for the show pages' 打印 button (None: no form)."""
    if not resource or resource not in FORMS or pk is None:
        return None
    sm = current_app.appbuilder.sm
    if not sm.has_access("can_read", "print_form") or not sm.has_access("can_read", resource):
        return None
    from flask import url_for

    return url_for("PrintView.show", resource=resource, pk=pk)


def company_name() -> str:
    """COMPANY_NAME (environment), else the name of the top of the organisation tree."""
    from app.core.scope import unscoped
    from app.extensions import db
    from app.org.models import Department

    if os.environ.get("COMPANY_NAME"):
        return os.environ["COMPANY_NAME"]
    with unscoped():
        name = db.session.scalar(select(Department.name).where(Department.parent_id.is_(None))
                                 .order_by(Department.id).limit(1))
    return name or current_app.config.get("APP_NAME", "")


def cut(text, limit: int = TEXT_LIMIT) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[:limit - 1] + "…"


class Fields:
    """Label and shown value of a record's columns, as the resource's view shows them."""

    def __init__(self, view, item):
        self.view, self.item = view, item

    def label(self, col: str) -> str:
        return str((self.view.label_columns or {}).get(col, col.replace("_", " ")))

    def value(self, col: str, limit: int = TEXT_LIMIT):
        value = getattr(self.item, col, None)
        if col in MASKED:
            return audit.mask(value) or ""
        formatter = (self.view.formatters_columns or {}).get(col)
        if formatter is not None and value is not None:
            try:
                value = formatter(value)
            except Exception:  # noqa: BLE001  a formatter for another shape: the raw value
                pass
        if isinstance(value, Decimal):
            return f"{value:,.2f}"
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return cut(plain(value), limit)


def plain(value) -> str:
    """A value as text on paper: empty for None, 是 / 否, times to the minute."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def age_of(birth: dt.date | None) -> int | None:
    if birth is None:
        return None
    today = dt.date.today()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def limited(client) -> str:
    """Surname + 先生/女士 (the profile a candidate outside scope shows)."""
    if client is None:
        return ""
    title = "先生" if client.gender == "M" else "女士"
    return f"{(client.name or '')[:1]}{title}"


DIGITS = "零壹貳叁肆伍陸柒捌玖"
UNITS = ["", "拾", "佰", "仟"]


def rmb_upper(amount: Decimal) -> str:
    """Amount in capital numerals (大寫金額) as money forms write it, up to 9,999,999,999.99."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount < 0 or amount >= Decimal("10000000000"):
        return ""
    yuan, cents = divmod(int(amount * 100), 100)
    out = ""
    groups = [("億", yuan // 100000000), ("萬", yuan // 10000 % 10000), ("", yuan % 10000)]
    zero = False
    for suffix, group in groups:
        if group == 0:
            zero = bool(out)
            continue
        part = ""
        for i, unit in enumerate(reversed(UNITS)):
            d = group // (10 ** (3 - i)) % 10
            if d == 0:
                zero = bool(out or part)
            else:
                if zero:
                    part += "零"
                    zero = False
                part += DIGITS[d] + unit
        out += part + suffix
    out = (out or "零") + "元"
    jiao, fen = divmod(cents, 10)
    if not cents:
        return out + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    if fen:
        out += DIGITS[fen] + "分"
    return out


class PrintView(BaseView):
    route_base = "/print"
    class_permission_name = "print_form"
    method_permission_name = {"show": "read"}
    default_view = "show"

    @expose("/<resource>/<int:pk>")
    @has_access
    def show(self, resource, pk):
        form = FORMS.get(resource)
        endpoint = inbox.SHOW_ENDPOINTS.get(resource)
        view = view_named(endpoint) if endpoint else None
        if form is None or view is None:
            abort(404)
        if not self.appbuilder.sm.has_access("can_read", resource):
            abort(403)
        item = scoped_get(view.datamodel.obj, pk)
        if item is None:
            abort(404)
        ctx = {"item": item, "f": Fields(view, item)}
        if resource in ("match", "meeting"):
            match_view = view_named(inbox.SHOW_ENDPOINTS.get("match", "")) or view
            meeting_view = view_named(inbox.SHOW_ENDPOINTS.get("meeting", "")) or view
            meetings = [item] if resource == "meeting" else sorted(
                getattr(item, "meetings", None) or [], key=lambda m: (m.time, m.id))
            if resource == "meeting":
                ctx.update(item=item.match, f=Fields(match_view, item.match))
            ctx["meetings"] = [(m, Fields(meeting_view, m)) for m in meetings]
        if resource == "expense":
            from app.core import attachments

            ctx["receipts"] = attachments.list_for("expense", item.id)
            ctx["amount_upper"] = rmb_upper(item.amount or Decimal(0))
        clauses = list(dict.fromkeys(c for c in map(cite_here, form.rules) if c))
        return self.render_template(
            form.template, form=form, resource=resource, pk=pk, company=company_name(),
            clauses=clauses, printed_on=dt.date.today(), age_of=age_of, limited=limited,
            cut=cut, title=form.title, **ctx)
