"""The assets module's rules, each traced to its rule-book clause (quoted verbatim)."""
from app.core.rules import RULES, Rule, cite, register


def with_citation(message: str, code: str) -> str:
    """The message with the clause of ``code`` — or of its variant ``<code>.<book>`` when the
    running profile follows that book (a rule several books state is quoted from the
    profile's own book)."""
    from app.profiles import profile_of

    try:
        books = profile_of().books
    except RuntimeError:  # no app context
        books = ()
    chosen = next((f"{code}.{b}" for b in books if f"{code}.{b}" in RULES), code)
    clause = cite(chosen)
    return f"{message}（{clause}）" if clause else message


register(Rule(
    "asset.register", "002",
    "1.建立固定資產和流動資產管理制度,對中心的資產進行登記、核算和管理。",
    "validation", "app.assets.services.validate_asset"))
register(Rule(
    "asset.depreciation", "002",
    "3.對于固定資產的購置、折舊、處置等,按照財務制度和相關規定進行處理。",
    "validation", "app.assets.depreciation.schedule"))
register(Rule(
    "asset.stocktake_reconciled", "002",
    "2.定期對資產進行清查盤點,確保資產賬實相符。",
    "guard", "app.assets.workflows.every_discrepancy_explained"))
register(Rule(
    "asset.disposal_approved", "004",
    "5.對于報廢設備,應按照規定的程序進行審批和處理。",
    "approval", "app.assets.workflows.DISPOSAL_WORKFLOW"))
register(Rule(
    "asset.disposal_approved.002", "002",
    "3.對于固定資產的購置、折舊、處置等,按照財務制度和相關規定進行處理。",
    "approval", "app.assets.workflows.DISPOSAL_WORKFLOW"))
register(Rule(
    "asset.sign_out_registered", "004",
    "3.建立設備使用登記制度,員工使用設備時應進行登記,確保設備的正常使用和安全。",
    "guard", "app.assets.services.sign_out"))
register(Rule(
    "asset.maintenance", "004",
    "4.定期對設備進行維護保養,及時維修故障設備,延長設備使用壽命。",
    "deadline", "app.assets.services.overdue_maintenance"))
register(Rule(
    "asset.cleaning", "002",
    "服務過程中使用的設備和用品應符合衛生標準,定期進行清潔和消毒。",
    "deadline", "app.assets.services.overdue_maintenance"))
register(Rule(
    "supply.requisition", "004",
    "3.建立辦公用品領用制度,員工領用辦公用品時應填寫領用申請表,經部門負責人審批后到行政部領取。",
    "approval", "app.assets.workflows.REQUISITION_WORKFLOW"))
register(Rule(
    "supply.stocktake", "004",
    "4.定期對辦公用品庫存進行盤點,確保賬實相符。",
    "validation", "app.assets.supplies.adjust"))
register(Rule(
    "purchase.quotes", "000",
    "2.嚴格控制辦公用品、設備采購、市場推廣等費用支出,通過招標、比價等方式降低采購成本。",
    "guard", "app.assets.purchases.enough_quotes"))
register(Rule(
    "supply.ledger", "000",
    "做好辦公用品的采購、發放和庫存管理工作。",
    "validation", "app.assets.supplies.take"))
register(Rule(
    "asset.upkeep_owner", "000",
    "管理公司辦公用品、設備設施等物資采購和維護工作,確保公司正常運營。",
    "scope", "app.assets.permissions.GRANTS"))
# Purchases count against the budget line (finance installed): one clause per book, the
# running profile's is quoted (app/assets/budget.py::citation).
register(Rule(
    "purchase.budget", "000",
    "2.財務預算經公司管理層審核通過后,嚴格執行。各部門應按照預算控制各項費用支出,確保公司財務狀況穩定。",
    "guard", "app.assets.budget.commit_purchase"))
register(Rule(
    "purchase.budget_002", "002",
    "3.財務專員對成本進行核算和分析,監控成本支出情況,及時發現成本超支問題并提出改進建議。",
    "guard", "app.assets.budget.commit_purchase"))
register(Rule(
    "purchase.budget_004", "004",
    "5.經批準后的財務預算應嚴格執行,如遇特殊情況需要調整預算,應按照規定的程序進行申請和審批。",
    "guard", "app.assets.budget.commit_purchase"))
