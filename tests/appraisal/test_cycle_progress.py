"""Opening a cycle for all employees shows a progress bar (counts and rate) on a terminal,
none inside a web request or under CI (app/core/progress.py)."""
from __future__ import annotations

import re

from app.core import progress
from tests import factories
from tests.appraisal.factories import make_position, make_template, opened_cycle


def test_cycle_opening_shows_counts_and_rate_on_a_terminal(app, monkeypatch, capsys):
    position = make_position()
    for _ in range(3):
        factories.make_employee("TH-MM", position_id=position.id, status="regular")
    make_template(position=position)
    monkeypatch.setattr(progress, "quiet", lambda: False)  # as on an interactive terminal
    monkeypatch.setattr("flask.has_request_context", lambda: False)  # as from the CLI
    opened_cycle()
    err = capsys.readouterr().err
    assert "考核周期：员工" in err and "考核周期：建立考核表" in err
    total = re.findall(r"考核周期：员工: 100%\|[^|]*\| (\d+)/(\d+)", err)
    assert total and total[-1][0] == total[-1][1] and int(total[-1][0]) >= 3
    assert "人/s" in err  # the rate


def test_no_bar_inside_a_request_or_under_ci(app, monkeypatch, capsys):
    with monkeypatch.context() as m:
        m.setattr(progress, "quiet", lambda: False)
        opened_cycle()  # the test body runs inside a request context: as the web transition
    assert "考核周期" not in capsys.readouterr().err
    monkeypatch.setenv("CI", "1")
    monkeypatch.setattr("flask.has_request_context", lambda: False)
    opened_cycle()
    assert "考核周期" not in capsys.readouterr().err
