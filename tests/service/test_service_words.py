"""Service pages speak the user's language (issue 10 item 7): no stored codes shown as values
(channel, category, status, satisfaction, finding) on show pages, lists or History; a refused
form comes back with what the user typed."""
import re

from tests.service.conftest import make_complaint

CODES = ("upheld", "not_upheld", "wechat", "phone", "closed", "resolved", "followed_up",
         "satisfied", "unsatisfied", "quality", "investigating")


def _shown_codes(html: str) -> set[str]:
    """Codes appearing as a cell or value text (between tags), not in attributes."""
    texts = re.findall(r">([^<>]+)<", html)
    return {c for c in CODES for t in texts if t.strip() == c}


def test_a_closed_complaint_and_its_history_show_words(app, api_as, client_as):
    with app.app_context():
        pk = make_complaint("th_cs1", status="investigating", dept="TH-MM", channel="wechat")
    r = api_as("th_mm_head").post(f"/api/v1/complaint/{pk}/transition/resolve", json={
        "finding": "upheld", "plan": "道歉", "result": "已答覆客戶"})
    assert r.status_code == 200
    r = api_as("th_cs1").post(f"/api/v1/complaint/{pk}/transition/follow_up", json={
        "client_satisfied": "satisfied", "satisfaction": 5})
    assert r.json["state"] == "closed"
    page = client_as("th_cs1").get(f"/complaintview/show/{pk}").get_data(as_text=True)
    assert _shown_codes(page) == set()
    history = page[page.index("yl-history"):]
    assert "成立" in page and ("满意" in history or "滿意" in history)
    listing = client_as("th_cs1").get("/complaintview/list/?psize_ComplaintView=100")
    assert _shown_codes(listing.get_data(as_text=True)) == set()


def test_a_refused_complaint_form_keeps_what_was_typed(app, client_as):
    from sqlalchemy import select

    from app.extensions import db
    from app.service.models import ComplaintCategory

    with app.app_context():
        cat = db.session.scalar(select(ComplaintCategory.id).where(
            ComplaintCategory.code == "quality"))
    c = client_as("th_cs1")
    typed = "這段投訴內容很長，不能因為日期填錯就丟失。"
    r = c.post("/complaintview/add", data={
        "complainant_name": "留存測試", "complainant_phone": "13900001111",
        "channel": "phone", "category_ref": str(cat), "content": typed,
        "received_at": "2026-03-01 10:00:00", "deadline": "2026-02-01 10:00:00"})
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert typed in body and "留存測試" in body
    assert "has-error" in body or "alert-danger" in body
