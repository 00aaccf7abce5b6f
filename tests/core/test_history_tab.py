"""The History tab speaks the pages' language: labels, choice labels, related names."""
import re

from tests.clients.conftest import new_client


def _history(html: str) -> str:
    part = html[html.index('id="History"'):]
    return re.sub(r"\s+", " ", part)


def test_history_shows_names_labels_and_words(app, client_as):
    pk = new_client(has_children=False, education="bachelor")
    html = _history(client_as("th_mm1").get(f"/clientview/show/{pk}").get_data(as_text=True))
    assert "天河红娘部" in html          # department_id 6 → its name
    assert "王晓燕" in html              # matchmaker_id → the matchmaker
    assert "本科" in html and "bachelor" not in html
    assert "否" in html and "False" not in html
    assert "Id:" not in html


def test_a_related_record_out_of_scope_keeps_its_id(app, as_user):
    from app.clients.views import ClientView
    from app.core.history_tab import value_formatter
    from tests import factories

    view = next(v for v in app.appbuilder.baseviews if isinstance(v, ClientView))
    with app.app_context():
        th = factories.department("TH-MM").id
    with as_user("th_mm1"):
        fmt = value_formatter(view)
        assert fmt("department_id", th) == "天河红娘部"
        assert fmt("department_id", None) == "∅"
        assert fmt("status", "active") == "有效"
    with as_user("yx_mm1"):
        assert value_formatter(view)("department_id", th) == str(th)


def test_history_never_names_a_record_outside_the_readers_scope(app, client_as):
    """The match page loads the other store's candidate unscoped (limited profile); the
    History tab must not turn candidate_id into that client's full name."""
    from tests.matching.helpers import make_match

    with app.app_context():
        m = make_match()
        pk, candidate_name = m.id, m.candidate.name
    html = client_as("th_mm1").get(f"/matchview/show/{pk}").get_data(as_text=True)
    assert candidate_name not in html


def test_history_shows_times_as_a_reader_writes_them(app, as_user):
    """Issue 10 item 7: no ISO times with microseconds in History."""
    from app.clients.views import ClientView
    from app.core.history_tab import value_formatter

    view = next(v for v in app.appbuilder.baseviews if isinstance(v, ClientView))
    stamp = "2026-12-05T08:50:45.586280"
    with as_user("th_mm1"):
        fmt = value_formatter(view)
        assert fmt("verified_at", stamp) == "2026-12-05"   # the page's own formatter
        assert fmt("created_at", stamp) == "2026-12-05 08:50"
        assert fmt("created_at", "not a time") == "not a time"
