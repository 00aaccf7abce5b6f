"""Bad input: 422 JSON with a clear message, the same message in the form, nothing written."""
import datetime as dt

import pytest
from flask_babel import gettext
from markupsafe import escape
from sqlalchemy import select

from app.clients.models import Client
from app.core import rules
from tests import factories
from tests.clients.conftest import count_clients, new_client, valid_payload

TEEN = (dt.date.today() - dt.timedelta(days=365 * 17)).isoformat()

# change → the field the 422 names (None: accepted)
BAD = [
    ({"pref_age_min": 40, "pref_age_max": 30}, "pref_age_min"),
    ({"pref_height_min": 180, "pref_height_max": 170}, "pref_height_min"),
    ({"education": "kindergarten"}, "education"),
    ({"pref_education_min": "phd"}, "pref_education_min"),
    ({"marital_status": "complicated"}, "marital_status"),
    ({"gender": "X"}, "gender"),
    ({"tier": "gold"}, "tier"),
    ({"intake_channel": "fax"}, "intake_channel"),
    ({"birth_date": TEEN}, "birth_date"),
    ({"pref_age_min": 16}, "pref_age_min"),
    ({"pref_marital_statuses": ["single"]}, "pref_marital_statuses"),
    ({"height_cm": 20}, "height_cm"),
    ({"pref_cities": "廣州"}, None),  # a plain string is accepted as a list of one
]


@pytest.mark.rule("000.clients.registration_form", "001.clients.registration_form",
                  "004.clients.registration_form")
@pytest.mark.parametrize("change,field", BAD)
def test_rest_rejects_bad_input(app, api_as, change, field):
    before = count_clients()
    resp = api_as("th_mm1").post("/api/v1/client/", json=valid_payload(**change))
    if field is None:
        assert resp.status_code == 201, resp.json
        return
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert resp.json["message"] and resp.json["field"] == field
    # The message is the field's error followed by the clause of the registration form rule.
    assert resp.json["message"] == rules.with_citation(resp.json["errors"][field],
                                                       "000.clients.registration_form")
    assert "《客戶信息登記表》" in resp.json["message"]
    assert count_clients() == before


def test_rest_duplicate_phone_is_422_even_across_stores(app, api_as):
    new_client(dept_code="YX-MM", matchmaker="yx_mm1", phone="13900001111")
    before = count_clients()
    resp = api_as("th_mm1").post("/api/v1/client/", json=valid_payload(phone="13900001111"))
    assert resp.status_code == 422
    assert resp.json["message"] == rules.with_citation(
        gettext("This phone number is already registered for another client"),
        "000.clients.registration_form")
    assert count_clients() == before


def test_rest_put_bad_input_writes_nothing(app, api_as, db_session):
    pk = new_client(pref_age_min=25, pref_age_max=35)
    resp = api_as("th_mm1").put(f"/api/v1/client/{pk}", json={"pref_age_min": 50})
    assert resp.status_code == 422 and resp.json["field"] == "pref_age_min"
    db_session.expire_all()
    assert db_session.get(Client, pk).pref_age_min == 25


def test_rest_create_generates_client_no(app, api_as, db_session):
    resp = api_as("th_mm1").post("/api/v1/client/", json=valid_payload())
    assert resp.status_code == 201, resp.json
    c = db_session.get(Client, resp.json["id"])
    assert c.client_no.startswith("C") and c.status == "lead"


def _form(**change):
    data = valid_payload(**change)
    # A matchmaker (own scope) picks no department: theirs is filled in on save.
    data.pop("department_id")
    data["department"] = "__None"
    data["matchmaker"] = data.pop("matchmaker_id")
    data["pref_cities"] = list(data["pref_cities"])  # a multi-select: one value per city
    data["intake_channel"] = "store"
    return {k: v for k, v in data.items() if v is not None}


def _range_msg(label, lo, hi):
    return gettext("%(field)s: the minimum (%(lo)s) is above the maximum (%(hi)s)",
                   field=gettext(label), lo=lo, hi=hi)


@pytest.mark.rule("000.clients.registration_form", "001.clients.registration_form",
                  "004.clients.registration_form")
@pytest.mark.parametrize("change,message", [
    ({"pref_age_min": 40, "pref_age_max": 30}, lambda: _range_msg("Preferred age", 40, 30)),
    ({"birth_date": TEEN}, lambda: gettext("Clients must be at least %(n)s years old", n=18)),
    ({"pref_height_min": 190, "pref_height_max": 160},
     lambda: _range_msg("Preferred height", 190, 160)),
])
def test_form_shows_the_message_and_writes_nothing(app, client_as, change, message):
    before = count_clients()
    resp = client_as("th_mm1").post("/clientview/add", data=_form(**change))
    assert resp.status_code == 200
    assert escape(message()) in resp.get_data(as_text=True)
    assert count_clients() == before


def test_form_duplicate_phone(app, client_as):
    new_client(phone="13900002222")
    before = count_clients()
    resp = client_as("th_mm1").post("/clientview/add", data=_form(phone="13900002222"))
    assert gettext("This phone number is already registered for another client") in \
        resp.get_data(as_text=True)
    assert count_clients() == before


def test_form_unknown_education_is_refused(app, client_as):
    before = count_clients()
    resp = client_as("th_mm1").post("/clientview/add", data=_form(education="kindergarten"))
    assert resp.status_code == 200 and count_clients() == before


def test_form_creates_a_client(app, client_as, db_session):
    data = _form(name="表單新客戶")
    resp = client_as("th_mm1").post("/clientview/add", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    c = db_session.scalar(select(Client).where(Client.name == "表單新客戶"))
    # Chosen from the city list: stored as the list spells it (Simplified).
    assert c is not None and c.pref_cities == ["广州"] and c.city == "广州"
    assert c.created_by_id == factories.user("th_mm1").id
    assert c.department_id == factories.department("TH-MM").id


def test_own_scope_cannot_file_a_client_under_another_store(app, api_as):
    """Creating a row makes it one's own; that must not place it in another store."""
    with app.app_context():
        yx = factories.department("YX-MM").id
        th = factories.department("TH-MM").id
    r = api_as("th_mm1").post("/api/v1/client/", json=valid_payload(department_id=yx))
    assert r.status_code == 422, r.get_data(as_text=True)
    r = api_as("th_mm1").post("/api/v1/client/", json=valid_payload(department_id=th))
    assert r.status_code == 201, r.get_data(as_text=True)
    pk = r.json["id"]
    r = api_as("th_mm1").put(f"/api/v1/client/{pk}", json={"department_id": yx})
    assert r.status_code == 422
    r = api_as("th_manager").put(f"/api/v1/client/{pk}", json={"department_id": yx})
    assert r.status_code == 422  # a store head may move clients within the store only
