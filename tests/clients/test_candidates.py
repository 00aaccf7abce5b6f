"""Candidate search: both sides' hard preferences, exclusions, limited profiles, REST."""
import datetime as dt

import pytest
from flask_babel import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.clients import candidates as cand
from app.clients.models import EDUCATION_LEVELS, Client
from app.extensions import db
from tests.clients.conftest import new_client

TODAY = dt.date.today()
CITIES = ["廣州", "深圳", "佛山"]


@pytest.mark.rule("000.clients.hard_preferences")
def test_basic_rules_and_reasons(app, db_session):
    me = db_session.get(Client, new_client(gender="F", age=30, city="珠海", pref_age_min=28,
                                           pref_age_max=40, pref_cities=["珠海"]))
    good = new_client(gender="M", age=33, city="珠海")
    too_old = new_client(gender="M", age=45, city="珠海")
    same_gender = new_client(gender="F", age=31, city="珠海")
    wrong_city = new_client(gender="M", age=33, city="深圳")
    dislikes_me = new_client(gender="M", age=32, city="珠海", pref_age_max=25)
    paused = new_client(gender="M", age=33, city="珠海", status="paused")
    ids = [r["client_id"] for r in cand.candidates_for(me, 100)]
    assert good in ids
    assert not {too_old, same_gender, wrong_city, dislikes_me, paused, me.id} & set(ids)
    row = next(r for r in cand.candidates_for(me, 100) if r["client_id"] == good)
    assert gettext("Same city") in row["reasons"]
    assert gettext("Age gap %(n)s years", n=3) in row["reasons"]
    assert 0 <= row["score"] <= 100


def test_exclusion_providers(app, db_session):
    me = db_session.get(Client, new_client(gender="F", city="中山", pref_cities=["中山"]))
    other = new_client(gender="M", city="中山")
    assert other in [r["client_id"] for r in cand.candidates_for(me, 100)]
    cand.EXCLUSION_PROVIDERS.append(lambda cid: {other} if cid == me.id else set())
    try:
        assert other not in [r["client_id"] for r in cand.candidates_for(me, 100)]
    finally:
        cand.EXCLUSION_PROVIDERS.pop()


@pytest.mark.rule("000.clients.candidate_privacy")
def test_out_of_scope_candidates_show_a_limited_profile(app, api_as):
    me = new_client(gender="F", city="江門", pref_cities=["江門"])
    mine = new_client(gender="M", city="江門", name="林志明")
    theirs = new_client(gender="M", city="江門", dept_code="YX-MM", matchmaker="yx_mm1",
                        name="黃大衛", notes="私密備註")
    resp = api_as("th_mm1").get(f"/api/v1/client/{me}/candidates?limit=50")
    assert resp.status_code == 200
    rows = {r["client_id"]: r for r in resp.json["result"]}
    assert rows[mine]["name"] == "林志明" and rows[mine]["in_scope"]
    limited = rows[theirs]
    assert limited["display_name"] == "黃先生" and not limited["in_scope"]
    assert set(limited) == {"client_id", "score", "reasons", "display_name", "gender", "age",
                            "height_cm", "education", "city", "tier", "in_scope"}
    assert "黃大衛" not in resp.get_data(as_text=True)
    scores = [r["score"] for r in resp.json["result"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("limit", ["0", "101", "abc", "-1"])
def test_limit_is_checked(app, api_as, limit):
    pk = new_client()
    assert api_as("th_mm1").get(f"/api/v1/client/{pk}/candidates?limit={limit}").status_code \
        == 400


def test_candidates_tab_on_show_page(app, client_as):
    me = new_client(gender="F", city="韶關", pref_cities=["韶關"])
    new_client(gender="M", city="韶關", name="韶關男士")
    ui = client_as("th_mm1")
    html = ui.get(f"/clientview/show/{me}").get_data(as_text=True)
    # The tab's rows are fetched when it opens, not computed while the page renders.
    assert 'href="#Candidates"' in html and f'data-url="/clientview/candidates/{me}"' in html
    assert "韶關男士" not in html
    assert "韶關男士" in ui.get(f"/clientview/candidates/{me}").get_data(as_text=True)


# --- property: every result is mutual, nothing mutual is missing ----------------------------
_pref = st.one_of(st.none(), st.integers(20, 45))
person = st.fixed_dictionaries({
    "gender": st.sampled_from("MF"), "age": st.integers(20, 45),
    "height_cm": st.integers(150, 190), "education": st.sampled_from(EDUCATION_LEVELS),
    "city": st.sampled_from(CITIES),
    "marital_status": st.sampled_from(["never_married", "divorced", "widowed"]),
    "pref_age": st.tuples(_pref, _pref),
    "pref_height": st.tuples(st.one_of(st.none(), st.integers(150, 170)),
                             st.one_of(st.none(), st.integers(165, 190))),
    "pref_education_min": st.one_of(st.none(), st.sampled_from(EDUCATION_LEVELS)),
    "pref_cities": st.one_of(st.none(), st.lists(st.sampled_from(CITIES), min_size=1,
                                                 max_size=2, unique=True)),
    "pref_marital_statuses": st.one_of(st.none(), st.lists(
        st.sampled_from(["never_married", "divorced", "widowed"]), min_size=1, unique=True)),
})


def _make(p, tag):
    lo, hi = p["pref_age"]
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return new_client(gender=p["gender"], age=p["age"], height_cm=p["height_cm"],
                      education=p["education"], city=p["city"],
                      marital_status=p["marital_status"], pref_age_min=lo, pref_age_max=hi,
                      pref_height_min=p["pref_height"][0], pref_height_max=p["pref_height"][1],
                      pref_education_min=p["pref_education_min"], pref_cities=p["pref_cities"],
                      pref_marital_statuses=p["pref_marital_statuses"], notes=tag,
                      tier="standard")


@pytest.mark.rule("000.clients.hard_preferences")
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=st.lists(person, min_size=2, max_size=10))
def test_hard_preferences_property(app, people):
    tag = f"prop-{id(people)}"
    # Only this example's clients are active while it runs; the others are put back after.
    others = list(db.session.scalars(select(Client.id).where(Client.status == "active")))
    db.session.execute(update(Client).where(Client.id.in_(others)).values(status="paused"))
    db.session.commit()
    ids = []
    try:
        ids = [_make(p, tag) for p in people]
        pool = {c.id: c for c in db.session.query(Client).filter(Client.id.in_(ids))}
        for me in pool.values():
            got = [r["client_id"] for r in cand.candidates_for(me, 100)]
            assert len(got) == len(set(got))
            expected = {o.id for o in pool.values()
                        if o.id != me.id and cand.mutual(me, o, TODAY)}
            assert set(got) == expected
    finally:
        db.session.rollback()
        db.session.execute(update(Client).where(Client.id.in_(ids)).values(status="closed"))
        db.session.execute(update(Client).where(Client.id.in_(others)).values(status="active"))
        db.session.commit()
