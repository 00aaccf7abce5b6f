"""Migration 0014 keeps existing evidence readable: complaint_attachment rows become core
attachments (same stored file), notes join the complaint's evidence text, complaints escalated
before are at level 2; downgrade moves them back. Run on a fresh SQLite file in a child
process (the session's app stays bound to the test database)."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent('''
    import json, sys
    from sqlalchemy import text
    from flask_migrate import downgrade, upgrade
    from app import create_app
    from app.extensions import db
    from config import TestConfig

    cfg = type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1]})
    app = create_app(cfg)
    out = {}
    with app.app_context():
        upgrade(directory="migrations", revision="0011")
        with db.engine.begin() as c:
            c.execute(text("INSERT INTO complaint_category (id, code, name, sla_response_hours,"
                           " sla_resolve_hours, created_at) VALUES (1, 'q', 'Q', 8, 72,"
                           " '2026-01-01 00:00:00')"))
            for pk, escalated in ((1, None), (2, "2026-01-05 00:00:00")):
                c.execute(text("INSERT INTO complaint (id, complaint_no, channel, category,"
                               " content, received_at, status, reopen_count, evidence,"
                               " escalated_at, created_at) VALUES (:id, :no, 'phone', 'q', 'c',"
                               " '2026-01-01 00:00:00', 'received', 0, :ev, :esc,"
                               " '2026-01-01 00:00:00')"),
                          {"id": pk, "no": f"TS{pk}", "ev": "已有證據" if pk == 1 else None,
                           "esc": escalated})
            c.execute(text("INSERT INTO complaint_attachment (complaint_id, filename, path,"
                           " content_type, size, note, created_at) VALUES (1, '錄音.mp3',"
                           " 'complaints/1/abc_rec.mp3', NULL, 12, '通話錄音',"
                           " '2026-01-02 00:00:00')"))
        upgrade(directory="migrations", revision="0014")
        with db.engine.connect() as c:
            out["attachments"] = [list(r) for r in c.execute(text(
                "SELECT resource, record_id, name, path, size, content_type FROM attachment"))]
            out["evidence"] = c.execute(text(
                "SELECT evidence FROM complaint WHERE id = 1")).scalar()
            out["levels"] = [list(r) for r in c.execute(text(
                "SELECT id, escalation_level, major FROM complaint ORDER BY id"))]
        downgrade(directory="migrations", revision="0011")
        with db.engine.connect() as c:
            out["back"] = [list(r) for r in c.execute(text(
                "SELECT complaint_id, filename, path FROM complaint_attachment"))]
            out["left"] = c.execute(text("SELECT count(*) FROM attachment")).scalar()
    print("RESULT" + json.dumps(out, ensure_ascii=False))
''')


def test_evidence_moves_to_core_attachments_and_back(tmp_path):
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "m.db")], cwd=root,
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root),
                               "HOME": str(tmp_path)})
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT")), None)
    assert line, proc.stderr[-3000:]
    out = json.loads(line[len("RESULT"):])
    assert out["attachments"] == [["complaint", 1, "錄音.mp3", "complaints/1/abc_rec.mp3", 12,
                                   "application/octet-stream"]]
    assert out["evidence"] == "已有證據\n錄音.mp3: 通話錄音"
    assert out["levels"] == [[1, 0, 0], [2, 2, 0]]
    assert out["back"] == [[1, "錄音.mp3", "complaints/1/abc_rec.mp3"]]
    assert out["left"] == 0
