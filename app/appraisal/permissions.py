"""Who may do what with appraisals (rule books 000 績效考核實施, 002 績效考核流程).

HR (行政部 / 人力資源部) keeps the templates and cycles, consolidates, publishes, answers
appeals and finalizes. Every employee reads their own appraisals (own scope), submits the
self-assessment and appeals (guards: only the appraised employee). Reviewing is granted to
department heads; the guard lets only the employee's recorded supervisor through.
"""
from app.core.roles import FULL, READ, WRITE

_HR_STEPS = ["can_approve", "can_publish", "can_resolve", "can_finalize"]
_OWN_STEPS = ["can_submit", "can_appeal"]
_CYCLE_STEPS = ["can_open", "can_close"]
_STAFF = ("Matchmaker", "Customer service", "Marketing", "Finance")

GRANTS = {
    "HR": {"appraisal": WRITE + _HR_STEPS + _OWN_STEPS, "appraisal_cycle": WRITE + _CYCLE_STEPS,
           "kpi_template": FULL, "appraisal_board": READ, "training": FULL,
           "training_record": FULL},
    "Executive": {"appraisal": READ + ["can_review"] + _OWN_STEPS,
                  "appraisal_cycle": READ, "kpi_template": READ, "appraisal_board": READ,
                  "training": READ, "training_record": READ},
    "Auditor": {"appraisal": READ, "appraisal_cycle": READ, "kpi_template": READ,
                "appraisal_board": READ, "training": READ, "training_record": READ},
    "Department head": {"appraisal": READ + ["can_review"] + _OWN_STEPS,
                        "appraisal_cycle": READ, "kpi_template": READ,
                        "appraisal_board": READ, "training": READ,
                        "training_record": READ},
    **{role: {"appraisal": READ + _OWN_STEPS, "appraisal_cycle": READ,
              "kpi_template": READ, "appraisal_board": READ, "training": READ,
              "training_record": READ} for role in _STAFF},
}
