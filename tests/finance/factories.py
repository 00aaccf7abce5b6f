"""Finance test factories: unique categories, budget lines, claims with receipts."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from app.core.attachments import Attachment
from app.extensions import db
from app.finance.models import Budget, BudgetLine, Expense, ExpenseCategory
from app.finance.seed import tiny_png
from tests.factories import department, employee_of, nextval

PNG = tiny_png()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def category(control: str = "stop", kind: str = "expense") -> ExpenseCategory:
    n = nextval()
    c = ExpenseCategory(code=f"T{n}", name=f"測試科目{n}", control=control, kind=kind)
    db.session.add(c)
    db.session.commit()
    return c


def budget_of(dept_code: str = "TH-MM", year: int | None = None) -> Budget:
    """The seeded approved budget of the department for this year."""
    year = year or dt.date.today().year
    return db.session.scalar(select(Budget).where(Budget.year == year, Budget.department_id
                                                  == department(dept_code).id))


def line(cat: ExpenseCategory, amount, *, dept_code: str = "TH-MM", month: int | None = None,
         kind: str = "expense") -> BudgetLine:
    b = budget_of(dept_code)
    ln = BudgetLine(budget_id=b.id, department_id=b.department_id, version=b.version,
                    category=cat.code, kind=kind, month=month, amount=Decimal(str(amount)))
    db.session.add(ln)
    db.session.commit()
    return ln


def receipt(expense_id: int, data: bytes = PNG) -> Attachment:
    att = Attachment(resource="expense", record_id=expense_id, name="receipt.png",
                     path=f"attachments/expense/{expense_id}/none.png", size=len(data),
                     content_type="image/png")
    db.session.add(att)
    db.session.commit()
    return att


def claim(username: str, cat: ExpenseCategory, amount, *, status: str = "draft",
          spent_on: dt.date | None = None, with_receipt: bool = True,
          budget: Budget | None = None) -> Expense:
    emp = employee_of(username)
    e = Expense(employee_id=emp.id, department_id=emp.department_id, category=cat.code,
                amount=Decimal(str(amount)), spent_on=spent_on or dt.date.today(),
                purpose=f"測試報銷 {nextval()}", status=status,
                budget_id=budget.id if budget is not None else None)
    db.session.add(e)
    db.session.commit()
    if with_receipt:
        receipt(e.id)
    return e


def state_of(expense_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Expense, expense_id).status


def standard(cat: ExpenseCategory, limit, *, basis: str = "per_claim",
             approver: str = "Executive", dept_code: str | None = None,
             role_kind: str | None = None):
    from app.finance.standards import ExpenseStandard

    s = ExpenseStandard(category=cat.code, basis=basis, limit=Decimal(str(limit)),
                        approver_kind=approver, role_kind=role_kind,
                        department_id=department(dept_code).id if dept_code else None)
    db.session.add(s)
    db.session.commit()
    return s
