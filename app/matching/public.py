"""What other modules may use of the matching module (issue 9: modules talk through small
public surfaces, never through each other's internals): the records other modules count
(events, lead sources, partner institutions — e.g. the 市場部 KPI of the appraisal module)
and the lead figures."""
from __future__ import annotations

from app.matching.followups import overdue_criteria as overdue_followup_criteria
from app.matching.marketing import lead_counts
from app.matching.models_event import Event
from app.matching.models_marketing import LeadSource, Partner

__all__ = ["Event", "LeadSource", "Partner", "lead_counts", "overdue_followup_criteria"]
