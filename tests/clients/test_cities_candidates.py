"""Chinese scripts and cities (issue 10 item 8): 简/繁 the same city, cities from a list,
"No candidates" says why, demo data in Simplified."""
import pytest
from markupsafe import escape

from app.clients import cities
from app.clients.candidates import candidates_for, no_candidates_reason
from app.clients.models import Client
from app.core.scope import unscoped
from app.extensions import db
from tests.clients.conftest import new_client

NOBODY_CITY = "拉萨"  # on the list, and no test client lives there


def _client(pk):
    with unscoped():
        return db.session.get(Client, pk)


def test_city_list_is_simplified_and_folds_both_scripts():
    names = cities.cities()
    assert "广州" in names and "廣州" not in names and len(names) > 50
    assert cities.listed("廣州") == "广州" and cities.listed("广州") == "广州"
    assert cities.listed("火星") is None
    assert ("火星", "火星") in cities.choices("火星")  # an old value stays selectable


@pytest.mark.rule("000.clients.hard_preferences")
def test_preferred_city_in_either_script_matches(app, as_user):
    me = new_client(gender="M", age=32, city="广州", pref_cities=["廣州"],
                    pref_age_min=None, pref_age_max=None)
    her = new_client(gender="F", age=30, city="广州", pref_cities=["廣州"],
                     pref_age_min=None, pref_age_max=None)
    with as_user("th_mm1"):
        ids = {c["client_id"] for c in candidates_for(_client(me), 100)}
    assert her in ids


def test_form_offers_a_city_select_not_free_text(app, client_as):
    html = client_as("th_mm1").get("/clientview/add").get_data(as_text=True)
    assert '<select' in html and 'id="city"' in html and ">广州</option>" in html
    assert 'id="pref_cities"' in html and 'multiple' in html


def test_form_refuses_a_city_off_the_list(app, client_as):
    from tests.clients.test_validation import _form

    resp = client_as("th_mm1").post("/clientview/add", data=_form(city="火星城"))
    assert resp.status_code == 200  # the form again, not the list
    assert "火星城" not in {c.city for c in db.session.scalars(db.select(Client))}


@pytest.mark.rule("000.clients.hard_preferences")
def test_no_candidates_says_which_preference_excludes_everyone(app, as_user, api_as,
                                                                client_as):
    pk = new_client(gender="M", age=33, pref_cities=[NOBODY_CITY], pref_age_min=None,
                    pref_age_max=None)
    with as_user("th_mm1"):
        reason = no_candidates_reason(_client(pk))
        from flask_babel import gettext

        label = gettext("Preferred cities")
    assert label in reason  # the preference is named, in words
    resp = api_as("th_mm1").get(f"/api/v1/client/{pk}/candidates?limit=5")
    assert resp.status_code == 200 and resp.json["count"] == 0
    assert resp.json["reason"] == reason
    html = client_as("th_mm1").get(f"/clientview/candidates/{pk}").get_data(as_text=True)
    assert str(escape(reason)) in html  # the Candidates tab's rows, fetched when it opens


def test_no_candidates_reason_for_an_inactive_client(app, as_user):
    pk = new_client(status="lead")
    with as_user("th_mm1"):
        assert no_candidates_reason(_client(pk))


def test_demo_clients_are_in_simplified():
    from app.clients import seed as seed
    from app.core.scripts import fold

    for values in (seed.SURNAMES, *seed.GIVEN_F, *seed.GIVEN_M, *seed.OCCUPATIONS,
                   *seed.HOBBIES, *seed.FAMILY, *seed.PERSONALITY,
                   *(c for c, _w in seed.CITIES)):
        assert fold(values) == values, values
    assert all(cities.listed(c) == c for c, _w in seed.CITIES)
