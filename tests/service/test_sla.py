"""SLA with frozen time: deadlines from the category, overdue flags (Python and SQL), the
report, escalation (responsible head, then store manager; idempotent), the heads' inbox."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.core.models import AuditLog
from app.extensions import db
from app.service.models import Complaint, ComplaintCategory
from tests import factories
from tests.service.conftest import make_complaint, reload

T0 = dt.datetime(2030, 3, 2, 9, 0, 0)


def _cat(code):
    return db.session.scalar(select(ComplaintCategory).where(ComplaintCategory.code == code))


@pytest.mark.rule("000.service.complaint_deadline", "002.service.complaint_deadline")
def test_deadlines_default_from_category_at_receipt(app):
    with app.app_context():
        pk = make_complaint(category="privacy", received_at=T0)
        c, cat = reload(pk), _cat("privacy")
        assert c.response_deadline == T0 + dt.timedelta(hours=cat.sla_response_hours)
        assert c.deadline == T0 + dt.timedelta(hours=cat.sla_resolve_hours)
        promised = T0 + dt.timedelta(hours=5)
        pk2 = make_complaint(category="privacy", received_at=T0, deadline=promised)
        assert reload(pk2).deadline == promised  # a promised deadline is kept


@pytest.mark.rule("000.service.complaint_deadline", "002.service.complaint_deadline")
def test_overdue_in_python_and_sql_agree(app):
    with app.app_context():
        cat = _cat("quality")
        resp_h, res_h = cat.sla_response_hours, cat.sla_resolve_hours
        received = make_complaint(category="quality", received_at=T0)
        assigned = make_complaint(category="quality", received_at=T0, status="assigned",
                                  dept="TH-MM")
        resolved = make_complaint(category="quality", received_at=T0, status="resolved",
                                  dept="TH-MM", plan="p", result="r")
        ids = [received, assigned, resolved]
        cases = [
            (T0 + dt.timedelta(hours=resp_h - 1), set()),
            (T0 + dt.timedelta(hours=resp_h + 1), {received}),          # first response late
            (T0 + dt.timedelta(hours=res_h + 1), {received, assigned}),  # resolution late
        ]
        for now, expected in cases:
            got = set(db.session.scalars(select(Complaint.id).where(
                Complaint.id.in_(ids), Complaint.overdue_clause(now))))
            assert got == expected, now
            assert {i for i in ids if reload(i).is_overdue(now)} == expected
        # The hybrid property, with the real clock: all of these are years ahead.
        assert not db.session.scalars(select(Complaint.id).where(
            Complaint.id.in_(ids), Complaint.overdue)).all()


def test_overdue_filter_over_rest_and_red_in_list(app, api_as, client_as):
    with app.app_context():
        late = make_complaint(received_at=dt.datetime(2020, 1, 1, 9))
        fresh = make_complaint()
        late_no = reload(late).complaint_no
    q = ("(filters:!((col:deadline,opr:overdue,value:'1')),order_column:id,"
         "order_direction:desc,page_size:100)")
    ids = [r["id"] for r in api_as("th_cs1").get(f"/api/v1/complaint/?q={q}").json["result"]]
    assert late in ids and fresh not in ids
    row = api_as("th_cs1").get(f"/api/v1/complaint/{late}").json["result"]
    assert row["overdue"] is True
    page = client_as("th_cs1").get("/overduecomplaintview/list/?psize_OverdueComplaintView=100")
    body = page.get_data(as_text=True)
    assert late_no in body and "yl-overdue" in body


@pytest.mark.rule("000.service.complaint_deadline", "000.service.complaint_escalation")
def test_escalation_first_to_the_responsible_head_then_the_store_manager(app, api_as):
    from app.core.inbox import pending  # noqa: F401  (provider registered by the module)
    from app.service.sla import escalate, sla_report

    with app.app_context():
        pk = make_complaint("th_cs1", status="assigned", dept="TH-MM",
                            received_at=dt.datetime(2021, 5, 1, 9))
        yx = make_complaint("yx_cs1", received_at=dt.datetime(2021, 5, 1, 9))
        now = dt.datetime(2021, 6, 1, 9)
        report = "\n".join(sla_report(now))
        assert reload(pk).complaint_no in report
        first = escalate(now)
        assert any(reload(pk).complaint_no in line for line in first)
        c = reload(pk)
        assert (c.escalation_level, c.escalated_at) == (1, now)
        assert c.escalated_to_id == factories.employee_of("th_mm_head").id
        # Not yet forwarded: the receiving (customer-service) department's head.
        assert reload(yx).escalated_to_id == factories.employee_of("yx_cs_head").id
        # Run twice: nothing more; a day later, still overdue: the store manager.
        second = escalate(now + dt.timedelta(hours=1))
        assert not any(reload(pk).complaint_no in line for line in second)
        later = now + dt.timedelta(hours=25)
        escalate(later)
        escalate(later)
        c = reload(pk)
        assert (c.escalation_level, c.escalated_at) == (2, later)
        assert c.escalated_to_id == factories.employee_of("th_manager").id
        assert reload(yx).escalated_to_id == factories.employee_of("yx_manager").id
        assert not any(reload(pk).complaint_no in line
                       for line in escalate(later + dt.timedelta(days=30)))
        rows = db.session.scalars(select(AuditLog).where(
            AuditLog.resource == "complaint", AuditLog.record_id == str(pk),
            AuditLog.action == "escalate").order_by(AuditLog.id)).all()
        assert [r.actor_name for r in rows] == ["system", "system"]
        assert [r.changes["escalation_level"] for r in rows] == [1, 2]

    inbox = api_as("th_manager").get("/api/v1/inbox/").json["result"]
    mine = {i["id"] for s in inbox for i in s["items"] if s["resource"] == "complaint"}
    assert pk in mine and yx not in mine
    for user in ("th_mm_head", "th_cs_head"):
        ids = {i["id"] for s in api_as(user).get("/api/v1/inbox/").json["result"]
               for i in s["items"] if s["resource"] == "complaint"}
        assert pk in ids, user
    for user in ("yx_manager", "yx_cs_head"):
        ids = {i["id"] for s in api_as(user).get("/api/v1/inbox/").json["result"]
               for i in s["items"] if s["resource"] == "complaint"}
        assert pk not in ids, user
    hist = api_as("th_manager").get(f"/api/v1/complaint/{pk}/history").json["result"]
    assert [h["action"] for h in hist].count("escalate") == 2


def test_cli_commands(app):
    from app.service.cli import cli_group

    with app.app_context():
        make_complaint(received_at=dt.datetime(2022, 1, 1, 9))
    runner = app.test_cli_runner()
    r = runner.invoke(cli_group, ["sla-report", "--now", "2022-02-01T09:00:00"])
    assert r.exit_code == 0, r.output
    assert "overdue" in r.output
    r1 = runner.invoke(cli_group, ["escalate", "--now", "2022-02-01T09:00:00"])
    r2 = runner.invoke(cli_group, ["escalate", "--now", "2022-02-01T09:00:00"])
    assert r1.exit_code == 0 and r2.exit_code == 0
    assert "escalated" in r1.output and "nothing to escalate" in r2.output
    bad = runner.invoke(cli_group, ["escalate", "--now", "yesterday"])
    assert bad.exit_code != 0 and "ISO" in bad.output
