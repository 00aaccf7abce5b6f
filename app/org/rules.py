"""Rules of the organisation module traced to their rule-book clause (app/core/rules.py).

Clauses are quoted verbatim from shared/rulebooks/ (tests/core/test_rules.py checks it). A
rule's code is ``<book>.<module>.<topic>``: the same topic in another profile's book is the
same rule there (``cited`` and the transition dialog pick the running profile's).
"""
from app.core.rules import Rule, register

_WF = "app.org.workflows.EMPLOYEE_WORKFLOW"

RULES = [
    # Confirming a probationer, recording a leaver, rehiring: the personnel office's steps
    # (can_confirm / can_leave / can_rehire granted to HR), never on one's own record.
    Rule("000.org.personnel", "000",
         "行政主管:負責人事管理工作,包括招聘、培訓、績效考核、薪酬福利等。", "guard", _WF),
    Rule("002.org.personnel", "002", "辦理員工入職、離職、轉正、調崗等手續。", "guard", _WF),
    Rule("003.org.personnel", "003",
         "人力資源部則負責員工招聘、培訓、績效管理等人力資源管理工作;", "guard", _WF),
    Rule("004.org.personnel", "004",
         "4.對于通過考核的人員,行政部發放錄用通知,辦理入職手續,簽訂勞動合同。", "guard", _WF),
]

for _rule in RULES:
    register(_rule)
