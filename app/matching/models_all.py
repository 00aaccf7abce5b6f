"""Every model of the matching module, for app.models (one import line)."""
from app.matching.models import Match, Meeting  # noqa: F401
from app.matching.models_event import Event, EventSignup  # noqa: F401
from app.matching.models_followup import FollowUp  # noqa: F401
from app.matching.models_marketing import LeadSource, Partner  # noqa: F401
