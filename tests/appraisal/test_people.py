"""Honours, discipline (management approves a demotion or a dismissal), the post-evaluation
action (處理 only after coaching that did not help) and the personnel file."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.appraisal.models_people import AppraisalAction, Discipline, Honour
from app.core.models import AuditLog
from app.extensions import db
from tests import factories
from tests.appraisal.factories import appraisal_of, month, opened_cycle

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def _go(api, resource, pk, name, **body):
    return api.post(f"/api/v1/{resource}/{pk}/transition/{name}", json=body)


@pytest.mark.rule("000.honour.titles")
def test_hr_awards_an_honour_shown_in_the_personnel_file(api_as, client_as):
    mm1 = factories.employee_of("th_mm1")
    hr = api_as("hr")
    bad = hr.post("/api/v1/honour/", json={"employee_id": mm1.id, "title": "best_smile",
                                           "awarded_on": YESTERDAY})
    assert bad.status_code == 422
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert hr.post("/api/v1/honour/", json={"employee_id": mm1.id, "title": "service_star",
                                            "awarded_on": future}).status_code == 422
    assert api_as("th_mm1").post("/api/v1/honour/", json={
        "employee_id": mm1.id, "title": "service_star"}).status_code == 403
    ok = hr.post("/api/v1/honour/", json={"employee_id": mm1.id, "title": "service_star",
                                          "awarded_on": YESTERDAY, "reason": "客戶滿意度第一"})
    assert ok.status_code == 201, ok.get_data(as_text=True)
    h = db.session.get(Honour, ok.json["id"])
    assert h.department_id == mm1.department_id

    page = client_as("th_mm1").get("/personnelfile/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "客戶滿意度第一" in html and "yl-file-honours" in html
    assert client_as("th_mm_head").get(f"/personnelfile/{mm1.id}").status_code == 200
    # The other store never sees her file; a colleague neither.
    assert client_as("yx_mm1").get(f"/personnelfile/{mm1.id}").status_code == 404
    assert client_as("th_mm2").get(f"/personnelfile/{mm1.id}").status_code == 404


@pytest.mark.rule("001.discipline.penalties")
def test_warnings_and_fines_take_effect_when_hr_records_them(api_as):
    mm2 = factories.employee_of("th_mm2")
    hr = api_as("hr")
    base = {"employee_id": mm2.id, "offence": "privacy_leak", "occurred_on": YESTERDAY,
            "description": "把客戶電話告訴了第三方"}
    assert hr.post("/api/v1/discipline/", json={**base, "penalty": "fine"}).status_code == 422
    assert hr.post("/api/v1/discipline/", json={**base, "penalty": "fine",
                                                "fine_amount": "-5"}).status_code == 422
    assert hr.post("/api/v1/discipline/", json={**base, "penalty": "warning",
                                                "fine_amount": "100"}).status_code == 422
    assert hr.post("/api/v1/discipline/", json={**base, "penalty": "caning"}
                   ).status_code == 422
    fine = hr.post("/api/v1/discipline/", json={**base, "penalty": "fine",
                                                "fine_amount": "200.5"})
    assert fine.status_code == 201, fine.get_data(as_text=True)
    pk = fine.json["id"]
    # A matchmaker cannot record a penalty on anyone, nor take the step.
    assert api_as("th_mm1").post("/api/v1/discipline/", json={**base, "penalty": "warning"}
                                 ).status_code == 403
    done = _go(hr, "discipline", pk, "record")
    assert done.status_code == 200 and done.json["state"] == "effective"
    d = db.session.get(Discipline, pk)
    db.session.refresh(d)
    assert str(d.fine_amount) == "200.50" and d.decided_at is not None


@pytest.mark.rule("003.discipline.approval")
def test_a_dismissal_needs_management_approval(api_as):
    mm2 = factories.employee_of("th_mm2")
    head, hr, boss = api_as("th_mm_head"), api_as("hr"), api_as("boss")
    made = head.post("/api/v1/discipline/", json={
        "employee_id": mm2.id, "offence": "exaggeration", "occurred_on": YESTERDAY,
        "penalty": "dismissal", "description": "向客戶保證三個月內結婚"})
    assert made.status_code == 201, made.get_data(as_text=True)
    pk = made.json["id"]
    # Never recorded directly, whoever tries: the clause is quoted.
    direct = _go(hr, "discipline", pk, "record")
    assert direct.status_code == 422 and "降級或解雇" in direct.json["message"]
    assert _go(head, "discipline", pk, "submit").status_code == 200
    # HR and the head who proposed it do not approve; management does.
    assert _go(hr, "discipline", pk, "approve").status_code == 403
    assert _go(head, "discipline", pk, "approve").status_code == 403
    assert _go(boss, "discipline", pk, "reject").status_code == 422  # comment required
    ok = _go(boss, "discipline", pk, "approve", comment="同意辭退")
    assert ok.status_code == 200 and ok.json["state"] == "effective"
    db.session.expire_all()
    d = db.session.get(Discipline, pk)
    assert d.approver_id == factories.employee_of("boss").id
    assert d.decision_note == "同意辭退"
    assert db.session.scalar(select(AuditLog.id).where(
        AuditLog.resource == "discipline", AuditLog.record_id == str(pk))) is not None


@pytest.mark.rule("000.action.sanction_after_coaching")
def test_handling_comes_only_after_coaching_that_did_not_help(api_as):
    cycle = opened_cycle(*month(4))
    a = appraisal_of(cycle, "th_mm1")
    head = api_as("th_mm_head")

    def act(kind, **kw):
        return head.post("/api/v1/appraisal_action/", json={
            "appraisal_id": a.id, "kind": kind, "note": kw.pop("note", f"{kind} note"), **kw})

    first = act("reward")
    assert first.status_code == 201, first.get_data(as_text=True)
    assert act("reward", outcome="improved").status_code == 422
    early = act("sanction")
    assert early.status_code == 422 and "培訓和指導" in early.json["message"]
    coaching = act("coaching", note="每週一次溝通技巧輔導")
    assert coaching.status_code == 201
    assert act("sanction").status_code == 422  # its outcome is not known yet
    cid = coaching.json["id"]
    assert head.put(f"/api/v1/appraisal_action/{cid}", json={
        "outcome": "improved"}).status_code == 200
    assert act("sanction").status_code == 422  # it helped
    assert head.put(f"/api/v1/appraisal_action/{cid}", json={
        "outcome": "not_improved"}).status_code == 200
    ok = act("sanction", note="調整崗位")
    assert ok.status_code == 201, ok.get_data(as_text=True)
    assert db.session.get(AppraisalAction, ok.json["id"]).after_action_id == cid
    # Out of scope: the other store's head cannot act on her appraisal.
    assert api_as("yx_mm_head").post("/api/v1/appraisal_action/", json={
        "appraisal_id": a.id, "kind": "reward", "note": "x"}).status_code == 422


def test_the_forms_show_words_and_the_menu_offers_the_pages(client_as):
    hr = client_as("hr")
    honour = hr.get("/honourview/add").get_data(as_text=True)
    assert "服务之星" in honour and 'value="service_star"' in honour
    discipline = hr.get("/disciplineview/add").get_data(as_text=True)
    assert "泄露客户隐私" in discipline and "辞退" in discipline
    action = client_as("th_mm_head").get("/appraisalactionview/add")
    assert action.status_code == 200 and "培训指导" in action.get_data(as_text=True)
    assert client_as("th_mm1").get("/honourview/add").status_code in (302, 403)
