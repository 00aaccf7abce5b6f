"""Issue 11's Done-when on the postpartum profile: the same cycle runs with the profile's own
templates (002 技術人員: 服務客戶數量、服務質量評價、客戶滿意度 + 工作態度) and results fed
back privately (002: 將結果反饋給員工本人) — no company-wide 公示.

The postpartum app runs in its own process on its own SQLite file (one profile per app), as
the browser suite runs the postpartum demo; see tests/appraisal/postpartum_run.py."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    db = tmp_path_factory.mktemp("postpartum") / "pp.db"
    proc = subprocess.run([sys.executable, "-m", "tests.appraisal.postpartum_run", str(db)],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


@pytest.mark.rule("002.appraisal.feedback", "002.appraisal.bonus")
def test_the_postpartum_cycle_runs_with_its_own_templates_and_private_feedback(run):
    assert run["cycle"] == {"status": "draft", "publicity": "private"}
    assert run["open"] == 200
    assert run["template"] == "产后·技术人员月度考核"
    assert run["indicators"]["satisfaction"] != "manual"
    assert run["indicators"]["attitude"] == "manual"
    assert run["steps"] == [200] * 7
    # Fed back privately: not public, not on a colleague's board, not readable by her.
    assert run["public"] is False
    assert run["board_own"] is True and run["board_colleague"] is False
    assert run["seen_by_cs1"] == 404
    assert run["final"]["status"] == "final" and run["final"]["grade"]
    assert run["final"]["bonus"] is not None
