"""Asset services: validation, codes, moves, sign-outs, upkeep. Typed errors (422/403/404/409)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, inspect, select, update
from sqlalchemy.exc import IntegrityError

from app.assets import depreciation as dep
from app.assets.models import (
    ACTIVE_STATES,
    MAINTENANCE_KINDS,
    Asset,
    AssetCategory,
    AssetLoan,
    AssetMove,
    MaintenanceRecord,
)
from app.assets.models_ops import DISPOSAL_METHODS, Disposal
from app.assets.rules import with_citation
from app.core.errors import Conflict, Invalid, NotFound
from app.core.interface import prepare_save
from app.core.models import utcnow
from app.core.scope import scoped_get, unscoped
from app.extensions import db
from app.org.models import Employee


def _user():
    try:
        return current_app.appbuilder.sm.current_user
    except RuntimeError:
        return None


def current_employee() -> Employee | None:
    user = _user()
    if user is None or not getattr(user, "id", None):
        return None
    with unscoped():
        return db.session.scalar(select(Employee).where(Employee.user_id == user.id))


def money(value, field: str, label) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(str(_l("%(field)s must be an amount", field=label)), field=field) from None
    if not d.is_finite() or d < 0 or d >= Decimal("1e12") or d != d.quantize(dep.CENT):
        raise Invalid(str(_l("%(field)s must be an amount of at most two decimals, 0 or more",
                             field=label)), field=field)
    return d


def _rel_id(obj, rel: str, col: str):
    related = inspect(obj).dict.get(rel)
    return related.id if related is not None else getattr(obj, col)


# --- categories and the register -----------------------------------------------------------
def validate_category(cat: AssetCategory) -> None:
    if not (cat.code or "").strip() or not (cat.name or "").strip():
        raise Invalid(str(_l("Code and name are required")), field="code")
    if cat.default_method not in dep.METHODS:
        raise Invalid(str(_l("Unknown depreciation method")), field="default_method")
    life = cat.default_life_months
    if life is None or life <= 0 or life > dep.MAX_LIFE_MONTHS:
        raise Invalid(str(_l("Useful life must be a positive number of months")),
                      field="default_life_months")
    if cat.next_seq is None:
        cat.next_seq = 1


def validate_asset(a: Asset) -> None:
    """Every add and edit of an asset (form and REST): 422 with the field on bad input."""
    cite = "asset.depreciation"
    if not (a.name or "").strip():
        raise Invalid(str(_l("Name is required")), field="name")
    cat_id = _rel_id(a, "category", "category_id")
    cat = db.session.get(AssetCategory, cat_id) if cat_id else None
    if cat is None:
        raise Invalid(str(_l("Choose a category")), field="category_id")
    if a.useful_life_months is None:
        a.useful_life_months = cat.default_life_months
    if not a.depreciation_method:
        a.depreciation_method = cat.default_method
    if a.cost is None:
        raise Invalid(str(_l("Cost is required")), field="cost")
    cost = money(a.cost, "cost", _l("Cost"))
    salvage = money(a.salvage_value if a.salvage_value is not None else 0, "salvage_value",
                    _l("Salvage value"))
    a.salvage_value = salvage
    if salvage > cost:
        raise Invalid(with_citation(str(_l("Salvage value cannot exceed cost")), cite),
                      field="salvage_value")
    life = a.useful_life_months
    if not isinstance(life, int) or life <= 0 or life > dep.MAX_LIFE_MONTHS:
        raise Invalid(with_citation(str(_l(
            "Useful life must be a whole number of months between 1 and %(max)s",
            max=dep.MAX_LIFE_MONTHS)), cite), field="useful_life_months")
    if a.depreciation_method not in dep.METHODS:
        raise Invalid(str(_l("Unknown depreciation method")), field="depreciation_method")
    if a.depreciation_method in dep.WHOLE_YEAR_METHODS and life % 12:
        raise Invalid(with_citation(str(_l(
            "Double declining and sum-of-years depreciation need a life in whole years "
            "(a multiple of 12 months)")), cite), field="useful_life_months")
    if a.purchase_date and a.in_service_date and a.in_service_date < a.purchase_date:
        raise Invalid(str(_l("The in-service date cannot be before the purchase date")),
                      field="in_service_date")
    if a.maintenance_interval_days is not None and a.maintenance_interval_days <= 0:
        raise Invalid(str(_l("The maintenance interval must be a positive number of days")),
                      field="maintenance_interval_days")
    state = inspect(a)
    if not (state.transient or state.pending):
        for col in ("cost", "salvage_value", "useful_life_months", "depreciation_method",
                    "in_service_date"):
            if state.attrs[col].history.has_changes() and _has_postings(a.id):
                raise Invalid(str(_l("Depreciation has been posted for this asset: its cost, "
                                     "life, method and in-service date are fixed")), field=col)
    if a.status is None:
        a.status = "in_use" if a.in_service_date else "idle"
    if a.maintenance_interval_days and a.next_maintenance_due is None:
        base = a.last_maintained_on or a.in_service_date or dt.date.today()
        a.next_maintenance_due = base + dt.timedelta(days=a.maintenance_interval_days)
    if not a.code:
        a.code = next_code(cat)


def _has_postings(asset_id) -> bool:
    from app.assets.models import DepreciationEntry

    with unscoped():
        return bool(db.session.scalar(select(exists().where(
            DepreciationEntry.asset_id == asset_id))))


def next_code(cat: AssetCategory) -> str:
    """The category's next code, e.g. ``IT-00042``: the counter moves by a conditional UPDATE,
    so two registrations at once never get the same number."""
    for _ in range(1000):
        seq = db.session.execute(
            update(AssetCategory).where(AssetCategory.id == cat.id)
            .values(next_seq=AssetCategory.next_seq + 1)
            .returning(AssetCategory.next_seq)
            .execution_options(synchronize_session=False)).scalar_one() - 1
        code = f"{cat.code}-{seq:05d}"
        with unscoped():
            taken = db.session.scalar(select(exists().where(Asset.code == code)))
        if not taken:
            return code
    raise Conflict(str(_l("Could not allocate an asset code")))


def get_asset(pk) -> Asset:
    a = scoped_get(Asset, pk)
    if a is None:
        raise NotFound(str(_l("Record not found")))
    return a


def depreciation_schedule(pk) -> list[dict]:
    return [row.as_json() for row in get_asset(pk).schedule()]


def move_asset(pk, *, reason: str, to_department_id=None, to_custodian_id=None,
               to_location=None, moved_on: dt.date | None = None) -> AssetMove:
    """調撥: a record with date and reason; the asset follows. The new department and
    custodian must be inside the mover's scope (checked as any edit is)."""
    a = get_asset(pk)
    if a.status == "disposed":
        raise Conflict(str(_l("A disposed asset cannot be moved")))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(str(_l("A reason is required")), field="reason")
    if to_department_id is None and to_custodian_id is None and to_location is None:
        raise Invalid(str(_l("Say where the asset goes")), field="to_department_id")
    if to_custodian_id is not None:
        emp = scoped_get(Employee, to_custodian_id)
        if emp is None:
            raise Invalid(str(_l("Unknown custodian")), field="to_custodian_id")
        if to_department_id is None:
            to_department_id = emp.department_id
    move = AssetMove(asset_id=a.id, moved_on=moved_on or dt.date.today(), reason=reason,
                     from_department_id=a.department_id, from_custodian_id=a.custodian_id,
                     from_location=a.location,
                     to_department_id=to_department_id or a.department_id,
                     to_custodian_id=to_custodian_id if to_custodian_id is not None
                     else a.custodian_id,
                     to_location=to_location if to_location is not None else a.location)
    a.department_id, a.custodian_id, a.location = (move.to_department_id, move.to_custodian_id,
                                                   move.to_location)
    prepare_save(a, is_new=False, user=_user())
    db.session.add(move)
    db.session.commit()
    return move


