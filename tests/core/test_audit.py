"""The audit trail: what is written, who may read it, and that nobody can change it."""
import pytest
from sqlalchemy import select, text, update

from app.core.audit import AuditImmutable, mask
from app.core.models import AuditLog
from app.extensions import db
from tests import factories


def _rows(app, **where):
    with app.app_context():
        q = select(AuditLog)
        for k, v in where.items():
            q = q.where(getattr(AuditLog, k) == v)
        return db.session.scalars(q.order_by(AuditLog.id)).all()


def test_insert_update_delete_are_logged_with_old_and_new(app, api_as):
    api = api_as("hr")
    r = api.post("/api/v1/position/", json={"code": f"P{factories.nextval()}", "name":
                                             f"督導{factories.nextval()}", "duties": "巡店"})
    assert r.status_code == 201, r.json
    pk = r.json["id"]
    assert api.put(f"/api/v1/position/{pk}", json={"duties": "巡店與培訓"}).status_code == 200
    assert api.delete(f"/api/v1/position/{pk}").status_code == 200
    rows = _rows(app, resource="position", record_id=str(pk))
    assert [r.action for r in rows] == ["insert", "update", "delete"]
    assert rows[1].changes == {"duties": ["巡店", "巡店與培訓"]}
    assert all(r.actor_name == "hr" and r.ip for r in rows)


def test_soft_delete_archives_and_keeps_history(app, api_as):
    with app.app_context():
        pk = factories.make_employee("ADM").id
    api = api_as("hr")
    assert api.delete(f"/api/v1/employee/{pk}").status_code == 200
    assert api.get(f"/api/v1/employee/{pk}").status_code == 404  # gone from lists and gets
    actions = [r.action for r in _rows(app, resource="employee", record_id=str(pk))]
    assert actions == ["insert", "archive"]
    from app.org.models import Employee

    with app.app_context():
        assert db.session.get(Employee, pk).archived_at is not None  # the row is kept


def test_masked_columns_are_masked_in_audit(app):
    with app.app_context():
        emp = factories.make_employee("ADM", phone="13812345678")
        pk = emp.id
    row = _rows(app, resource="employee", record_id=str(pk))[0]
    assert row.changes["phone"] == "138****5678"
    assert mask("13812345678") == "138****5678"


def test_transition_row_has_comment_and_states(app, api_as):
    with app.app_context():
        pk = factories.make_employee("TH-CS").id
    r = api_as("hr").post(f"/api/v1/employee/{pk}/transition/confirm", json={"comment": "轉正"})
    assert r.status_code == 200 and r.json["state"] == "regular"
    row = _rows(app, resource="employee", record_id=str(pk), action="transition")[-1]
    assert (row.from_state, row.to_state, row.comment) == ("probation", "regular", "轉正")


def test_login_and_failed_login_are_logged(app):
    c = app.test_client()
    c.post("/login/", data={"username": "finance", "password": "wrong-password"})
    c.post("/login/", data={"username": "nobody-such", "password": "x"})
    c.post("/login/", data={"username": "finance", "password": factories_password()})
    failed = [r.actor_name for r in _rows(app, action="login_failed")]
    assert "finance" in failed and "nobody-such" in failed
    assert "finance" in [r.actor_name for r in _rows(app, action="login")]


def factories_password():
    from tests.conftest import DEMO_PASSWORD

    return DEMO_PASSWORD


def test_auditlog_rest_read_only_admin_and_auditor(api_as):
    assert api_as("auditor").get("/api/v1/auditlog/").status_code == 200
    assert api_as("admin").get("/api/v1/auditlog/").status_code == 200
    assert api_as("hr").get("/api/v1/auditlog/").status_code == 403
    assert api_as("th_manager").get("/api/v1/auditlog/").status_code == 403
    first = api_as("auditor").get("/api/v1/auditlog/").json["ids"][0]
    for method in ("put", "delete"):
        r = getattr(api_as("admin"), method)(f"/api/v1/auditlog/{first}", json={})
        assert r.status_code in (404, 405)
    assert api_as("admin").post("/api/v1/auditlog/", json={}).status_code in (404, 405)


def test_auditlog_ui_has_no_edit_or_delete(client_as):
    c = client_as("admin")
    assert c.get("/auditlogview/list/").status_code == 200
    assert c.get("/auditlogview/edit/1").status_code == 404
    assert c.post("/auditlogview/delete/1").status_code in (404, 405)


def test_orm_refuses_to_change_audit_rows(app):
    with app.app_context():
        row = db.session.scalars(select(AuditLog).limit(1)).first()
        row.comment = "tampered"
        with pytest.raises(AuditImmutable):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AuditImmutable):
            db.session.execute(update(AuditLog).values(comment="x"))
        db.session.rollback()
        db.session.delete(db.session.scalars(select(AuditLog).limit(1)).first())
        with pytest.raises(AuditImmutable):
            db.session.commit()
        db.session.rollback()


def test_postgres_refuses_raw_update(app, is_postgres):
    if not is_postgres:
        pytest.skip("the append-only trigger is PostgreSQL's")
    with app.app_context():
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text("UPDATE auditlog SET comment = 'x'"))
        db.session.rollback()
