"""Demo clients (客户) for both stores, and `--clients N` generated clients in bulk.

``seed`` is idempotent: demo clients are found by client_no (DEMO-0001 …) in one query;
generated clients continue the G-numbering, so each `--clients N` adds N more. Bulk rows go in
with COPY on PostgreSQL and chunked executemany elsewhere; they obey the same rules as the form.

A large load on PostgreSQL (``BULK_INDEX_REBUILD`` rows or more, and more than the table holds)
drops the table's secondary indexes, copies, and rebuilds them from their saved definitions, all
in one transaction: maintaining 16 indexes row by row is most of a 10^6-row COPY. A progress bar
(tqdm) shows on a terminal; it is quiet when output is not a TTY or under CI.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random

from sqlalchemy import func, insert, select, text

from app.clients.models import Client
from app.extensions import db
from app.org.models import Department

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程"
GIVEN_F = ["晓燕", "雅婷", "思敏", "嘉欣", "慧琳", "诗琪", "美玲", "丽华", "静怡", "婉婷", "颖欣",
           "晓彤", "芷晴", "佩珊", "秀英", "梦洁", "海燕", "玉兰", "欣怡", "可欣"]
GIVEN_M = ["志强", "建华", "俊杰", "家豪", "文军", "浩然", "子轩", "国伟", "永明", "振宇", "伟明",
           "嘉诚", "冠宇", "泽宇", "明辉", "世杰", "立新", "少华", "宏亮", "博文"]
CITIES = [("广州", 70), ("佛山", 10), ("深圳", 8), ("东莞", 6), ("珠海", 3), ("中山", 3)]
EDUCATION = [("high_school", 10), ("associate", 22), ("bachelor", 45), ("master", 18),
             ("doctorate", 3), ("junior_high", 2)]
OCCUPATIONS = ["教师", "护士", "软件工程师", "会计", "公务员", "销售经理", "设计师", "医生", "律师",
               "个体经营", "银行职员", "外贸专员", "厨师", "物流主管", "市场专员"]
HOBBIES = ["旅行、摄影", "羽毛球、跑步", "烹饪、烘焙", "阅读、书法", "爬山、露营", "音乐、唱歌",
           "看电影、追剧", "瑜伽、游泳", "钓鱼、茶艺", "桌游、剧本杀"]
FAMILY = ["父母退休，独生子女", "父母经商，有一个姐姐", "父母均为教师，有一个弟弟",
          "单亲家庭，与母亲同住", "父母务农，兄妹三人", "父母在国企工作，家庭和睦"]
# 性格特點 (001): how the client describes themselves.
PERSONALITY = ["性格开朗，爱笑，喜欢交朋友", "温和细心，做事踏实", "独立自信，有上进心",
               "安静内敛，重感情", "幽默风趣，乐观积极", "成熟稳重，有责任心"]
STATUSES = [("active", 60), ("lead", 10), ("pending_review", 6), ("paused", 8), ("matched", 9),
            ("closed", 7)]
TIERS = [("standard", 65), ("premium", 27), ("private", 8)]
CHANNELS = [("store", 35), ("phone", 20), ("web", 25), ("referral", 12), ("event", 8)]
# (department, matchmaker usernames) — demo clients live in both 紅娘部.
STORES = [("TH-MM", ["th_mm1", "th_mm2"]), ("YX-MM", ["yx_mm1"])]

DEMO_COUNT = 60
COPY_CHUNK = 50_000
SQLITE_CHUNK = 5_000
BULK_INDEX_REBUILD = 100_000


def progress(total: int, desc: str, unit: str = "rows"):
    """A progress bar on a terminal; silent when output is piped, logged or under CI."""
    from app.core.progress import progress as core_progress

    return core_progress(total, desc, unit)


def demo_client_nos() -> list[str]:
    """The demo set's client numbers: other seeders find its clients by this unique key
    (an index lookup of 60, whatever else the register holds)."""
    return [f"DEMO-{i:04d}" for i in range(1, DEMO_COUNT + 1)]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _profile(rng: random.Random, i: int, today: dt.date) -> dict:
    """One realistic client's facts and preferences (valid under the model's rules)."""
    gender = "F" if i % 2 else "M"
    age = max(22, min(55, int(rng.gauss(33, 6))))
    birth = today - dt.timedelta(days=age * 365 + rng.randint(30, 330))
    height = int(rng.gauss(172, 6) if gender == "M" else rng.gauss(161, 5))
    height = max(150, min(195, height))
    income = int(max(3500, min(120000, rng.lognormvariate(9.4, 0.5))) // 500 * 500)
    given = rng.choice(GIVEN_F if gender == "F" else GIVEN_M)
    if gender == "M":
        lo, hi = max(18, age - 8), age + 2
        hmin, hmax = None, height - 2
    else:
        lo, hi = max(18, age - 2), age + 8
        hmin, hmax = height + 3, None
    marital = _pick(rng, [("never_married", 80), ("divorced", 17), ("widowed", 3)])
    return {
        "name": rng.choice(SURNAMES) + given, "gender": gender, "birth_date": birth,
        "height_cm": height, "weight_kg": int(height - (105 if gender == "M" else 112)
                                              + rng.randint(-5, 8)),
        "education": _pick(rng, EDUCATION), "city": _pick(rng, CITIES),
        "marital_status": marital, "has_children": marital != "never_married" and rng.random() < .4,
        "occupation": rng.choice(OCCUPATIONS), "income_monthly": income,
        "hobbies": rng.choice(HOBBIES), "family_background": rng.choice(FAMILY),
        "self_description": PERSONALITY[i % len(PERSONALITY)],
        "pref_age_min": lo, "pref_age_max": hi,
        "pref_height_min": hmin if rng.random() < .6 else None,
        "pref_height_max": hmax if rng.random() < .5 else None,
        "pref_education_min": rng.choice([None, None, "associate", "bachelor"]),
        "pref_cities": ["广州"] if rng.random() < .4 else None,
        "pref_marital_statuses": ["never_married"] if rng.random() < .3 else None,
        "pref_income_min": rng.choice([None, None, 5000, 8000, 15000]) if gender == "F" else None,
        "tier": _pick(rng, TIERS), "intake_channel": _pick(rng, CHANNELS),
    }


def seed_demo(people) -> int:
    rng = random.Random(20261123)
    today = dt.date.today()
    now = dt.datetime.now().replace(microsecond=0)
    depts = {d.code: d.id for d in db.session.scalars(select(Department))}
    have = set(db.session.scalars(select(Client.client_no).where(
        Client.client_no.in_(demo_client_nos()))))
    created = 0
    for i in range(1, DEMO_COUNT + 1):
        client_no = f"DEMO-{i:04d}"
        p = _profile(rng, i, today)
        if client_no in have:
            continue
        dept, mms = STORES[1] if i % 3 == 0 else STORES[0]
        status = _pick(rng, STATUSES) if i > 6 else "active"
        in_pool = i % 9 == 0
        mm = None if in_pool else people[mms[i % len(mms)]]
        assigned = now - dt.timedelta(days=rng.randint(5, 200))
        # Every 7th assigned client has gone quiet: it shows on the "due for return" list.
        quiet = i % 7 == 0
        c = Client(client_no=client_no, department_id=depts[dept], status=status,
                   matchmaker_id=mm.id if mm else None,
                   phone=f"158{i:04d}{(i * 7919) % 10000:04d}",
                   wechat=f"wx_demo{i:03d}", id_number=f"4401{1980 + i % 20}0{i % 9 + 1}"
                   f"{10 + i % 18}{i:04d}",
                   assigned_at=None if in_pool else assigned,
                   last_followup_at=None if in_pool or quiet
                   else now - dt.timedelta(days=rng.randint(1, 20)),
                   pool_since=now - dt.timedelta(days=rng.randint(1, 30)) if in_pool else None,
                   contract_no=f"HT{2026}{i:04d}" if status in ("active", "matched") else None,
                   created_by_id=(mm.user_id if mm else people["th_cs1"].user_id),
                   # Data care: most files verified lately, a few overdue; half consent.
                   verified_at=now - dt.timedelta(days=(i * 37) % 400),
                   share_consent_at=now - dt.timedelta(days=i) if i % 2 else None, **p)
        c.validate()
        db.session.add(c)
        created += 1
    db.session.commit()
    return created


def _generated_rows(n: int, start: int, dept_ids, seed: int):
    rng = random.Random(seed)
    today = dt.date.today()
    now = dt.datetime.now().replace(microsecond=0)
    for k in range(start, start + n):
        p = _profile(rng, k, today)
        dept, mm_ids = dept_ids[k % len(dept_ids)]
        created = now - dt.timedelta(days=rng.randint(0, 1000), seconds=rng.randint(0, 86399))
        mm = None if rng.random() < .1 else rng.choice(mm_ids)
        yield {
            **p, "client_no": f"G{k:08d}", "phone": f"19{k:09d}", "department_id": dept,
            "matchmaker_id": mm, "status": _pick(rng, STATUSES), "created_at": created,
            "assigned_at": created if mm else None,
            "last_followup_at": created + dt.timedelta(days=rng.randint(0, 60)) if mm else None,
        }


COLUMNS = ["client_no", "name", "gender", "birth_date", "height_cm", "weight_kg", "education",
           "city", "marital_status", "has_children", "occupation", "income_monthly", "phone",
           "hobbies", "family_background", "self_description", "pref_age_min", "pref_age_max",
           "pref_height_min",
           "pref_height_max", "pref_education_min", "pref_cities", "pref_marital_statuses",
           "pref_income_min", "tier", "intake_channel", "department_id", "matchmaker_id",
           "status", "created_at", "assigned_at", "last_followup_at"]


def _secondary_indexes(cur) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the client table's indexes that back no constraint
    (primary key, unique and exclusion constraints stay: they keep the data right)."""
    cur.execute("""
        SELECT i.relname, pg_get_indexdef(x.indexrelid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = 'client'::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY i.relname""")
    return list(cur.fetchall())