# --- sign-out (設備使用登記) -----------------------------------------------------------------
def sign_out(pk, *, employee_id=None, due_at=None, purpose=None) -> AssetLoan:
    a = get_asset(pk)
    if a.status in ("disposed", "repair"):
        raise Invalid(str(_l("This device is not available (%(state)s)", state=a.status)),
                      field="asset_id")
    emp = scoped_get(Employee, employee_id) if employee_id else current_employee()
    if emp is None:
        raise Invalid(str(_l("Unknown employee")), field="employee_id")
    loan = AssetLoan(asset_id=a.id, employee_id=emp.id, department_id=a.department_id,
                     start_at=utcnow(), due_at=due_at, purpose=purpose)
    db.session.add(loan)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Invalid(with_citation(str(_l("This device is already signed out")),
                                    "asset.sign_out_registered"), field="asset_id") from None
    return loan


def claim_device(loan: AssetLoan) -> None:
    """Insert a sign-out made through the form under a savepoint: the partial unique index
    decides (not a check-then-insert), and a refusal reads as the REST one does."""
    try:
        with db.session.begin_nested():
            db.session.add(loan)
            db.session.flush()
    except IntegrityError:
        raise Invalid(with_citation(str(_l("This device is already signed out")),
                                    "asset.sign_out_registered"), field="asset_id") from None


