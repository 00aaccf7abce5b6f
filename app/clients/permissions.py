"""Who may do what with clients (DESIGN §3). Roles are data: these are the profile defaults."""
from app.core.roles import FULL, READ, WRITE

_REVIEW = ["can_submit", "can_approve", "can_reject", "can_pause", "can_resume", "can_close"]
_ANSWER = ["can_confirm", "can_decline"]

GRANTS = {
    "Executive": {"client": READ, "client_assignment": READ},
    "Auditor": {"client": READ, "client_assignment": READ},
    # 紅娘主管 / 客服主管 / store managers: review, assign from the pool, see contact details.
    "Department head": {"client": FULL + _REVIEW + ["can_view_contact", "can_assign"],
                        "client_assignment": READ},
    "Matchmaker": {"client": WRITE + ["can_submit", "can_pause", "can_resume", "can_close",
                                      "can_view_contact"],
                   "client_assignment": READ + _ANSWER},
    # 客服專員 register walk-in clients (客戶信息登記表) and pass them to 紅娘部.
    "Customer service": {"client": WRITE + ["can_submit", "can_view_contact"]},
    "Marketing": {"client": WRITE + ["can_submit"]},
}
