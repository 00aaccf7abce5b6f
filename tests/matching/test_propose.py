"""Proposing: UI route and REST; bad input is 422 and writes nothing."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.matching.models import Match
from tests import factories
from tests.matching.helpers import make_match, pair


def _count():
    return db.session.scalar(select(func.count(Match.id)))


def test_ui_propose_redirects_to_the_new_match(app, client_as):
    with app.app_context():
        a, b = pair()
        a_id, b_id = a.id, b.id
    r = client_as("th_mm1").post("/matchview/propose",
                                 data={"client_id": a_id, "candidate_id": b_id})
    assert r.status_code == 302 and "/matchview/show/" in r.headers["Location"]
    m = db.session.scalars(select(Match).where(Match.client_id == a_id)).one()
    assert (m.candidate_id, m.status, m.department_id) == (b_id, "proposed", a.department_id)
    assert m.candidate_matchmaker_id == b.matchmaker_id and m.reasons and m.score > 0
    # One propose path: the page's GET is the add form (client pickers), posting to the same
    # service.
    r = client_as("th_mm1").get("/matchview/propose")
    assert r.status_code == 302 and r.headers["Location"].endswith("/matchview/add")


def test_rest_post_and_propose_endpoint(app, api_as):
    with app.app_context():
        a, b = pair()
        c, d = pair()
        ids = a.id, b.id, c.id, d.id
    r = api_as("th_mm1").post("/api/v1/match/", json={"client_id": ids[0], "candidate_id": ids[1]})
    assert r.status_code == 201, r.json
    r = api_as("th_mm1").post("/api/v1/match/propose",
                              json={"client_id": ids[2], "candidate_id": ids[3]})
    assert r.status_code == 201 and r.json["result"]["status"] == "proposed"
    assert r.json["result"]["candidate_profile"]["limited"] is True


def test_propose_permission_and_scope(app, api_as, client_as):
    with app.app_context():
        a, b = pair(("YX-MM", "yx_mm1"), ("TH-MM", "th_mm1"))
        ids = {"client_id": a.id, "candidate_id": b.id}
    assert api_as("th_cs1").post("/api/v1/match/propose", json=ids).status_code == 403
    # th_mm1 may not propose on behalf of a client outside their scope.
    assert api_as("th_mm1").post("/api/v1/match/propose", json=ids).status_code == 404


BAD = ["self", "same_gender", "inactive_candidate", "duplicate", "reverse_duplicate",
       "garbage", "missing_candidate"]


@pytest.mark.rule("000.matching.proposal")
@pytest.mark.parametrize("case", BAD)
def test_bad_proposals_are_422_and_write_nothing(app, api_as, client_as, case):
    with app.app_context():
        a, b = pair()
        if case == "self":
            ids = (a.id, a.id)
        elif case == "same_gender":
            ids = (a.id, factories.make_client("YX-MM", matchmaker="yx_mm1", gender="F").id)
        elif case == "inactive_candidate":
            ids = (a.id, factories.make_client("YX-MM", matchmaker="yx_mm1", gender="M",
                                               status="paused").id)
        elif case in ("duplicate", "reverse_duplicate"):
            make_match(a, b)
            ids = (a.id, b.id) if case == "duplicate" else (b.id, a.id)
        elif case == "garbage":
            ids = (a.id, "abc")
        else:
            ids = (a.id, 99_999_999)
        before = _count()
    payload = {"client_id": ids[0], "candidate_id": ids[1]}
    user = "yx_mm1" if case == "reverse_duplicate" else "th_mm1"
    r = api_as(user).post("/api/v1/match/propose", json=payload)
    assert r.status_code == 422 and r.json["message"], r.json
    if case in ("self", "same_gender", "inactive_candidate", "duplicate"):
        assert "篩選出合適的匹配對象" in r.json["message"]  # 依據《婚介公司經營管理制度》
    if case != "garbage":
        r = api_as(user).post("/api/v1/match/", json=payload)
        assert r.status_code == 422, r.json
    # The page: the core answers the refusal (back where the user was, with the reason).
    page = client_as(user)
    r = page.post("/matchview/propose", data=payload,
                  headers={"Referer": "http://localhost/matchview/list/"})
    if case == "missing_candidate" or case == "garbage":
        assert r.status_code == 302
    else:
        assert r.status_code == 302 and r.headers["Location"].endswith("/matchview/list/")
        body = page.get("/matchview/list/").get_data(as_text=True)
        assert "alert-danger" in body
    assert _count() == before


def test_exclusion_provider_lists_both_directions(app):
    from app.matching.services import proposed_or_declined

    a, b = pair()
    c = factories.make_client("YX-MM", matchmaker="yx_mm1", gender="M")
    make_match(a, b)
    make_match(c, a, status="declined")
    assert proposed_or_declined(a.id) == {b.id, c.id}  # c proposed to a: reverse direction
    assert proposed_or_declined(b.id) == {a.id}
    try:
        from app.clients.candidates import EXCLUSION_PROVIDERS
    except ImportError:
        return
    assert proposed_or_declined in EXCLUSION_PROVIDERS
