"""Demo appraisal data: KPI templates from the rule books' own lists, and last month's cycle
as a draft: HR opens it (issue 11's demo: one appraisal per employee with a template, values
computed from the demo records), the satisfaction visits and training results it reads, and
last month's 服务之星.

Matchmaking (book 000 绩效考核指标设定): 红娘部 / 客服部 / 市场部 / 行政部 / 财务部.
Postpartum (book 002 绩效考核指标): 业务 / 技术 / 客服 / 行政人员, results fed back privately.
Idempotent: templates and cycles are found by name; opening only adds what is missing.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core.scripts import variants
from app.extensions import db


def _i(code, name, weight, source="manual", rule="linear", target=None, **kw):
    item = {"code": code, "name": name, "weight": weight, "source": source, "rule": rule}
    if target is not None:
        item["target"] = target
    item.update(kw)
    return item


MATCHMAKING = [
    # (name, "position" | "department", code, indicators)
    ("红娘月度考核", "position", "MM", [
        _i("relationships", "成功配对数量", 30, "matching.relationships", target=2),
        _i("satisfaction", "客户满意度", 20, "matching.satisfaction", target=4.5),
        _i("service_quality", "服务质量评估", 15),
        _i("complaint_rate", "客户投诉率", 10, "matching.complaint_rate", "linear_lower",
           target=5),
        _i("meetings", "安排约见", 10, "matching.meetings_held", target=4),
        _i("followups", "按时回访", 5, "matching.followups_on_time", target=90),
        # 000: 將培訓成績和評估結果與員工績效考核掛鉤
        _i("training", "培训成绩", 10, "training.score", target=100),
    ]),
    ("红娘主管月度考核", "position", "MM-HEAD", [
        _i("relationships", "成功配对数量", 25, "matching.relationships", target=3),
        _i("satisfaction", "客户满意度", 20, "matching.satisfaction", target=4.5),
        _i("complaint_rate", "客户投诉率", 15, "matching.complaint_rate", "linear_lower",
           target=5),
        _i("team", "团队管理与培训", 25),
        _i("followups", "按时回访", 15, "matching.followups_on_time", target=90),
    ]),
    ("客服月度考核", "position", "CS", [
        _i("answer_accuracy", "客户咨询解答准确率", 20),
        _i("on_time", "投诉处理及时率", 30, "service.complaint_on_time_rate", target=95),
        _i("satisfaction", "客户满意度", 25, "service.satisfaction", target=4.5),
        _i("return_visits", "回访完成率", 15, "service.return_visits_completed", target=90),
        _i("feedback", "客户反馈意见的收集和处理", 10),
    ]),
    ("客服主管月度考核", "position", "CS-HEAD", [
        _i("on_time", "投诉处理及时率", 30, "service.complaint_on_time_rate", target=95),
        _i("resolution", "投诉解决率", 20, "service.complaint_resolution_rate", target=90),
        _i("satisfaction", "客户满意度", 20, "service.satisfaction", target=4.5),
        _i("team", "客服团队管理", 30),
    ]),
    ("市场部月度考核", "department", "MKT", [
        # 000: 市場推廣活動效果 (leads per event), 業務渠道拓展數量 (new partner institutions)
        _i("campaigns", "市场推广活动效果（每场活动获客）", 40, "market.leads_per_event",
           target=10),
        _i("channels", "业务渠道拓展数量", 30, "market.new_partners", target=2),
        _i("research", "市场调研分析报告质量", 30),
    ]),
    ("行政部月度考核", "department", "ADM", [
        _i("hr_work", "人事工作完成情况", 40),
        _i("admin_rules", "行政管理规范执行情况", 30),
        _i("logistics", "后勤保障满意度", 30),
    ]),
    ("财务部月度考核", "department", "FIN", [
        _i("reports", "财务报表准确性", 40),
        _i("funds", "资金管理安全性", 30),
        _i("tax", "税务合规性", 30),
    ]),
]

_ATTITUDE = _i("attitude", "工作态度（出勤、纪律、团队合作）", 20)
POSTPARTUM = [
    ("产后·业务人员月度考核", "department", "BIZ", [
        _i("sales", "销售额", 35), _i("orders", "订单量", 25),
        _i("new_clients", "客户拓展数量", 20), _ATTITUDE,
    ]),
    ("产后·技术人员月度考核", "department", "TECH", [
        _i("served", "服务客户数量", 30), _i("quality", "服务质量评价", 25),
        _i("satisfaction", "客户满意度", 25, "service.satisfaction", target=4.5), _ATTITUDE,
    ]),
    ("产后·客服人员月度考核", "department", "CS", [
        _i("handled", "客户投诉处理率", 30, "service.complaint_resolution_rate", target=90),
        _i("satisfaction", "客户满意度", 30, "service.satisfaction", target=4.5),
        _i("return_visits", "客户回访成功率", 20, "service.return_visits_completed",
           target=90),
        _ATTITUDE,
    ]),
    ("产后·行政人员月度考核", "department", "ADM", [
        _i("tasks", "工作任务完成率", 40), _i("errors", "工作差错率", 20),
        _i("cooperation", "部门协作满意度", 20), _ATTITUDE,
    ]),
]

PROFILES = {"matchmaking": (MATCHMAKING, "company"), "postpartum": (POSTPARTUM, "private")}


def annual_twin() -> list[dict]:
    """The annual evaluation: the year's monthly results plus the supervisor's annual review
    (000 年度考核在月度考核的基础上进行; 002 年度考核结果为全年月度考核结果的综合)."""
    return [_i("monthly", "全年月度考核综合", 70, "appraisal.monthly_average", target=100),
            _i("annual_review", "上级主管年度评价", 30)]


def _templates(profile: str, entries) -> int:
    from app.appraisal.models import KpiTemplate
    from app.org.models import Department, Position

    made = 0
    for name, kind, code, indicators in entries:
        model = Position if kind == "position" else Department
        target = db.session.scalar(select(model.id).where(model.code == code))
        if target is None:
            continue
        for period, tname, items in (("monthly", name, indicators),
                                     ("annual", name.replace("月度", "年度"),
                                      annual_twin())):
            same_name = KpiTemplate.name.in_(variants(tname))  # seeded in either script
            if db.session.scalar(select(KpiTemplate.id).where(same_name)):
                continue
            t = KpiTemplate(name=tname, profile=profile, period=period, indicators=items,
                            **{f"{kind}_id": target})
            t.validate()
            db.session.add(t)
            made += 1
    return made


def last_month(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or dt.date.today()
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


SURVEY_NOTE = "月度满意度回访（考核数据）"
# matchmaker, the store's customer-service officer, satisfaction given by her clients
SATISFACTION = [("th_mm1", "th_cs1", (5, 4, 4)), ("th_mm2", "th_cs1", (3, 4)),
                ("yx_mm1", "yx_cs1", (4, 5))]


def _satisfaction_surveys(people, start: dt.date) -> int:
    """Satisfaction visits of the matchmakers' clients last month: the 客户满意度 indicator
    has records to show (the service demo's visits are of complainants)."""
    from app.clients.models import Client
    from app.service.survey_models import Survey

    made = 0
    for mm, cs, ratings in SATISFACTION:
        if mm not in people or cs not in people:
            continue
        clients = db.session.scalars(select(Client).where(
            Client.matchmaker_id == people[mm].id).order_by(Client.id).limit(len(ratings)))
        for i, (client, rating) in enumerate(zip(clients, ratings, strict=False)):
            if db.session.scalar(select(Survey.id).where(Survey.client_id == client.id,
                                                         Survey.result == SURVEY_NOTE)):
                continue
            when = dt.datetime.combine(start + dt.timedelta(days=5 + 7 * i), dt.time(15))
            db.session.add(Survey(purpose="satisfaction", channel="phone", client_id=client.id,
                                  department_id=people[cs].department_id,
                                  assignee_id=people[cs].id, scheduled_for=when, done_at=when,
                                  status="done", satisfaction=rating, result=SURVEY_NOTE,
                                  created_by_id=people[cs].user_id))
            made += 1
    return made


# title, kind, trainer, days after the start of last month, results {username: [scores]}
TRAININGS = [
    ("红娘服务流程与客户沟通技巧", "internal", "张美玲", 10,
     {"th_mm1": [88], "th_mm2": [52, 76], "yx_mm1": [81]}),
    ("婚恋心理咨询（外部课程）", "external", "外部培训机构", 40, {}),
    ("客户服务意识在线课程", "online", "在线学习平台", 50, {}),
]


def _trainings(people, start: dt.date) -> int:
    """The annual plan's sessions (000 内部培训 / 外部培训 / 在线学习) and last month's
    results, with a re-test after a failed exam (002: 直至合格为止)."""
    from app.appraisal.models_training import Training, TrainingRecord

    made = 0
    for title, kind, trainer, days, results in TRAININGS:
        when = dt.datetime.combine(start + dt.timedelta(days=days), dt.time(14))
        t = db.session.scalar(select(Training).where(Training.title == title))
        if t is None:
            t = Training(title=title, kind=kind, trainer=trainer, starts_at=when,
                         plan_year=when.year, goal="提升业务知识、专业技能、沟通技巧与服务意识",
                         status="held" if when.date() < dt.date.today() else "planned")
            t.validate()
            db.session.add(t)
            db.session.flush()
            made += 1
        for username, scores in results.items():
            if username not in people:
                continue
            for attempt, score in enumerate(scores, start=1):
                if db.session.scalar(select(TrainingRecord.id).where(
                        TrainingRecord.training_id == t.id,
                        TrainingRecord.employee_id == people[username].id,
                        TrainingRecord.attempt == attempt)):
                    continue
                r = TrainingRecord(training_id=t.id, employee_id=people[username].id,
                                   attempt=attempt, score=score, attended=True)
                r.validate()
                db.session.add(r)
                db.session.flush()
    return made


# 000 榮譽激勵: last month's 服務之星 (the demo's personnel file shows it).
HONOURS = [("th_mm1", "service_star", "客户满意度与按时回访表现突出")]


def _honours(people, cycle) -> int:
    from app.appraisal.models_people import Honour

    made = 0
    for username, title, reason in HONOURS:
        if username not in people:
            continue
        emp = people[username]
        if db.session.scalar(select(Honour.id).where(Honour.employee_id == emp.id,
                                                     Honour.cycle_id == cycle.id,
                                                     Honour.title == title)):
            continue
        h = Honour(employee_id=emp.id, title=title, cycle_id=cycle.id, reason=reason,
                   awarded_on=min(cycle.end_date + dt.timedelta(days=3), dt.date.today()))
        h.validate()
        db.session.add(h)
        made += 1
    return made


def seed(profile: str = "matchmaking", people=None, clients: int = 0) -> list[str]:
    from app.appraisal.models import Appraisal, AppraisalCycle
    from app.appraisal.services import open_cycle

    if profile not in PROFILES:
        return []
    entries, publicity = PROFILES[profile]
    made = _templates(profile, entries)
    db.session.flush()
    start, end = last_month()
    visits = _satisfaction_surveys(people or {}, start) if profile == "matchmaking" else 0
    trainings = _trainings(people or {}, start) if profile == "matchmaking" else 0
    name = f"{start.year}年{start.month}月考核"
    cycle = db.session.scalar(select(AppraisalCycle).where(AppraisalCycle.name.in_(variants(name))))
    if cycle is None:
        # A draft: HR opens it (the ``open`` transition creates the appraisals).
        cycle = AppraisalCycle(name=name, period="monthly", start_date=start, end_date=end,
                               publish_days=3, publicity=publicity, status="draft")
        cycle.validate()
        db.session.add(cycle)
        db.session.flush()
    created = open_cycle(cycle) if cycle.status == "open" else 0
    honours = _honours(people or {}, cycle) if profile == "matchmaking" else 0
    db.session.commit()
    total = db.session.scalar(select(db.func.count(Appraisal.id))
                              .where(Appraisal.cycle_id == cycle.id))
    return [f"appraisal: {made} KPI templates added, {visits} satisfaction visits, "
            f"{trainings} trainings, {honours} honours, cycle {name} {cycle.status} with "
            f"{total} appraisals ({created} new)"]
