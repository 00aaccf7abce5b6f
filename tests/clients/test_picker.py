"""The client picker: forms never list every client; search and choice stay in scope."""
import re

from sqlalchemy import func, select

from app.extensions import db
from app.matching.models_followup import FollowUp
from tests import factories


def test_search_finds_clients_in_scope_by_number_or_name(app, client_as):
    with app.app_context():
        mine = factories.make_client(matchmaker="th_mm1", name="搜尋甲一", client_no="PK0000001")
        other = factories.make_client("YX-MM", matchmaker="yx_mm1", name="搜尋甲二",
                                      client_no="PK0000002")
        mine_id, other_id = mine.id, other.id
    c = client_as("th_mm1")
    by_name = c.get("/clientview/search?q=搜尋甲").json["results"]
    assert [r["id"] for r in by_name] == [mine_id]
    assert by_name[0]["text"] == "PK0000001 搜尋甲一"
    by_no = c.get("/clientview/search?q=PK000000").json["results"]
    assert [r["id"] for r in by_no] == [mine_id]
    assert other_id in [r["id"] for r in
                        client_as("yx_mm1").get("/clientview/search?q=PK000000").json["results"]]
    assert c.get("/clientview/search?q=").json["results"] == []
    assert c.get("/clientview/search?q=%25").json["results"] == []  # % is a character


def test_search_needs_read_on_clients(app, client_as):
    r = client_as("finance").get("/clientview/search?q=a")
    assert r.status_code in (302, 403)


def test_forms_offer_a_search_box_not_a_list(app, client_as):
    for _ in range(3):
        factories.make_client(matchmaker="th_mm1")
    for url in ("/followupview/add", "/matchview/add", "/complaintview/add"):
        user = "th_cs1" if "complaint" in url else "th_mm1"
        html = client_as(user).get(url).get_data(as_text=True)
        picker = re.search(r'<select name="client"[^>]*>(.*?)</select>', html, re.S)
        assert picker and "yl-client-picker" in picker.group(0), url
        assert "<option" not in picker.group(1), url


def test_a_client_outside_scope_cannot_be_chosen(app, client_as):
    with app.app_context():
        other = factories.make_client("YX-MM", matchmaker="yx_mm1").id
        before = db.session.scalar(select(func.count(FollowUp.id)))
    r = client_as("th_mm1").post("/followupview/add", data={
        "client": other, "channel": "phone", "content": "越權"})
    assert r.status_code == 200  # the form again, with the message
    assert "在您的权限范围内找不到该客户" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(FollowUp.id))) == before


def test_edit_keeps_the_chosen_client(app, client_as):
    from tests.service.conftest import make_complaint

    with app.app_context():
        cid = factories.make_client(matchmaker="th_mm1").id
        pk = make_complaint(client_id=cid)
    html = client_as("th_cs_head").get(f"/complaintview/edit/{pk}").get_data(as_text=True)
    assert re.search(rf'<option value="{cid}" selected>', html)
