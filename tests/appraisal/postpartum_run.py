"""The appraisal cycle on the postpartum demo (PROFILE=postpartum), in its own process and its
own SQLite file (one app per process: the profile decides the installed modules and roles).

Run by tests/appraisal/test_postpartum.py: ``python -m tests.appraisal.postpartum_run <db>``
prints one JSON object with what the test asserts.
"""
from __future__ import annotations

import datetime as dt
import json
import sys


def main(db_path: str) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import select, update

    from app import create_app
    from app.appraisal.models import Appraisal, AppraisalCycle
    from app.core.roles import bootstrap
    from app.extensions import db
    from config import TestConfig
    from seeds import demo
    from tests.conftest import DEMO_PASSWORD

    cfg = type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
                                      "PROFILE": "postpartum", "INSTALLED_MODULES": None})
    app = create_app(cfg)
    out: dict = {}
    with app.app_context():
        upgrade(directory="migrations", revision="heads")
        bootstrap()
        demo.seed("postpartum")
        cycle = db.session.scalar(select(AppraisalCycle).order_by(AppraisalCycle.id.desc()))
        out["cycle"] = {"status": cycle.status, "publicity": cycle.publicity}
        tokens = {}

        def call(user, method, url, **body):
            c = app.test_client()
            if user not in tokens:
                r = c.post("/api/v1/security/login", json={
                    "username": user, "password": DEMO_PASSWORD, "provider": "db"})
                tokens[user] = r.json["access_token"]
            r = getattr(c, method)(url, json=body or None,
                                   headers={"Authorization": f"Bearer {tokens[user]}"})
            return r.status_code, (r.json if r.is_json else r.get_data(as_text=True))

        def page(user, url):
            c = app.test_client()
            c.post("/login/", data={"username": user, "password": DEMO_PASSWORD})
            r = c.get(url)
            return r.status_code, r.get_data(as_text=True)

        def go(user, pk, name, **body):
            return call(user, "post", f"/api/v1/appraisal/{pk}/transition/{name}", **body)[0]

        out["open"] = call("hr", "post",
                           f"/api/v1/appraisal_cycle/{cycle.id}/transition/open")[0]
        from app.org.models import Employee

        emp = {e.user.username: e for e in db.session.scalars(select(Employee))
               if e.user is not None}
        a = db.session.scalar(select(Appraisal).where(
            Appraisal.cycle_id == cycle.id, Appraisal.employee_id == emp["therapist1"].id))
        out["template"] = a.template.name
        status, rows = call("therapist1", "get", f"/api/v1/appraisal/{a.id}/indicators")
        out["indicators"] = {r["code"]: r["source"] for r in rows["result"]}
        manual = {r["code"]: 80 for r in rows["result"] if r["source"] == "manual"}
        steps = [go("therapist1", a.id, "submit", self_assessment="本月服務客戶按計劃完成"),
                 go("tech_head", a.id, "review", comment="已面談", scores=manual),
                 go("hr", a.id, "approve"), go("hr", a.id, "publish")]
        db.session.expire_all()
        a = db.session.get(Appraisal, a.id)
        out["public"] = a.public
        out["board_colleague"] = "唐静怡" in page("cs1", "/appraisalboard/")[1]
        out["board_own"] = "唐静怡" in page("therapist1", "/appraisalboard/")[1]
        out["seen_by_cs1"] = call("cs1", "get", f"/api/v1/appraisal/{a.id}")[0]
        steps += [go("therapist1", a.id, "appeal", comment="回訪記錄漏計"),
                  go("hr", a.id, "resolve", comment="已核實並答覆")]
        db.session.execute(update(Appraisal).where(Appraisal.id == a.id).values(
            publish_until=dt.date.today() - dt.timedelta(days=1)))
        db.session.commit()
        steps.append(go("hr", a.id, "finalize"))
        db.session.expire_all()
        a = db.session.get(Appraisal, a.id)
        out["steps"] = steps
        out["final"] = {"status": a.status, "grade": a.grade,
                        "bonus": None if a.bonus is None else str(a.bonus)}
    return out


if __name__ == "__main__":
    print("RESULT " + json.dumps(main(sys.argv[1]), ensure_ascii=False))
