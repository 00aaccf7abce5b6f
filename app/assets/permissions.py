"""Who may do what with assets (rule books 002 后勤 / 資產管理, 003 財務管理部, 004 行政部).

The profile's asset owner (行政部 / 后勤 / 財務管理部: the HR and Finance roles, scope all)
registers, moves and posts; approves disposals after the recorded head of the asset's
department; issues supplies after the recorded head approved the requisition. Heads see and
count their department's assets; staff see the items in their custody and request supplies.
Guards (recorded head, approved disposal, discrepancies explained) narrow the permissions.
"""
from app.core.roles import FULL, READ, WRITE

_ASSET_STEPS = ["can_idle", "can_use", "can_repair", "can_restore"]
_OWNER = {
    "asset": FULL + _ASSET_STEPS + ["can_dispose", "can_move", "can_sign_out",
                                    "can_maintain"],
    "asset_category": FULL, "asset_move": READ, "depreciation_entry": READ,
    "asset_loan": WRITE, "asset_maintenance": READ,
    "stocktake": FULL + ["can_start", "can_submit", "can_close", "can_count"],
    "stocktake_line": WRITE,
    "disposal": FULL + ["can_submit", "can_approve_head", "can_approve", "can_reject"],
    "supply_item": FULL + ["can_receive", "can_adjust"], "supply_move": READ,
    "requisition": WRITE + ["can_submit", "can_approve", "can_issue", "can_reject"],
    "purchase_request": FULL + ["can_submit", "can_approve", "can_purchase", "can_reject"],
    "purchase_quote": FULL,
}
_ALL_READ = {res: READ for res in _OWNER}
# Management reads everything and takes the head's step where it is the recorded head one
# level up: a request filed by a department head goes to the head of the department above
# (in a one-level organisation, the 總經理 heading HQ). The head_of_department guard decides.
_EXECUTIVE = {**_ALL_READ,
              "disposal": READ + ["can_approve_head"],
              "requisition": READ + ["can_approve"],
              "purchase_request": READ + ["can_approve"]}
_HEAD = {
    "asset": READ + _ASSET_STEPS + ["can_move", "can_sign_out", "can_maintain"],
    "asset_category": READ, "asset_move": READ, "depreciation_entry": READ,
    "asset_loan": WRITE, "asset_maintenance": READ,
    "stocktake": WRITE + ["can_start", "can_submit", "can_close", "can_count"],
    "stocktake_line": WRITE,
    "disposal": WRITE + ["can_submit", "can_approve_head", "can_reject"],
    "supply_item": READ, "supply_move": READ,
    "requisition": WRITE + ["can_submit", "can_approve", "can_reject"],
    "purchase_request": WRITE + ["can_submit", "can_approve", "can_reject"],
    "purchase_quote": WRITE,
}
_STAFF = {
    "asset": READ + ["can_sign_out"], "asset_category": READ, "asset_loan": WRITE,
    "asset_move": READ, "supply_item": READ, "requisition": WRITE + ["can_submit"],
    "purchase_request": WRITE + ["can_submit"], "purchase_quote": WRITE,
}

GRANTS = {
    "HR": _OWNER,
    "Finance": _OWNER,
    "Executive": _EXECUTIVE,
    "Auditor": _ALL_READ,
    "Department head": _HEAD,
    "Matchmaker": _STAFF,
    "Customer service": _STAFF,
    "Marketing": _STAFF,
}
