"""Marketing true to rule book 000 (issue 10 item 6): events carry cost and a kind list with
會員聯誼會, states only through the declared event workflow; a partner registry; a lead names the
event or partner it came from; leads are counted per event and per partner."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.extensions import db
from app.matching.models_event import Event
from app.matching.models_marketing import LeadSource, Partner
from tests import factories


def _event(status="open", **kw) -> int:
    e = Event(title=f"會員聯誼會{factories.nextval()}", kind=kw.pop("kind", "member_party"),
              capacity=30, place="天河店三樓", department_id=factories.department("MKT").id,
              status=status, starts_at=dt.datetime.now() + dt.timedelta(days=10), **kw)
    db.session.add(e)
    db.session.commit()
    return e.id


def _partner(name=None) -> int:
    p = Partner(name=name or f"幸福婚慶{factories.nextval()}", kind="wedding_service",
                department_id=factories.department("MKT").id)
    db.session.add(p)
    db.session.commit()
    return p.id


@pytest.mark.rule("000.marketing.member_party")
def test_event_carries_cost_and_member_party_kind(app, api_as):
    api = api_as("mkt_head")
    body = {"title": "年终会员联谊会", "kind": "member_party", "place": "珠江新城酒店",
            "capacity": 80, "cost": "12800.50", "department_id": factories.department("MKT").id,
            "starts_at": (dt.datetime.now() + dt.timedelta(days=20)).strftime(
                "%Y-%m-%d %H:%M:%S")}
    r = api.post("/api/v1/event/", json=body)
    assert r.status_code == 201, r.json
    ev = db.session.get(Event, r.json["id"])
    assert ev.cost == Decimal("12800.50") and ev.status == "planned"
    assert api.post("/api/v1/event/", json={**body, "kind": "karaoke"}).status_code == 422
    assert api.post("/api/v1/event/", json={**body, "cost": "-1"}).status_code == 422
    # The state is not a field: only transitions move it.
    r = api.put(f"/api/v1/event/{ev.id}", json={"status": "done"})
    assert r.status_code in (400, 422)


@pytest.mark.parametrize("start, name, body, code, end", [
    ("planned", "open", {}, 200, "open"),
    ("open", "close", {}, 200, "closed"),
    ("closed", "finish", {}, 200, "done"),
    ("open", "cancel", {}, 422, "open"),
    ("open", "cancel", {"comment": "場地取消"}, 200, "cancelled"),
    ("done", "open", {}, 409, "done"),
])
def test_event_workflow(app, api_as, start, name, body, code, end):
    with app.app_context():
        eid = _event(status=start)
    r = api_as("mkt_head").post(f"/api/v1/event/{eid}/transition/{name}", json=body)
    assert r.status_code == code, r.json
    db.session.expire_all()
    assert db.session.get(Event, eid).status == end


def test_matchmakers_do_not_move_events(app, api_as):
    with app.app_context():
        eid = _event(status="planned")
    assert api_as("th_mm1").post(f"/api/v1/event/{eid}/transition/open",
                                 json={}).status_code == 403


@pytest.mark.rule("000.marketing.partner_leads")
def test_partner_registry_and_lead_sources_counted_per_event_and_partner(app, api_as,
                                                                        client_as):
    with app.app_context():
        eid = _event(cost=Decimal("3000.00"))
        pid = _partner()
        c1, c2, c3, c4 = (factories.make_client(matchmaker="th_mm1").id for _ in range(4))
    mkt = api_as("mkt_head")
    name = f"珠江婚戀網{factories.nextval()}"
    r = mkt.post("/api/v1/partner/", json={"name": name, "kind": "dating_platform",
                                           "department_id": factories.department("MKT").id})
    assert r.status_code == 201, r.json
    assert mkt.post("/api/v1/partner/", json={"name": name, "kind": "dating_platform",
                                              "department_id": factories.department("MKT").id}
                    ).status_code in (409, 422)
    api = api_as("th_mm1")
    assert api.post("/api/v1/lead_source/", json={"client_id": c1, "event_id": eid}
                    ).status_code == 201
    assert api.post("/api/v1/lead_source/", json={"client_id": c2, "event_id": eid}
                    ).status_code == 201
    assert api.post("/api/v1/lead_source/", json={"client_id": c3, "partner_id": pid}
                    ).status_code == 201
    # One source per client; a source names an event or a partner.
    assert api.post("/api/v1/lead_source/", json={"client_id": c1, "partner_id": pid}
                    ).status_code == 422
    assert api.post("/api/v1/lead_source/", json={"client_id": c4}).status_code == 422
    assert db.session.query(LeadSource).filter_by(client_id=c4).count() == 0

    figures = api_as("boss").get("/api/v1/marketing_figures/").json
    ev = next(r for r in figures["events"] if r["id"] == eid)
    assert (ev["leads"], ev["cost"], ev["cost_per_lead"]) == (2, "3000.00", "1500.00")
    assert next(r for r in figures["partners"] if r["id"] == pid)["leads"] == 1
    page = client_as("mkt_head").get("/marketingfigures/").get_data(as_text=True)
    assert "1500.00" in page and "會員聯誼會" in page or "会员联谊会" in page
    assert api_as("th_cs1").get("/api/v1/marketing_figures/").status_code == 403


def test_pages_show_words_not_codes(app, client_as):
    with app.app_context():
        eid = _event(kind="social_party")
    page = client_as("mkt_head")
    body = page.get(f"/eventview/show/{eid}").get_data(as_text=True)
    assert "social_party" not in body and ">open<" not in body
    form = page.get(f"/eventview/edit/{eid}").get_data(as_text=True)
    assert '<select' in form and 'name="kind"' in form and 'name="status"' not in form
    fu = client_as("th_mm1").get("/followupview/add").get_data(as_text=True)
    assert '<select' in fu and 'name="channel"' in fu
    assert "phone / wechat" not in fu
    mt = client_as("th_mm1").get("/meetingview/list/").get_data(as_text=True)
    assert ">scheduled<" not in mt and ">held<" not in mt
