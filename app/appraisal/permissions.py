"""Who may do what with appraisals (rule books 000 績效考核實施, 002 績效考核流程).

HR (行政部 / 人力資源部) keeps the templates and cycles, consolidates, publishes, answers
appeals and finalizes. Every employee reads their own appraisals (own scope), submits the
self-assessment and appeals (guards: only the appraised employee). Reviewing is granted to
department heads; the guard lets only the employee's recorded supervisor through. Honours are
HR's; discipline is recorded by HR (warning, fine) or proposed by HR or a head, and a
demotion or dismissal is approved by management; everyone reads their own personnel file.
"""
from app.core.roles import FULL, READ, WRITE

_HR_STEPS = ["can_approve", "can_publish", "can_resolve", "can_finalize"]
_OWN_STEPS = ["can_submit", "can_appeal"]
_CYCLE_STEPS = ["can_open", "can_close"]
_STAFF = ("Matchmaker", "Customer service", "Marketing", "Finance")

_PEOPLE_READ = {"honour": READ, "discipline": READ, "appraisal_action": READ,
                "personnel_file": READ}

GRANTS = {
    "HR": {"appraisal": WRITE + _HR_STEPS + _OWN_STEPS, "appraisal_cycle": WRITE + _CYCLE_STEPS,
           "kpi_template": FULL, "appraisal_board": READ, "training": FULL,
           "training_record": FULL, "honour": FULL,
           "discipline": WRITE + ["can_record", "can_submit"],
           "appraisal_action": WRITE, "personnel_file": READ},
    # Management approves demotions and dismissals (003 降級或解雇).
    "Executive": {"appraisal": READ + ["can_review"] + _OWN_STEPS,
                  "appraisal_cycle": READ, "kpi_template": READ, "appraisal_board": READ,
                  "training": READ, "training_record": READ, "honour": READ,
                  "discipline": READ + ["can_approve", "can_reject"],
                  "appraisal_action": READ, "personnel_file": READ},
    "Auditor": {"appraisal": READ, "appraisal_cycle": READ, "kpi_template": READ,
                "appraisal_board": READ, "training": READ, "training_record": READ,
                **_PEOPLE_READ},
    # The supervisor records the post-evaluation action and may propose a penalty.
    "Department head": {"appraisal": READ + ["can_review"] + _OWN_STEPS,
                        "appraisal_cycle": READ, "kpi_template": READ,
                        "appraisal_board": READ, "training": READ,
                        "training_record": READ, "honour": READ,
                        "discipline": WRITE + ["can_submit"], "appraisal_action": WRITE,
                        "personnel_file": READ},
    **{role: {"appraisal": READ + _OWN_STEPS, "appraisal_cycle": READ,
              "kpi_template": READ, "appraisal_board": READ, "training": READ,
              "training_record": READ, **_PEOPLE_READ} for role in _STAFF},
}
