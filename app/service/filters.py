"""A list filter on the computed ``overdue`` flag (UI search, REST ``opr: overdue``)."""
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l
from sqlalchemy import not_

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
