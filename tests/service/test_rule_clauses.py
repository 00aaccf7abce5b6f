"""制度依據 in customer service: forwarding is the receiving side's, and the refusal says why."""
import pytest

from app.core import rules
from app.core.errors import Forbidden
from app.extensions import db
from app.service.workflows import COMPLAINT_WORKFLOW as WF
from tests import factories
from tests.service.conftest import make_complaint, reload


@pytest.mark.rule("000.service.complaint_routing", "002.service.complaint_routing",
                  "004.service.complaint_routing")
def test_only_the_receiving_side_forwards_and_the_refusal_quotes_the_clause(app, as_user,
                                                                            api_as):
    with app.app_context():
        # Received in Yuexiu, already naming Tianhe's matchmaking department: its head sees
        # the complaint and holds can_assign, but did not receive it.
        pk = make_complaint("yx_cs1", dept="TH-MM")
        mm = str(factories.department("TH-MM").id)
        yx_mm = str(factories.department("YX-MM").id)
    with as_user("th_mm_head"):
        with pytest.raises(Forbidden) as err:
            WF.run(pk, "assign", data={"department_id": mm})
        db.session.rollback()
    assert err.value.message.endswith(f"（{rules.cite('000.service.complaint_routing')}）")
    r = api_as("th_mm_head").post(f"/api/v1/complaint/{pk}/transition/assign",
                                  json={"department_id": mm})
    assert r.status_code == 403 and "明確投訴受理流程和責任部門" in r.json["message"]
    with app.app_context():
        assert reload(pk).status == "received"
    # Customer service that received it forwards it (within their own store).
    r = api_as("yx_cs1").post(f"/api/v1/complaint/{pk}/transition/assign",
                                  json={"department_id": yx_mm})
    assert r.status_code == 200 and r.json["state"] == "assigned"


def test_complaint_steps_declare_their_rule():
    declared = {t.name: t.rule for t in WF.transitions}
    assert declared["assign"] == "000.service.complaint_routing"
    assert declared["resolve"] == "000.service.complaint_handling"
    assert declared["close"] == "000.service.complaint_close"
    assert all(code in rules.RULES for code in declared.values() if code)
