"""Matchmaker figures on a small fixture: a fresh matchmaker in a fresh department."""
import datetime as dt

from app.extensions import db
from app.matching.figures import matchmaker_figures
from app.matching.models import Meeting
from app.org.models import Department
from tests import factories
from tests.matching.helpers import make_followup, make_match, make_meeting


def test_figures_small_fixture(app, as_user, api_as, client_as):
    n = factories.nextval()
    dept = Department(code=f"FIG{n}", name=f"測試紅娘部{n}",
                      parent_id=factories.department("TH").id)
    db.session.add(dept)
    db.session.commit()
    dept_id = dept.id
    emp = factories.make_employee(dept.code)
    mine = []
    for gender in ("F", "F", "M"):
        c = factories.make_client(dept.code, matchmaker=None, gender=gender)
        c.matchmaker_id = emp.id
        mine.append(c)
    db.session.commit()
    other = [factories.make_client("YX-MM", matchmaker="yx_mm1", gender="M") for _ in range(3)]
    now = dt.datetime.now()
    accepted = make_match(mine[0], other[0], status="dating", accepted_at=now,
                          relationship_at=None)
    make_match(mine[1], other[1], status="declined", declined_at=now)
    make_match(mine[0], other[2], status="relationship", accepted_at=now, relationship_at=now)
    make_match(mine[2], mine[0])  # proposed, no answer yet
    make_meeting(accepted, status="held")
    make_meeting(accepted, status="cancelled")
    make_followup(mine[0], days_ago=30, next_due=dt.date.today() - dt.timedelta(days=3))

    emp_id = emp.id
    data = matchmaker_figures(department_id=dept_id)
    assert len(data["matchmakers"]) == 1
    row = data["matchmakers"][0]
    assert row["employee_id"] == emp_id
    expected = {"clients": 3, "proposals": 4, "answered": 3, "accepted": 2, "meetings": 1,
                "relationships": 1, "overdue_followups": 1}
    assert {k: row[k] for k in expected} == expected
    assert row["acceptance_rate"] == round(2 / 3, 3)
    assert data["departments"][0]["department_id"] == dept_id
    assert data["totals"]["proposals"] == 4
    assert db.session.query(Meeting).filter_by(match_id=accepted.id).count() == 2

    # Scoped: the other store's head sees only the matches with their candidates (3 of 4),
    # not the clients or follow-ups; an unrelated matchmaker sees nothing.
    with as_user("yx_manager"):
        row = matchmaker_figures(department_id=dept_id)["matchmakers"][0]
        assert (row["proposals"], row["clients"], row["overdue_followups"]) == (3, 0, 0)
    with as_user("th_mm2"):
        assert matchmaker_figures(department_id=dept_id)["matchmakers"] == []
    r = api_as("th_manager").get(f"/api/v1/match_figures/?department_id={dept_id}")
    assert r.status_code == 200 and r.json["matchmakers"][0]["proposals"] == 4
    assert api_as("th_manager").get("/api/v1/match_figures/?since=bad").status_code == 400
    assert api_as("th_cs1").get("/api/v1/match_figures/").status_code == 403
    html = client_as("th_manager").get("/matchfigures/").get_data(as_text=True)
    # The shared chart macro (Chart.js served locally): a canvas, nothing from the internet.
    assert "yl-chart-canvas" in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