def return_loan(pk) -> AssetLoan:
    loan = scoped_get(AssetLoan, pk)
    if loan is None:
        raise NotFound(str(_l("Record not found")))
    if loan.returned_at is not None:
        raise Conflict(str(_l("Already returned")))
    loan.returned_at = utcnow()
    db.session.commit()
    return loan


# --- upkeep --------------------------------------------------------------------------------
def record_maintenance(pk, *, kind: str = "maintenance", done_on: dt.date | None = None,
                       cost=0, notes: str | None = None) -> MaintenanceRecord:
    a = get_asset(pk)
    if kind not in MAINTENANCE_KINDS:
        raise Invalid(str(_l("Unknown kind of upkeep")), field="kind")
    done_on = done_on or dt.date.today()
    if done_on > dt.date.today():
        raise Invalid(str(_l("Upkeep cannot be recorded in the future")), field="done_on")
    rec = MaintenanceRecord(asset_id=a.id, department_id=a.department_id, kind=kind,
                            done_on=done_on, cost=money(cost or 0, "cost", _l("Cost")),
                            notes=notes)
    if kind in ("maintenance", "cleaning"):
        a.last_maintained_on = max(done_on, a.last_maintained_on or done_on)
        if a.maintenance_interval_days:
            a.next_maintenance_due = a.last_maintained_on + dt.timedelta(
                days=a.maintenance_interval_days)
    db.session.add(rec)
    db.session.commit()
    return rec


def overdue_maintenance_query(today: dt.date | None = None):
    today = today or dt.date.today()
    return (select(Asset).where(Asset.status.in_(ACTIVE_STATES),
                                Asset.next_maintenance_due.is_not(None),
                                Asset.next_maintenance_due < today)
            .order_by(Asset.next_maintenance_due, Asset.id))


def overdue_maintenance(today: dt.date | None = None) -> list[Asset]:
    return list(db.session.scalars(overdue_maintenance_query(today)))


# --- disposal ------------------------------------------------------------------------------
def validate_disposal(d: Disposal) -> None:
    asset_id = _rel_id(d, "asset", "asset_id")
    a = scoped_get(Asset, asset_id) if asset_id else None
    if a is None:
        raise Invalid(str(_l("Choose an asset")), field="asset_id")
    if a.status == "disposed":
        raise Invalid(str(_l("This asset is already disposed")), field="asset_id")
    if not (d.reason or "").strip():
        raise Invalid(str(_l("A reason is required")), field="reason")
    if d.method not in DISPOSAL_METHODS:
        raise Invalid(str(_l("Unknown disposal method")), field="method")
    d.proceeds = money(d.proceeds if d.proceeds is not None else 0, "proceeds", _l("Proceeds"))
    d.department_id = a.department_id
    if d.status is None:
        d.status = "draft"
    if d.requested_by_id is None:
        emp = current_employee()
        d.requested_by_id = emp.id if emp else None
    state = inspect(d)
    if state.transient or state.pending:
        with unscoped():
            open_one = db.session.scalar(select(exists().where(and_(
                Disposal.asset_id == a.id,
                Disposal.status.in_(("draft", "submitted", "head_approved"))))))
        if open_one:
            raise Invalid(str(_l("This asset already has an open disposal request")),
                          field="asset_id")
