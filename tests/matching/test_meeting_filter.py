"""The meeting list is searched by status through a select of the workflow's states shown in the
user's language (issue 10 item 7: no English codes typed into free-text fields): the search
form's status field is a select, its operators are 等于 / 不等于, and the filter narrows the list
and shows its chip in Chinese."""
from __future__ import annotations

import json
import re

import pytest

from app.matching.workflows import MEETING_WORKFLOW
from tests.matching.helpers import make_match, make_meeting, pair


def _search_form(html: str) -> tuple[dict, dict]:
    """FAB's search widget data: {column: field html} and {column: [operator names]}."""
    blobs = re.findall(r"^\s*(\{\"\w+\": .*\}),?\s*$", html, flags=re.M)
    parsed = [json.loads(b) for b in blobs if '"status"' in b]
    fields = next(p for p in parsed if str(p.get("status", "")).startswith("<"))
    operators = next(p for p in parsed if isinstance(p.get("status"), list))
    return fields, operators


def test_status_is_a_select_of_states_in_chinese(app, client_as):
    html = client_as("th_mm1").get("/meetingview/list/?_search=1").get_data(as_text=True)
    fields, operators = _search_form(html)
    select = fields["status"]
    assert select.startswith("<select") and 'name="status"' in select, select
    options = dict(re.findall(r'<option value="(\w+)">([^<]+)</option>', select))
    assert set(options) == set(MEETING_WORKFLOW.states), options
    assert options["held"] == "已见面" and options["no_show"] == "未到场", options
    assert operators["status"] == ["等于", "不等于"], operators["status"]
    # The other columns keep their usual filters.
    assert "包含" in operators["place"]


def test_status_filter_narrows_the_list(app, client_as):
    with app.app_context():
        match = make_match(*pair(), status="met")
        held = make_meeting(match, status="held")
        cancelled = make_meeting(match, status="cancelled")
        held_id, cancelled_id = held.id, cancelled.id
    page = client_as("th_mm1")
    html = page.get("/meetingview/list/?_flt_0_status=held").get_data(as_text=True)
    assert f"/meetingview/show/{held_id}" in html
    assert f"/meetingview/show/{cancelled_id}" not in html
    assert "状态 等于 已见面" in html, "the filter chip shows the state in Chinese"
    html = page.get("/meetingview/list/?_flt_1_status=held").get_data(as_text=True)
    assert f"/meetingview/show/{held_id}" not in html
    assert f"/meetingview/show/{cancelled_id}" in html


def test_dashboard_drill_down_still_finds_the_held_filter(app):
    """Links built by filter name (app/dashboard/links.py) follow the new order."""
    from app.dashboard.links import list_url

    with app.test_request_context():
        url = list_url("MeetingView", status=("FilterEqual", "held"))
    assert url is not None and "_flt_0_status=held" in url, url


# The other state columns of the flow are searched the same way (matches, complaints).
@pytest.mark.parametrize("user, path, states, label", [
    ("th_mm1", "/matchview/list/", "app.matching.workflows:MATCH_WORKFLOW",
     ("meeting_scheduled", "已安排约见")),
    ("th_cs1", "/complaintview/list/", "app.service.workflows:COMPLAINT_WORKFLOW",
     ("closed", "已关闭")),
])
def test_match_and_complaint_status_are_selects_too(app, client_as, user, path, states, label):
    import importlib

    module, name = states.split(":")
    workflow = getattr(importlib.import_module(module), name)
    page = client_as(user)
    fields, operators = _search_form(page.get(path + "?_search=1").get_data(as_text=True))
    options = dict(re.findall(r'<option value="(\w+)">([^<]+)</option>', fields["status"]))
    assert set(options) == set(workflow.states), options
    assert options[label[0]] == label[1], options
    assert operators["status"] == ["等于", "不等于"]
    html = page.get(f"{path}?_flt_0_status={label[0]}").get_data(as_text=True)
    assert f"状态 等于 {label[1]}" in html
