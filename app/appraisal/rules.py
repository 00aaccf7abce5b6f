"""Rules of the appraisal module traced to their rule-book clause (app/core/rules.py).

Clauses are quoted verbatim from shared/rulebooks/ (tests/appraisal/test_rules.py checks it).
"""
from app.core.rules import Rule, register

_WF = "app.appraisal.workflows"
_ALL = ("matchmaking", "postpartum", "realestate", "agency")

RULES = [
    Rule("000.kpi.matchmaker", "000",
         "1.紅娘部:以成功配對數量、客戶滿意度、服務質量評估等為主要考核指標,同時考慮客戶投訴率、"
         "業務拓展貢獻等因素。",
         "kpi", "app.matching.metrics"),
    Rule("000.kpi.customer_service", "000",
         "2.客服部:以客戶咨詢解答準確率、投訴處理及時率、客戶滿意度等為考核指標,"
         "關注客戶反饋意見的收集和處理情況。",
         "kpi", "app.service.metrics"),
    Rule("000.appraisal.self_review", "000",
         "1.員工每月末填寫《月度績效考核自評表》,對自己當月工作進行總結和自評,提交給上級主管。",
         "guard", f"{_WF}.by_the_employee"),
    Rule("000.appraisal.supervisor_review", "000",
         "2.上級主管根據員工日常工作表現、任務完成情況、團隊協作等方面進行評價,"
         "填寫《月度績效考核評價表》,并與員工進行績效溝通。",
         "approval", f"{_WF}.review_guards"),
    Rule("000.appraisal.appeal_window", "000",
         "如員工對考核結果有異議,可在公示期內提出申訴,行政部進行調查和處理。",
         "deadline", f"{_WF}.inside_window"),
    Rule("000.appraisal.bonus", "000",
         "績效獎金與員工考核得分掛鉤,考核得分越高,績效獎金越高。",
         "validation", "app.appraisal.scoring.validate_bonus_table"),
    Rule("000.appraisal.annual", "000",
         "4.年度考核在月度考核的基礎上進行,員工需提交年度工作總結和自評報告,上級主管進行年度評價,"
         "行政部綜合全年考核數據,確定員工年度績效考核等級。",
         "kpi", "app.appraisal.metrics.monthly_average"),
    Rule("002.appraisal.feedback", "002",
         "3.行政部匯總考核結果,計算員工月度績效考核得分,并將結果反饋給員工本人。",
         "scope", "app.appraisal.models.Appraisal.public", ("postpartum",)),
    Rule("002.appraisal.bonus", "002",
         "績效獎金與員工績效考核得分掛鉤,得分越高,獎金越高。",
         "validation", "app.appraisal.scoring.validate_bonus_table", ("postpartum",)),
    Rule("000.training.appraisal", "000",
         "3.將培訓成績和評估結果與員工績效考核掛鉤,激勵員工積極參與培訓,提高自身業務能力。",
         "kpi", "app.appraisal.training.score"),
    Rule("002.training.retest", "002",
         "對于考核不合格的員工,安排補考或再次培訓,直至合格為止。",
         "validation", "app.appraisal.training.validate_record", ("postpartum",)),
    Rule("003.appraisal.restriction", "003",
         "業(yè)務限制:對于連續(xù)一定時期業(yè)績不達標的員工,對其進行"
         "業(yè)務限制,如減少工作量、調(diào)整崗位等",
         "kpi", "app.appraisal.services.flag_restrictions", _ALL),
    Rule("000.honour.titles", "000",
         "3.榮譽激勵:設立“優秀員工”“服務之星”“業務標兵”等榮譽稱號,對表現突出的員工進行表彰和獎勵,"
         "頒發榮譽證書,在公司內部進行宣傳推廣。",
         "validation", "app.appraisal.people.validate_honour"),
    Rule("001.discipline.penalties", "001",
         "如果发现婚介顾问在服务过程中存在不规范行为,如泄露客户隐私、夸大服务效果等,有权进行处罚,"
         "包括警告、罚款甚至辞退。",
         "validation", "app.appraisal.people.validate_discipline"),
    Rule("003.discipline.approval", "003",
         "降級或解雇:對于嚴重違反公司規(guī)章制度或職業(yè)道德的員丁,可依據(jù)公司規(guī)定"
         "進行降級或解雇處理。",
         "approval", "app.appraisal.people.directly_recordable", _ALL),
    Rule("000.action.sanction_after_coaching", "000",
         "3.根據客戶反饋和服務評估結果,對表現優秀的紅娘進行獎勵,對存在問題的紅娘進行培訓和指導,"
         "如仍未改善則進行相應處理。",
         "guard", "app.appraisal.people.validate_action"),
    Rule("000.kpi.marketing", "000",
         "3.市場部:以市場推廣活動效果、業務渠道拓展數量、品牌知名度提升等為考核指標,"
         "結合市場調研分析報告的質量進行綜合評估。",
         "kpi", "app.appraisal.metrics_market"),
    Rule("004.appraisal.periods", "004",
         "3.考核周期分為月度考核、季度考核和年度考核,考核結果與員工薪酬、晉升、獎勵等掛鉤。",
         "validation", "app.appraisal.presets.validate_period"),
]

for _rule in RULES:
    register(_rule)
