"""Personnel steps (rule books 000/002/003/004): HR confirms probationers, records leavers and
rehires; nobody else, and never on their own record."""
import datetime as dt

import pytest

from app.core.errors import Forbidden
from app.extensions import db
from app.org.models import Employee
from app.org.workflows import EMPLOYEE_WORKFLOW as WF
from tests import factories


@pytest.mark.rule("000.org.personnel", "002.org.personnel", "003.org.personnel",
                  "004.org.personnel")
def test_hr_confirms_records_leaving_and_rehires(app, as_user):
    with app.app_context():
        pk = factories.make_employee("TH-MM").id
    with as_user("hr"):
        emp = WF.run(pk, "confirm")
        assert emp.status == "regular" and emp.regular_date == dt.date.today()
        assert WF.run(pk, "leave", comment="個人原因離職").leave_date == dt.date.today()
        emp = WF.run(pk, "rehire", comment="返聘")
        assert emp.status == "probation" and emp.leave_date is None


@pytest.mark.rule("000.org.personnel", "002.org.personnel", "003.org.personnel",
                  "004.org.personnel")
def test_only_personnel_confirms_and_not_on_own_record(app, as_user, api_as):
    with app.app_context():
        pk = factories.make_employee("TH-MM").id
        hr_self = factories.employee_of("hr")
        hr_pk, hr_status = hr_self.id, hr_self.status
    # A store manager sees the employee but holds no can_confirm.
    r = api_as("th_manager").post(f"/api/v1/employee/{pk}/transition/confirm", json={})
    assert r.status_code == 403
    with app.app_context():
        assert db.session.get(Employee, pk).status == "probation"
    # HR may take these steps, but not on their own record.
    name = "confirm" if hr_status == "probation" else "leave"
    with as_user("hr"):
        with pytest.raises(Forbidden):
            WF.run(hr_pk, name, comment="自己")
        db.session.rollback()
    with app.app_context():
        assert db.session.get(Employee, hr_pk).status == hr_status


def test_personnel_transitions_declare_their_rule():
    assert {t.name: t.rule for t in WF.transitions} == {
        "confirm": "000.org.personnel", "leave": "000.org.personnel",
        "rehire": "000.org.personnel"}
