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
         "validation", "app.matching.services.propose"),
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
    # Before the meeting the matchmakers brief each side; un-briefed meetings are listed.
    Rule("000.matching.briefing", "000",
         "3.在約見前,紅娘應與客戶和匹配對象分別溝通,告知見面注意事項,如穿著得體、準時到達等。",
         "deadline", "app.matching.meetings.unbriefed_criteria"),
    # After the meeting both sides' impressions and wishes are recorded; missing ones flagged.
    Rule("000.matching.meeting_feedback", "000",
         "3.見面結束后,紅娘及時與客戶和匹配對象溝通,了解見面感受和意見,為后續服務提供參考。",
         "deadline", "app.matching.meetings.missing_feedback_criteria"),
    # The matchmaker's guidance after the meeting (情感指導和建議).
    Rule("000.matching.guidance", "000",
         "4.根據見面情況,紅娘為客戶提供個性化的情感指導和建議,幫助客戶更好地發展關系。",
         "validation", "app.matching.models.Meeting.guidance"),
    # The head reviews matches and meetings (審核紅娘服務流程), never their own records.
    Rule("000.matching.supervisor_review", "000",
         "審核紅娘服務流程,確保服務質量和客戶滿意度。", "guard",
         "app.matching.meetings.review"),
    # Every active client has a next follow-up date (定期回訪).
    Rule("000.matching.next_followup", "000",
         "定期回訪客戶,了解服務效果,及時解決客戶問題,提高客戶滿意度。", "deadline",
         "app.matching.followups.without_next_followup"),
    # Marketing: partner institutions and leads counted per event / partner.
    Rule("000.marketing.partner_leads", "000",
         "拓展業務渠道,與各類合作機構建立合作關系,提升公司品牌知名度和市場份額。", "kpi",
         "app.matching.marketing.lead_counts"),
    # Events include 會員聯誼會 (客戶答謝活動).
    Rule("000.marketing.member_party", "000",
         "3.舉辦客戶答謝活動,如會員聯誼會、主題派對等,增進與客戶的感情,提升客戶滿意度和忠誠度。",
         "validation", "app.matching.models_event.Event.validate"),
    Rule("002.matching.followup_due", "002",
         "1.客服人員定期與客戶溝通,了解客戶服務體驗和身體恢復情況。",
         "deadline", "app.matching.followups.overdue_criteria"),
]

for _rule in RULES:
    register(_rule)


# The running profile's clause of a rule (app/core/rules.py); re-exported for this module.
local = rules.local
cited = rules.cited
