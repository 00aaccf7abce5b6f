"""Factories for matching tests: a pair of opposite-gender clients and a match between them."""
from __future__ import annotations

import datetime as dt

from app.extensions import db
from app.matching.models import Match, Meeting
from app.matching.models_followup import FollowUp
from tests import factories


def pair(left=("TH-MM", "th_mm1"), right=("YX-MM", "yx_mm1")):
    a = factories.make_client(left[0], matchmaker=left[1], gender="F")
    b = factories.make_client(right[0], matchmaker=right[1], gender="M")
    return a, b


def make_match(a=None, b=None, status="proposed", **kw) -> Match:
    if a is None:
        a, b = pair()
    m = Match(client_id=a.id, candidate_id=b.id, pair_low=min(a.id, b.id),
              pair_high=max(a.id, b.id), matchmaker_id=a.matchmaker_id,
              candidate_matchmaker_id=b.matchmaker_id, department_id=a.department_id,
              candidate_department_id=b.department_id, score=70, reasons=["同城"],
              status=status, **kw)
    db.session.add(m)
    db.session.commit()
    return m


def make_meeting(match, status="scheduled", **kw) -> Meeting:
    mt = Meeting(match_id=match.id, time=dt.datetime(2026, 5, 1, 19, 30), place="天河城星巴克",
                 status=status, **kw)
    db.session.add(mt)
    db.session.commit()
    return mt


def make_followup(client, *, days_ago=1, next_due=None, matchmaker_id=None) -> FollowUp:
    f = FollowUp(client_id=client.id, department_id=client.department_id,
                 matchmaker_id=matchmaker_id or client.matchmaker_id, channel="phone",
                 content="電話回訪", next_due=next_due,
                 followed_at=dt.datetime.now() - dt.timedelta(days=days_ago))
    db.session.add(f)
    db.session.commit()
    return f
