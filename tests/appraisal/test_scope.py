"""Who sees which appraisal: the employee their own, the supervisor their reports, HR all;
another store never; the 公示 board per the cycle's publicity (000 company, 002 private)."""
import pytest

from app.extensions import db
from tests.appraisal.factories import appraisal_of, force_state, month, opened_cycle


@pytest.fixture(scope="module")
def scoped_cycle(app):
    with app.app_context():
        c = opened_cycle(*month(0))
        ids = {u: appraisal_of(c, u).id for u in ("th_mm1", "th_mm2", "yx_mm1", "th_cs1")}
        db.session.remove()
    return c.id, ids


def _ids(resp):
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return {row["id"] for row in resp.json["result"]}


def _listed(api, cycle_id):
    q = f"(filters:!((col:cycle_id,opr:eq,value:{cycle_id})),page_size:100)"
    return _ids(api.get(f"/api/v1/appraisal/?q={q}"))


def test_an_employee_sees_only_her_own(api_as, scoped_cycle):
    cycle_id, ids = scoped_cycle
    assert _listed(api_as("th_mm1"), cycle_id) == {ids["th_mm1"]}
    assert api_as("th_mm1").get(f"/api/v1/appraisal/{ids['th_mm2']}").status_code == 404
    assert api_as("th_mm1").get(
        f"/api/v1/appraisal/{ids['th_mm2']}/indicators").status_code == 404


def test_the_supervisor_sees_her_reports_and_the_store_manager_the_store(api_as,
                                                                         scoped_cycle):
    cycle_id, ids = scoped_cycle
    head = _listed(api_as("th_mm_head"), cycle_id)
    assert {ids["th_mm1"], ids["th_mm2"]} <= head
    assert ids["yx_mm1"] not in head and ids["th_cs1"] not in head
    store = _listed(api_as("th_manager"), cycle_id)
    assert {ids["th_mm1"], ids["th_cs1"]} <= store and ids["yx_mm1"] not in store


def test_hr_sees_all(api_as, scoped_cycle):
    cycle_id, ids = scoped_cycle
    assert set(ids.values()) <= _listed(api_as("hr"), cycle_id)


def test_another_store_never_sees_it(api_as, scoped_cycle):
    _, ids = scoped_cycle
    for user in ("yx_mm1", "yx_mm_head", "yx_manager"):
        api = api_as(user)
        assert api.get(f"/api/v1/appraisal/{ids['th_mm1']}").status_code == 404
        assert api.get(f"/api/v1/appraisal/{ids['th_mm1']}/indicators").status_code == 404
        assert api.get(f"/api/v1/appraisal/{ids['th_mm1']}/history").status_code == 404


def test_anonymous_is_refused(api_as, scoped_cycle):
    _, ids = scoped_cycle
    assert api_as(None).get(f"/api/v1/appraisal/{ids['th_mm1']}").status_code == 401


def test_nobody_creates_or_deletes_appraisals_through_rest(api_as, scoped_cycle):
    _, ids = scoped_cycle
    hr = api_as("hr")
    assert hr.post("/api/v1/appraisal/", json={}).status_code in (404, 405)
    assert hr.delete(f"/api/v1/appraisal/{ids['th_mm1']}").status_code in (404, 405)


def test_the_score_is_read_only(api_as, scoped_cycle):
    _, ids = scoped_cycle
    from app.appraisal.models import Appraisal

    before = db.session.get(Appraisal, ids["th_mm1"]).score
    resp = api_as("hr").put(f"/api/v1/appraisal/{ids['th_mm1']}", json={"score": 100})
    assert resp.status_code in (400, 422)
    db.session.expire_all()
    assert db.session.get(Appraisal, ids["th_mm1"]).score == before


@pytest.mark.rule("002.appraisal.feedback")
def test_the_board_publishes_to_the_company_or_privately(client_as, api_as):
    from tests.appraisal.test_flow import _go

    results = {}
    for publicity in ("company", "private"):
        c = opened_cycle(*month(0), publish_days=3, publicity=publicity)
        a = appraisal_of(c, "th_mm1")
        a = force_state(a, "approved")  # the steps before are tested in test_flow
        assert _go(api_as("hr"), a.id, "publish").status_code == 200
        page = client_as("yx_mm1").get(f"/appraisalboard/?cycle_id={c.id}")
        assert page.status_code == 200
        results[publicity] = "王晓燕" in page.get_data(as_text=True)
        own = client_as("th_mm1").get(f"/appraisalboard/?cycle_id={c.id}")
        assert "王晓燕" in own.get_data(as_text=True)
    assert results == {"company": True, "private": False}
