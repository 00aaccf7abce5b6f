"""Who may do what in customer service (rule books 000 客戶投訴處理 / 客戶溝通與關懷, 002 七,
003 4.3).

Customer service (客服專員) receives complaints, forwards them to the responsible department
of the store (``can_assign``; 重大 ones only their recorded head, guarded in
app/service/workflows.py) and makes the return visit (``can_follow_up``); heads investigate and
resolve what their department is responsible for. Nobody closes or reopens by hand: the return
visit does, through the engine. ``can_monitor_sla``: overdue complaints of one's scope appear
in the inbox (heads, managers). Return visits: ``can_complete`` / ``can_cancel``.
"""
from app.core.roles import FULL, READ, WRITE

_CS = ["can_assign", "can_follow_up"]
# can_close / can_reopen: held so that a head who tries is told why (the guard refuses every
# user with the clause: only the return visit closes or reopens); no button is shown.
_HEAD = ["can_assign", "can_investigate", "can_resolve", "can_follow_up", "can_close",
         "can_reopen", "can_monitor_sla"]
_VISIT = ["can_complete", "can_cancel"]

GRANTS = {
    "Executive": {"complaint": READ + ["can_monitor_sla"], "complaint_category": WRITE,
                  "complaint_figures": READ,
                  "survey": READ, "survey_template": READ, "client_care": READ},
    "Auditor": {"complaint": READ, "complaint_category": READ, "complaint_figures": READ,
                "survey": READ,
                "survey_template": READ},
    "Department head": {"complaint": WRITE + _HEAD, "complaint_category": READ,
                        "complaint_figures": READ,
                        "survey": WRITE + _VISIT, "survey_template": READ,
                        "client_care": READ},
    "Customer service": {"complaint": WRITE + _CS, "complaint_category": READ,
                         "complaint_figures": READ,
                         "survey": FULL + _VISIT, "survey_template": WRITE,
                         "client_care": READ},
    "Matchmaker": {"client_care": READ},
}