def _copy(rows, n: int, rebuild_indexes: bool) -> None:
    """PostgreSQL COPY in chunks, in one transaction; with ``rebuild_indexes`` the secondary
    indexes are dropped first and rebuilt after (the same transaction: all or nothing)."""
    conn = db.engine.raw_connection()
    try:
        cur = conn.cursor()
        indexes = _secondary_indexes(cur) if rebuild_indexes else []
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        sql = f"COPY client ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
        buf, pending = io.StringIO(), 0
        w = csv.writer(buf)
        with progress(n, "clients") as bar:
            for row in rows:
                w.writerow([_csv(row[c]) for c in COLUMNS])
                pending += 1
                if pending >= COPY_CHUNK:
                    buf.seek(0)
                    cur.copy_expert(sql, buf)
                    bar.update(pending)
                    buf, pending = io.StringIO(), 0
                    w = csv.writer(buf)
            if pending:
                buf.seek(0)
                cur.copy_expert(sql, buf)
                bar.update(pending)
        if indexes:
            cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
            with progress(len(indexes), "indexes", unit="indexes") as bar:
                for _, ddl in indexes:
                    cur.execute(ddl)
                    bar.update(1)
        conn.commit()
        # VACUUM, not only ANALYZE: the first reads of freshly copied rows would otherwise
        # set their hint bits (a write per page: candidate searches read 11k pages and wrote
        # 3k on a fresh 10^6 load), and index-only scans need the visibility map.
        raw = conn.dbapi_connection  # the driver's connection: the pool's has no autocommit
        raw.autocommit = True
        try:
            raw.cursor().execute("VACUUM (ANALYZE) client")
        finally:
            raw.autocommit = False
    finally:
        conn.close()


