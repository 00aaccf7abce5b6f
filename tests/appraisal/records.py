"""Records dated inside a test cycle's month: matches, meetings, follow-ups, complaints,
surveys — for the metric tests."""
from __future__ import annotations

import datetime as dt

from app.extensions import db
from app.matching.models import Match, Meeting
from app.matching.models_followup import FollowUp
from app.service.models import Complaint
from app.service.survey_models import Survey
from tests import factories


def client_of(emp, dept="TH-MM", gender="F"):
    c = factories.make_client(dept, matchmaker=None, gender=gender, commit=False)
    c.matchmaker_id = emp.id
    db.session.add(c)
    db.session.commit()
    return c


def match(a, b=None, *, created_at, relationship_at=None, status="proposed") -> Match:
    b = b or factories.make_client("YX-MM", matchmaker="yx_mm1", gender="M")
    m = Match(client_id=a.id, candidate_id=b.id, pair_low=min(a.id, b.id),
              pair_high=max(a.id, b.id), matchmaker_id=a.matchmaker_id,
              candidate_matchmaker_id=b.matchmaker_id, department_id=a.department_id,
              candidate_department_id=b.department_id, score=70, status=status,
              created_at=created_at, relationship_at=relationship_at)
    db.session.add(m)
    db.session.commit()
    return m


def meeting(m, *, time, status="held") -> Meeting:
    mt = Meeting(match_id=m.id, time=time, place="天河城", status=status)
    db.session.add(mt)
    db.session.commit()
    return mt


def followup(client, *, at, next_due=None) -> FollowUp:
    f = FollowUp(client_id=client.id, department_id=client.department_id,
                 matchmaker_id=client.matchmaker_id, channel="phone", content="回訪",
                 followed_at=at, next_due=next_due)
    db.session.add(f)
    db.session.commit()
    return f


def complaint(*, received_at, client=None, handler=None, receiver="th_cs1", status="received",
              deadline=None, resolved_at=None) -> Complaint:
    emp = factories.employee_of(receiver)
    n = factories.nextval()
    c = Complaint(complaint_no=f"TA{n:08d}", channel="phone", category="quality",
                  content="測試投訴", complainant_name="投訴人", received_at=received_at,
                  received_by_id=emp.id, received_department_id=emp.department_id,
                  department_id=emp.department_id, client_id=client.id if client else None,
                  handler_id=handler.id if handler else None, status=status,
                  deadline=deadline or received_at + dt.timedelta(hours=72),
                  resolved_at=resolved_at)
    db.session.add(c)
    db.session.commit()
    return c


def survey(*, assignee, scheduled_for, client=None, status="done", satisfaction=None,
           purpose="satisfaction") -> Survey:
    s = Survey(purpose=purpose, channel="phone", client_id=client.id if client else None,
               respondent_name="受訪人", department_id=assignee.department_id,
               assignee_id=assignee.id, scheduled_for=scheduled_for, status=status,
               done_at=scheduled_for if status == "done" else None, satisfaction=satisfaction)
    db.session.add(s)
    db.session.commit()
    return s
