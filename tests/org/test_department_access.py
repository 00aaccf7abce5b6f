"""Department view and REST: four cases; the tree scope (a head sees the subtree)."""
import pytest

from tests import factories


@pytest.fixture
def ids(app):
    with app.app_context():
        return {code: factories.department(code).id for code in ("HQ", "TH", "TH-MM", "YX-MM")}


def test_anonymous(app, api_as, ids):
    assert app.test_client().get("/departmentview/list/").status_code == 302
    assert api_as(None).get(f"/api/v1/department/{ids['TH']}").status_code == 401


def test_no_permission(client_as, api_as, ids):
    r = client_as("th_manager").get(f"/departmentview/edit/{ids['TH']}")
    assert r.status_code in (302, 403)
    assert api_as("th_manager").put(f"/api/v1/department/{ids['TH']}",
                                    json={"duties": "x"}).status_code == 403


def test_in_scope_subtree(client_as, api_as, ids):
    api = api_as("th_manager")
    for code in ("TH", "TH-MM"):
        assert api.get(f"/api/v1/department/{ids[code]}").status_code == 200
    names = {d["name"] for d in api.get("/api/v1/department/").json["result"]}
    assert {"天河店", "天河红娘部", "天河客服部"} <= names
    assert not names & {"总部", "越秀店", "越秀红娘部", "财务部", "行政部"}
    assert client_as("th_manager").get(f"/departmentview/show/{ids['TH-MM']}").status_code == 200


def test_out_of_scope_404(client_as, api_as, ids):
    api = api_as("th_manager")
    for code in ("HQ", "YX-MM"):
        assert api.get(f"/api/v1/department/{ids[code]}").status_code == 404
        assert client_as("th_manager").get(
            f"/departmentview/show/{ids[code]}").status_code == 404


def test_own_scope_sees_own_department_only(api_as):
    names = {d["name"] for d in api_as("th_mm1").get("/api/v1/department/").json["result"]}
    assert "天河红娘部" in names
    assert not names & {"总部", "天河店", "天河客服部", "越秀红娘部"}


def test_hr_manages_departments(api_as, ids):
    api = api_as("hr")
    code = f"D{factories.nextval()}"
    r = api.post("/api/v1/department/", json={"code": code, "name": f"培訓部{code}",
                                              "kind": "dept", "parent": ids["HQ"]})
    assert r.status_code == 201, r.json
    dup = api.post("/api/v1/department/", json={"code": code, "name": "重複",
                                                "kind": "dept", "parent": ids["HQ"]})
    assert dup.status_code == 422 and "message" in dup.json
