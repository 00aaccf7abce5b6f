"""制度依據 of the printed forms: each form quotes the clause of the rule book that asks for it."""
from app.core.rules import Rule, register

ENFORCED = "app.dashboard.printing.PrintView.show"

register(Rule(
    "000.dashboard.client_form", "000",
    "對于有意向的客戶,客服專員引導客戶填寫《客戶信息登記表》,包括個人基本情況、擇偶要求、"
    "家庭背景、興趣愛好等內容。",
    "validation", ENFORCED))
register(Rule(
    "001.dashboard.client_form", "001",
    "在客户信息登记环节,规定要收集客户的详细资料,如年龄、职业、收入、性格特点、"
    "择偶标准(包括身高、学历、地域等具体要求)。",
    "validation", ENFORCED))
register(Rule(
    "000.dashboard.meeting_record", "000",
    "紅娘與匹配對象取得聯系,介紹客戶情況,征求對方意見,如對方同意見面,則安排雙方約見時間、地點。",
    "validation", ENFORCED))
register(Rule(
    "000.dashboard.complaint_record", "000",
    "客服專員接到客戶投訴后,應及時記錄投訴內容,并在規定時間內將投訴轉交給相關部門處理。",
    "validation", ENFORCED))
register(Rule(
    "000.dashboard.appraisal_form", "000",
    "上級主管根據員工日常工作表現、任務完成情況、團隊協作等方面進行評價,填寫《月度績效考核評價表》,"
    "并與員工進行績效溝通。",
    "validation", ENFORCED))
register(Rule(
    "000.dashboard.expense_form", "000",
    "各部門應按照預算控制各項費用支出,確保公司財務狀況穩定。",
    "validation", ENFORCED))
register(Rule(
    "004.dashboard.expense_form", "004",
    "員工發生費用支出后,應及時填寫費用報銷單,附上相關發票、憑證等資料,按照審批流程進行報銷。",
    "validation", ENFORCED))
register(Rule(
    "002.dashboard.expense_form", "002",
    "各項費用支出必須經過相關領導審批后方可報銷。",
    "validation", ENFORCED))
