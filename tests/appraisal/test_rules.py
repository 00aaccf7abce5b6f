"""The appraisal rules are registered, quoted verbatim from their rule books, and proven."""
import pathlib

import pytest

from app.appraisal import rules as appraisal_rules
from app.core import rules

BOOKS = pathlib.Path(__file__).resolve().parents[3] / "shared" / "rulebooks"


@pytest.mark.parametrize("rule", appraisal_rules.RULES, ids=lambda r: r.code)
def test_each_clause_is_quoted_verbatim_and_has_a_test(rule):
    assert rules.RULES[rule.code] == rule
    path = BOOKS / rule.book_file
    if path.exists():
        assert rule.clause in path.read_text(encoding="utf-8")
    assert rules.tests_of(rule.code), f"no test marked for {rule.code}"


def test_the_rules_api_lists_them(api_as):
    resp = api_as("hr").get("/api/v1/rule/")
    assert resp.status_code == 200
    codes = {r["code"] for r in resp.json["result"]}
    assert {"000.appraisal.appeal_window", "000.kpi.matchmaker"} <= codes
