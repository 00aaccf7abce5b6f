"""Complaint scope on every path: UI list/show, REST list/get/put, history, figures, inbox."""
import pytest

from tests.service.conftest import make_complaint


@pytest.fixture
def th_complaint(app):
    with app.app_context():
        return make_complaint("th_cs1", status="assigned", dept="TH-MM")


# --- the four cases, UI ---------------------------------------------------------------------

def test_ui_anonymous_is_sent_to_login(app, th_complaint):
    r = app.test_client().get(f"/complaintview/show/{th_complaint}")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_ui_without_permission_is_refused(client_as, th_complaint):
    r = client_as("th_mm1").get(f"/complaintview/show/{th_complaint}")
    assert r.status_code in (302, 403)
    assert f"/complaintview/show/{th_complaint}" not in r.headers.get("Location", "")


@pytest.mark.parametrize("user", ["th_cs1", "th_cs_head", "th_mm_head", "th_manager", "boss"])
def test_ui_in_scope_200(client_as, th_complaint, user):
    r = client_as(user).get(f"/complaintview/show/{th_complaint}")
    assert r.status_code == 200


@pytest.mark.parametrize("user", ["yx_cs1", "yx_cs_head", "yx_mm_head", "yx_manager"])
def test_ui_out_of_scope_404(client_as, th_complaint, user):
    c = client_as(user)
    assert c.get(f"/complaintview/show/{th_complaint}").status_code == 404
    assert c.get(f"/complaintview/edit/{th_complaint}").status_code == 404
    body = c.get("/complaintview/list/?psize_ComplaintView=100").get_data(as_text=True)
    from tests.service.conftest import reload

    assert reload(th_complaint).complaint_no not in body


# --- the four cases, REST -------------------------------------------------------------------

def test_rest_anonymous_401(api_as, th_complaint):
    assert api_as(None).get(f"/api/v1/complaint/{th_complaint}").status_code == 401


def test_rest_without_permission_403(api_as, th_complaint):
    assert api_as("th_mm1").get(f"/api/v1/complaint/{th_complaint}").status_code == 403
    assert api_as("hr").get("/api/v1/complaint/").status_code == 403


def test_rest_in_scope_200(api_as, th_complaint):
    for user in ("th_cs1", "th_cs_head", "th_mm_head", "th_manager"):
        r = api_as(user).get(f"/api/v1/complaint/{th_complaint}")
        assert r.status_code == 200, user
        assert r.json["result"]["status"] == "assigned"
        assert "overdue" in r.json["result"]


def test_rest_out_of_scope_404(api_as, th_complaint):
    api = api_as("yx_cs_head")
    assert api.get(f"/api/v1/complaint/{th_complaint}").status_code == 404
    assert api.get(f"/api/v1/complaint/{th_complaint}/history").status_code == 404
    assert api.put(f"/api/v1/complaint/{th_complaint}",
                   json={"content": "改"}).status_code == 404
    r = api.post(f"/api/v1/complaint/{th_complaint}/transition/investigate", json={})
    assert r.status_code == 404
    ids = [row["id"] for row in api.get("/api/v1/complaint/?q=(page_size:100)").json["result"]]
    assert th_complaint not in ids


def test_the_other_matchmaking_department_head_does_not_see_cs_only_complaints(app, api_as):
    with app.app_context():
        pk = make_complaint("th_cs1")  # received, not yet routed
    assert api_as("th_mm_head").get(f"/api/v1/complaint/{pk}").status_code == 404
    assert api_as("th_cs_head").get(f"/api/v1/complaint/{pk}").status_code == 200
    assert api_as("th_manager").get(f"/api/v1/complaint/{pk}").status_code == 200


# --- creating ---------------------------------------------------------------------------------

@pytest.mark.rule("000.service.complaint_intake", "002.service.complaint_intake",
                  "003.service.complaint_intake")
def test_cs_logs_a_complaint_with_sla_defaults(api_as):
    r = api_as("th_cs1").post("/api/v1/complaint/", json={
        "complainant_name": "陳女士", "complainant_phone": "13812345678", "channel": "phone",
        "category": "privacy", "content": "電話號碼被泄露給第三方。"})
    assert r.status_code == 201, r.json
    pk = r.json["id"]
    got = api_as("th_cs1").get(f"/api/v1/complaint/{pk}").json["result"]
    assert got["status"] == "received" and got["deadline"] and got["response_deadline"]
    assert got["store_id"] is not None and got["received_department_id"] is not None
    assert api_as("yx_cs1").get(f"/api/v1/complaint/{pk}").status_code == 404


def test_complaint_against_client_out_of_scope_is_422(app, api_as):
    from tests import factories

    with app.app_context():
        yx_client = factories.make_client("YX-MM", matchmaker="yx_mm1").id
    r = api_as("th_cs_head").post("/api/v1/complaint/", json={
        "client_id": yx_client, "channel": "phone", "category": "quality", "content": "x"})
    assert r.status_code == 422
    assert r.json["message"] and r.json["field"] == "client_id"


def test_ui_form_errors_are_messages_not_500(client_as):
    c = client_as("th_cs1")
    r = c.post("/complaintview/add", data={"channel": "phone", "content": "態度差",
                                           "complainant_name": "", "category_ref": ""},
               follow_redirects=True)
    assert r.status_code == 200


def test_ui_cs_logs_a_complaint(app, client_as):
    from sqlalchemy import select

    from app.extensions import db
    from app.service.models import Complaint, ComplaintCategory

    with app.app_context():
        cat_id = db.session.scalar(select(ComplaintCategory.id).where(
            ComplaintCategory.code == "attitude"))
    c = client_as("th_cs1")
    r = c.post("/complaintview/add", data={
        "channel": "store", "category_ref": str(cat_id), "content": "UI 測試：接待態度冷淡",
        "complainant_name": "UI 投訴人", "complainant_phone": "13912345678"})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    with app.app_context():
        row = db.session.scalar(select(Complaint).where(
            Complaint.content == "UI 測試：接待態度冷淡"))
        assert row is not None and row.status == "received" and row.deadline is not None
        assert row.received_by_id == __import__("tests.factories").factories.employee_of(
            "th_cs1").id
