"""A complaint logged through the form about a client chosen with the client picker (book 000
客戶投訴處理 1; issue 10 item 2: 客服 links complaints to clients). The picker sets the
relationship, not the column: the form was refused as if no client had been named."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.service.models import Complaint, ComplaintCategory
from tests import factories


def _category_id() -> int:
    return db.session.scalar(select(ComplaintCategory.id).where(
        ComplaintCategory.code == "attitude"))


def test_form_complaint_about_a_chosen_client(app, client_as):
    with app.app_context():
        cat_id = _category_id()
        client_id = factories.make_client("TH-MM", matchmaker="th_mm1").id
    content = f"UI 客户投诉 {factories.nextval()}"
    r = client_as("th_cs1").post("/complaintview/add", data={
        "client": str(client_id), "channel": "phone", "category_ref": str(cat_id),
        "content": content, "complainant_phone": "13800006666"})
    assert r.status_code == 302, r.get_data(as_text=True)[:1500]
    with app.app_context():
        row = db.session.scalar(select(Complaint).where(Complaint.content == content))
        assert row is not None and row.client_id == client_id and row.status == "received"


def test_form_without_client_or_name_is_still_refused(app, client_as):
    with app.app_context():
        cat_id = _category_id()
    content = f"UI 无名投诉 {factories.nextval()}"
    r = client_as("th_cs1").post("/complaintview/add", data={
        "channel": "phone", "category_ref": str(cat_id), "content": content},
        follow_redirects=True)
    assert "请选择客户，或填写投诉人姓名" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Complaint).where(Complaint.content == content)) is None


def test_form_client_outside_scope_is_refused(app, client_as):
    with app.app_context():
        cat_id = _category_id()
        other = factories.make_client("YX-MM", matchmaker="yx_mm1").id
    content = f"UI 越权投诉 {factories.nextval()}"
    client_as("th_cs1").post("/complaintview/add", data={
        "client": str(other), "channel": "phone", "category_ref": str(cat_id),
        "content": content}, follow_redirects=True)
    with app.app_context():
        assert db.session.scalar(select(Complaint).where(Complaint.content == content)) is None


def test_history_names_the_departments(app, client_as):
    """History shows the responsible department and the store by name (as the Detail tab
    does), not their ids, also to 客服 whose scope does not cover 紅娘部."""
    import re

    with app.app_context():
        cat_id = _category_id()
        responsible = factories.department("TH-MM")
        store = factories.department("TH")
        responsible_id, names = responsible.id, (responsible.name, store.name)
    page = client_as("th_cs1")
    content = f"UI 历史 {factories.nextval()}"
    page.post("/complaintview/add", data={"complainant_name": "路人", "channel": "phone",
                                          "category_ref": str(cat_id), "content": content})
    with app.app_context():
        pk = db.session.scalar(select(Complaint.id).where(Complaint.content == content))
    r = page.post(f"/complaintview/transition/{pk}/assign",
                  data={"comment": "转交", "department_id": str(responsible_id)})
    assert r.status_code == 302
    html = page.get(f"/complaintview/show/{pk}").get_data(as_text=True)
    history = re.sub(r"<[^>]+>", " ", re.search(r'<table[^>]*yl-history.*?</table>', html,
                                                 re.S).group(0))
    for name in names:
        assert name in history, name
    assert not re.search(r"(责任部门|门店):\s*(∅\s*→\s*)?\d+\b", history), history
