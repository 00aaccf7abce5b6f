"""Metrics computed from the records, set-based, with the records behind each value."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event

from app.appraisal.metrics import register_all
from app.core import metrics
from app.extensions import db
from tests import factories
from tests.appraisal import records as r
from tests.appraisal.factories import at, month


@pytest.fixture(autouse=True)
def _registered(app):
    register_all()


def _matchmaker_month():
    start, end = month()
    emp = factories.make_employee("TH-MM")
    a, b = r.client_of(emp), r.client_of(emp)
    day = lambda d: start + dt.timedelta(days=d)  # noqa: E731
    m1 = r.match(a, created_at=at(day(1)), relationship_at=at(day(9)), status="relationship")
    r.match(b, created_at=at(day(3)))
    # A relationship of an earlier month does not count.
    r.match(r.client_of(emp), created_at=at(start - dt.timedelta(days=40)),
            relationship_at=at(start - dt.timedelta(days=20)), status="relationship")
    r.meeting(m1, time=at(day(5), 19))
    r.meeting(m1, time=at(day(6), 19), status="cancelled")
    r.complaint(received_at=at(day(4)), client=a)
    r.survey(assignee=factories.employee_of("th_cs1"), scheduled_for=at(day(7)), client=a,
             satisfaction=4)
    r.survey(assignee=factories.employee_of("th_cs1"), scheduled_for=at(day(8)), client=b,
             satisfaction=2)
    # a's visit due day 10 came day 8 (on time); b's due day 5 came day 20 (late).
    r.followup(a, at=at(day(0)), next_due=day(10))
    r.followup(a, at=at(day(8)))
    r.followup(b, at=at(day(1)), next_due=day(5))
    r.followup(b, at=at(day(20)))
    return emp, start, end, m1


@pytest.mark.rule("000.kpi.matchmaker")
def test_matchmaker_metrics_come_from_her_records(app):
    emp, start, end, m1 = _matchmaker_month()
    value = lambda code: metrics.compute(code, [emp.id], start, end)[emp.id]  # noqa: E731
    assert value("matching.proposals") == 2
    assert value("matching.relationships") == 1
    assert value("matching.meetings_held") == 1
    assert value("matching.satisfaction") == Decimal("3")
    assert value("matching.followups_on_time") == Decimal("50")
    # 1 complaint about her 3 clients → 33.33 per 100 clients
    assert value("matching.complaint_rate") == Decimal("33.3333")
    recs = metrics.records("matching.relationships", emp.id, start, end)
    assert [x["id"] for x in recs] == [m1.id]
    assert recs[0]["resource"] == "match" and recs[0]["endpoint"] == "MatchView.show"


def test_an_employee_with_no_rows_gets_the_metrics_empty_value(app):
    start, end = month()
    emp = factories.make_employee("TH-MM")
    assert metrics.compute("matching.relationships", [emp.id], start, end) == {emp.id: 0}
    assert metrics.compute("matching.satisfaction", [emp.id], start, end) == {emp.id: None}


def test_one_grouped_query_per_metric_whatever_the_number_of_employees(app):
    start, end = month()
    ids = [factories.make_employee("TH-MM").id for _ in range(5)]
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        metrics.compute("matching.relationships", ids, start, end)
        one = len(statements)
        metrics.compute("service.complaint_on_time_rate", ids, start, end)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert one == 1
    assert len(statements) == 2


@pytest.mark.rule("000.kpi.customer_service")
def test_customer_service_metrics(app):
    start, end = month()
    emp = factories.make_employee("TH-CS")
    day = lambda d: at(start + dt.timedelta(days=d))  # noqa: E731
    # Resolved on time, resolved late, still open.
    r.complaint(received_at=day(1), handler=emp, status="resolved", resolved_at=day(2))
    r.complaint(received_at=day(1), handler=emp, status="resolved", resolved_at=day(10))
    r.complaint(received_at=day(3), handler=emp, status="investigating")
    r.survey(assignee=emp, scheduled_for=day(4), satisfaction=5, purpose="return_visit")
    r.survey(assignee=emp, scheduled_for=day(5), satisfaction=4, purpose="return_visit")
    r.survey(assignee=emp, scheduled_for=day(6), status="scheduled", purpose="return_visit")
    r.survey(assignee=emp, scheduled_for=day(6), status="cancelled", purpose="return_visit")
    value = lambda code: metrics.compute(code, [emp.id], start, end)[emp.id]  # noqa: E731
    assert value("service.complaint_on_time_rate") == Decimal("50")
    assert value("service.complaint_resolution_rate") == Decimal("66.6667")
    assert value("service.satisfaction") == Decimal("4.5")
    assert value("service.return_visits_completed") == Decimal("66.6667")
    recs = metrics.records("service.complaint_resolution_rate", emp.id, start, end)
    assert len(recs) == 3 and {x["resource"] for x in recs} == {"complaint"}


def test_unknown_metric_and_bad_period_are_refused(app):
    from app.core.errors import Invalid

    with pytest.raises(Invalid):
        metrics.compute("nope", [1], dt.date(2020, 1, 1), dt.date(2020, 1, 31))
    with pytest.raises(Invalid):
        metrics.compute("matching.proposals", [1], dt.date(2020, 2, 1), dt.date(2020, 1, 1))
