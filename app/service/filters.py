"""A list filter on the computed ``overdue`` flag (UI search, REST ``opr: overdue``), and the
state column's search field: a select of the workflow's states."""
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.filters import FilterEqual, FilterNotEqual
from flask_babel import lazy_gettext as _l
from sqlalchemy import not_
from wtforms import SelectField

from app.core.models import utcnow


def _truthy(value) -> bool:
    return str(value).strip().lower() not in ("", "0", "false", "no", "n", "off", "none",
                                              "否", "不是", "无", "無")


class FilterOverdue(BaseFilter):
    name = _l("Overdue (yes / no)")
    arg_name = "overdue"

    def apply(self, query, value):
        clause = self.model.overdue_clause(utcnow())
        return query.filter(clause if _truthy(value) else not_(clause))


def state_select(label, workflow) -> SelectField:
    """The search form's field of a state column: the states in the user's language, never
    a code typed into a text box."""
    return SelectField(label, choices=list(workflow.states.items()), widget=Select2Widget())


def equality_only(filters, column: str) -> None:
    """A state column is searched by 等於 / 不等於 only. FAB reads ``_flt_<i>_<column>`` from
    ``_all_filters`` and lists ``_search_filters`` in the form: both get the same two."""
    for table in (filters._search_filters, filters._all_filters):
        table[column] = [FilterEqual(column, filters.datamodel),
                         FilterNotEqual(column, filters.datamodel)]
