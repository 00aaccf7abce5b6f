"""Customer-service demo data: SLA categories, ~20 complaints over both stores in every state
(some overdue), questionnaires, return visits and answers. Idempotent (natural keys)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core import audit
from app.core.models import utcnow
from app.extensions import db
from app.org.models import Department, Employee
from app.service.complaints import store_of
from app.service.models import Complaint, ComplaintCategory
from app.service.survey_models import Survey, SurveyAnswer, SurveyQuestion, SurveyTemplate

# code, name, first response (h), resolution (h), description
CATEGORIES = [
    ("attitude", "服務態度", 4, 48, "紅娘、客服或前台的態度、用語、禮儀問題"),
    ("quality", "服務質量", 8, 72, "匹配推薦不合適、約見安排失誤、跟進不及時"),
    ("fees", "收費問題", 8, 72, "收費標準、退費、合同金額爭議"),
    ("false_info", "信息不實", 4, 48, "對方資料不實、虛假宣傳"),
    ("privacy", "隱私泄露", 2, 24, "客戶資料、聯繫方式未經同意外泄"),
    ("event", "活動組織", 12, 96, "相親會、交友派對的組織與現場問題"),
    ("other", "其他", 24, 120, "其他意見與投訴"),
]

# no, store, hours ago, category, channel, complainant, phone, content, responsible dept, state,
# satisfaction
COMPLAINTS = [
    ("01", "TH", 2, "attitude", "phone", "陳小姐", "13800138001",
     "前台接待時態度冷淡，諮詢會員方案時被催促簽約。", None, "received", None),
    ("02", "TH", 30, "privacy", "wechat", "周先生", "13800138002",
     "未經同意，我的手機號被提供給了第三方婚慶公司。", None, "received", None),
    ("03", "TH", 20, "quality", "store", "林女士", "13800138003",
     "一個月內推薦的三位對象均不符合我填寫的擇偶要求。", "TH-MM", "assigned", None),
    ("04", "TH", 100, "false_info", "phone", "黃先生", "13800138004",
     "約見對象實際年齡比資料大五歲，學歷也與介紹不符。", "TH-MM", "investigating", None),
    ("05", "TH", 60, "fees", "email", "吳女士", "13800138005",
     "高級會員續費時多收了800元，要求說明並退回。", "TH-MM", "investigating", None),
    ("06", "TH", 200, "quality", "online", "鄭先生", "13800138006",
     "約見地點臨時更改未提前通知，白等了一個小時。", "TH-MM", "resolved", None),
    ("07", "TH", 300, "attitude", "phone", "馬女士", "13800138007",
     "回訪電話在深夜撥打，且客服語氣不耐煩。", "TH-CS", "resolved", None),
    ("08", "TH", 500, "event", "wechat", "何先生", "13800138008",
     "週末交友派對人數嚴重不足，男女比例失衡。", "TH-MM", "closed", 3),
    ("09", "TH", 700, "fees", "store", "羅女士", "13800138009",
     "退會申請提交兩週仍未辦理退費。", "TH-MM", "closed", 5),
    ("10", "TH", 400, "quality", "phone", "梁先生", "13800138010",
     "紅娘更換後沒有交接，新紅娘不了解我的情況。", "TH-MM", "resolved", None),
    ("11", "YX", 3, "attitude", "store", "王女士", "13900139011",
     "門店諮詢時等候四十分鐘無人接待。", None, "received", None),
    ("12", "YX", 50, "privacy", "phone", "劉先生", "13900139012",
     "前同事說在別處看到了我的會員資料照片。", "YX-MM", "assigned", None),
    ("13", "YX", 90, "false_info", "online", "張女士", "13900139013",
     "推薦對象聲稱未婚，見面後得知已離異且有孩子。", "YX-MM", "investigating", None),
    ("14", "YX", 150, "quality", "wechat", "趙先生", "13900139014",
     "簽約後兩週沒有任何推薦，紅娘不回微信。", "YX-MM", "resolved", None),
    ("15", "YX", 260, "fees", "phone", "孫女士", "13900139015",
     "合同寫明的贈送服務次數未兌現。", "YX-MM", "resolved", None),
    ("16", "YX", 480, "attitude", "email", "楊先生", "13900139016",
     "客服在電話中透露了其他會員的情況，很不專業。", "YX-CS", "closed", 4),
    ("17", "YX", 650, "event", "store", "朱女士", "13900139017",
     "相親會場地嘈雜，主持流程混亂。", "YX-MM", "closed", 3),
    ("18", "YX", 800, "other", "online", "徐先生", "13900139018",
     "希望增加週末晚間的約見時段。", "YX-CS", "closed", 5),
    ("19", "TH", 6, "other", "online", "高女士", "13800138019",
     "會員小程序無法修改擇偶要求。", None, "received", None),
    ("20", "YX", 26, "quality", "phone", "謝先生", "13900139020",
     "約見後紅娘沒有跟進雙方反饋。", "YX-MM", "assigned", None),
]

STEPS = ["received", "assigned", "investigating", "resolved", "followed_up", "closed"]
# 重大投訴 of the demo: forwarded by the 客服 head (000 客服主管).
MAJOR = {"02", "12"}
TRANSITION_OF = {"assigned": "assign", "investigating": "investigate", "resolved": "resolve",
                 "followed_up": "follow_up", "closed": "close"}


def _by(model, **kw):
    return db.session.scalar(select(model).filter_by(**kw))


def _seed_categories() -> dict[str, ComplaintCategory]:
    out = {}
    for code, name, resp, resolve, desc in CATEGORIES:
        cat = _by(ComplaintCategory, code=code)
        if cat is None:
            cat = ComplaintCategory(code=code, name=name, sla_response_hours=resp,
                                    sla_resolve_hours=resolve, description=desc)
            db.session.add(cat)
        out[code] = cat
    db.session.flush()
    return out


def _clients_by_store(depts: dict[str, Department]) -> dict[str, list]:
    try:
        from app.clients.models import Client
        from app.clients.public import demo_client_nos
    except ImportError:  # pragma: no cover
        return {}
    out = {}
    for store in ("TH", "YX"):
        ids = Department.subtree_ids(depts[store].id)
        out[store] = list(db.session.execute(
            select(Client.id, Client.department_id).where(
                Client.department_id.in_(ids), Client.client_no.in_(demo_client_nos()))
            .order_by(Client.id).limit(10)).all())
    return out


def _actor(people, username):
    emp = people.get(username)
    return (emp.user_id if emp else None), username


def _seed_complaint(spec, cats, depts, people, clients, now) -> bool:
    no, store, hours, cat, channel, name, phone, content, resp, state, sat = spec
    complaint_no = f"TS-DEMO-{no}"
    if _by(Complaint, complaint_no=complaint_no) is not None:
        return False
    prefix = store.lower()
    receiver = people[f"{prefix}_cs1"]
    received = (now - dt.timedelta(hours=hours)).replace(microsecond=0)
    category = cats[cat]
    c = Complaint(complaint_no=complaint_no, channel=channel, category=cat, content=content,
                  complainant_name=name, complainant_phone=phone, received_at=received,
                  received_by_id=receiver.id, received_department_id=receiver.department_id,
                  response_deadline=received + dt.timedelta(hours=category.sla_response_hours),
                  deadline=received + dt.timedelta(hours=category.sla_resolve_hours),
                  status=state, reopen_count=0, created_by_id=receiver.user_id,
                  created_at=received, major=no in MAJOR)
    pool = clients.get(store) or []
    if pool and int(no) % 3 == 0:
        c.client_id = pool[int(no) % len(pool)][0]
    if resp:
        c.department_id = depts[resp].id
    c.store_id = store_of(c.department_id) or store_of(c.received_department_id)
    # Each step a few hours after the previous one; history rows as the real actors.
    actors = {"assign": f"{prefix}_cs_head" if no in MAJOR else f"{prefix}_cs1",
              "investigate": _head_of(resp, prefix), "resolve": _head_of(resp, prefix),
              "follow_up": f"{prefix}_cs1", "close": None}
    rows, at = [], received
    for prev, step in zip(STEPS, STEPS[1:STEPS.index(state) + 1], strict=False):
        at += dt.timedelta(hours=max(1, hours // 8 if no == "10" else min(hours // 8, 12)))
        extra = {}
        if step == "assigned":
            c.assigned_at = at
            extra["department_id"] = c.department_id
        elif step == "investigating":
            c.investigating_at = at
            c.evidence = "已調取通話記錄及約見安排記錄，並與當事員工面談核實。"
        elif step == "resolved":
            c.resolved_at = at
            c.plan = "向客戶誠懇道歉；責任員工接受服務規範再培訓；調整相關流程並安排專人跟進。"
            c.result = "已致電客戶說明調查結果與整改措施，客戶表示理解。"
            c.finding = "upheld" if int(no) % 4 else "not_upheld"
            extra = {"finding": c.finding, "plan": c.plan, "result": c.result}
        elif step == "followed_up":
            c.followed_up_at = at
            c.satisfaction, c.satisfied = sat, True
            extra = {"client_satisfied": "satisfied", "satisfaction": sat}
        elif step == "closed":
            c.closed_at = at
        rows.append((prev, step, TRANSITION_OF[step], extra))
    db.session.add(c)
    db.session.flush()
    for prev, step, tname, extra in rows:
        # The return visit's answer closes the complaint: the engine's step, as "system".
        actor_id, actor_name = _actor(people, actors[tname]) if actors[tname] else (
            None, "system")
        audit.write(db.session, audit.ACTION_TRANSITION, "complaint", c.id, from_state=prev,
                    to_state=step, changes={"transition": tname, **extra},
                    actor_id=actor_id, actor_name=actor_name)
    return True


def _head_of(dept_code, prefix):
    if dept_code and dept_code.endswith("-CS"):
        return f"{prefix}_cs_head"
    return f"{prefix}_mm_head"


QUESTIONNAIRES = [
    ("服務滿意度調查問卷", "服務結束或階段性回訪時使用（規章：服務結束，填寫滿意度調查問卷）", [
        ("rating", "您對紅娘的服務態度是否滿意？", None),
        ("rating", "您對匹配推薦對象的質量是否滿意？", None),
        ("rating", "您對約見安排（時間、地點、提醒）是否滿意？", None),
        ("choice", "您是否願意向親友推薦我們？", ["願意", "不確定", "不願意"]),
        ("text", "您對我們的服務還有哪些意見和建議？", None),
    ]),
    ("投訴回訪問卷", "投訴處理完畢後的回訪", [
        ("rating", "您對投訴處理結果是否滿意？", None),
        ("rating", "您對處理速度是否滿意？", None),
        ("text", "還有什麼需要我們改進的？", None),
    ]),
]

# store, respondent, hours from now (negative: past), channel, answers (None: still scheduled)
VISITS = [
    ("TH", "陳志明", -240, "phone", [5, 4, 5, "願意", "紅娘很用心，希望推薦再多一些。"]),
    ("TH", "李嘉欣", -120, "wechat", [4, 3, 4, "不確定", "推薦的對象城市不太合適。"]),
    ("TH", "黃俊傑", -48, "questionnaire", [5, 5, 5, "願意", ""]),
    ("TH", "吳婷婷", 24, "phone", None),
    ("TH", "何美華", 72, "wechat", None),
    ("YX", "梁國華", -200, "phone", [3, 3, 4, "不確定", "約見時間希望安排在週末。"]),
    ("YX", "羅小燕", -96, "questionnaire", [5, 4, 5, "願意", "整體滿意。"]),
    ("YX", "鄭浩然", 48, "phone", None),
]


def _seed_questionnaires() -> dict[str, SurveyTemplate]:
    out = {}
    for name, desc, questions in QUESTIONNAIRES:
        tmpl = _by(SurveyTemplate, name=name)
        if tmpl is None:
            tmpl = SurveyTemplate(name=name, description=desc, active=True)
            db.session.add(tmpl)
            db.session.flush()
            for pos, (kind, text, choices) in enumerate(questions, start=1):
                db.session.add(SurveyQuestion(template_id=tmpl.id, position=pos, kind=kind,
                                              text=text, choices=choices, required=kind != "text"))
        out[name] = tmpl
    db.session.flush()
    return out


def _seed_visits(templates, people, now) -> int:
    tmpl = templates["服務滿意度調查問卷"]
    if db.session.scalar(select(Survey.id).where(Survey.template_id == tmpl.id).limit(1)):
        return 0
    questions = list(db.session.scalars(select(SurveyQuestion).where(
        SurveyQuestion.template_id == tmpl.id).order_by(SurveyQuestion.position)))
    n = 0
    for store, who, hours, channel, answers in VISITS:
        emp: Employee = people[f"{store.lower()}_cs1"]
        when = (now + dt.timedelta(hours=hours)).replace(microsecond=0)
        # A visit already made starts as done (a new row may start in any state; only the
        # engine changes it afterwards).
        s = Survey(purpose="return_visit", channel=channel, template_id=tmpl.id,
                   respondent_name=who, department_id=emp.department_id, assignee_id=emp.id,
                   scheduled_for=when, status="done" if answers else "scheduled",
                   done_at=when if answers else None, created_by_id=emp.user_id)
        db.session.add(s)
        db.session.flush()
        if answers:
            ratings = []
            for q, value in zip(questions, answers, strict=False):
                if value in ("", None):
                    continue
                field = {"rating": "rating", "choice": "choice", "text": "text"}[q.kind]
                db.session.add(SurveyAnswer(survey_id=s.id, question_id=q.id, **{field: value}))
                if q.kind == "rating":
                    ratings.append(value)
            s.satisfaction = round(sum(ratings) / len(ratings))
            s.result = "已完成回訪，意見已反饋紅娘部。"
        n += 1
    # A complaint follow-up survey for each closed demo complaint.
    follow = templates["投訴回訪問卷"]
    for c in db.session.scalars(select(Complaint).where(
            Complaint.complaint_no.like("TS-DEMO-%"), Complaint.status == "closed")):
        emp = db.session.get(Employee, c.received_by_id)
        db.session.add(Survey(purpose="complaint", channel="phone", template_id=follow.id,
                              complaint_id=c.id, respondent_name=c.complainant_name,
                              department_id=emp.department_id, assignee_id=emp.id,
                              scheduled_for=c.followed_up_at or now, done_at=c.followed_up_at,
                              status="done", satisfaction=c.satisfaction,
                              result="客戶對處理結果表示認可。", created_by_id=emp.user_id))
        n += 1
    return n


def seed(profile: str = "matchmaking", people=None, clients: int = 0) -> list[str]:
    people = people or {}
    if not all(u in people for u in ("th_cs1", "yx_cs1")):
        return ["service: skipped (profile has no customer-service staff)"]
    now = utcnow()
    cats = _seed_categories()
    depts = {d.code: d for d in db.session.scalars(select(Department))}
    client_pool = _clients_by_store(depts)
    added = sum(_seed_complaint(spec, cats, depts, people, client_pool, now)
                for spec in COMPLAINTS)
    templates = _seed_questionnaires()
    visits = _seed_visits(templates, people, now)
    db.session.commit()
    return [f"service: {len(cats)} complaint categories, {added} new complaints, "
            f"{len(templates)} questionnaires, {visits} new return visits / surveys"]
