"""The intake review from the inbox (issue 10 items 1 and 9): the 紅娘部 head approves a
client right in 待我審批, choosing the owning 紅娘 from a select of the store's front-line
staff; only the reviewer is offered the steps, once per client; approving without an owner
says so and changes nothing."""
from __future__ import annotations

import re

import pytest

from app.clients.models import Client
from app.core import inbox
from app.core.scope import unscoped
from app.extensions import db
from tests import factories
from tests.clients.conftest import new_client


def _pending(**kw) -> int:
    kw.setdefault("matchmaker", None)
    return new_client(status="pending_review", **kw)


def _row(html: str, pk: int) -> str:
    """The inbox entry of client ``pk`` (its <tr>), or ''."""
    found = re.search(rf'<table[^>]*data-resource="client"[^>]*>(?:(?!</table>).)*?'
                      rf'(<tr class="yl-inbox-item" data-pk="{pk}">.*?</tr>)', html, flags=re.S)
    return found.group(1) if found else ""


def _options(row: str) -> list[tuple[str, str]]:
    select = re.search(r'<select[^>]*name="owner_id"[^>]*>(.*?)</select>', row, flags=re.S)
    assert select, f"no owner select in {row}"
    return re.findall(r'<option value="(\d*)">([^<]*)</option>', select.group(1))


def _client(pk) -> Client:
    with unscoped():
        db.session.expire_all()
        return db.session.get(Client, pk)


def _frontline_names(*usernames) -> set[str]:
    return {factories.employee_of(u).name for u in usernames}


@pytest.mark.rule("000.clients.review_approval")
def test_inbox_entry_carries_the_owner_select(app, client_as):
    with app.app_context():
        pk = _pending()
        names = _frontline_names("th_mm_head", "th_mm1", "th_mm2")
        outsiders = _frontline_names("yx_mm1", "th_cs1")
    html = client_as("th_mm_head").get("/inbox/").get_data(as_text=True)
    row = _row(html, pk)
    assert row, "the pending client is not in the 紅娘部 head's inbox"
    assert html.count(f'data-pk="{pk}"') == 1, "the client is listed twice"
    assert "待审核客户" in html
    assert f'action="/clientview/transition/{pk}/approve"' in row
    assert f'action="/clientview/transition/{pk}/reject"' in row
    options = _options(row)
    assert options[0] == ("", "请选择负责红娘"), options
    shown = {label for value, label in options if value}
    assert shown == names, shown
    assert not shown & outsiders
    assert "审核通过" in row and "退回补充" in row
    # The reject step still asks for its comment.
    reject = re.search(rf'action="/clientview/transition/{pk}/reject".*?</form>', row, re.S)
    assert 'name="comment"' in reject.group(0) and "required" in reject.group(0)


@pytest.mark.rule("000.clients.review_approval")
def test_current_matchmaker_comes_first_without_a_blank(app, client_as):
    with app.app_context():
        pk = _pending(matchmaker="th_mm2")
        mm2 = factories.employee_of("th_mm2")
    row = _row(client_as("th_mm_head").get("/inbox/").get_data(as_text=True), pk)
    assert _options(row)[0] == (str(mm2.id), mm2.name)


@pytest.mark.rule("000.clients.review_approval")
def test_approve_from_the_inbox_records_the_owner(app, client_as):
    with app.app_context():
        pk = _pending()
        mm1 = factories.employee_of("th_mm1").id
    page = client_as("th_mm_head")
    # What the inbox form posts: the comment, the owner chosen, and where to come back.
    r = page.post(f"/clientview/transition/{pk}/approve",
                  data={"comment": "资料完整", "owner_id": str(mm1), "next": "/inbox/",
                        "transition": "approve"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/inbox/"), r.headers
    c = _client(pk)
    assert c.status == "active" and c.matchmaker_id == mm1 and c.assigned_at is not None
    html = page.get("/inbox/").get_data(as_text=True)
    assert not re.search(rf'/clientview/transition/{pk}/(approve|reject)', html)


@pytest.mark.rule("000.clients.review_approval")
def test_approve_without_an_owner_is_refused_and_says_why(app, client_as):
    with app.app_context():
        pk = _pending()
    page = client_as("th_mm_head")
    r = page.post(f"/clientview/transition/{pk}/approve",
                  data={"comment": "", "owner_id": "", "next": "/inbox/"},
                  follow_redirects=True)
    assert "审核通过前请先登记负责红娘" in r.get_data(as_text=True)
    c = _client(pk)
    assert c.status == "pending_review" and c.matchmaker_id is None


@pytest.mark.rule("000.clients.review_approval")
@pytest.mark.parametrize("user", ["th_cs_head", "th_cs1", "th_mm1", "yx_mm_head", "boss"])
def test_only_the_reviewer_is_offered_the_review(app, client_as, user):
    with app.app_context():
        pk = _pending()
    html = client_as(user).get("/inbox/").get_data(as_text=True)
    assert not re.search(rf'/clientview/transition/{pk}/(approve|reject)', html), user


@pytest.mark.rule("000.clients.review_approval")
def test_the_submitter_is_not_offered_the_review(app, as_user):
    """Separation of duties: a head who submitted the client does not review it."""
    from app.clients.workflows import CLIENT_WORKFLOW

    with app.app_context():
        pk = new_client(status="lead", matchmaker="th_mm1")
    with as_user("th_mm_head"):
        CLIENT_WORKFLOW.run(pk, "submit")
        pending = {i.pk for s in inbox.pending() if s.resource == "client" for i in s.items
                   if any(getattr(t, "name", "") == "approve" for t in i.actions)}
    assert pk not in pending


def test_client_page_still_offers_approve_with_the_owner_select(app, client_as):
    """The client page keeps its own approve form (the same select)."""
    with app.app_context():
        pk = _pending()
    html = client_as("th_mm_head").get(f"/clientview/show/{pk}").get_data(as_text=True)
    assert f"/clientview/transition/{pk}/approve" in html and 'name="owner_id"' in html
    html = client_as("th_cs_head").get(f"/clientview/show/{pk}").get_data(as_text=True)
    assert f"/clientview/transition/{pk}/approve" not in html, \
        "the 客服 head is offered approve on the client page"


@pytest.mark.rule("000.clients.review_approval")
def test_a_customer_service_matchmaker_on_the_form_is_not_an_owner(app, client_as):
    """The registration form's matchmaker select lists whoever 客服 may see (themselves
    included); kept as it is, such an owner is refused, and the inbox asks for a 紅娘."""
    with app.app_context():
        pk = _pending(matchmaker="th_cs1")
        cs1 = factories.employee_of("th_cs1").id
    page = client_as("th_mm_head")
    row = _row(page.get("/inbox/").get_data(as_text=True), pk)
    assert _options(row)[0] == ("", "请选择负责红娘")
    r = page.post(f"/clientview/transition/{pk}/approve", data={"owner_id": ""},
                  follow_redirects=True)
    assert "负责红娘" in r.get_data(as_text=True)
    c = _client(pk)
    assert c.status == "pending_review" and c.matchmaker_id == cs1
