"""The inbox is a place to work (issue 10 item 9): each entry names the record (both clients of
a match, not "#26") and its steps are taken right there, with the comment they need, coming
back to the inbox. One propose path (issue 9): every entry calls services.propose."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.matching import services
from app.matching.models import Match
from tests.matching.helpers import make_match, pair


def test_entries_name_both_clients_and_offer_the_step_with_its_comment(app, client_as):
    with app.app_context():
        a, b = pair()
        match = make_match(a, b, status="contacted")
        mid, a_name = match.id, a.name
    page = client_as("yx_mm1")  # the candidate's matchmaker answers (accept / decline)
    body = page.get("/inbox/").get_data(as_text=True)
    row = re.search(rf'<tr class="yl-inbox-item" data-pk="{mid}">(.*?)</tr>', body, re.S)
    assert row, "the contacted match is not in yx_mm1's inbox"
    row = row.group(1)
    assert f"#{mid}<" not in row and " × " in row
    assert a_name not in row  # th_mm1's client: the limited profile (surname + 女士)
    assert "女士" in row
    assert f'action="/matchview/transition/{mid}/accept"' in row
    decline = re.search(rf'action="/matchview/transition/{mid}/decline".*?</form>', row, re.S)
    assert decline and 'name="comment"' in decline.group(0) and "required" in decline.group(0)
    # Taken from the inbox: the step runs and the user is back in the inbox.
    r = page.post(f"/matchview/transition/{mid}/decline", data={"comment": "對方暫不考慮",
                                                                "next": "/inbox/"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/inbox/")
    db.session.expire_all()
    assert db.session.get(Match, mid).status == "declined"
    # An off-site next is ignored (no open redirect).
    with app.app_context():
        other = make_match(*pair(), status="contacted").id
    r = page.post(f"/matchview/transition/{other}/accept", data={"next": "//evil.example/"})
    assert r.headers["Location"].endswith(f"/matchview/show/{other}")


def test_steps_the_user_may_not_take_are_not_offered(app, client_as):
    with app.app_context():
        mid = make_match(*pair(), status="contacted").id
    # th_mm1 proposed it: answering for the candidate is the other side's step.
    body = client_as("th_mm1").get("/inbox/").get_data(as_text=True)
    assert f'/matchview/transition/{mid}/accept' not in body


def test_every_propose_entry_calls_the_one_service(app, api_as, client_as, monkeypatch):
    calls = []
    real = services.propose

    def spy(*args, **kwargs):
        calls.append(kwargs.get("match") is not None)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "propose", spy)
    entries = []
    with app.app_context():
        for i in range(4):
            # The add form's candidate picker finds clients in scope (app/clients/picker.py):
            # the fourth pair is two of th_mm1's own clients.
            a, b = pair(right=("TH-MM", "th_mm1")) if i == 3 else pair()
            entries.append((a.id, b.id))
    (a1, b1), (a2, b2), (a3, b3), (a4, b4) = entries
    api = api_as("th_mm1")
    assert api.post("/api/v1/match/propose", json={"client_id": a1, "candidate_id": b1}
                    ).status_code == 201
    assert api.post("/api/v1/match/", json={"client_id": a2, "candidate_id": b2}
                    ).status_code == 201
    page = client_as("th_mm1")
    assert page.post("/matchview/propose", data={"client_id": a3, "candidate_id": b3}
                     ).status_code == 302
    assert page.post("/matchview/add", data={"client": a4, "candidate": b4}
                     ).status_code == 302
    assert len(calls) == 4, calls
    for a, b in entries:
        m = db.session.scalars(select(Match).where(Match.client_id == a)).one()
        assert (m.candidate_id, m.status) == (b, "proposed")
