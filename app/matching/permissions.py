"""Who may do what with matches, meetings, follow-ups, events and the figures."""
from app.core.roles import FULL, READ, WRITE

_MATCH_STEPS = ["can_propose", "can_contact", "can_accept", "can_decline", "can_schedule",
                "can_meet", "can_date", "can_commit", "can_marry", "can_end"]
_SIGNUP_STEPS = ["can_attend", "can_no_show", "can_cancel"]
_MEETING_STEPS = ["can_hold", "can_no_show", "can_cancel", "can_brief"]
_EVENT_STEPS = ["can_open", "can_close", "can_finish", "can_cancel"]
# 紅娘主管 審核紅娘服務流程 (rule book 000): the head reviews matches and meetings.
_REVIEW = ["can_review"]

GRANTS = {
    "Executive": {"match": READ, "meeting": READ, "followup": READ, "event": READ,
                  "event_signup": READ, "match_figures": READ, "partner": READ,
                  "lead_source": READ, "marketing_figures": READ},
    "Auditor": {"match": READ, "meeting": READ, "followup": READ, "event": READ,
                "event_signup": READ, "match_figures": READ, "partner": READ,
                "lead_source": READ, "marketing_figures": READ},
    "HR": {"match_figures": READ},
    "Department head": {"match": WRITE + _MATCH_STEPS + _REVIEW,
                        "meeting": FULL + _MEETING_STEPS + _REVIEW, "followup": FULL,
                        "event": WRITE + _EVENT_STEPS, "event_signup": FULL + _SIGNUP_STEPS,
                        "match_figures": READ, "partner": WRITE, "lead_source": FULL,
                        "marketing_figures": READ},
    "Matchmaker": {"match": WRITE + _MATCH_STEPS, "meeting": WRITE + _MEETING_STEPS,
                   "followup": WRITE,
                   "event": READ, "event_signup": WRITE + ["can_cancel"],
                   "match_figures": READ, "partner": READ, "lead_source": WRITE},
    # 客服專員定期回訪客戶 (rule book 000, 服務反饋與評估 1)
    "Customer service": {"followup": WRITE, "event": READ, "partner": READ,
                         "lead_source": WRITE},
    "Marketing": {"event": WRITE + _EVENT_STEPS, "event_signup": WRITE + _SIGNUP_STEPS,
                  "partner": WRITE, "lead_source": WRITE, "marketing_figures": READ},
}
