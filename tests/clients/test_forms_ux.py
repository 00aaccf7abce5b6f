"""Forms office staff can use (issue 10 items 7, 9): labels not codes, a refused save keeps
the form, the matchmaker's own client, an edit button, the date picker and select2 in Chinese,
and no hand-written error handling left in the module."""
import ast
import pathlib

from sqlalchemy import select

from app.clients.models import Client
from app.core.scope import unscoped
from app.extensions import db
from tests import factories
from tests.clients.conftest import count_clients, new_client
from tests.clients.test_validation import _form

ROOT = pathlib.Path(__file__).resolve().parents[2] / "app" / "clients"


def test_values_show_as_labels_in_list_show_and_history(app, client_as, api_as):
    pk = new_client(marital_status="divorced", status="lead")
    api_as("th_mm1").put(f"/api/v1/client/{pk}", json={"marital_status": "widowed"})
    ui = client_as("th_mm1")
    show = ui.get(f"/clientview/show/{pk}").get_data(as_text=True)
    listing = ui.get("/clientview/list/?psize_ClientView=100").get_data(as_text=True)
    for code in ("widowed", "divorced", "never_married", "pending_review"):
        assert f">{code}<" not in show and f">{code}<" not in listing
    # History shows the old and new marital status by their labels.
    assert "widowed" not in show.split('id="History"')[1]


def test_refused_save_keeps_what_was_typed_and_marks_the_field(app, client_as):
    before = count_clients()
    data = _form(name="保留輸入的客戶", hobbies="书法和古琴", pref_age_min=40, pref_age_max=30)
    resp = client_as("th_mm1").post("/clientview/add", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200  # the form again, not a redirect to the list
    assert "保留輸入的客戶" in html and "书法和古琴" in html
    assert "has-error" in html or "text-danger" in html or "help-block" in html
    assert count_clients() == before


def test_refusal_after_validation_keeps_the_form(app, client_as):
    """A refusal raised on save (here: another store's department) shows on the form."""
    yx = factories.department("YX-MM").id
    data = _form(name="跨店登記客戶", hobbies="围棋")
    data["department"] = str(yx)
    before = count_clients()
    resp = client_as("th_mm_head").post("/clientview/add", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "跨店登記客戶" in html and "围棋" in html
    assert "alert-danger" in html
    assert count_clients() == before


def test_matchmakers_own_new_client_defaults_to_them(app, client_as):
    me = factories.employee_of("th_mm1")
    form = client_as("th_mm1").get("/clientview/add").get_data(as_text=True)
    assert f'<option selected value="{me.id}"' in form or \
        f'value="{me.id}" selected' in form or f'selected value="{me.id}"' in form
    data = _form(name="自己登記的客戶")
    data.pop("matchmaker")
    assert client_as("th_mm1").post("/clientview/add", data=data).status_code == 302
    with unscoped():
        c = db.session.scalar(select(Client).where(Client.name == "自己登記的客戶"))
    assert c.matchmaker_id == me.id
    # 客服 register for the store: no owner until the review.
    data = _form(name="客服登記的客戶")
    data.pop("matchmaker")
    assert client_as("th_cs1").post("/clientview/add", data=data).status_code == 302
    with unscoped():
        c = db.session.scalar(select(Client).where(Client.name == "客服登記的客戶"))
    assert c.matchmaker_id is None


def test_show_page_has_an_edit_button_for_those_who_may_edit(app, client_as):
    pk = new_client()
    assert f"/clientview/edit/{pk}" in client_as("th_mm1").get(
        f"/clientview/show/{pk}").get_data(as_text=True)
    assert 'class="btn btn-sm btn-primary yl-edit"' not in client_as("boss").get(
        f"/clientview/show/{pk}").get_data(as_text=True)


def test_date_picker_and_select2_speak_chinese_and_birth_date_opens_in_1990(app, client_as):
    ui = client_as("th_mm1")
    ui.get("/lang/zh")
    html = ui.get("/clientview/add").get_data(as_text=True)
    assert "defaultViewDate: {year: 1990" in html and "startView: 2" in html
    assert "$.fn.datepicker.dates['zh']" in html and "'星期一'" in html
    assert "$.fn.select2.defaults.set('language'" in html
    assert "noResults" in html and "No results found" not in html.split("noResults")[1][:80]
    pk = new_client()
    assert "defaultViewDate" in ui.get(f"/clientview/edit/{pk}").get_data(as_text=True)


def test_no_hand_written_service_error_handling_left():
    for name in ("views.py", "api.py"):
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        caught = [h for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler)
                  and "ServiceError" in ast.unparse(h.type or ast.Constant(None))]
        assert caught == [], name


def test_page_errors_still_answer_as_before(app, client_as):
    """Without the try/except: out of scope is 404; a refusal flashes and goes back."""
    pk = new_client(dept_code="YX-MM", matchmaker="yx_mm1")
    ui = client_as("th_mm1")
    assert ui.post(f"/clientview/reveal/{pk}").status_code == 404
    assert ui.get(f"/clientview/photo/{pk}").status_code == 404
    mine = new_client()
    resp = ui.post(f"/clientview/photo/{mine}/upload", data={},
                   headers={"Referer": f"http://localhost/clientview/show/{mine}"})
    assert resp.status_code == 302
    html = ui.get(f"/clientview/show/{mine}").get_data(as_text=True)
    assert "alert-danger" in html
