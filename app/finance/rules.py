"""The finance rules, each traced to its rule-book clause (app/core/rules.py).

Codes are ``<book>.finance.<topic>``. A rule that several books state (the budget chapter of
000, 002 and 004) is declared once per book; ``cite_for(topic)`` quotes the one the running
profile follows.
"""
from __future__ import annotations

from app.core.rules import Rule, cite, register

_E = "app.finance"

RULES = [
    # Budget control at submit and at each approval.
    Rule("000.finance.budget_control", "000",
         "財務預算經公司管理層審核通過后,嚴格執行。各部門應按照預算控制各項費用支出,確保公司財務狀況穩定。",
         "guard", f"{_E}.control:check_budget"),
    Rule("002.finance.budget_control", "002",
         "財務專員對費用報銷進行審核,確保費用支出符合規定和預算要求。",
         "guard", f"{_E}.control:check_budget"),
    Rule("004.finance.budget_control", "004",
         "經批準后的財務預算應嚴格執行,如遇特殊情況需要調整預算,應按照規定的程序進行申請和審批。",
         "guard", f"{_E}.control:check_budget"),
    # Departments draft, the finance owner consolidates, management approves.
    Rule("004.finance.budget_draft", "004",
         "各部門應根據公司預算要求,編制本部門的預算草案,并提交至財務部匯總。",
         "approval", f"{_E}.workflows:BUDGET_WORKFLOW"),
    Rule("002.finance.budget_draft", "002",
         "各部門根據財務預算,制定本部門的工作計劃和費用預算,并報行政部審核。",
         "approval", f"{_E}.workflows:BUDGET_WORKFLOW"),
    Rule("000.finance.budget_consolidate", "000",
         "財務部每年末根據公司經營目標和業務計劃,編制下一年度財務預算,包括收入預算、成本預算、費用預算等。",
         "approval", f"{_E}.workflows:BUDGET_WORKFLOW"),
    Rule("002.finance.budget_consolidate", "002",
         "行政部對各部門預算進行匯總和審核,報中心管理層審批后執行。",
         "approval", f"{_E}.workflows:BUDGET_WORKFLOW"),
    Rule("004.finance.budget_consolidate", "004",
         "財務部對各部門預算草案進行審核、平衡,形成公司年度財務預算方案,提交至公司管理層審批。",
         "approval", f"{_E}.workflows:BUDGET_WORKFLOW"),
    Rule("000.finance.budget_approve", "000", "財務預算經公司管理層審核通過后,嚴格執行。",
         "approval", f"{_E}.workflows:BUDGET_WORKFLOW"),
    Rule("000.finance.budget_closed_year", "000",
         "財務部每年末根據公司經營目標和業務計劃,編制下一年度財務預算,包括收入預算、成本預算、費用預算等。",
         "validation", f"{_E}.budgets:validate_line"),
    Rule("004.finance.budget_adjustment", "004",
         "如遇特殊情況需要調整預算,應按照規定的程序進行申請和審批。",
         "approval", f"{_E}.budgets:apply_adjustment"),
    Rule("001.finance.budget_variance", "001",
         "定期对比实际收支与预算的差异,分析原因并采取相应措施。",
         "kpi", f"{_E}.budgets:execution"),
    Rule("000.finance.budget_variance", "000",
         "財務部定期對財務預算執行情況進行分析和監控,及時發現偏差并采取措施進行調整,確保預算目標的實現。",
         "kpi", f"{_E}.budgets:execution"),
    # Overruns need a reason (差異分析): asked for each line over budget, shown on the page.
    Rule("000.finance.overrun_reason", "000",
         "財務部定期對財務預算執行情況進行分析和監控,及時發現偏差并采取措施進行調整,確保預算目標的實現。",
         "validation", f"{_E}.budgets:record_overrun_reason"),
    Rule("001.finance.overrun_reason", "001",
         "定期对比实际收支与预算的差异,分析原因并采取相应措施。",
         "validation", f"{_E}.budgets:record_overrun_reason"),
    Rule("002.finance.overrun_reason", "002",
         "協助制定預算計劃,監控預算執行情況。",
         "validation", f"{_E}.budgets:record_overrun_reason"),
    # Contract income is the actual of the budget's income lines.
    Rule("000.finance.income_actual", "000",
         "財務部每年末根據公司經營目標和業務計劃,編制下一年度財務預算,包括收入預算、成本預算、費用預算等。",
         "kpi", f"{_E}.budgets:execution"),
    Rule("002.finance.income_actual", "002",
         "財務預算包括收入預算、成本預算、費用預算等方面的內容。",
         "kpi", f"{_E}.budgets:execution"),
    Rule("004.finance.income_actual", "004",
         "預算內容包括收入預算、成本預算、費用預算、資金預算等。",
         "kpi", f"{_E}.budgets:execution"),
    # Expense standards: a claim over one needs the extra approval it names.
    Rule("000.finance.expense_standard", "000",
         "建立成本費用管理制度,明確各項成本費用的開支標準和審批流程。",
         "approval", f"{_E}.standards:standard_approved"),
    Rule("002.finance.expense_standard", "002",
         "行政部負責制定費用報銷標準和流程,規范員工費用報銷行為。",
         "approval", f"{_E}.standards:standard_approved"),
    Rule("004.finance.expense_standard", "004",
         "制定費用報銷制度,明確報銷范圍、報銷標準、報銷流程等。",
         "approval", f"{_E}.standards:standard_approved"),
    # Claims.
    Rule("004.finance.expense_receipts", "004",
         "員工發生費用支出后,應及時填寫費用報銷單,附上相關發票、憑證等資料,按照審批流程進行報銷。",
         "guard", f"{_E}.expenses:has_receipt"),
    Rule("004.finance.expense_head", "004",
         "部門負責人對本部門員工的費用報銷進行初審,確保費用支出的合理性和真實性。",
         "approval", f"{_E}.workflows:EXPENSE_WORKFLOW"),
    Rule("002.finance.expense_head", "002", "各項費用支出必須經過相關領導審批后方可報銷。",
         "approval", f"{_E}.workflows:EXPENSE_WORKFLOW"),
    Rule("004.finance.expense_finance", "004", "財務部對報銷單據進行審核,審核無誤后予以報銷。",
         "approval", f"{_E}.workflows:EXPENSE_WORKFLOW"),
    Rule("004.finance.expense_reject", "004",
         "對于不符合規定的報銷單據,應退回員工并說明原因。",
         "guard", f"{_E}.workflows:EXPENSE_WORKFLOW"),
    Rule("004.finance.payment_tier", "004", "建立資金審批制度,明確資金支付的審批流程和權限。",
         "approval", f"{_E}.workflows:EXPENSE_WORKFLOW"),
    # Contracts and payments.
    Rule("002.finance.payment_receipt", "002", "收取客戶定金或全款,開具正規發票或收據。",
         "validation", f"{_E}.contracts:validate_payment"),
    Rule("001.finance.tier_price", "001",
         "根据服务类型(如普通会员服务、高级会员服务、私人定制服务等)和市场行情,确定不同的收费标准。",
         "validation", f"{_E}.contracts:validate_contract"),
]

for _rule in RULES:
    register(_rule)


def cite_for(topic: str) -> str:
    """The clause of ``<book>.finance.<topic>`` for the running profile's books (the first
    declared book otherwise)."""
    from app.profiles import profile_of

    codes = [r.code for r in RULES if r.code.endswith(f".finance.{topic}")]
    try:
        books = profile_of().books
    except RuntimeError:
        books = ()
    for code in codes:
        if code.split(".", 1)[0] in books:
            return cite(code)
    return cite(codes[0]) if codes else ""
