"""Rules of the matching module traced to their rule-book clause (app/core/rules.py).

Clauses are quoted verbatim from shared/rulebooks/ (tests/core/test_rules.py checks it). A
rule's code is ``<book>.<module>.<topic>``: the same topic in another profile's book is the
same rule there; ``cited`` quotes the running profile's. The 紅娘 KPI (000.kpi.matchmaker)
is declared with the appraisal module that scores it.
"""
from __future__ import annotations

from app.core import rules
from app.core.rules import Rule, register

_CONSENT = ("2.紅娘與匹配對象取得聯系,介紹客戶情況,征求對方意見,如對方同意見面,"
            "則安排雙方約見時間、地點。")

RULES = [
    # A proposal pairs two active clients of opposite gender, never the same pair twice.
    Rule("000.matching.proposal", "000",
         "1.紅娘根據客戶資料和擇偶要求,運用專業的匹配系統和方法,篩選出合適的匹配對象,"
         "并建立匹配檔案。",
         "validation", "app.matching.services.fill_proposal"),
    # The candidate's side answers (征求對方意見): their matchmaker, or a head over them.
    Rule("000.matching.candidate_consent", "000", _CONSENT, "guard",
         "app.matching.workflows.candidate_side"),
    # A meeting is scheduled with its time and place.
    Rule("000.matching.meeting_time_place", "000", _CONSENT, "validation",
         "app.matching.workflows.meeting_given_or_exists"),
    # Every meeting carries the etiquette reminder (見面注意事項).
    Rule("000.matching.meeting_etiquette", "000",
         "3.在約見前,紅娘應與客戶和匹配對象分別溝通,告知見面注意事項,如穿著得體、準時到達等。",
         "validation", "app.matching.models.Meeting.etiquette"),
    # A follow-up names its next due date; past it, with nothing later, it is overdue.
    Rule("000.matching.followup_due", "000",
         "1.客服專員定期回訪客戶,了解服務進展情況和客戶滿意度,收集客戶反饋意見和建議。",
         "deadline", "app.matching.followups.overdue_criteria"),
    Rule("002.matching.followup_due", "002",
         "1.客服人員定期與客戶溝通,了解客戶服務體驗和身體恢復情況。",
         "deadline", "app.matching.followups.overdue_criteria"),
]

for _rule in RULES:
    register(_rule)


# The running profile's clause of a rule (app/core/rules.py); re-exported for this module.
local = rules.local
cited = rules.cited
