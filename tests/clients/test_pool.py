"""公海: the return rule with a frozen ``now``, idempotence, assignment and confirmation."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.clients import pool
from app.clients.models import Client, ClientAssignment
from app.clients.workflows import ASSIGNMENT_WORKFLOW
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.models import AuditLog
from app.core.scope import unscoped
from app.extensions import db
from tests import factories
from tests.clients.conftest import new_client

NOW = dt.datetime(2031, 6, 1, 12, 0)


def _at(days):
    return NOW - dt.timedelta(days=days)


@pytest.fixture
def thirty_days(app):
    old = app.config.get("POOL_RETURN_DAYS")
    app.config["POOL_RETURN_DAYS"] = 30
    yield
    app.config["POOL_RETURN_DAYS"] = old


@pytest.mark.rule("000.clients.pool_return")
def test_return_rule_and_idempotence(app, db_session, thirty_days):
    quiet = new_client(assigned_at=_at(60), last_followup_at=_at(31))
    followed = new_client(assigned_at=_at(60), last_followup_at=_at(29))
    never = new_client(assigned_at=_at(31), last_followup_at=None)
    fresh = new_client(assigned_at=_at(5), last_followup_at=None)
    closed = new_client(assigned_at=_at(90), status="closed")
    due = {c.id for c in pool.due_for_return(NOW)}
    assert {quiet, never} <= due and not {followed, fresh, closed} & due
    assert set(pool.return_due(NOW, dry_run=True)) >= {quiet, never}
    assert db_session.get(Client, quiet).matchmaker_id is not None  # dry run changes nothing
    returned = pool.return_due(NOW)
    assert {quiet, never} <= set(returned) and not {followed, fresh, closed} & set(returned)
    db_session.expire_all()
    c = db_session.get(Client, quiet)
    assert c.matchmaker_id is None and c.pool_since == NOW
    assert pool.return_due(NOW) == []  # second run: nothing left
    rows = db_session.scalars(select(AuditLog).where(
        AuditLog.resource == "client", AuditLog.record_id == str(quiet),
        AuditLog.action == "update")).all()
    assert rows[-1].changes["matchmaker_id"][1] is None


@pytest.mark.rule("000.clients.pool_return")
def test_setting_changes_the_period(app, db_session):
    pk = new_client(assigned_at=_at(10), last_followup_at=_at(10))
    app.config["POOL_RETURN_DAYS"] = 7
    try:
        assert pk in {c.id for c in pool.due_for_return(NOW)}
    finally:
        app.config["POOL_RETURN_DAYS"] = 30
    assert pk not in {c.id for c in pool.due_for_return(NOW)}


def test_cli_pool_return(app, thirty_days):
    pk = new_client(assigned_at=dt.datetime(2000, 1, 1), last_followup_at=None)
    from app.clients.cli import cli_group

    runner = app.test_cli_runner()
    out = runner.invoke(cli_group, ["pool-return", "--dry-run"])
    assert out.exit_code == 0 and "would return" in out.output and str(pk) in out.output
    out = runner.invoke(cli_group, ["pool-return"])
    assert out.exit_code == 0 and "returned" in out.output
    with unscoped():
        db.session.expire_all()
        assert db.session.get(Client, pk).matchmaker_id is None


def _pool_client(**kw):
    return new_client(matchmaker=None, pool_since=_at(3), **kw)


@pytest.mark.rule("000.clients.pool_assign")
def test_assign_and_confirm(app, as_user, db_session):
    pk = _pool_client()
    th_mm2 = factories.employee_of("th_mm2").id
    with as_user("th_mm_head"):
        [a] = pool.assign([pk], th_mm2, note="擅長高學歷客戶")
        aid = a.id
    with as_user("th_mm1"):  # not the assignee: the assignment is not even visible
        with pytest.raises(NotFound):
            ASSIGNMENT_WORKFLOW.run(aid, "confirm")
    with as_user("th_mm2"):
        ASSIGNMENT_WORKFLOW.run(aid, "confirm")
    db_session.expire_all()
    c = db_session.get(Client, pk)
    assert c.matchmaker_id == th_mm2 and c.pool_since is None and c.assigned_at is not None
    assert db_session.get(ClientAssignment, aid).status == "confirmed"


def test_decline_needs_comment_and_keeps_pool(app, as_user, db_session):
    pk = _pool_client()
    with as_user("th_mm_head"):
        [a] = pool.assign([pk], factories.employee_of("th_mm1").id)
        aid = a.id
    with as_user("th_mm1"):
        with pytest.raises(Invalid):
            ASSIGNMENT_WORKFLOW.run(aid, "decline")
        db.session.rollback()
        ASSIGNMENT_WORKFLOW.run(aid, "decline", comment="客戶已滿")
    db_session.expire_all()
    assert db_session.get(Client, pk).matchmaker_id is None


@pytest.mark.rule("000.clients.pool_assign")
def test_assign_rules(app, as_user, db_session):
    pk, other_store = _pool_client(), _pool_client(dept_code="YX-MM")
    left = factories.make_employee(status="left").id
    with as_user("th_mm1"):
        with pytest.raises(Forbidden):
            pool.assign([pk], factories.employee_of("th_mm1").id)
    with as_user("th_mm_head"):
        with pytest.raises(NotFound):  # a client of the other store: outside the head's scope
            pool.assign([pk, other_store], factories.employee_of("th_mm1").id)
        with pytest.raises(Invalid):
            pool.assign([pk], left)
        with pytest.raises(Invalid):
            pool.assign([], factories.employee_of("th_mm1").id)
        pool.assign([pk], factories.employee_of("th_mm1").id)
        with pytest.raises(Conflict):  # already waiting for a confirmation
            pool.assign([pk], factories.employee_of("th_mm2").id)
    n = db_session.scalar(select(db.func.count(ClientAssignment.id)).where(
        ClientAssignment.client_id == pk))
    assert n == 1


def test_pool_pages(app, client_as):
    pk = _pool_client(name="公海裡的客戶")
    head = client_as("th_mm_head")
    html = head.get("/clientpoolview/list/?psize_ClientPoolView=100").get_data(as_text=True)
    assert "公海裡的客戶" in html
    assert "公海裡的客戶" not in client_as("yx_mm_head").get(
        "/clientpoolview/list/?psize_ClientPoolView=100").get_data(as_text=True)
    page = head.get(f"/clientpoolview/assign?ids={pk}")
    assert page.status_code == 200 and "公海裡的客戶" in page.get_data(as_text=True)
    resp = head.post("/clientpoolview/assign", data={
        "ids": str(pk), "employee_id": factories.employee_of("th_mm1").id})
    assert resp.status_code == 302
    assert client_as("th_mm1").get(f"/clientpoolview/assign?ids={pk}").status_code in (302, 403)
    assert client_as("th_mm_head").get("/clientdueview/list/").status_code == 200
