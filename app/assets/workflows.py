"""Asset, stock-take, disposal and requisition workflows (rule books 002, 004).

asset:       in_use ⇄ idle, → repair → in_use; dispose (→ disposed) only once a disposal of the
             asset is approved (the disposal's approval takes it).
stocktake:   draft ─start→ in_progress ─submit→ submitted ─close→ closed; close refused while a
             missing / damaged line is unexplained (002 賬實相符).
disposal:    draft ─submit→ submitted ─approve_head→ head_approved ─approve→ approved; reject.
             The head is the recorded head of the asset's department; the final approval is
             the profile's asset owner (the permission); approval disposes of the asset.
requisition: draft ─submit→ submitted ─approve→ approved ─issue→ issued; reject (004 領用).
purchase:    draft ─submit→ submitted ─approve→ approved ─purchase→ purchased; reject. Above a
             configurable amount, N supplier quotes before submitting and approving (000 比價);
             approval commits the amount against the named budget line (app/assets/budget.py).
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, insert, select
from sqlalchemy.orm import selectinload

from app.assets.models import ACTIVE_STATES, Asset
from app.assets.models_ops import Disposal, Requisition, Stocktake, StocktakeLine
from app.assets.models_purchase import PurchaseRequest
from app.assets.rules import with_citation
from app.core.approvers import head_of_department
from app.core.errors import Forbidden, Invalid, ServiceError
from app.core.models import utcnow
from app.core.scope import unscoped
from app.core.workflow import Field, Transition, Workflow
from app.extensions import db
from app.org.models import Department


# --- asset ---------------------------------------------------------------------------------
def disposal_approved(asset, ctx):
    with unscoped():
        ok = db.session.scalar(select(exists().where(
            Disposal.asset_id == asset.id, Disposal.status == "approved")))
    if not ok:
        raise Invalid(with_citation(str(_l("An asset is disposed of only through an approved "
                                           "disposal request")), "asset.disposal_approved"))


def _in_use(asset, ctx):
    """Entering service (e.g. an asset bought and registered idle): depreciation starts the
    month after."""
    if asset.in_service_date is None:
        asset.in_service_date = dt.date.today()


def _disposed(asset, ctx):
    asset.disposed_on = ctx.data.get("disposed_on") or dt.date.today()


ASSET_WORKFLOW = Workflow(
    resource="asset", model=Asset, title=_l("Assets"), initial="in_use",
    states={"in_use": _l("In use"), "idle": _l("Idle"), "repair": _l("Under repair"),
            "disposed": _l("Disposed")},
    transitions=[
        Transition("idle", ("in_use",), "idle", _l("Set idle"), inbox=False, style="default"),
        Transition("use", ("idle",), "in_use", _l("Put in use"), inbox=False, effect=_in_use),
        Transition("repair", ("in_use", "idle"), "repair", _l("Send for repair"), inbox=False,
                   style="warning"),
        Transition("restore", ("repair",), "in_use", _l("Repaired: back in use"), inbox=False),
        Transition("dispose", ACTIVE_STATES, "disposed", _l("Dispose"), inbox=False,
                   guards=(disposal_approved,), effect=_disposed, style="danger"),
    ],
)


# --- stock-take ----------------------------------------------------------------------------
def _started(st, ctx):
    """List the assets the department (and those below it) should have."""
    st.started_at = utcnow()
    with unscoped():
        ids = sorted(Department.subtree_ids(st.department_id))
        asset_ids = db.session.scalars(
            select(Asset.id).where(Asset.department_id.in_(ids),
                                   Asset.status.in_(ACTIVE_STATES),
                                   Asset.archived_at.is_(None)).order_by(Asset.id)).all()
        listed = set(db.session.scalars(select(StocktakeLine.asset_id)
                                        .where(StocktakeLine.stocktake_id == st.id)))
    rows = [{"stocktake_id": st.id, "asset_id": a, "repair_raised": 0}
            for a in asset_ids if a not in listed]
    for i in range(0, len(rows), 2000):
        db.session.execute(insert(StocktakeLine).values(rows[i:i + 2000]))


def every_line_counted(st, ctx):
    with unscoped():
        left = db.session.scalar(select(exists().where(
            StocktakeLine.stocktake_id == st.id, StocktakeLine.result.is_(None))))
    if left:
        raise Invalid(str(_l("Record a result (found / missing / damaged) for every asset "
                             "before submitting")))


def every_discrepancy_explained(st, ctx):
    with unscoped():
        codes = db.session.scalars(
            select(Asset.code).join(StocktakeLine, StocktakeLine.asset_id == Asset.id)
            .where(StocktakeLine.stocktake_id == st.id,
                   StocktakeLine.result.in_(("missing", "damaged")),
                   (StocktakeLine.explanation.is_(None)) | (StocktakeLine.explanation == ""))
            .order_by(Asset.code).limit(20)).all()
    if codes:
        raise Invalid(with_citation(str(_l(
            "Explain every discrepancy before closing: %(codes)s", codes=", ".join(codes))),
            "asset.stocktake_reconciled"))


def _closed(st, ctx):
    st.closed_at = utcnow()


STOCKTAKE_WORKFLOW = Workflow(
    resource="stocktake", model=Stocktake, title=_l("Stock-takes"), initial="draft",
    states={"draft": _l("Draft"), "in_progress": _l("Counting"),
            "submitted": _l("Submitted"), "closed": _l("Closed")},
    transitions=[
        Transition("start", ("draft",), "in_progress", _l("Start counting"), effect=_started,
                   inbox=False),
        Transition("submit", ("in_progress",), "submitted", _l("Submit count"),
                   guards=(every_line_counted,), inbox=False),
        Transition("close", ("submitted",), "closed", _l("Close stock-take"),
                   guards=(every_discrepancy_explained,), effect=_closed),
    ],
)


# --- disposal ------------------------------------------------------------------------------
def _dispose_asset(d, ctx):
    d.disposed_on = d.disposed_on or dt.date.today()
    from app.assets.workflows import ASSET_WORKFLOW as wf

    try:
        wf.run(d.asset_id, "dispose", comment=ctx.comment or str(_l("Disposal approved")),
               data={"disposed_on": d.disposed_on}, commit=False)
    except ServiceError:
        # e.g. the asset was disposed of by another request meanwhile: undo this approval
        # too (the engine already set its state), nothing half-written.
        db.session.rollback()
        raise


def not_requester(d, ctx):
    from app.assets.services import current_employee

    emp = current_employee()
    if emp is not None and d.requested_by_id == emp.id:
        raise Forbidden(str(_l("Separation of duties: you cannot approve your own request")))


DISPOSAL_WORKFLOW = Workflow(
    resource="disposal", model=Disposal, title=_l("Disposals"), initial="draft",
    states={"draft": _l("Draft"), "submitted": _l("Submitted"),
            "head_approved": _l("Approved by the head"), "approved": _l("Approved"),
            "rejected": _l("Rejected")},
    transitions=[
        Transition("submit", ("draft",), "submitted", _l("Submit"), inbox=False),
        Transition("approve_head", ("submitted",), "head_approved",
                   _l("Approve (department head)"),
                   guards=(head_of_department(lambda d: d.department_id,
                                              exclude_employee=lambda d: d.requested_by_id),)),
        Transition("approve", ("head_approved",), "approved", _l("Approve disposal"),
                   guards=(not_requester,), not_by=("approve_head",), effect=_dispose_asset),
        Transition("reject", ("submitted", "head_approved"), "rejected", _l("Reject"),
                   comment_required=True, style="danger"),
    ],
)


# --- requisition ---------------------------------------------------------------------------
def _issued(r, ctx):
    from app.assets.supplies import take

    take(r.item_id, r.quantity, requisition_id=r.id, note=str(_l("Requisition")))
    r.issued_at = utcnow()


REQUISITION_WORKFLOW = Workflow(
    resource="requisition", model=Requisition, title=_l("Supply requisitions"),
    inbox_load=lambda: (selectinload(Requisition.item),),  # the title names the item
    initial="draft",
    states={"draft": _l("Draft"), "submitted": _l("Submitted"), "approved": _l("Approved"),
            "issued": _l("Issued"), "rejected": _l("Rejected")},
    transitions=[
        Transition("submit", ("draft",), "submitted", _l("Submit"), inbox=False),
        Transition("approve", ("submitted",), "approved", _l("Approve (department head)"),
                   guards=(head_of_department(lambda r: r.department_id,
                                              exclude_employee=lambda r: r.employee_id),)),
        Transition("issue", ("approved",), "issued", _l("Issue"), effect=_issued),
        Transition("reject", ("submitted", "approved"), "rejected", _l("Reject"),
                   comment_required=True, style="danger"),
    ],
)


# --- purchase request ----------------------------------------------------------------------
def _quotes(r, ctx):
    from app.assets.purchases import enough_quotes

    enough_quotes(r, ctx)


def _committed(r, ctx):
    from app.assets.budget import commit_purchase

    commit_purchase(r, ctx)


def _purchased(r, ctx):
    from app.assets.budget import spend_purchase
    from app.assets.purchases import register_purchase

    register_purchase(r, ctx)
    spend_purchase(r, ctx)


def _purchase_rejected(r, ctx):
    from app.assets.budget import release_purchase

    release_purchase(r, ctx)


PURCHASE_WORKFLOW = Workflow(
    resource="purchase_request", model=PurchaseRequest, title=_l("Purchase requests"),
    initial="draft",
    states={"draft": _l("Draft"), "submitted": _l("Submitted"), "approved": _l("Approved"),
            "purchased": _l("Purchased"), "rejected": _l("Rejected")},
    transitions=[
        Transition("submit", ("draft",), "submitted", _l("Submit"), guards=(_quotes,),
                   inbox=False),
        Transition("approve", ("submitted",), "approved", _l("Approve (department head)"),
                   guards=(_quotes, head_of_department(
                       lambda r: r.department_id, exclude_employee=lambda r: r.requested_by_id)),
                   effect=_committed),
        Transition("purchase", ("approved",), "purchased", _l("Record the purchase"),
                   effect=_purchased,
                   fields=(Field("supplier", _l("Supplier"), required=False),)),
        Transition("reject", ("submitted", "approved"), "rejected", _l("Reject"),
                   comment_required=True, style="danger", effect=_purchase_rejected),
    ],
)
