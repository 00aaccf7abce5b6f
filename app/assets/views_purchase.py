"""Purchase requests and their supplier quotes."""
from __future__ import annotations

from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from app.assets.budget import category_choices
from app.assets.models_purchase import PurchaseQuote, PurchaseRequest
from app.assets.views import LABELS
from app.core.interface import YuelaoInterface
from app.core.views import YuelaoModelView

PURCHASE_LABELS = {**LABELS, "unit_price": _l("Unit price"), "budget_line": _l("Budget line"),
                   "purchased_on": _l("Purchased on"), "request": _l("Purchase request")}


def _line_name(code):
    return dict(category_choices()).get(code, code or "")


class PurchaseQuotesView(YuelaoModelView):
    resource = "purchase_quote"
    datamodel = YuelaoInterface(PurchaseQuote)
    label_columns = PURCHASE_LABELS
    list_title = show_title = _l("Supplier quotes")
    add_title = edit_title = _l("Supplier quote")
    list_columns = ["request", "supplier", "amount", "note"]
    show_columns = add_columns = ["request", "supplier", "amount", "note"]
    edit_columns = ["supplier", "amount", "note"]
    base_order = ("id", "asc")


class PurchaseRequestView(YuelaoModelView):
    resource = "purchase_request"
    datamodel = YuelaoInterface(PurchaseRequest)
    label_columns = PURCHASE_LABELS
    list_title = _l("Purchase requests")
    show_title = _l("Purchase request")
    add_title = _l("Request a purchase")
    edit_title = _l("Edit purchase request")
    list_columns = ["item", "department", "quantity", "amount", "status", "purchased_on"]
    show_columns = ["item", "department", "requested_by", "quantity", "unit_price", "amount",
                    "reason", "budget_line", "category", "status", "supplier", "purchased_on"]
    add_columns = ["department", "item", "quantity", "unit_price", "reason", "budget_line",
                   "category"]
    edit_columns = ["item", "quantity", "unit_price", "reason", "budget_line", "category"]
    description_columns = {
        "category": _l("An asset category registers what is bought"),
        "budget_line": _l("The expense category of the department's budget that the amount "
                          "counts against once approved"),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        # Words, not codes: the expense categories by name (choices read per form).
        "budget_line": SelectField(_l("Budget line"), validators=[Optional()],
                                   choices=lambda: [("", "—")] + category_choices(),
                                   widget=Select2Widget()),
    }
    formatters_columns = {"budget_line": _line_name}
    related_views = [PurchaseQuotesView]
    base_order = ("id", "desc")
