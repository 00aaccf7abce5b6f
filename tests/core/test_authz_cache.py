"""Permissions and scopes are cached across requests, and every change is seen at once."""
from sqlalchemy import select

from app.core.models import SecurityVersion
from app.core.roles import role_of_kind
from app.extensions import db
from tests import factories
from tests.clients.conftest import new_client


def _version(app) -> int:
    with app.app_context():
        return db.session.scalar(select(SecurityVersion.version))


def test_a_permission_taken_away_is_refused_on_the_next_request(app, client_as):
    sm = app.appbuilder.sm
    c = client_as("th_mm1")
    assert c.get("/clientview/list/").status_code == 200
    before = _version(app)
    with app.app_context():
        sm.del_permission_role(role_of_kind("Frontline"),
                               sm.find_permission_view_menu("can_read", "client"))
    try:
        assert _version(app) > before
        assert c.get("/clientview/list/").status_code in (302, 403)
    finally:
        with app.app_context():
            sm.add_permission_role(role_of_kind("Frontline"),
                                   sm.find_permission_view_menu("can_read", "client"))
    assert c.get("/clientview/list/").status_code == 200


def test_a_transfer_moves_the_scope_on_the_next_request(app, client_as):
    th = new_client()
    yx = new_client(dept_code="YX-MM", matchmaker="yx_mm1")
    c = client_as("th_mm_head")
    assert c.get(f"/clientview/show/{th}").status_code == 200
    assert c.get(f"/clientview/show/{yx}").status_code == 404
    with app.app_context():
        head = factories.employee_of("th_mm_head")
        home = head.department_id
        head.department_id = factories.department("YX-MM").id
        db.session.commit()
    try:
        assert c.get(f"/clientview/show/{yx}").status_code == 200
        assert c.get(f"/clientview/show/{th}").status_code == 404
    finally:
        with app.app_context():
            head = factories.employee_of("th_mm_head")
            head.department_id = home
            db.session.commit()
    assert c.get(f"/clientview/show/{th}").status_code == 200


def test_a_role_scope_change_is_seen_at_once(app, client_as):
    from app.core.models import RoleScope

    yx = new_client(dept_code="YX-MM", matchmaker="yx_mm1")
    c = client_as("th_mm_head")
    assert c.get(f"/clientview/show/{yx}").status_code == 404
    with app.app_context():
        role_id = role_of_kind("Department head").id
        rs = db.session.scalar(select(RoleScope).where(RoleScope.role_id == role_id))
        old, rs.scope = rs.scope, "all"
        db.session.commit()
    try:
        assert c.get(f"/clientview/show/{yx}").status_code == 200
    finally:
        with app.app_context():
            rs = db.session.scalar(select(RoleScope).where(RoleScope.role_id == role_id))
            rs.scope = old
            db.session.commit()
    assert c.get(f"/clientview/show/{yx}").status_code == 404


def test_logging_in_does_not_invalidate_the_caches(app, client_as):
    before = _version(app)
    client_as("th_cs1")  # FAB records last_login and login_count on the user
    assert _version(app) == before


def test_a_bulk_update_of_people_bumps_the_version(app):
    from sqlalchemy import update

    from app.org.models import Employee

    before = _version(app)
    with app.app_context():
        emp = factories.make_employee()
        after_insert = _version(app)
        db.session.execute(update(Employee).where(Employee.id == emp.id)
                           .values(status="regular"))
        db.session.commit()
    assert after_insert > before
    assert _version(app) > after_insert
