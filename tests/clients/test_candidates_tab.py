"""The client page's Candidates tab: its rows come from /clientview/candidates/<pk> when the
tab opens (the search is not run while the show page renders), with the same scope rules."""
from flask_babel import gettext

from tests.clients.conftest import new_client


def _tab(client, pk):
    return client.get(f"/clientview/candidates/{pk}")


def test_show_page_does_not_search(app, client_as, monkeypatch):
    from app.clients import views

    def refuse(*_a, **_kw):
        raise AssertionError("the show page ran the candidate search")

    monkeypatch.setattr(views, "candidates_for", refuse)
    monkeypatch.setattr(views, "no_candidates_reason", refuse)
    pk = new_client(gender="F", city="肇慶", pref_cities=["肇慶"])
    resp = client_as("th_mm1").get(f"/clientview/show/{pk}")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert f'data-url="/clientview/candidates/{pk}"' in html and "yl-candidates-loading" in html


def test_tab_rows_with_propose_buttons(app, client_as):
    me = new_client(gender="F", city="肇慶", pref_cities=["肇慶"])
    other = new_client(gender="M", city="肇慶", name="肇慶先生甲")
    resp = _tab(client_as("th_mm1"), me)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert "肇慶先生甲" in html and "<html" not in html  # rows only, not a page
    assert 'action="/matchview/propose"' in html
    assert f'name="candidate_id" value="{other}"' in html
    assert gettext("Same city") in html


def test_tab_says_why_there_are_none(app, client_as):
    pk = new_client(status="lead")
    html = _tab(client_as("th_mm1"), pk).get_data(as_text=True)
    assert "yl-no-candidates" in html
    assert gettext("Only active clients get candidate suggestions") in html


def test_tab_keeps_scope_and_permissions(app, client_as):
    pk = new_client(gender="F", city="肇慶")
    assert _tab(client_as("yx_mm1"), pk).status_code == 404  # another store's client
    assert _tab(client_as("th_mm1"), 2 ** 40).status_code == 404
    anonymous = _tab(app.test_client(), pk)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    refused = _tab(client_as("finance"), pk)  # no client permission at all
    assert refused.status_code in (302, 403) and "/login" not in refused.headers.get(
        "Location", "")
