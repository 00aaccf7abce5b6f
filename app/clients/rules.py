"""Rules of the clients module traced to their rule-book clause (app/core/rules.py).

Clauses are quoted verbatim from shared/rulebooks/ (tests/core/test_rules.py checks it). A
rule's code is ``<book>.<module>.<topic>``: the same topic in another profile's book is the
same rule there; ``cited`` quotes the running profile's.
"""
from __future__ import annotations

from app.core import rules
from app.core.rules import Rule, register

_REVIEW = ("3.客服專員將收集到的客戶資料及時傳遞給紅娘部,紅娘部對資料進行初步審核和整理,"
           "確保資料完整、準確。")
_SECRET = "2.嚴格保密客戶信息,未經客戶同意,不得向任何第三方泄露。"
_MATCH = ("1.紅娘根據客戶資料和擇偶要求,運用專業的匹配系統和方法,篩選出合適的匹配對象,"
          "并建立匹配檔案。")

_FORM = ("2.對于有意向的客戶,客服專員引導客戶填寫《客戶信息登記表》,包括個人基本情況、擇偶要求、"
         "家庭背景、興趣愛好等內容。")
_FORM_001 = ("例如,在客户信息登记环节,规定要收集客户的详细资料,如年龄、职业、收入、性格特点、"
             "择偶标准(包括身高、学历、地域等具体要求)。")
_FILES = "1.建立完善的客戶信息數據庫,對客戶資料進行分類、整理、歸檔,確保客戶信息的完整性和準確性。"

RULES = [
    # Submit only a form whose sections are filled (000's four, 001's three more).
    Rule("000.clients.form_sections", "000", _FORM, "validation",
         "app.clients.review.sections_filled"),
    Rule("001.clients.form_sections", "001", _FORM_001, "validation",
         "app.clients.review.sections_filled"),
    # 客服部 keeps in touch with the store's clients: they see them (contacts masked).
    Rule("000.clients.customer_service_view", "000",
         "2.客服部:與客戶保持溝通,解答客戶咨詢,處理客戶投訴,維護客戶關系,確保客戶滿意度。",
         "privacy", "app.clients.models.Client.scope_store_kinds"),
    # No sharing or export of a client's data without a dated consent.
    Rule("000.clients.share_consent", "000", _SECRET, "privacy",
         "app.clients.models.Client.export_consent_column"),
    # Files not re-verified within N days are listed for their owner.
    Rule("000.clients.reverify", "000",
         "3.定期對客戶信息進行更新和維護,及時了解客戶需求變化,為客戶提供更加精準的服務。",
         "deadline", "app.clients.data_care.reverify_due"),
    # Only the owner of client files (客服部 in 000) reclassifies or archives them.
    Rule("000.clients.file_owner", "000", _FILES, "guard",
         "app.clients.data_care.check_reclassify"),

    # The registration form (客戶信息登記表): basic facts, preferences, family, hobbies.
    Rule("000.clients.registration_form", "000", _FORM,
         "validation", "app.clients.validation.validate_client"),
    Rule("001.clients.registration_form", "001", _FORM_001,
         "validation", "app.clients.validation.validate_client"),
    Rule("004.clients.registration_form", "004",
         "1.業務人員在與客戶接觸過程中,應及時收集客戶基本信息、業務需求、偏好等資料。",
         "validation", "app.clients.validation.validate_client"),
    # 紅娘部 reviews only complete records …
    Rule("000.clients.review_complete", "000", _REVIEW, "validation",
         "app.clients.workflows.record_complete"),
    # … and the review is theirs: a head approves, never whoever submitted the record.
    Rule("000.clients.review_approval", "000", _REVIEW, "approval",
         "app.clients.workflows.CLIENT_WORKFLOW"),
    # Contact fields masked; an unmasked view needs can_view_contact and scope, and is audited.
    Rule("000.clients.contact_privacy", "000", _SECRET, "privacy",
         "app.clients.services.reveal_contact"),
    Rule("001.clients.contact_privacy", "001",
         "如果发现婚介顾问在服务过程中存在不规范行为,如泄露客户隐私、夸大服务效果等,有权进行处罚,"
         "包括警告、罚款甚至辞退。",
         "privacy", "app.clients.services.reveal_contact"),
    Rule("002.clients.contact_privacy", "002",
         "1.所有服務人員應嚴格遵守職業道德規范,尊重客戶隱私,保護客戶信息安全。",
         "privacy", "app.clients.services.reveal_contact"),
    # A candidate outside the user's scope shows a limited profile: no name, contact or notes.
    Rule("000.clients.candidate_privacy", "000", _SECRET, "privacy",
         "app.clients.candidates.candidates_for"),
    # Both sides' hard preferences (gender, age, height, education, city, marital history).
    Rule("000.clients.hard_preferences", "000", _MATCH, "validation",
         "app.clients.candidates.hard_criteria"),
    # 公海: no follow-up for POOL_RETURN_DAYS days and the client returns to the pool.
    Rule("000.clients.pool_return", "000",
         "定期回訪客戶,了解服務效果,及時解決客戶問題,提高客戶滿意度。",
         "deadline", "app.clients.pool.return_due"),
    # Heads hand pool clients out; only the matchmaker offered a client answers the offer.
    Rule("000.clients.pool_assign", "000",
         "紅娘主管:負責紅娘團隊的日常管理和工作安排,制定工作計劃和目標,并監督執行情況。",
         "guard", "app.clients.pool.assign"),
]

for _rule in RULES:
    register(_rule)


# The running profile's clause of a rule (app/core/rules.py); re-exported for this module.
local = rules.local
cited = rules.cited
