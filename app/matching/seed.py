"""Demo matches, meetings, follow-ups and events (after app.clients.seed; idempotent).

Finds the demo clients (DEMO-…, see app.clients.seed) by query: active, with a matchmaker, at most
``CLIENTS_PER_MATCHMAKER`` of each, whatever else the register holds (generated or real
clients are never paired); with no demo clients it creates nothing. Existing pairs, follow-ups
and sign-ups are found in a few queries, so a second run on a register of 10^6 clients is a
no-op in well under a second. States are written directly (as a data load), with the
timestamps the lifecycle would set.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from app.core.models import utcnow
from app.core.scripts import variants
from app.extensions import db
from app.matching.models import ETIQUETTE_DEFAULT, Match, Meeting
from app.matching.models_event import Event, EventSignup
from app.matching.models_followup import FollowUp
from app.matching.scoring import score_pair

# (index of the client among the proposer's list, state); cross-store pairs marked "x".
STATES = ["proposed", "contacted", "accepted", "meeting_scheduled", "met", "dating",
          "relationship", "declined", "ended", "married"]
STAMPS = {"contacted": "contacted_at", "accepted": "accepted_at", "declined": "declined_at",
          "relationship": "relationship_at", "ended": "ended_at"}
ORDER = ["proposed", "contacted", "accepted", "meeting_scheduled", "met", "dating",
         "relationship", "married"]
PLACES = ["天河城星巴克（体育西路）", "正佳广场雕刻时光咖啡", "北京路太平馆西餐厅",
          "花城广场广州塔旁茶餐厅", "越秀公园北门茶室"]
FOLLOWUP_TEXTS = [
    ("phone", "电话回访：见面后感觉良好，希望继续了解对方。"),
    ("wechat", "微信沟通：客户近期工作忙，约定下月再安排见面。"),
    ("visit", "到店面谈：更新择偶要求，放宽年龄范围至 28–38 岁。"),
    ("phone", "电话回访：对服务满意，建议多推荐同城对象。"),
]


# The pairs below use a few dozen clients; never load a matchmaker's whole book.
CLIENTS_PER_MATCHMAKER = 100


def _clients_of(matchmaker):
    from app.clients.models import Client
    from app.clients.public import demo_client_nos

    return list(db.session.scalars(
        select(Client).where(Client.matchmaker_id == matchmaker.id, Client.status == "active",
                             Client.archived_at.is_(None),
                             Client.client_no.in_(demo_client_nos()))
        .order_by(Client.id).limit(CLIENTS_PER_MATCHMAKER)))


def _stamp_for(match, state, when):
    reached = ORDER[:ORDER.index(state) + 1] if state in ORDER else ["proposed", "contacted"]
    for s in reached + [state]:
        col = STAMPS.get(s)
        if col:
            setattr(match, col, when)


def _pair(a, b, state, proposer_mm, days_ago):
    lo, hi = sorted((a.id, b.id))
    if db.session.scalar(select(Match.id).where(Match.pair_low == lo, Match.pair_high == hi)):
        return None
    score, reasons = score_pair(a, b)
    when = utcnow() - dt.timedelta(days=days_ago)
    m = Match(client_id=a.id, candidate_id=b.id, pair_low=lo, pair_high=hi,
              matchmaker_id=a.matchmaker_id or proposer_mm.id,
              candidate_matchmaker_id=b.matchmaker_id, department_id=a.department_id,
              candidate_department_id=b.department_id, score=score, reasons=reasons,
              status=state, created_at=when, created_by_id=proposer_mm.user_id)
    _stamp_for(m, state, when + dt.timedelta(days=2))
    db.session.add(m)
    db.session.flush()
    if state in ("meeting_scheduled", "met", "dating", "relationship", "married", "ended"):
        held = state != "meeting_scheduled"
        mt = Meeting(match_id=m.id, place=PLACES[m.id % len(PLACES)],
                     time=when + dt.timedelta(days=5 if held else days_ago + 3, hours=19),
                     status="held" if held else "scheduled", etiquette=ETIQUETTE_DEFAULT,
                     recorded_by_id=proposer_mm.id)
        if held:
            mt.client_feedback = "对方谈吐得体，愿意继续接触。"
            mt.candidate_feedback = "印象不错，希望下次一起看电影。"
            mt.client_rating, mt.candidate_rating = 4, 5 if state != "ended" else 2
            mt.client_wishes_continue = True
            mt.candidate_wishes_continue = state != "ended"
            mt.guidance = "建议下次约在户外，多聊共同兴趣，节奏放慢。"
        if held or m.id % 2:
            # 在約見前紅娘應與客戶和匹配對象分別溝通: briefed (a few upcoming ones are not).
            mt.client_briefed_at = mt.candidate_briefed_at = mt.time - dt.timedelta(days=1)
            mt.client_briefing = mt.candidate_briefing = "已提醒准时到达、穿著得体。"
        db.session.add(mt)
    return m


def seed(profile="matchmaking", people=None, clients=0) -> list[str]:
    people = people or {}
    th, yx = people.get("th_mm1"), people.get("yx_mm1")
    th2 = people.get("th_mm2")
    if th is None or yx is None:
        return ["matching: demo matchmakers missing, nothing seeded"]
    th_clients = _clients_of(th) + (_clients_of(th2) if th2 else [])
    yx_clients = _clients_of(yx)
    if not th_clients and not yx_clients:
        return ["matching: no active clients yet (run app.clients.seed first), nothing seeded"]
    made, used = 0, {}
    # Pairs of opposite gender, same store first, then across stores (th × yx).
    pools = [(th_clients, th_clients, th, 10), (yx_clients, yx_clients, yx, 8),
             (th_clients, yx_clients, th, 4), (yx_clients, th_clients, yx, 3)]
    i = 0
    for left, right, mm, cap in pools:
        n = 0
        for a in left:
            b = next((b for b in right if b.gender != a.gender and b.id != a.id
                      and b.id not in used.get(a.id, ())), None)
            if b is None or n >= cap:
                continue
            used.setdefault(a.id, set()).add(b.id)
            used.setdefault(b.id, set()).add(a.id)
            if _pair(a, b, STATES[i % len(STATES)], mm, days_ago=40 - i % 40):
                made += 1
            i += 1
            n += 1
    db.session.flush()
    # Follow-ups: one recent and one overdue per client (idempotent by client + content).
    fu = 0
    today = dt.date.today()
    for n, c in enumerate((th_clients + yx_clients)[:12]):
        channel, text = FOLLOWUP_TEXTS[n % len(FOLLOWUP_TEXTS)]
        if db.session.scalar(select(FollowUp.id).where(FollowUp.client_id == c.id,
                                                       FollowUp.content == text)):
            continue
        overdue = n % 3 == 0
        at = utcnow() - dt.timedelta(days=30 if overdue else 3)
        db.session.add(FollowUp(client_id=c.id, matchmaker_id=c.matchmaker_id,
                                department_id=c.department_id, channel=channel, content=text,
                                followed_at=at,
                                next_due=(at + dt.timedelta(days=14)).date() if overdue
                                else today + dt.timedelta(days=11)))
        if c.last_followup_at is None or c.last_followup_at < at:
            c.last_followup_at = at
        fu += 1
    # Events: a 相親會 by 市場部 and a 交友派對 by 天河店, with sign-ups from both stores.
    from app.org.models import Department

    ev = 0
    mkt = db.session.scalar(select(Department).where(Department.code == "MKT"))
    th_store = db.session.scalar(select(Department).where(Department.code == "TH"))
    specs = [("珠江夜游单身相亲会", "matchmaking_party", 20, 40, mkt, "珠江夜游天字码头",
              Decimal("8600.00")),
             ("天河周末交友派对", "social_party", 9, 16, th_store, "天河店三楼活动室",
              Decimal("1800.00")),
             ("年终会员联谊会", "member_party", 30, 60, mkt, "珠江新城酒店宴会厅",
              Decimal("15800.00"))]
    for title, kind, in_days, cap, dept, place, cost in specs:
        if dept is None:
            continue
        e = db.session.scalar(select(Event).where(Event.title == title))
        if e is None:
            e = Event(title=title, kind=kind, capacity=cap, department_id=dept.id, place=place,
                      cost=cost,
                      starts_at=dt.datetime.combine(today + dt.timedelta(days=in_days),
                                                    dt.time(19, 0)),
                      status="open", description="名额有限，请红娘为客户提前报名。")
            db.session.add(e)
            db.session.flush()
            ev += 1
        have = db.session.scalar(select(func.count(EventSignup.id))
                                 .where(EventSignup.event_id == e.id)) or 0
        if have == 0:
            for c in (th_clients[:3] + yx_clients[:3])[:cap]:
                db.session.add(EventSignup(event_id=e.id, client_id=c.id,
                                           department_id=c.department_id,
                                           matchmaker_id=c.matchmaker_id, status="signed_up"))
    leads = _partners_and_leads(mkt, th_clients + yx_clients) if mkt is not None else 0
    db.session.commit()
    return [f"matching: {made} matches, {fu} follow-ups, {ev} events, {leads} lead sources"]


PARTNERS = [("珠江婚恋网", "dating_platform", "陈经理"),
            ("喜临门婚庆", "wedding_service", "李小姐"),
            ("天河区青年联谊中心", "community", "王主任")]


def _partners_and_leads(mkt, clients) -> int:
    """市场部's partner institutions, and where some demo clients came from (idempotent)."""
    from app.matching.models_marketing import LeadSource, Partner

    partners = []
    for name, kind, contact in PARTNERS:
        p = db.session.scalar(select(Partner).where(Partner.name.in_(variants(name))))
        if p is None:
            p = Partner(name=name, kind=kind, contact_person=contact, department_id=mkt.id)
            db.session.add(p)
            db.session.flush()
        partners.append(p)
    events = list(db.session.scalars(select(Event).order_by(Event.id).limit(3)))
    have = set(db.session.scalars(select(LeadSource.client_id)))
    made = 0
    for n, c in enumerate(clients[:18]):
        if c.id in have:
            continue
        src = LeadSource(client_id=c.id, department_id=c.department_id, note="示范资料")
        if n % 2 and events:
            src.event_id = events[n % len(events)].id
        else:
            src.partner_id = partners[n % len(partners)].id
        db.session.add(src)
        made += 1
    return made
