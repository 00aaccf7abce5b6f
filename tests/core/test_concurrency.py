"""Two approvals at once: one succeeds, the other gets 409 (compare-and-set on the state)."""
import threading

from tests import factories


def test_simultaneous_transitions_one_wins(app, api_as):
    with app.app_context():
        pk = factories.make_employee("TH-MM").id
    clients = [api_as("hr"), api_as("boss")]  # both may confirm
    barrier = threading.Barrier(len(clients))
    results = []

    def confirm(api):
        barrier.wait()
        r = api.post(f"/api/v1/employee/{pk}/transition/confirm", json={"comment": "同意"})
        results.append(r.status_code)

    threads = [threading.Thread(target=confirm, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [200, 409]


def test_transition_from_wrong_state_is_409_and_unknown_is_404(app, api_as):
    with app.app_context():
        pk = factories.make_employee("TH-MM", status="regular").id
    api = api_as("hr")
    assert api.post(f"/api/v1/employee/{pk}/transition/confirm", json={}).status_code == 409
    assert api.post(f"/api/v1/employee/{pk}/transition/fly", json={}).status_code == 404
    assert api.post(f"/api/v1/employee/{pk}/transition/leave", json={}).status_code == 422
    assert api.post("/api/v1/employee/999999/transition/confirm", json={}).status_code == 404


def test_no_permission_is_403(app, api_as):
    with app.app_context():
        pk = factories.make_employee("TH-MM").id
    r = api_as("th_manager").post(f"/api/v1/employee/{pk}/transition/confirm", json={})
    assert r.status_code == 403


def test_nobody_confirms_themselves(app, api_as):
    with app.app_context():
        me = factories.employee_of("hr")
        status = me.status
    r = api_as("hr").post(f"/api/v1/employee/{me.id}/transition/leave",
                          json={"comment": "辭職"})
    assert r.status_code in (403, 409) and status in ("regular", "probation")
