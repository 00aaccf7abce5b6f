"""Survey services: validation of templates and visits, recording answers (all or nothing)."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.errors import Conflict, Invalid, NotFound
from app.extensions import db
from app.service.survey_models import (
    QUESTION_KINDS,
    SURVEY_CHANNELS,
    SURVEY_PURPOSES,
    SURVEY_STATUSES,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)


def validate_question(q: SurveyQuestion) -> None:
    if q.kind not in QUESTION_KINDS:
        raise Invalid(str(_l("Question kind must be one of: %(c)s", c=", ".join(QUESTION_KINDS))),
                      field="kind")
    if not (q.text or "").strip():
        raise Invalid(str(_l("Write the question")), field="text")
    if q.kind == "choice":
        opts = q.choices
        if isinstance(opts, str):  # typed in a form, one option per line or comma-separated
            opts = [o.strip() for o in opts.replace("，", ",").replace("\n", ",").split(",")]
            q.choices = [o for o in opts if o]
        if not q.choices or not isinstance(q.choices, list) or len(q.choices) < 2:
            raise Invalid(str(_l("A choice question needs at least two options")),
                          field="choices")


def validate_survey(s: Survey) -> None:
    if s.purpose not in SURVEY_PURPOSES:
        raise Invalid(str(_l("Purpose must be one of: %(c)s", c=", ".join(SURVEY_PURPOSES))),
                      field="purpose")
    if s.channel not in SURVEY_CHANNELS:
        raise Invalid(str(_l("Channel must be one of: %(c)s", c=", ".join(SURVEY_CHANNELS))),
                      field="channel")
    if s.status is not None and s.status not in SURVEY_STATUSES:
        raise Invalid(str(_l("Status must be one of: %(c)s", c=", ".join(SURVEY_STATUSES))),
                      field="status")
    if s.satisfaction is not None and not 1 <= int(s.satisfaction) <= 5:
        raise Invalid(str(_l("Satisfaction must be between 1 and 5")), field="satisfaction")
    if not s.client_id and not s.complaint_id and not (s.respondent_name or "").strip():
        raise Invalid(str(_l("Give the client, the complaint or the respondent's name")),
                      field="respondent_name")
    if s.client_id:
        from app.clients.models import Client

        if db.session.scalar(select(Client.id).where(Client.id == s.client_id)) is None:
            raise Invalid(str(_l("Client not found or outside your data scope")),
                          field="client_id")


def _clean_answer(q: SurveyQuestion, raw) -> dict | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if q.required:
            raise Invalid(str(_l("Question %(n)s is required", n=q.position)),
                          field=f"q{q.id}")
        return None
    if q.kind == "rating":
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise Invalid(str(_l("Question %(n)s: the rating must be between 1 and 5",
                                 n=q.position)), field=f"q{q.id}")
        return {"rating": value}
    if q.kind == "choice":
        if str(raw) not in (q.choices or []):
            raise Invalid(str(_l("Question %(n)s: not one of the options", n=q.position)),
                          field=f"q{q.id}")
        return {"choice": str(raw)}
    return {"text": str(raw).strip()[:5000]}


def answer_problems(survey: Survey, answers: dict) -> dict[str, str]:
    """{field: message} of what is wrong with the answers (empty: they can be recorded), so
    the answer page can show them next to what the user chose."""
    problems = {}
    for q in (list(survey.template.questions) if survey.template else []):
        try:
            _clean_answer(q, answers.get(str(q.id)))
        except Invalid as err:
            problems[err.details.get("field") or f"q{q.id}"] = err.message
    return problems


def record_answers(survey_id: int, answers: dict, *, result: str | None = None,
                   done_at: dt.datetime | None = None) -> Survey:
    """Answers {question_id: value} of a scheduled survey, then its ``complete`` step (the
    declared workflow, app/service/workflows.py); all valid or nothing written. The overall
    satisfaction is the mean of the rating answers, rounded. The request boundary commits."""
    from app.service.workflows import SURVEY_WORKFLOW

    survey = db.session.scalar(select(Survey).where(Survey.id == survey_id))
    if survey is None:
        raise NotFound(str(_l("Record not found")))
    if survey.status != SURVEY_WORKFLOW.initial:
        state = SURVEY_WORKFLOW.state_label(survey.status)
        raise Conflict(str(_l("This survey is already %(s)s", s=state)), state=survey.status)
    questions = list(survey.template.questions) if survey.template else []
    given = {str(k): v for k, v in (answers or {}).items()}
    unknown = set(given) - {str(q.id) for q in questions}
    if unknown:
        raise Invalid(str(_l("Unknown question(s): %(q)s", q=", ".join(sorted(unknown)))))
    cleaned = [(q, _clean_answer(q, given.get(str(q.id)))) for q in questions]
    ratings = []
    for q, value in cleaned:
        if value is None:
            continue
        db.session.add(SurveyAnswer(survey_id=survey.id, question_id=q.id, **value))
        if "rating" in value:
            ratings.append(value["rating"])
    # A transition's fields are written as given: keep what the visit already says.
    data = {"satisfaction": round(sum(ratings) / len(ratings)) if ratings
            else survey.satisfaction,
            "result": ((result or "").strip() or None) if result is not None else survey.result}
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(str(_l("This survey was answered by someone else; reload"))) from None
    survey = SURVEY_WORKFLOW.run(survey.id, "complete", data=data, commit=False)
    if done_at is not None:
        survey.done_at = done_at
    return survey