def _csv(value):
    if value is None:
        return None
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


def _executemany(rows, n: int) -> None:
    table = Client.__table__
    chunk = []
    with progress(n, "clients") as bar:
        for row in rows:
            chunk.append(row)
            if len(chunk) >= SQLITE_CHUNK:
                db.session.execute(insert(table), chunk)
                bar.update(len(chunk))
                chunk = []
        if chunk:
            db.session.execute(insert(table), chunk)
            bar.update(len(chunk))
    db.session.commit()


def generated_so_far() -> int:
    """How many clients were generated: they are numbered G00000001, G00000002, … (the
    unique client_no index answers; no COUNT)."""
    last = db.session.scalar(select(func.max(Client.client_no)).where(
        Client.client_no.like("G%")))
    return int(last[1:]) if last else 0


def ensure_generated(total: int, people) -> int:
    """Generate clients until ``total`` have been generated (``seed demo --clients N``): a
    second run adds nothing, a larger N adds the difference."""
    return seed_generated(total - generated_so_far(), people)


def seed_generated(n: int, people) -> int:
    """Add ``n`` generated clients, numbered after the last one."""
    if n <= 0:
        return 0
    depts = {d.code: d.id for d in db.session.scalars(select(Department))}
    dept_ids = [(depts[code], [people[u].id for u in users]) for code, users in STORES]
    start = generated_so_far() + 1
    rows = _generated_rows(n, start, dept_ids, seed=start)
    if db.engine.dialect.name == "postgresql":
        rebuild = n >= BULK_INDEX_REBUILD and n > _estimated_clients()
        db.session.commit()
        _copy(rows, n, rebuild_indexes=rebuild)
    else:
        _executemany(rows, n)
    return n


def _estimated_clients() -> int:
    """The planner's row count of the client table (PostgreSQL; no COUNT over 10^6 rows)."""
    est = db.session.scalar(text("SELECT reltuples::bigint FROM pg_class "
                                 "WHERE oid = 'client'::regclass"))
    return max(int(est or 0), 0)


def seed(profile="matchmaking", people=None, clients: int = 0) -> list[str]:
    made = seed_demo(people)
    added = ensure_generated(clients, people)
    lines = [f"clients: {made} demo clients added ({DEMO_COUNT} in the demo set)"]
    if added:
        lines.append(f"clients: {added} generated clients added")
    return lines
