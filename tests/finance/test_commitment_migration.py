"""Migration 0020: purchase requests approved or bought against a budget before finance's
commitment API (app/assets/budget.py counted them itself) become commitments, so nothing held
is lost. Run on the test database inside a transaction that is rolled back."""
from __future__ import annotations

import datetime as dt
import importlib.util
import pathlib
from decimal import Decimal

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select, text

from app.extensions import db
from app.finance.models import BudgetCommitment
from tests.factories import department
from tests.finance import factories as f

MIGRATION = next(pathlib.Path(__file__).parents[2].glob(
    "app/finance/migrations/*_0020_*.py"))


def _module():
    spec = importlib.util.spec_from_file_location("migration_0020", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_approved_and_bought_purchases_become_commitments(app):
    cat = f.category("stop", kind="capital")
    f.line(cat, 5000)
    code, budget_id, year = cat.code, f.budget_of().id, f.budget_of().year
    dept = department("TH-MM").id
    db.session.remove()
    with db.engine.connect() as conn:
        trans = conn.begin()
        try:
            conn.execute(text("DELETE FROM budget_commitment"))
            ids = []
            for status, amount in (("approved", "400.00"), ("purchased", "250.50"),
                                   ("rejected", "999.00"), ("submitted", "999.00")):
                ids.append(conn.execute(text(
                    "INSERT INTO purchase_request (department_id, item, quantity, unit_price, "
                    "amount, reason, budget_line, budget_id, status, created_at) VALUES "
                    "(:d, '治療床', 1, :a, :a, '測試', :c, :b, :s, :t) RETURNING id"),
                    {"d": dept, "a": amount, "c": code, "b": budget_id,
                     "s": status, "t": dt.datetime(year, 3, 9, 10, 0)}).scalar())
            ctx = MigrationContext.configure(conn)
            with Operations.context(ctx):
                _module()._purchases_become_commitments()
            rows = conn.execute(
                select(BudgetCommitment.source_id, BudgetCommitment.status,
                       BudgetCommitment.amount, BudgetCommitment.budget_id,
                       BudgetCommitment.category, BudgetCommitment.year,
                       BudgetCommitment.month)
                .where(BudgetCommitment.source == "purchase_request",
                       BudgetCommitment.source_id.in_(ids))
                .order_by(BudgetCommitment.source_id)).all()
        finally:
            trans.rollback()
    assert [tuple(r) for r in rows] == [
        (ids[0], "committed", Decimal("400.00"), budget_id, code, year, 3),
        (ids[1], "spent", Decimal("250.50"), budget_id, code, year, 3)]
