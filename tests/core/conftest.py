import pytest

from tests.core.widget import WIDGET_WORKFLOW

# Which roles may take which widget transitions (test data, like a profile's grants).
WIDGET_GRANTS = {
    "Department head": ["can_submit", "can_approve", "can_reject", "can_revise", "can_rate",
                        "can_cancel"],
    "Frontline": ["can_submit", "can_revise"],
}


@pytest.fixture(scope="session", autouse=True)
def widget_permissions(app):
    grant_widget_permissions(app)


def grant_widget_permissions(app):
    from app.core.roles import role_of_kind
    from app.extensions import db

    sm = app.appbuilder.sm
    with app.app_context():
        for kind, perms in WIDGET_GRANTS.items():
            role = role_of_kind(kind)
            for perm in perms:
                pv = sm.add_permission_view_menu(perm, WIDGET_WORKFLOW.resource)
                sm.add_permission_role(role, pv)
        db.session.commit()
        db.session.remove()
