"""Who may do what in finance (rule books 000 財務管理, 002 六, 004 六).

Departments draft their budgets and submit them (heads); the profile's finance owner
consolidates (``can_consolidate`` on budget: 財務部 here; the postpartum profile gives it to
行政部 — PROFILE_GRANTS); management approves budgets and adjustments. Everyone files their own
claims; the recorded head approves (guarded by the org chart, app/core/approvers.py); finance
approves and pays within its limit (profile approval limits), management above it.
"""
from app.core.roles import FULL, READ, WRITE

_CLAIM = ["can_submit"]
_STAFF = {"expense": WRITE + _CLAIM, "expense_category": READ, "expense_standard": READ}
# 002 六(二)1: 業務人員負責客戶訂單的簽訂和款項收取 — sales staff sign and collect.
_SALES = {"contract": WRITE, "payment": WRITE}
_READ_MONEY = {"contract": READ, "payment": READ}
# The figures page and REST (in each reader's data scope).
_FIGURES = {"finance_figures": READ}

GRANTS = {
    "Executive": {"budget": READ + ["can_approve", "can_return"],
                  "budget_line": READ, "budget_adjustment": READ + ["can_approve", "can_reject"],
                  "budget_adjustment_line": READ, "expense_category": WRITE,
                  "expense_standard": WRITE,
                  "expense": WRITE + _CLAIM + ["can_approve_head", "can_approve_standard",
                                               "can_pay", "can_reject"],
                  **_READ_MONEY, **_FIGURES},
    "Auditor": {"budget": READ, "budget_line": READ, "budget_adjustment": READ,
                "budget_adjustment_line": READ, "expense_category": READ, "expense": READ,
                "expense_standard": READ,
                **_READ_MONEY, **_FIGURES},
    "Finance": {"budget": WRITE + ["can_submit", "can_consolidate", "can_return"],
                "budget_line": FULL, "budget_adjustment": WRITE + ["can_submit"],
                "budget_adjustment_line": FULL, "expense_category": FULL,
                "expense_standard": FULL,
                "expense": WRITE + _CLAIM + ["can_approve_finance", "can_approve_standard",
                                             "can_pay", "can_reject"],
                "contract": WRITE, "payment": WRITE, **_FIGURES},
    # A standard may name HR (行政部 in 002) as its extra approver.
    "HR": {**_STAFF, "expense": WRITE + _CLAIM + ["can_approve_standard"]},
    "Department head": {"budget": WRITE + ["can_submit"], "budget_line": FULL,
                        "budget_adjustment": WRITE + ["can_submit"],
                        "budget_adjustment_line": FULL, "expense_category": READ,
                        "expense_standard": READ,
                        "expense": WRITE + _CLAIM + ["can_approve_head", "can_approve_standard",
                                                     "can_reject"],
                        **_SALES, **_FIGURES},
    "Matchmaker": {**_STAFF, **_SALES},
    "Customer service": dict(_STAFF),
    "Marketing": dict(_STAFF),
}

# Per profile, on top of GRANTS: where the rule book names another finance owner.
# 002 六(一)4: 行政部對各部門預算進行匯總和審核 — the postpartum centre's 行政部 (role HR).
PROFILE_GRANTS = {
    "postpartum": {"HR": {"budget": ["can_read", "can_consolidate", "can_return"],
                          "budget_line": READ, "expense": ["can_approve_finance"],
                          # 002 六(四)2: 行政部負責制定費用報銷標準.
                          "expense_standard": FULL, **_FIGURES}},
}
