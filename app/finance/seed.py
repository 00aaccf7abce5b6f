"""Finance demo data: expense categories (stop / warn), this year's approved budget per
department, next year's draft for the marketing department, and claims in every state with a
small generated receipt. Idempotent: categories by code, budgets by (year, department), claims
by (employee, purpose)."""
from __future__ import annotations

import datetime as dt
import os
import struct
import uuid
import zlib
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from app.core.attachments import Attachment
from app.extensions import db
from app.finance.contracts import TIER_PRICES, TIER_SERVICES, Contract, Payment
from app.finance.control import resolve_budget
from app.finance.models import Budget, BudgetLine, Expense, ExpenseCategory
from app.finance.standards import ExpenseStandard
from app.org.models import Department

# code, name, control, kind, description
CATEGORIES = [
    ("TRAVEL", "差旅费", "stop", "expense", "出差交通、住宿、补助"),
    ("MEAL", "业务招待费", "warn", "expense", "客户接待、餐饮"),
    ("OFFICE", "办公费", "warn", "expense", "办公用品、耗材、邮寄"),
    ("MKT", "市场推广费", "stop", "expense", "广告投放、活动场地、宣传物料"),
    ("TRAIN", "培训费", "stop", "expense", "内外部培训、教材"),
    ("SERVICE", "服务收入", "stop", "income", "会员服务费收入"),
    ("EQUIP", "设备购置", "stop", "capital", "电脑、办公设备"),
]

# Annual lines per department (category, amount); OFFICE is budgeted by month.
ANNUAL = [("TRAVEL", "24000.00"), ("MEAL", "12000.00"), ("TRAIN", "8000.00"),
          ("EQUIP", "15000.00")]
MONTHLY_OFFICE = Decimal("800.00")
MARKETING_EXTRA = [("MKT", "120000.00")]
NEXT_YEAR_MARKETING = [("MKT", "150000.00"), ("TRAVEL", "30000.00"), ("MEAL", "15000.00")]

# username, category, amount, days ago, purpose, state
CLAIMS = [
    ("th_mm1", "TRAVEL", "386.50", 20, "客户约见交通费（天河—番禺）", "paid"),
    ("th_mm1", "MEAL", "268.00", 12, "与客户家长午餐沟通", "finance_approved"),
    ("th_mm2", "OFFICE", "129.90", 8, "客户档案夹与打印纸", "head_approved"),
    ("th_mm1", "TRAVEL", "520.00", 5, "相亲会场地考察交通费", "submitted"),
    ("th_mm2", "MEAL", "180.00", 3, "客户回访茶点", "draft"),
    ("th_cs1", "OFFICE", "95.00", 15, "客服耳机更换", "rejected"),
    ("yx_mm1", "TRAVEL", "310.00", 18, "越秀客户上门拜访交通费", "paid"),
    ("yx_cs1", "MEAL", "150.00", 6, "投诉客户致歉茶叙", "submitted"),
    ("mkt_head", "MKT", "8800.00", 25, "秋季相亲会场地租赁", "paid"),
    ("mkt_head", "MKT", "3600.00", 4, "公众号推广投放", "submitted"),
]


# Company-wide expense standards (費用標準): category, basis, limit, extra approver, note.
STANDARDS = [
    ("MEAL", "per_claim", "500.00", "Executive", "每次业务招待不超过 500 元，超出由总经理加签"),
    ("TRAVEL", "per_claim", "2000.00", "Executive", "每次出差不超过 2,000 元，超出由总经理加签"),
    ("OFFICE", "per_month", "300.00", "Finance", "每人每月办公费不超过 300 元，超出由财务加签"),
]


def _standards() -> int:
    have = {(s.category, s.basis) for s in db.session.scalars(
        select(ExpenseStandard).where(ExpenseStandard.department_id.is_(None),
                                      ExpenseStandard.position_id.is_(None),
                                      ExpenseStandard.role_kind.is_(None)))}
    made = 0
    for category, basis, limit, approver, note in STANDARDS:
        if (category, basis) not in have:
            db.session.add(ExpenseStandard(category=category, basis=basis,
                                           limit=Decimal(limit), approver_kind=approver,
                                           note=note))
            made += 1
    return made


