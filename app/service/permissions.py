"""Who may do what in customer service (rule books 000 客戶投訴處理, 002 七, 003 4.3).

Customer service receives complaints (can_write), follows them up and reopens them when the
client is not satisfied; department heads route what their department received (assign, guarded
by scope), investigate and resolve what their department is responsible for, and close it.
``can_monitor_sla``: overdue complaints of one's scope appear in the inbox (heads, managers).
"""
from app.core.roles import FULL, READ, WRITE

_CS = ["can_follow_up", "can_reopen"]
_HEAD = ["can_assign", "can_investigate", "can_resolve", "can_close", "can_reopen",
         "can_monitor_sla"]

GRANTS = {
    "Executive": {"complaint": READ + ["can_monitor_sla"], "complaint_category": WRITE,
                  "complaint_figures": READ,
                  "survey": READ, "survey_template": READ, "client_care": READ},
    "Auditor": {"complaint": READ, "complaint_category": READ, "complaint_figures": READ,
                "survey": READ,
                "survey_template": READ},
    "Department head": {"complaint": WRITE + _HEAD, "complaint_category": READ,
                        "complaint_figures": READ,
                        "survey": WRITE, "survey_template": READ, "client_care": READ},
    "Customer service": {"complaint": WRITE + _CS, "complaint_category": READ,
                         "complaint_figures": READ,
                         "survey": FULL, "survey_template": WRITE, "client_care": READ},
    "Matchmaker": {"client_care": READ},
}
