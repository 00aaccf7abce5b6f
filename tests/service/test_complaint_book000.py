"""Complaints as book 000 says (issue 10 item 3): 客服專員 forwards within the store, 重大 ones
go to the 客服 head, the investigation records a finding and the response, the return visit
closes a complaint (satisfied) or reopens it (not), and each page offers a step only to users
who may take it."""
import re

import pytest

from app.core import rules
from tests import factories
from tests.service.conftest import make_complaint, reload


def _t(api, pk, name, **body):
    return api.post(f"/api/v1/complaint/{pk}/transition/{name}", json=body)


def _dept(code) -> str:
    return str(factories.department(code).id)


# state the complaint is in, its responsible department, transition, user, body, answer
TABLE = [
    ("received", None, "assign", "th_cs1", {"department_id": "TH-MM"}, 200),
    ("received", None, "assign", "th_cs_head", {"department_id": "TH-MM"}, 200),
    ("received", None, "assign", "th_manager", {"department_id": "TH-MM"}, 200),
    ("received", "TH-MM", "assign", "th_mm_head", {"department_id": "TH-MM"}, 403),
    ("received", None, "assign", "th_mm1", {"department_id": "TH-MM"}, 403),
    ("received", None, "assign", "yx_cs1", {"department_id": "YX-MM"}, 404),
    ("received", None, "assign", "th_cs1", {"department_id": "YX-MM"}, 422),
    ("received", None, "assign", "th_cs1", {"department_id": "MKT"}, 422),
    ("received", None, "assign", "th_cs1", {}, 422),
    ("assigned", "TH-MM", "investigate", "th_mm_head", {}, 200),
    ("assigned", "TH-MM", "investigate", "th_cs_head", {}, 403),
    ("assigned", "TH-MM", "investigate", "th_cs1", {}, 403),
    ("investigating", "TH-MM", "resolve", "th_mm_head",
     {"finding": "upheld", "plan": "p", "result": "r"}, 200),
    ("investigating", "TH-MM", "resolve", "th_mm_head", {"plan": "p", "result": "r"}, 422),
    ("investigating", "TH-MM", "resolve", "th_mm_head",
     {"finding": "maybe", "plan": "p", "result": "r"}, 422),
    ("investigating", "TH-MM", "resolve", "th_cs_head",
     {"finding": "upheld", "plan": "p", "result": "r"}, 403),
    ("resolved", "TH-MM", "follow_up", "th_cs1", {"client_satisfied": "satisfied"}, 200),
    ("resolved", "TH-MM", "follow_up", "th_mm_head", {"client_satisfied": "satisfied"}, 403),
    ("resolved", "TH-MM", "follow_up", "th_cs1", {"client_satisfied": "perhaps"}, 422),
    ("resolved", "TH-MM", "follow_up", "th_cs1",
     {"client_satisfied": "satisfied", "satisfaction": 9}, 422),
    ("followed_up", "TH-MM", "close", "th_cs_head", {}, 403),
    ("followed_up", "TH-MM", "close", "th_mm_head", {}, 403),
    ("followed_up", "TH-MM", "reopen", "th_cs1", {"comment": "x"}, 403),
    ("received", None, "follow_up", "th_cs1", {"client_satisfied": "satisfied"}, 409),
    ("closed", "TH-MM", "follow_up", "th_cs1", {"client_satisfied": "satisfied"}, 409),
]


@pytest.mark.rule("000.service.complaint_routing", "002.service.complaint_routing",
                  "004.service.complaint_routing", "000.service.complaint_handling",
                  "002.service.complaint_handling", "003.service.complaint_handling",
                  "000.service.complaint_close", "002.service.complaint_close",
                  "003.service.complaint_close", "004.service.complaint_close")
@pytest.mark.parametrize("state,dept,name,user,body,status", TABLE)
def test_who_may_take_each_step(app, api_as, state, dept, name, user, body, status):
    with app.app_context():
        pk = make_complaint("th_cs1", status=state, dept=dept)
        body = {k: (_dept(v) if k == "department_id" else v) for k, v in body.items()}
    r = _t(api_as(user), pk, name, **body)
    assert r.status_code == status, r.get_json()
    with app.app_context():
        c = reload(pk)
        if status == 200:
            assert c.status != state
        else:
            assert c.status == state  # nothing half-written


@pytest.mark.rule("000.service.complaint_major")
def test_a_major_complaint_is_forwarded_by_the_customer_service_head(app, api_as):
    with app.app_context():
        pk = make_complaint("th_cs1", major=True)
        mm = _dept("TH-MM")
    for user in ("th_cs1", "th_manager"):
        r = _t(api_as(user), pk, "assign", department_id=mm)
        assert r.status_code == 403, user
        assert "處理客戶重大投訴和疑難問題" in r.json["message"]
        assert r.json["message"].endswith(f"（{rules.cite('000.service.complaint_major')}）")
    r = _t(api_as("th_cs_head"), pk, "assign", department_id=mm, comment="重大投訴，轉紅娘部")
    assert r.status_code == 200 and r.json["state"] == "assigned"