def tiny_png() -> bytes:
    """A 1×1 white PNG: a stand-in scanned receipt."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def _categories() -> dict[str, ExpenseCategory]:
    have = {c.code: c for c in db.session.scalars(select(ExpenseCategory))}
    for code, name, control, kind, desc in CATEGORIES:
        if code not in have:
            have[code] = ExpenseCategory(code=code, name=name, control=control, kind=kind,
                                         description=desc)
            db.session.add(have[code])
    db.session.flush()
    return have


def _budget(year: int, dept: Department, status: str, lines) -> tuple[Budget, bool]:
    budget = db.session.scalar(select(Budget).where(Budget.year == year,
                                                    Budget.department_id == dept.id))
    if budget is not None:
        return budget, False
    budget = Budget(year=year, department_id=dept.id, status=status, version=1,
                    note="示范预算" if status == "approved" else "明年预算草稿")
    if status == "approved":
        budget.approved_at = dt.datetime(year, 1, 5, 9, 0)
    db.session.add(budget)
    db.session.flush()
    for category, kind, month, amount in lines:
        db.session.add(BudgetLine(budget_id=budget.id, department_id=dept.id, version=1,
                                  category=category, kind=kind, month=month,
                                  amount=Decimal(amount)))
    return budget, True


def _lines_for(dept: Department, marketing: bool) -> list[tuple]:
    lines = [(c, "expense" if c != "EQUIP" else "capital", None, a) for c, a in ANNUAL]
    lines += [("OFFICE", "expense", m, MONTHLY_OFFICE) for m in range(1, 13)]
    if marketing:
        lines += [(c, "expense", None, a) for c, a in MARKETING_EXTRA]
    if dept.kind == "store":
        lines.append(("SERVICE", "income", None, "600000.00"))
    return lines


def _receipt(expense: Expense) -> None:
    if db.session.scalar(select(Attachment.id).where(Attachment.resource == "expense",
                                                     Attachment.record_id == expense.id)):
        return
    rel = f"attachments/expense/{expense.id}/{uuid.uuid4().hex}.png"
    full = os.path.join(current_app.config["UPLOAD_ROOT"], rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    data = tiny_png()
    with open(full, "wb") as fh:
        fh.write(data)
    db.session.add(Attachment(resource="expense", record_id=expense.id, name="发票.png",
                              path=rel, size=len(data), content_type="image/png"))


def seed(profile: str = "matchmaking", people=None, clients: int = 0) -> list[str]:
    people = people or {}
    today = dt.date.today()
    cats = _categories()
    standards = _standards()
    depts = list(db.session.scalars(select(Department).order_by(Department.code)))
    marketing = next((d for d in depts if d.name == "市场部"), None) or next(
        (d for d in depts if d.kind != "hq"), None)
    made = 0
    for dept in depts:
        if dept.kind == "hq":
            continue
        _, new = _budget(today.year, dept, "approved", _lines_for(dept, dept is marketing))
        made += new
    if marketing is not None:
        _, new = _budget(today.year + 1, marketing, "draft",
                         [(c, "expense", None, a) for c, a in NEXT_YEAR_MARKETING])
        made += new
    db.session.flush()
    claims = 0
    for username, category, amount, days, purpose, state in CLAIMS:
        emp = people.get(username)
        if emp is None or category not in cats:
            continue
        spent_on = max(today - dt.timedelta(days=days), dt.date(today.year, 1, 1))
        found = db.session.scalar(select(Expense).where(Expense.employee_id == emp.id,
                                                        Expense.purpose == purpose))
        if found is None:
            found = Expense(employee_id=emp.id, department_id=emp.department_id,
                            category=category, amount=Decimal(amount), spent_on=spent_on,
                            purpose=purpose, status=state)
            if state not in ("draft", "rejected"):
                budget = resolve_budget(emp.department_id, spent_on.year, category)
                found.budget_id = budget.id if budget else None
            if state == "paid":
                found.paid_at = dt.datetime.combine(spent_on + dt.timedelta(days=3),
                                                    dt.time(10, 0))
            db.session.add(found)
            db.session.flush()
            claims += 1
        _receipt(found)
    contracts = _contracts(today)
    db.session.commit()
    return [f"finance: {len(cats)} expense categories, {standards} new expense standards, "
            f"{made} new budgets, {claims} new claims, {contracts} new service contracts"]


# Per client (the first few of each store's matchmakers): tier, payments (kind, share).
CONTRACT_PLANS = [("standard", [("full", 1)]), ("premium", [("deposit", Decimal("0.3"))]),
                  ("private", [("deposit", Decimal("0.2")), ("instalment", Decimal("0.3"))]),
                  ("premium", [])]


def _contracts(today: dt.date) -> int:
    from app.clients.models import Client

    clients = db.session.scalars(select(Client).where(Client.matchmaker_id.is_not(None))
                                 .order_by(Client.id).limit(len(CONTRACT_PLANS) * 2)).all()
    made = 0
    for i, client in enumerate(clients):
        tier, plan = CONTRACT_PLANS[i % len(CONTRACT_PLANS)]
        no = f"HT{today.year}{client.id:06d}"
        if db.session.scalar(select(Contract.id).where(Contract.contract_no == no)):
            continue
        price = TIER_PRICES[tier]
        c = Contract(contract_no=no, client_id=client.id, department_id=client.department_id,
                     owner_id=client.matchmaker_id, tier=tier, price=price,
                     services=TIER_SERVICES[tier], signed_on=today - dt.timedelta(days=40 - i),
                     status="active", received=Decimal("0.00"))
        db.session.add(c)
        db.session.flush()
        for j, (kind, share) in enumerate(plan):
            amount = (price * share).quantize(Decimal("0.01"))
            db.session.add(Payment(contract_id=c.id, department_id=c.department_id, kind=kind,
                                   amount=amount, paid_on=c.signed_on + dt.timedelta(days=j),
                                   receipt_no=f"SJ{c.id:06d}{j}"))
            c.received += amount
        made += 1
    return made
