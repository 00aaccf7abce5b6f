"""Intake review (issue 10 item 1): a form 客服 register goes to the store's front-line
department (紅娘部) for review; approval records the owning 紅娘; the book's sections first."""
import pytest
from sqlalchemy import select

from app.clients.models import Client
from app.clients.review import frontline_department, missing_sections
from app.clients.workflows import CLIENT_WORKFLOW as WF
from app.core import inbox
from app.core.errors import Forbidden, Invalid
from app.core.models import AuditLog
from app.core.scope import unscoped
from app.extensions import db
from app.org.models import Department
from tests import factories
from tests.clients.conftest import new_client


def _status(pk):
    with unscoped():
        db.session.expire_all()
        return db.session.get(Client, pk)


def test_frontline_department_is_found_from_role_kinds_not_names(app):
    with app.app_context():
        th_mm, th_cs = factories.department("TH-MM").id, factories.department("TH-CS").id
        yx_mm = factories.department("YX-MM").id
        assert frontline_department(th_cs) == th_mm  # the store's front line
        assert frontline_department(th_mm) == th_mm
        assert frontline_department(factories.department("TH").id) == th_mm
        assert frontline_department(factories.department("YX-CS").id) == yx_mm
        # A renamed department is still found: nothing depends on its name or code.
        d = db.session.get(Department, th_mm)
        old = d.name
        d.name = f"一線服務部{factories.nextval()}"
        db.session.commit()
        try:
            assert frontline_department(th_cs) == th_mm
        finally:  # the session's demo organisation is shared by every test
            d.name = old
            db.session.commit()


@pytest.mark.rule("000.clients.review_approval")
def test_customer_service_form_is_reviewed_by_the_frontline_head(app, as_user):
    with app.app_context():
        th_cs1 = factories.user("th_cs1").id
        pk = new_client(dept_code="TH-CS", matchmaker=None, status="lead", created_by_id=th_cs1)
        mm1, mm2 = factories.employee_of("th_mm1").id, factories.employee_of("th_mm2").id
    with as_user("th_cs1"):
        WF.run(pk, "submit")
    # Filed with the front line (紅娘部) for review and archiving.
    assert _status(pk).department_id == factories.department("TH-MM").id
    with as_user("th_cs_head"):  # the 客服 head is not the reviewer
        assert not any(i.pk == pk for s in inbox.pending() for i in s.items
                       if s.resource == "client")
        with pytest.raises(Forbidden):
            WF.run(pk, "approve", data={"owner_id": mm1})
    db.session.rollback()
    with as_user("th_mm_head"):
        assert any(i.pk == pk for s in inbox.pending() for i in s.items
                   if s.resource == "client")
        WF.run(pk, "approve", data={"owner_id": str(mm2)})
    c = _status(pk)
    assert c.status == "active" and c.matchmaker_id == mm2
    assert c.assigned_at is not None
    # The transition log records the owner chosen.
    row = db.session.scalar(select(AuditLog).where(
        AuditLog.resource == "client", AuditLog.record_id == str(pk),
        AuditLog.to_state == "active"))
    assert row.changes["owner_id"] == mm2


@pytest.mark.rule("000.clients.review_approval")
def test_never_active_without_an_owner_and_owner_is_frontline_of_the_store(app, as_user):
    with app.app_context():
        pk = new_client(status="pending_review", matchmaker=None)
        wrongs = (factories.employee_of("yx_mm1").id, factories.employee_of("th_cs1").id)
    with as_user("th_mm_head"):
        with pytest.raises(Invalid) as err:
            WF.run(pk, "approve")
        assert err.value.details["field"] == "matchmaker_id"
        db.session.rollback()
        for wrong in wrongs:
            with pytest.raises(Invalid):
                WF.run(pk, "approve", data={"owner_id": wrong})
            db.session.rollback()
        with pytest.raises(Invalid):
            WF.run(pk, "approve", data={"owner_id": "abc"})
        db.session.rollback()
    assert _status(pk).status == "pending_review"


@pytest.mark.rule("000.clients.form_sections", "001.clients.form_sections")
def test_submit_needs_the_sections_of_the_form(app, as_user):
    with app.app_context():
        pk = new_client(status="lead", hobbies=None, family_background="  ",
                        self_description=None, pref_age_min=None, pref_age_max=None)
    with as_user("th_mm1"):
        with pytest.raises(Invalid) as err:
            WF.run(pk, "submit")
    db.session.rollback()
    message = err.value.message
    assert "依據《" in message  # the clause is quoted
    missing = err.value.details["missing"]
    assert len(missing) == 4  # 擇偶要求, 家庭背景, 興趣愛好, 性格特點
    assert _status(pk).status == "lead"
    with app.app_context():
        c = _status(pk)
        c.hobbies, c.family_background, c.self_description = "爬山", "父母退休", "开朗"
        c.pref_cities = ["广州"]
        db.session.commit()
        assert missing_sections(c) == []
    with as_user("th_mm1"):
        assert WF.run(pk, "submit").status == "pending_review"


def test_approve_page_offers_the_store_frontline_staff(app, client_as):
    pk = new_client(status="pending_review", matchmaker=None)
    html = client_as("th_mm_head").get(f"/clientview/show/{pk}").get_data(as_text=True)
    assert 'name="owner_id"' in html
    assert factories.employee_of("th_mm2").name in html
    assert factories.employee_of("yx_mm1").name not in html
    resp = client_as("th_mm_head").post(
        f"/clientview/transition/{pk}/approve",
        data={"owner_id": str(factories.employee_of("th_mm1").id), "comment": ""})
    assert resp.status_code == 302
    assert _status(pk).status == "active"
    # History names the owner and the step in words: no field codes, no raw ids.
    history = client_as("th_mm_head").get(f"/clientview/show/{pk}").get_data(
        as_text=True).split('id="History"')[1]
    assert "owner_id" not in history
    assert factories.employee_of("th_mm1").name in history