@pytest.mark.rule("000.service.complaint_close", "000.service.complaint_handling")
def test_an_unsatisfied_return_visit_reopens_and_a_satisfied_one_closes(app, api_as):
    with app.app_context():
        pk = make_complaint("th_cs1", status="investigating", dept="TH-MM")
    mm, cs = api_as("th_mm_head"), api_as("th_cs1")
    r = _t(mm, pk, "resolve", finding="not_upheld", plan="說明約見流程",
           result="已電話向客戶說明調查結果")
    assert r.status_code == 200
    r = _t(cs, pk, "follow_up", client_satisfied="unsatisfied", satisfaction=2,
           comment="客戶仍不滿意")
    assert r.status_code == 200 and r.json["state"] == "investigating"
    with app.app_context():
        c = reload(pk)
        assert (c.reopen_count, c.satisfied, c.satisfaction) == (1, False, 2)
        assert c.finding == "not_upheld" and c.result == "已電話向客戶說明調查結果"
    r = _t(mm, pk, "resolve", finding="upheld", plan="道歉並更換紅娘", result="已致電道歉")
    assert r.status_code == 200
    r = _t(cs, pk, "follow_up", client_satisfied="satisfied", satisfaction=5)
    assert r.status_code == 200 and r.json["state"] == "closed"
    with app.app_context():
        c = reload(pk)
        assert c.closed_at and c.satisfied is True and c.finding == "upheld"
    hist = cs.get(f"/api/v1/complaint/{pk}/history").json["result"]
    steps = [(h["from_state"], h["to_state"], h["actor"]) for h in hist
             if h["action"] == "transition"]
    assert steps[-5:] == [("resolved", "followed_up", "th_cs1"),
                          ("followed_up", "investigating", "system"),
                          ("investigating", "resolved", "th_mm_head"),
                          ("resolved", "followed_up", "th_cs1"),
                          ("followed_up", "closed", "system")]


def _buttons(page: str, pk: int) -> set[str]:
    return set(re.findall(rf"/complaintview/transition/{pk}/(\w+)", page))


# state, responsible department, {user: the steps their show page offers}
BUTTONS = [
    ("received", None, {"th_cs1": {"assign"}, "th_cs_head": {"assign"},
                        "th_manager": {"assign"}, "boss": set()}),
    ("received", "TH-MM", {"th_mm_head": set(), "th_cs1": {"assign"}}),
    ("assigned", "TH-MM", {"th_mm_head": {"investigate"}, "th_cs_head": set(),
                           "th_cs1": set()}),
    ("resolved", "TH-MM", {"th_cs1": {"follow_up"}, "th_cs_head": {"follow_up"},
                           "th_mm_head": set()}),
    ("followed_up", "TH-MM", {"th_cs_head": set(), "th_mm_head": set(), "th_cs1": set(),
                              "th_manager": set()}),
    ("closed", "TH-MM", {"th_cs_head": set(), "th_mm_head": set()}),
]


@pytest.mark.rule("000.service.complaint_close", "000.service.complaint_routing")
@pytest.mark.parametrize("state,dept,expected", BUTTONS)
def test_the_show_page_offers_a_step_only_to_who_may_take_it(app, client_as, state, dept,
                                                             expected):
    with app.app_context():
        pk = make_complaint("th_cs1", status=state, dept=dept)
    for user, steps in expected.items():
        page = client_as(user).get(f"/complaintview/show/{pk}")
        assert page.status_code == 200, user
        assert _buttons(page.get_data(as_text=True), pk) == steps, user


@pytest.mark.rule("000.service.complaint_major")
def test_a_major_complaint_shows_forward_only_to_the_cs_head(app, client_as):
    with app.app_context():
        pk = make_complaint("th_cs1", major=True)
    for user, steps in (("th_cs1", set()), ("th_manager", set()),
                        ("th_cs_head", {"assign"})):
        page = client_as(user).get(f"/complaintview/show/{pk}").get_data(as_text=True)
        assert _buttons(page, pk) == steps, user


def test_forward_offers_only_the_stores_departments(app, client_as):
    with app.app_context():
        pk = make_complaint("th_cs1")
        th_mm, yx_mm, mkt = _dept("TH-MM"), _dept("YX-MM"), _dept("MKT")
    page = client_as("th_cs1").get(f"/complaintview/show/{pk}").get_data(as_text=True)
    form = page[page.index(f"/complaintview/transition/{pk}/assign"):]
    options = set(re.findall(r'<option value="(\d+)"', form[:form.index("</form>")]))
    assert th_mm in options and yx_mm not in options and mkt not in options


def test_the_complaint_page_masks_the_complainants_phone(app, client_as):
    with app.app_context():
        pk = make_complaint("th_cs1", complainant_phone="13812345678")
    c = client_as("th_cs1")
    page = c.get(f"/complaintview/show/{pk}").get_data(as_text=True)
    assert "138****5678" in page and "13812345678" not in page
    edit = c.get(f"/complaintview/edit/{pk}").get_data(as_text=True)
    assert "13812345678" not in edit and "138****5678" in edit
    # Sent back masked, the phone stays what it was.
    form = {"complainant_name": "投訴人", "complainant_phone": "138****5678",
            "channel": "phone", "category_ref": str(reload_category_id(app, pk)),
            "content": "改了內容", "major": ""}
    r = c.post(f"/complaintview/edit/{pk}", data=form)
    assert r.status_code == 302, re.findall(r'alert-danger[^>]*>(.*?)</div>|help-block[^>]*>(.*?)<',
                                            r.get_data(as_text=True), re.S)
    with app.app_context():
        got = reload(pk)
        assert got.complainant_phone == "13812345678" and got.content == "改了內容"


def reload_category_id(app, pk) -> int:
    with app.app_context():
        return reload(pk).category_ref.id


@pytest.mark.rule("000.service.complaint_close")
def test_closing_by_hand_is_refused_with_the_clause(app, api_as):
    with app.app_context():
        pk = make_complaint("th_cs1", status="followed_up", dept="TH-MM")
    for user in ("th_cs_head", "th_mm_head", "th_manager"):
        r = _t(api_as(user), pk, "close")
        assert r.status_code == 403, user
        assert "確保客戶對處理結果滿意" in r.json["message"], user
    with app.app_context():
        assert reload(pk).status == "followed_up"
