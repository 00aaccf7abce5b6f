"""Four cases for match, meeting and follow-up, UI and REST; the limited candidate profile."""
import pytest

from tests import factories
from tests.matching.helpers import make_followup, make_match, make_meeting, pair


@pytest.fixture
def rows(app):
    with app.app_context():
        th_client, yx_client = pair()
        cross = make_match(th_client, yx_client)
        a, b = pair(("YX-MM", "yx_mm1"), ("YX-MM", "yx_mm1"))
        yx_only = make_match(a, b)
        return {
            "match": (cross.id, yx_only.id),
            "meeting": (make_meeting(cross).id, make_meeting(yx_only).id),
            "followup": (make_followup(th_client).id, make_followup(a).id),
            "names": (th_client.name, yx_client.name, yx_client.phone),
        }


# resource, UI endpoint prefix, user without the permission
RESOURCES = [("match", "matchview", "th_cs1"), ("meeting", "meetingview", "th_cs1"),
             ("followup", "followupview", "finance")]


@pytest.mark.parametrize("resource,view,no_perm", RESOURCES)
def test_rest_four_cases(app, api_as, rows, resource, view, no_perm):
    mine, other = rows[resource]
    assert api_as(None).get(f"/api/v1/{resource}/{mine}").status_code == 401
    assert api_as(no_perm).get(f"/api/v1/{resource}/{mine}").status_code == 403
    assert api_as("th_mm1").get(f"/api/v1/{resource}/{mine}").status_code == 200
    assert api_as("th_mm1").get(f"/api/v1/{resource}/{other}").status_code == 404
    ids = {r["id"] for r in api_as("th_mm1").get(
        f"/api/v1/{resource}/?q=(page_size:100)"
    ).json["result"]} if resource != "meeting" else None
    if ids is not None:
        assert mine in ids and other not in ids


@pytest.mark.parametrize("resource,view,no_perm", RESOURCES)
def test_ui_four_cases(app, client_as, rows, resource, view, no_perm):
    mine, other = rows[resource]
    anon = app.test_client().get(f"/{view}/show/{mine}")
    assert anon.status_code == 302 and "login" in anon.headers["Location"]
    denied = client_as(no_perm).get(f"/{view}/show/{mine}")
    assert denied.status_code == 403 or (
        denied.status_code == 302 and "login" in denied.headers["Location"])
    assert client_as("th_mm1").get(f"/{view}/show/{mine}").status_code == 200
    assert client_as("th_mm1").get(f"/{view}/show/{other}").status_code == 404
    assert client_as("th_mm1").get(f"/{view}/list/").status_code == 200


def test_both_matchmakers_and_heads_see_a_cross_store_match(app, api_as, rows):
    cross, _ = rows["match"]
    for user in ("th_mm1", "yx_mm1", "th_mm_head", "yx_manager", "boss"):
        assert api_as(user).get(f"/api/v1/match/{cross}").status_code == 200, user
    assert api_as("th_mm2").get(f"/api/v1/match/{cross}").status_code == 404


@pytest.mark.rule("000.clients.candidate_privacy")
def test_out_of_scope_candidate_shows_limited_profile(app, api_as, client_as, rows):
    cross, _ = rows["match"]
    th_name, yx_name, yx_phone = rows["names"]
    body = api_as("th_mm1").get(f"/api/v1/match/{cross}").json["result"]
    assert body["candidate_profile"]["limited"] is True
    assert body["candidate_profile"]["display"].endswith("先生")
    assert body["client_profile"]["name"] == th_name
    text = str(body)
    assert yx_name not in text and yx_phone not in text
    listing = api_as("th_mm1").get("/api/v1/match/?q=(page_size:100)").get_data(as_text=True)
    assert yx_name not in listing and yx_phone not in listing
    for url in (f"/matchview/show/{cross}", "/matchview/list/"):
        html = client_as("th_mm1").get(url).get_data(as_text=True)
        assert yx_name not in html and yx_phone not in html
        assert th_name in html
    # The other side sees the mirror image.
    other = api_as("yx_mm1").get(f"/api/v1/match/{cross}").json["result"]
    assert other["client_profile"]["limited"] is True and other["candidate_profile"]["name"]
    assert th_name not in str(other)


def test_scope_department_columns_either_department(app):
    """ScopedMixin with several department columns: either puts the row in scope."""
    from app.core.scope import SCOPE_DEPARTMENT, UserScope
    from app.matching.models import Match

    th = frozenset({factories.department("TH-MM").id})
    yx = frozenset({factories.department("YX-MM").id})
    m = Match(department_id=next(iter(th)), candidate_department_id=next(iter(yx)))
    for ids in (th, yx):
        assert m.in_scope(UserScope(SCOPE_DEPARTMENT, user_id=-1, department_ids=ids))
    other = frozenset({factories.department("HQ").id})
    assert not m.in_scope(UserScope(SCOPE_DEPARTMENT, user_id=-1, department_ids=other))
    sql = str(Match.scope_criteria(UserScope(SCOPE_DEPARTMENT, user_id=-1, department_ids=th)))
    assert "candidate_department_id" in sql and "match.department_id" in sql
