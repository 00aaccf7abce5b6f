"""Rules of the customer-service module traced to their rule-book clause (app/core/rules.py).

Clauses are quoted verbatim from shared/rulebooks/ (tests/core/test_rules.py checks it). A
rule's code is ``<book>.<module>.<topic>``: the same topic in another profile's book is the
same rule there; ``cited`` quotes the running profile's. The 客服 KPI
(000.kpi.customer_service) is declared with the appraisal module that scores it.
"""
from __future__ import annotations

from app.core import rules
from app.core.rules import Rule, register

_WF = "app.service.workflows"
_HANDLE_000 = ("2.相關部門接到投訴后,應迅速展開調查,分析投訴原因,制定解決方案,"
               "并在規定時間內反饋給客戶。")
_INTAKE_002 = ("2.客服人員接到客戶投訴后,應及時記錄投訴內容,包括投訴時間、投訴人、投訴事項等,"
               "并向客戶承諾處理時間和方式。")

RULES = [
    # Receipt: what was complained of, by whom, through which channel, in which category.
    Rule("000.service.complaint_intake", "000",
         "客服專員接到客戶投訴后,應及時記錄投訴內容,并在規定時間內將投訴轉交給相關部門處理。",
         "validation", "app.service.complaints.validate_complaint"),
    Rule("002.service.complaint_intake", "002", _INTAKE_002, "validation",
         "app.service.complaints.validate_complaint"),
    Rule("003.service.complaint_intake", "003",
         "投訴渠道:為客戶提供多種投訴渠道,如電話、郵件、在線客服等,方便客戶表達意見和建議。",
         "validation", "app.service.complaints.validate_complaint"),
    # Forwarding to the responsible department of the store: customer service of the
    # receiving department (客服專員), not only its head.
    Rule("000.service.complaint_routing", "000",
         "1.建立客戶投訴處理機制,明確投訴受理流程和責任部門。",
         "guard", f"{_WF}.forwarded_by_receiving_side"),
    Rule("002.service.complaint_routing", "002",
         "1.客服部將投訴內容及時反饋給相關部門,相關部門負責對投訴事項進行調查核實。",
         "guard", f"{_WF}.forwarded_by_receiving_side"),
    Rule("004.service.complaint_routing", "004",
         "2.客服部負責受理客戶咨詢、投訴和建議,并及時將相關信息反饋給業務部門和公司管理層。",
         "guard", f"{_WF}.forwarded_by_receiving_side"),
    # 重大投訴 go to the 客服 head: the recorded head of the receiving customer-service dept.
    Rule("000.service.complaint_major", "000",
         "監督客服工作質量,處理客戶重大投訴和疑難問題,確保客戶滿意度。",
         "guard", f"{_WF}.forwarded_by_receiving_side"),
    # Investigating and resolving (with a handling plan) belong to the responsible department.
    Rule("000.service.complaint_handling", "000", _HANDLE_000, "guard",
         f"{_WF}.in_responsible_department"),
    Rule("002.service.complaint_handling", "002",
         "1.根據調查結果,相關部門制定投訴處理方案,明確處理措施和責任人員。",
         "guard", f"{_WF}.in_responsible_department"),
    Rule("003.service.complaint_handling", "003",
         "客戶服務部負責處理客戶投訴和糾紛,確保客戶滿意度;",
         "guard", f"{_WF}.in_responsible_department"),
    # The promised deadline (per category SLA, from the receipt time) and the overdue list.
    Rule("000.service.complaint_deadline", "000", _HANDLE_000, "deadline",
         "app.service.sla.overdue_complaints"),
    Rule("002.service.complaint_deadline", "002", _INTAKE_002, "deadline",
         "app.service.sla.overdue_complaints"),
    # Overdue: first the responsible department's recorded head, then the store manager.
    Rule("000.service.complaint_escalation", "000", _HANDLE_000, "deadline",
         "app.service.sla.escalate"),
    # The return visit closes the complaint when the client is satisfied and reopens it
    # when not (the engine takes both steps as "system"; nobody closes by hand).
    Rule("000.service.complaint_close", "000",
         "3.對客戶投訴處理結果進行跟蹤和回訪,確保客戶對處理結果滿意。",
         "guard", f"{_WF}.by_return_visit_only"),
    Rule("002.service.complaint_close", "002",
         "2.定期回訪客戶,了解客戶對投訴處理結果的滿意度,收集客戶反饋意見。",
         "guard", f"{_WF}.by_return_visit_only"),
    # (003's web copy garbles the full stop after this sentence: quoted up to it)
    Rule("003.service.complaint_close", "003",
         "投訴跟進:對投訴進行跟蹤和記錄,確保問題得到徹底解決,并對處理過程進行反饋",
         "guard", f"{_WF}.by_return_visit_only"),
    Rule("004.service.complaint_close", "004",
         "3.對于客戶反饋的問題,應建立跟蹤機制,確保問題得到妥善解決,并及時向客戶反饋處理結果。",
         "guard", f"{_WF}.by_return_visit_only"),
    # Satisfaction surveys and return visits: answers within their scale, or nothing is saved.
    Rule("000.service.survey", "000",
         "1.客服部定期與客戶進行溝通,通過電話回訪、微信交流、問卷調查等方式,了解客戶服務體驗和需求,"
         "及時解決客戶問題。",
         "validation", "app.service.surveys.record_answers"),
    Rule("001.service.survey", "001",
         "建立服务质量评估体系。定期对服务质量进行评估,如每月开展一次客户满意度调查,"
         "根据调查结果对服务进行改进。",
         "validation", "app.service.surveys.record_answers"),
    Rule("002.service.survey", "002", "2.客戶對服務進行評價,填寫滿意度調查問卷。",
         "validation", "app.service.surveys.record_answers"),
    Rule("004.service.survey", "004",
         "1.定期開展客戶滿意度調查,了解客戶對公司服務質量、業務能力、溝通協作等方面的評價。",
         "validation", "app.service.surveys.record_answers"),
    # 客戶關懷: birthdays and festivals coming up, for greetings.
    Rule("000.service.care", "000",
         "2.在重要節日、客戶生日等特殊時刻,向客戶發送祝福信息,表達公司的關懷和問候,增強客戶粘性。",
         "deadline", "app.service.care.upcoming_birthdays"),
]

for _rule in RULES:
    register(_rule)


# The running profile's clause of a rule (app/core/rules.py); re-exported for this module.
local = rules.local
cited = rules.cited
