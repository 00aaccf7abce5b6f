"""简/繁: searching in either script finds the same clients; city preferences match either."""
from __future__ import annotations

from app.clients.candidates import accepts
from app.core.scripts import fold, same, variants
from tests import factories


def test_fold_and_variants():
    assert fold("廣州") == "广州" and same("林靜雯", "林静雯")
    assert {"广州", "廣州"} <= set(variants("广州"))
    assert variants("") == ()


def test_picker_finds_a_name_typed_in_the_other_script(app, client_as):
    with app.app_context():
        trad = factories.make_client("TH-MM", matchmaker="th_mm1", name="林靜雯").id
        simp = factories.make_client("TH-MM", matchmaker="th_mm1", name="林静怡").id
    c = client_as("th_mm1")
    for typed in ("林静", "林靜"):
        found = {r["id"] for r in c.get(f"/clientview/search?q={typed}").json["results"]}
        assert {trad, simp} <= found, (typed, found)


def test_city_preference_in_either_script(app):
    with app.app_context():
        me = factories.make_client("TH-MM", matchmaker="th_mm1", gender="F", commit=False,
                                   city="廣州")
        other = factories.make_client("TH-MM", matchmaker="th_mm1", gender="M", commit=False,
                                      city="广州")
        me.pref_cities = ["广州"]
        other.pref_cities = ["廣州"]
        assert accepts(me, other) and accepts(other, me)
        other.city = "深圳"
        assert not accepts(me, other)
        from app.extensions import db

        db.session.rollback()
