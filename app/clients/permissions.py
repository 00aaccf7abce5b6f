"""Who may do what with clients (DESIGN §3). Roles are data: these are the profile defaults."""
from app.core.roles import READ, WRITE

_REVIEW = ["can_submit", "can_approve", "can_reject", "can_pause", "can_resume", "can_close"]
_ANSWER = ["can_confirm", "can_decline"]
# The owner of client files (000 客戶信息管理: 分類、整理、歸檔): reclassify and archive.
_FILES = ["can_reclassify", "can_archive"]

GRANTS = {
    "Executive": {"client": READ, "client_assignment": READ},
    "Auditor": {"client": READ, "client_assignment": READ},
    # 紅娘主管 / 客服主管 / store managers: review, assign from the pool, see contact details.
    "Department head": {"client": WRITE + _REVIEW + ["can_view_contact", "can_assign"],
                        "client_assignment": READ},
    "Frontline": {"client": WRITE + ["can_submit", "can_pause", "can_resume", "can_close",
                                     "can_view_contact"],
                  "client_assignment": READ + _ANSWER},
    # 客服專員 register walk-in clients (客戶信息登記表) and pass them to 紅娘部; they see the
    # store's clients (Client.scope_store_kinds) and keep its files: no matching powers.
    "Customer service": {"client": WRITE + ["can_submit", "can_view_contact"] + _FILES},
    "Marketing": {"client": WRITE + ["can_submit"]},
}
