"""The list widget (rows rendered once), keyset paging, filter chips and the cached menu."""
import re
from urllib.parse import parse_qs, urlsplit

from app.core.roles import role_of_kind
from tests.clients.conftest import new_client


def _row_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'name="rowid" value="(\d+)"', html)]


def _link(html: str, css: str) -> str | None:
    """The href of the pager link whose text holds ``css``'s label (or None if disabled)."""
    m = re.search(r'<li class="([^"]*)"><a href="([^"]*)">[^<]*' + css, html)
    if not m or "disabled" in m.group(1):
        return None
    return m.group(2).replace("&amp;", "&")


def test_rows_carry_links_checkbox_and_formatted_cells(app, client_as):
    pk = new_client(name="列表測試客戶")
    html = client_as("th_mm_head").get("/clientview/list/").get_data(as_text=True)
    assert f'href="/clientview/show/{pk}"' in html
    assert f'href="/clientview/edit/{pk}"' in html
    assert pk in _row_ids(html)  # bulk actions are offered: a checkbox per row
    assert "列表測試客戶" in html and ">None<" not in html
    assert "****" in html  # the phone column stays masked


def test_delete_button_only_with_the_delete_permission(app, client_as):
    pk = new_client()
    admin = client_as("admin").get("/clientview/list/").get_data(as_text=True)
    assert f'data-url="/clientview/delete/{pk}"' in admin
    matchmaker = client_as("th_mm1").get("/clientview/list/").get_data(as_text=True)
    assert pk in _row_ids(matchmaker) or f"/clientview/show/{pk}" in matchmaker
    assert "/clientview/delete/" not in matchmaker  # matchmakers may not archive


def test_keyset_pages_older_and_newer(app, client_as):
    for _ in range(5):
        new_client()
    c = client_as("th_mm1")
    first = c.get("/clientview/list/?psize_ClientView=2").get_data(as_text=True)
    page1 = _row_ids(first)
    assert len(page1) == 2 and _link(first, "&laquo;") is None
    older = _link(first, r"[^<]*&rsaquo;")
    assert older and parse_qs(urlsplit(older).query)["after"] == [str(page1[-1])]
    second = c.get(older).get_data(as_text=True)
    page2 = _row_ids(second)
    assert len(page2) == 2 and max(page2) < min(page1)
    newer = _link(second, "&lsaquo;")
    assert newer and "before=" in newer
    assert _row_ids(c.get(newer).get_data(as_text=True)) == page1


def test_deep_keyset_page_never_runs_offset(app, client_as):
    from sqlalchemy import event

    from app.extensions import db

    ids = sorted(new_client() for _ in range(3))
    statements = []

    def record(conn, cursor, statement, params, *args):
        if "FROM client" in statement:
            statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        html = client_as("th_mm1").get(f"/clientview/list/?after={ids[-1]}") \
            .get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert ids[0] in _row_ids(html) and ids[-1] not in _row_ids(html)
    # SQLite always renders "LIMIT ? OFFSET ?" (with 0); PostgreSQL leaves OFFSET out.
    offsets = [list(p.values())[-1] if isinstance(p, dict) else p[-1]
               for s, p in statements if "OFFSET" in s.upper()]
    assert all(o == 0 for o in offsets), offsets


def test_active_filters_show_as_chips_without_the_search_form(app, client_as):
    html = client_as("th_mm1").get("/clientview/list/?_flt_0_status=active") \
        .get_data(as_text=True)
    assert "yl-filter-chip" in html and 'id="filter_form"' not in html
    chip = re.search(r'yl-filter-chip">([^<]*)<a href="([^"]*)"', html)
    assert "状态" in chip.group(1) and "有效" in chip.group(1)  # label, operator, value
    assert "_flt_0_status" not in chip.group(2)
    form = client_as("th_mm1").get("/clientview/list/?_flt_0_status=active&_search=1") \
        .get_data(as_text=True)
    assert "filter_form" in form or "filters" in form


def test_menu_follows_a_permission_change_at_once(app, client_as):
    sm = app.appbuilder.sm
    c = client_as("th_mm1")
    assert 'href="/clientview/list/"' in c.get("/followupview/list/").get_data(as_text=True)
    with app.app_context():
        role = role_of_kind("Frontline")
        pv = sm.find_permission_view_menu("menu_access", "Clients")
        assert pv is not None and pv in role.permissions
        sm.del_permission_role(role, pv)
    try:
        html = c.get("/followupview/list/").get_data(as_text=True)
        assert 'href="/clientview/list/"' not in html
    finally:
        with app.app_context():
            sm.add_permission_role(role_of_kind("Frontline"),
                                   sm.find_permission_view_menu("menu_access", "Clients"))
    assert 'href="/clientview/list/"' in c.get("/followupview/list/").get_data(as_text=True)


def test_numbered_pages_stop_at_max_pages(app, client_as):
    from app.clients.views import ClientView

    for _ in range(3):
        new_client()
    c = client_as("th_mm1")
    html = c.get("/clientview/list/?psize_ClientView=1&_oc_ClientView=name&_od_ClientView=asc"
                 f"&page_ClientView={10**6}").get_data(as_text=True)
    assert "yl-page-clamped" in html
    # The numbered pager never links past the last numbered page.
    pager = re.search(r'<ul class="pagination pagination-sm"[^>]*>(.*?)</ul>', html, re.S)
    pages = [int(p) for p in re.findall(r"page_ClientView=(\d+)", pager.group(1))]
    assert pages and max(pages) < ClientView.max_offset_rows  # 1 a page: rows = pages


def test_transitions_needing_a_comment_are_not_bulk_actions(app, client_as):
    from app.clients.views import ClientView
    from app.clients.workflows import CLIENT_WORKFLOW

    view = next(v for v in app.appbuilder.baseviews if isinstance(v, ClientView))
    bulk = {name[3:] for name in view.actions if name.startswith("wf_")}
    for t in CLIENT_WORKFLOW.transitions:
        assert (t.name in bulk) == (not t.comment_required), t.name
    pk = new_client()
    r = client_as("th_mm_head").post("/clientview/action_post",
                                     data={"action": "wf_pause", "rowid": [pk]})
    assert r.status_code == 404


def test_show_page_writes_empty_values_blank_and_booleans_in_words(app, client_as):
    pk = new_client(hukou=None, has_children=False)
    html = client_as("th_mm1").get(f"/clientview/show/{pk}").get_data(as_text=True)
    detail = html[html.index('id="Home"'):]
    assert ">None<" not in detail.replace(" ", "").replace("\n", "")
    assert "False" not in detail and "否" in detail


def test_audit_log_pages_by_keyset_too(app, client_as, api_as):
    from sqlalchemy import func, select

    from app.core.models import AuditLog
    from app.extensions import db

    for _ in range(3):
        new_client()  # each leaves audit rows
    with app.app_context():
        top = db.session.scalar(select(func.max(AuditLog.id)))
    c = client_as("auditor")
    html = c.get(f"/auditlogview/list/?psize_AuditLogView=2&after={top}").get_data(as_text=True)
    ids = [int(x) for x in re.findall(r'href="/auditlogview/show/(\d+)"', html)]
    assert len(ids) == 2 and max(ids) < top
    assert "yl-keyset" in html and f"before={ids[0]}" in html
    api = api_as("auditor").get(f"/api/v1/auditlog/?after={top}&q=(page_size:2)")
    assert api.status_code == 200 and all(r["id"] < top for r in api.json["result"])
