"""Scope holds on the paths FAB leaves open: actions, bulk actions, related lists, dropdown
choices, history; and bulk workflow actions are all-or-nothing."""
import re

from sqlalchemy import select

from app.core.roles import role_of_kind
from app.extensions import db
from app.org.models import Employee
from tests import factories


def _ids(app, *codes, status="probation"):
    with app.app_context():
        return [factories.make_employee(code, status=status).id for code in codes]


def test_bulk_transition_in_scope_all_or_nothing(app, client_as):
    ok1, ok2 = _ids(app, "TH-MM", "TH-CS")
    (regular,) = _ids(app, "TH-MM", status="regular")
    hr = client_as("hr")
    r = hr.post("/employeeview/action_post", data={"action": "wf_confirm",
                                                   "rowid": [ok1, ok2, regular]})
    assert r.status_code == 302
    with app.app_context():
        states = dict(db.session.execute(
            select(Employee.id, Employee.status).where(Employee.id.in_([ok1, ok2]))).all())
    assert set(states.values()) == {"probation"}  # one bad row: nothing moved
    r = hr.post("/employeeview/action_post", data={"action": "wf_confirm", "rowid": [ok1, ok2]})
    with app.app_context():
        states = dict(db.session.execute(
            select(Employee.id, Employee.status).where(Employee.id.in_([ok1, ok2]))).all())
    assert set(states.values()) == {"regular"}


def test_bulk_action_with_out_of_scope_row_changes_nothing(app, client_as):
    from app.extensions import db as _db  # noqa: F401

    th, yx = _ids(app, "TH-MM", "YX-MM")
    # th_manager has no can_confirm; grant-free path: the row is simply not found → nothing.
    r = client_as("th_manager").post("/employeeview/action_post",
                                     data={"action": "wf_confirm", "rowid": [th, yx]})
    assert r.status_code in (302, 403, 404)
    with app.app_context():
        assert {e.status for e in db.session.scalars(
            select(Employee).where(Employee.id.in_([th, yx])))} == {"probation"}


def test_single_action_route_out_of_scope_404(app, client_as):
    (yx,) = _ids(app, "YX-MM")
    r = client_as("th_manager").post(f"/employeeview/action/wf_confirm/{yx}")
    assert r.status_code == 404


def test_transition_button_route_out_of_scope_404(app, client_as):
    (yx,) = _ids(app, "YX-MM")
    r = client_as("th_manager").post(f"/employeeview/transition/{yx}/confirm",
                                     data={"comment": "x"})
    assert r.status_code == 404


def test_show_page_offers_only_permitted_transitions(app, client_as):
    (th,) = _ids(app, "TH-MM")
    hr_html = client_as("hr").get(f"/employeeview/show/{th}").get_data(as_text=True)
    assert f"/employeeview/transition/{th}/confirm" in hr_html
    head_html = client_as("th_manager").get(f"/employeeview/show/{th}").get_data(as_text=True)
    assert "/transition/" not in head_html  # may read, may not confirm


def test_related_list_on_department_is_scoped(app, client_as):
    with app.app_context():
        hq = factories.department("HQ").id
        th_mm = factories.department("TH-MM").id
    # th_manager cannot open HQ (outside the store subtree) ...
    assert client_as("th_manager").get(f"/departmentview/show/{hq}").status_code == 404
    # ... and the members tab of an in-scope department lists only in-scope people.
    html = client_as("th_manager").get(f"/departmentview/show/{th_mm}").get_data(as_text=True)
    assert "王晓燕" in html and "马丽娟" not in html


def test_dropdown_choices_are_scoped(app, client_as):
    """A department-scoped writer is offered only its own departments and people."""
    sm = app.appbuilder.sm
    with app.app_context():
        role = role_of_kind("Department head")
        pv = sm.add_permission_view_menu("can_write", "employee")
        had = pv in role.permissions
        sm.add_permission_role(role, pv)
    try:
        html = client_as("th_manager").get("/employeeview/add").get_data(as_text=True)
        options = set(re.findall(r"<option[^>]*>([^<]+)</option>", html))
        assert {"天河店", "天河红娘部", "天河客服部"} <= options
        assert not options & {"越秀店", "越秀红娘部", "财务部", "总部"}
        assert "王晓燕" in options and "马丽娟" not in options  # manager dropdown
    finally:
        with app.app_context():
            role = role_of_kind("Department head")
            pv = sm.find_permission_view_menu("can_write", "employee")
            if not had:
                sm.del_permission_role(role, pv)
    html = client_as("hr").get("/employeeview/add").get_data(as_text=True)
    assert "越秀红娘部" in html  # HR: all


def test_history_tab_on_show_page(app, client_as):
    (th,) = _ids(app, "TH-MM")
    with app.app_context():
        number = db.session.get(Employee, th).employee_no
    html = client_as("hr").get(f"/employeeview/show/{th}").get_data(as_text=True)
    history = html[html.index('id="History"'):]
    assert number in history  # the insert row lists the new record's values


def test_counts_are_scoped_too(app, api_as):
    """COUNT runs over a subquery with no top-level entity: it must still be scoped."""
    from app.core.scope import unscoped  # noqa: F401
    from app.org.models import Department

    with app.app_context():
        th = Department.subtree_ids(factories.department("TH").id)
        expected = db.session.scalar(
            select(db.func.count()).select_from(Employee).where(
                Employee.department_id.in_(th), Employee.archived_at.is_(None)))
    body = api_as("th_manager").get("/api/v1/employee/?q=(page_size:1)").json
    assert body["count"] == expected
