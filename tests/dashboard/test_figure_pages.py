"""The matchmaker and complaint figure pages draw with the shared Chart.js macro; each bar
links to the list behind it."""
from __future__ import annotations

import html as htmllib
import json
import re

SPEC = re.compile(r"data-spec='([^']*)'")


def _specs(page: str) -> list[dict]:
    return [json.loads(htmllib.unescape(s)) for s in SPEC.findall(page)]


def test_matchmaker_figures_page_uses_chartjs_with_links(client_as):
    c = client_as("th_manager")
    page = c.get("/matchfigures/").get_data(as_text=True)
    assert "<svg" not in page and "chart.umd.min.js" in page
    (spec,) = _specs(page)
    assert spec["horizontal"] and len(spec["datasets"]) == 4
    assert len(spec["links"]) == len(spec["labels"]) > 0
    for url in spec["links"]:
        assert url and c.get(url).status_code == 200


def test_complaint_figures_page_uses_chartjs_with_links(client_as):
    c = client_as("th_manager")
    r = c.get("/complaint_figures/?start=2020-01-01")
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "<svg" not in page and "chart.umd.min.js" in page
    specs = _specs(page)
    assert len(specs) == 3
    month, _category, department = specs
    assert sum(month["datasets"][0]["data"]) == sum(department["datasets"][0]["data"])
    for url in [u for s in (month, department) for u in s["links"] if u]:
        assert c.get(url).status_code == 200, url
    assert any(month["links"]) and any(department["links"])
