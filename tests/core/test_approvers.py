"""Approvers from the org chart (DESIGN §4): the head recorded on the department, walking up
where there is none or where the head is the requester; amount tiers per role kind."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.clients.workflows import CLIENT_WORKFLOW as WF
from app.core import approvers, inbox
from app.core.errors import Forbidden, Invalid
from app.extensions import db
from app.org.models import Department
from tests import factories
from tests.clients.conftest import new_client


def _submitted(by="th_mm1", **kw):
    pk = new_client(status="lead", **kw)
    return pk


def test_recorded_head_walks_up_where_a_department_has_none(app, as_user):
    with app.app_context():
        sub = Department(code=f"TH-MM-{factories.nextval()}", name=f"天河紅娘二組"
                         f"{factories.nextval()}", kind="dept",
                         parent_id=factories.department("TH-MM").id)
        db.session.add(sub)
        db.session.commit()
        head = factories.employee_of("th_mm_head").id
        manager = factories.employee_of("th_manager").id
        assert approvers.recorded_head(sub.id) == head
        # The head's own request goes one level up.
        assert approvers.recorded_head(sub.id, exclude=head) == manager


def test_review_goes_to_the_recorded_head_not_any_head(app, as_user):
    with app.app_context():
        pk = new_client(status="lead")
    with as_user("th_mm1"):
        WF.run(pk, "submit")
    with as_user("th_manager"):  # a head above, but not the recorded one
        with pytest.raises(Forbidden):
            WF.run(pk, "approve")
        assert not any(i.pk == pk for s in inbox.pending() for i in s.items
                       if s.resource == "client")
    with as_user("th_mm_head"):
        assert any(i.pk == pk for s in inbox.pending() for i in s.items
                   if s.resource == "client")
        assert WF.run(pk, "approve").status == "active"


def test_no_client_becomes_active_without_an_owning_matchmaker(app, as_user):
    with app.app_context():
        pk = new_client(status="lead", matchmaker=None)
    with as_user("th_mm1"):
        pass
    with as_user("th_mm_head"):
        WF.run(pk, "submit")
    with as_user("th_manager"):
        with pytest.raises(Invalid) as err:
            WF.run(pk, "approve")
        assert err.value.details.get("field") == "matchmaker_id"


class _Claim:
    def __init__(self, amount):
        self.amount = Decimal(amount)


def test_amount_tier_sends_what_is_above_a_limit_to_the_next_level(app, as_user, monkeypatch):
    from dataclasses import replace

    from app import profiles

    limited = replace(profiles.PROFILES["matchmaking"],
                      approval_limits=(("Department head", 5000), ("Executive", None)))
    monkeypatch.setitem(profiles.PROFILES, "matchmaking", limited)
    guard = approvers.amount_tier(lambda r: r.amount)
    with as_user("th_mm_head"):
        guard(_Claim("4999.99"), None)
        with pytest.raises(Forbidden):
            guard(_Claim("5000.01"), None)
    with as_user("boss"):
        guard(_Claim("1000000"), None)
    with as_user("th_mm1"):  # a kind with no limit set: no tier applies
        guard(_Claim("1000000"), None)


