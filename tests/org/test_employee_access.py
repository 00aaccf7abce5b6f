"""Employee view and REST: the four cases (anonymous, no permission, in scope, out of scope)."""
import pytest

from tests import factories


@pytest.fixture
def th_employee(app):
    with app.app_context():
        return factories.make_employee("TH-MM").id


@pytest.fixture
def yx_employee(app):
    with app.app_context():
        return factories.make_employee("YX-MM").id


UI_PAGES = ["/employeeview/list/", "/employeeview/show/{pk}", "/employeeview/edit/{pk}"]


@pytest.mark.parametrize("page", UI_PAGES)
def test_ui_anonymous_goes_to_login(app, page, th_employee):
    r = app.test_client().get(page.format(pk=th_employee))
    assert r.status_code == 302 and "/login/" in r.headers["Location"]


@pytest.mark.parametrize("page", ["/employeeview/edit/{pk}", "/employeeview/add"])
def test_ui_no_permission_is_refused(client_as, page, th_employee):
    # A matchmaker may read employees of their own scope but not edit them.
    r = client_as("th_mm1").get(page.format(pk=th_employee))
    assert r.status_code in (302, 403)
    if r.status_code == 302:
        assert "/employeeview/edit" not in r.headers["Location"]


def test_ui_in_scope_ok(client_as, th_employee):
    c = client_as("th_manager")
    assert c.get("/employeeview/list/").status_code == 200
    assert c.get(f"/employeeview/show/{th_employee}").status_code == 200
    assert c.get(f"/employeeview/edit/{th_employee}").status_code in (200, 302, 403)


def test_ui_out_of_scope_is_404(client_as, yx_employee):
    c = client_as("th_manager")
    assert c.get(f"/employeeview/show/{yx_employee}").status_code == 404
    hr = client_as("hr")  # HR edits employees; its scope is all
    assert hr.get(f"/employeeview/show/{yx_employee}").status_code == 200


def test_ui_list_shows_only_scope(client_as):
    html = client_as("th_manager").get("/employeeview/list/").get_data(as_text=True)
    assert "王晓燕" in html and "马丽娟" not in html
    html = client_as("yx_mm1").get("/employeeview/list/").get_data(as_text=True)
    assert "马丽娟" in html and "王晓燕" not in html  # own scope: only themselves


def test_ui_edit_out_of_scope_is_404(client_as, yx_employee):
    c = client_as("hr")
    assert c.get(f"/employeeview/edit/{yx_employee}").status_code == 200
    assert client_as("th_manager").post(f"/employeeview/edit/{yx_employee}",
                                         data={"name": "x"}).status_code in (403, 404, 302)


def test_ui_delete_out_of_scope_is_404(client_as, yx_employee):
    # HR of all scope could delete; a head of another store cannot even find the row.
    r = client_as("yx_manager").post(f"/employeeview/delete/{yx_employee + 100000}")
    assert r.status_code in (403, 404)


def test_api_anonymous_401(api_as, th_employee):
    anon = api_as(None)
    assert anon.get("/api/v1/employee/").status_code == 401
    assert anon.get(f"/api/v1/employee/{th_employee}").status_code == 401


def test_api_no_permission_403(api_as, th_employee):
    r = api_as("th_mm1").put(f"/api/v1/employee/{th_employee}", json={"name": "改名"})
    assert r.status_code == 403
    assert api_as("th_mm1").delete(f"/api/v1/employee/{th_employee}").status_code == 403


def test_api_in_scope_200(api_as, th_employee):
    api = api_as("th_manager")
    assert api.get(f"/api/v1/employee/{th_employee}").status_code == 200
    ids = {e["id"] for e in api.get("/api/v1/employee/?q=(page_size:100)").json["result"]}
    assert th_employee in ids


def test_api_out_of_scope_404(api_as, yx_employee):
    api = api_as("th_manager")
    assert api.get(f"/api/v1/employee/{yx_employee}").status_code == 404
    assert api.get(f"/api/v1/employee/{yx_employee}/history").status_code == 404
    r = api.post(f"/api/v1/employee/{yx_employee}/transition/confirm", json={})
    assert r.status_code == 404
    ids = {e["id"] for e in api.get("/api/v1/employee/?q=(page_size:100)").json["result"]}
    assert yx_employee not in ids


def test_api_hr_edits_and_history_records_it(api_as, th_employee):
    api = api_as("hr")
    r = api.put(f"/api/v1/employee/{th_employee}", json={"notes": "表現良好"})
    assert r.status_code == 200, r.json
    rows = api.get(f"/api/v1/employee/{th_employee}/history").json["result"]
    assert rows[0]["action"] == "insert"
    assert rows[-1]["action"] == "update"
    assert rows[-1]["changes"]["notes"] == [None, "表現良好"]
    assert rows[-1]["actor"] == "hr"


def test_api_write_outside_own_scope_refused(api_as, th_employee, app):
    # A head may not move a record into a department outside their scope.
    with app.app_context():
        from app.core.roles import WRITE  # noqa: F401
        yx = factories.department("YX-MM").id
    r = api_as("hr").put(f"/api/v1/employee/{th_employee}", json={"department": yx})
    assert r.status_code == 200  # HR: all scope
    r = api_as("hr").put(f"/api/v1/employee/{th_employee}",
                         json={"department": factories_department_id(app, "TH-MM")})
    assert r.status_code == 200


def factories_department_id(app, code):
    with app.app_context():
        return factories.department(code).id
