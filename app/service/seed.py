"""Customer-service demo data: SLA categories, ~20 complaints over both stores in every state
(some overdue), questionnaires, return visits and answers. Idempotent (natural keys)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core import audit
from app.core.models import utcnow
from app.core.scripts import variants
from app.extensions import db
from app.org.models import Department, Employee
from app.service.complaints import store_of
from app.service.models import Complaint, ComplaintCategory
from app.service.survey_models import Survey, SurveyAnswer, SurveyQuestion, SurveyTemplate

# code, name, first response (h), resolution (h), description
CATEGORIES = [
    ("attitude", "服务态度", 4, 48, "红娘、客服或前台的态度、用语、礼仪问题"),
    ("quality", "服务质量", 8, 72, "匹配推荐不合适、约见安排失误、跟进不及时"),
    ("fees", "收费问题", 8, 72, "收费标准、退费、合同金额争议"),
    ("false_info", "信息不实", 4, 48, "对方资料不实、虚假宣传"),
    ("privacy", "隐私泄露", 2, 24, "客户资料、联系方式未经同意外泄"),
    ("event", "活动组织", 12, 96, "相亲会、交友派对的组织与现场问题"),
    ("other", "其他", 24, 120, "其他意见与投诉"),
]

# no, store, hours ago, category, channel, complainant, phone, content, responsible dept, state,
# satisfaction
COMPLAINTS = [
    ("01", "TH", 2, "attitude", "phone", "陈小姐", "13800138001",
     "前台接待时态度冷淡，咨询会员方案时被催促签约。", None, "received", None),
    ("02", "TH", 30, "privacy", "wechat", "周先生", "13800138002",
     "未经同意，我的手机号被提供给了第三方婚庆公司。", None, "received", None),
    ("03", "TH", 20, "quality", "store", "林女士", "13800138003",
     "一个月内推荐的三位对象均不符合我填写的择偶要求。", "TH-MM", "assigned", None),
    ("04", "TH", 100, "false_info", "phone", "黄先生", "13800138004",
     "约见对象实际年龄比资料大五岁，学历也与介绍不符。", "TH-MM", "investigating", None),
    ("05", "TH", 60, "fees", "email", "吴女士", "13800138005",
     "高级会员续费时多收了800元，要求说明并退回。", "TH-MM", "investigating", None),
    ("06", "TH", 200, "quality", "online", "郑先生", "13800138006",
     "约见地点临时更改未提前通知，白等了一个小时。", "TH-MM", "resolved", None),
    ("07", "TH", 300, "attitude", "phone", "马女士", "13800138007",
     "回访电话在深夜拨打，且客服语气不耐烦。", "TH-CS", "resolved", None),
    ("08", "TH", 500, "event", "wechat", "何先生", "13800138008",
     "周末交友派对人数严重不足，男女比例失衡。", "TH-MM", "closed", 3),
    ("09", "TH", 700, "fees", "store", "罗女士", "13800138009",
     "退会申请提交两周仍未办理退费。", "TH-MM", "closed", 5),
    ("10", "TH", 400, "quality", "phone", "梁先生", "13800138010",
     "红娘更换后没有交接，新红娘不了解我的情况。", "TH-MM", "resolved", None),
    ("11", "YX", 3, "attitude", "store", "王女士", "13900139011",
     "门店咨询时等候四十分钟无人接待。", None, "received", None),
    ("12", "YX", 50, "privacy", "phone", "刘先生", "13900139012",
     "前同事说在别处看到了我的会员资料照片。", "YX-MM", "assigned", None),
    ("13", "YX", 90, "false_info", "online", "张女士", "13900139013",
     "推荐对象声称未婚，见面后得知已离异且有孩子。", "YX-MM", "investigating", None),
    ("14", "YX", 150, "quality", "wechat", "赵先生", "13900139014",
     "签约后两周没有任何推荐，红娘不回微信。", "YX-MM", "resolved", None),
    ("15", "YX", 260, "fees", "phone", "孙女士", "13900139015",
     "合同写明的赠送服务次数未兑现。", "YX-MM", "resolved", None),
    ("16", "YX", 480, "attitude", "email", "杨先生", "13900139016",
     "客服在电话中透露了其他会员的情况，很不专业。", "YX-CS", "closed", 4),
    ("17", "YX", 650, "event", "store", "朱女士", "13900139017",
     "相亲会场地嘈杂，主持流程混乱。", "YX-MM", "closed", 3),
    ("18", "YX", 800, "other", "online", "徐先生", "13900139018",
     "希望增加周末晚间的约见时段。", "YX-CS", "closed", 5),
    ("19", "TH", 6, "other", "online", "高女士", "13800138019",
     "会员小程序无法修改择偶要求。", None, "received", None),
    ("20", "YX", 26, "quality", "phone", "谢先生", "13900139020",
     "约见后红娘没有跟进双方反馈。", "YX-MM", "assigned", None),
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
            c.evidence = "已调取通话记录及约见安排记录，并与当事员工面谈核实。"
        elif step == "resolved":
            c.resolved_at = at
            c.plan = "向客户诚恳道歉；责任员工接受服务规范再培训；调整相关流程并安排专人跟进。"
            c.result = "已致电客户说明调查结果与整改措施，客户表示理解。"
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
    ("服务满意度调查问卷", "服务结束或阶段性回访时使用（规章：服务结束，填写满意度调查问卷）", [
        ("rating", "您对红娘的服务态度是否满意？", None),
        ("rating", "您对匹配推荐对象的质量是否满意？", None),
        ("rating", "您对约见安排（时间、地点、提醒）是否满意？", None),
        ("choice", "您是否愿意向亲友推荐我们？", ["愿意", "不确定", "不愿意"]),
        ("text", "您对我们的服务还有哪些意见和建议？", None),
    ]),
    ("投诉回访问卷", "投诉处理完毕后的回访", [
        ("rating", "您对投诉处理结果是否满意？", None),
        ("rating", "您对处理速度是否满意？", None),
        ("text", "还有什么需要我们改进的？", None),
    ]),
]

# store, respondent, hours from now (negative: past), channel, answers (None: still scheduled)
VISITS = [
    ("TH", "陈志明", -240, "phone", [5, 4, 5, "愿意", "红娘很用心，希望推荐再多一些。"]),
    ("TH", "李嘉欣", -120, "wechat", [4, 3, 4, "不确定", "推荐的对象城市不太合适。"]),
    ("TH", "黄俊杰", -48, "questionnaire", [5, 5, 5, "愿意", ""]),
    ("TH", "吴婷婷", 24, "phone", None),
    ("TH", "何美华", 72, "wechat", None),
    ("YX", "梁国华", -200, "phone", [3, 3, 4, "不确定", "约见时间希望安排在周末。"]),
    ("YX", "罗小燕", -96, "questionnaire", [5, 4, 5, "愿意", "整体满意。"]),
    ("YX", "郑浩然", 48, "phone", None),
]


def _seed_questionnaires() -> dict[str, SurveyTemplate]:
    out = {}
    for name, desc, questions in QUESTIONNAIRES:
        tmpl = db.session.scalar(
            select(SurveyTemplate).where(SurveyTemplate.name.in_(variants(name))))
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
    tmpl = templates["服务满意度调查问卷"]
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
            s.result = "已完成回访，意见已反馈红娘部。"
        n += 1
    # A complaint follow-up survey for each closed demo complaint.
    follow = templates["投诉回访问卷"]
    for c in db.session.scalars(select(Complaint).where(
            Complaint.complaint_no.like("TS-DEMO-%"), Complaint.status == "closed")):
        emp = db.session.get(Employee, c.received_by_id)
        db.session.add(Survey(purpose="complaint", channel="phone", template_id=follow.id,
                              complaint_id=c.id, respondent_name=c.complainant_name,
                              department_id=emp.department_id, assignee_id=emp.id,
                              scheduled_for=c.followed_up_at or now, done_at=c.followed_up_at,
                              status="done", satisfaction=c.satisfaction,
                              result="客户对处理结果表示认可。", created_by_id=emp.user_id))
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
