"""CLI commands are idempotent: seeding and role sync can run again safely."""
from sqlalchemy import func, select

from app.core.roles import role_of_kind
from app.extensions import db
from app.org.models import Department, Employee
from tests.core.conftest import grant_widget_permissions


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Department)),
                db.session.scalar(select(func.count()).select_from(Employee)))


def test_seed_demo_twice_changes_nothing(app):
    before = _counts(app)
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert "10 departments" in result.output
    assert _counts(app) == before


def test_roles_sync_prune_restores_code_grants(app, api_as):
    sm = app.appbuilder.sm
    with app.app_context():
        role = role_of_kind("Frontline")
        pv = sm.add_permission_view_menu("can_delete", "employee")
        sm.add_permission_role(role, pv)
    result = app.test_cli_runner().invoke(args=["roles", "sync", "--prune"])
    assert result.exit_code == 0, result.output
    grant_widget_permissions(app)  # test-only grants are not in the code: give them back
    with app.app_context():
        role = role_of_kind("Frontline")
        assert not any(p.permission.name == "can_delete" and p.view_menu.name == "employee"
                       for p in role.permissions)
        assert any(p.permission.name == "can_read" and p.view_menu.name == "employee"
                   for p in role.permissions)


def test_every_demo_user_logs_in(app):
    from seeds.org_matchmaking import PEOPLE
    from tests.conftest import DEMO_PASSWORD

    for username, *_ in PEOPLE:
        c = app.test_client()
        r = c.post("/api/v1/security/login", json={"username": username,
                                                   "password": DEMO_PASSWORD, "provider": "db"})
        assert r.status_code == 200, username
