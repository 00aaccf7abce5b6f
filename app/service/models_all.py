"""Every customer-service model, for app/models.py (one import line)."""
from app.service.models import Complaint, ComplaintCategory  # noqa: F401
from app.service.survey_models import (  # noqa: F401
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyTemplate,
)
