"""Counting a stock-take (scan by code) and turning discrepancies into requests."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.assets.models import Asset
from app.assets.models_ops import LINE_RESULTS, Disposal, Stocktake, StocktakeLine
from app.core.errors import Conflict, Invalid, NotFound
from app.core.models import utcnow
from app.core.scope import scoped_get, unscoped
from app.extensions import db


def line_json(line: StocktakeLine) -> dict:
    return {"id": line.id, "stocktake_id": line.stocktake_id, "asset_id": line.asset_id,
            "result": line.result, "explanation": line.explanation,
            "disposal_id": line.disposal_id}


def record(stocktake_id, *, code: str, result=None, explanation=None) -> StocktakeLine:
    """A counter records what they found for the asset with this code. While counting, the
    result and explanation; once submitted, only the explanation (before closing)."""
    st = scoped_get(Stocktake, stocktake_id)
    if st is None:
        raise NotFound(str(_l("Record not found")))
    if st.status not in ("in_progress", "submitted"):
        raise Conflict(str(_l("This stock-take is not being counted")), state=st.status)
    code = (code or "").strip()
    with unscoped():
        line = db.session.scalar(
            select(StocktakeLine).join(Asset, Asset.id == StocktakeLine.asset_id)
            .where(StocktakeLine.stocktake_id == st.id, Asset.code == code))
    if line is None:
        raise Invalid(str(_l("No asset with code %(code)s on this stock-take", code=code)),
                      field="code")
    if result is not None:
        if result not in LINE_RESULTS:
            raise Invalid(str(_l("Result must be found, missing or damaged")), field="result")
        if st.status != "in_progress" and result != line.result:
            raise Conflict(str(_l("The count is submitted: only explanations may change")))
        line.result = result
        line.counted_at = utcnow()
        from app.assets.services import _user

        line.counted_by_id = getattr(_user(), "id", None)
    if explanation is not None:
        line.explanation = str(explanation).strip() or None
    if line.result is None:
        raise Invalid(str(_l("Record a result")), field="result")
    db.session.commit()
    return line


def raise_request(line_id, *, kind: str = "disposal") -> dict:
    """Missing or damaged: a disposal request (draft, reason from the explanation), or for a
    damaged item, the asset goes for repair."""
    line = scoped_get(StocktakeLine, line_id)
    if line is None:
        raise NotFound(str(_l("Record not found")))
    if line.result not in ("missing", "damaged"):
        raise Invalid(str(_l("Only a missing or damaged item raises a request")),
                      field="result")
    if kind == "repair":
        if line.result != "damaged":
            raise Invalid(str(_l("Only a damaged item goes for repair")), field="kind")
        from app.assets.workflows import ASSET_WORKFLOW

        ASSET_WORKFLOW.run(line.asset_id, "repair", comment=line.explanation or "",
                           commit=False)
        line.repair_raised = 1
        db.session.commit()
        return {"asset_id": line.asset_id, "state": "repair"}
    if kind != "disposal":
        raise Invalid(str(_l("Kind must be disposal or repair")), field="kind")
    if line.disposal_id is not None:
        raise Conflict(str(_l("A disposal was already raised for this item")))
    label = _l("Missing at stock-take") if line.result == "missing" else _l(
        "Damaged at stock-take")
    d = Disposal(asset_id=line.asset_id, method="loss" if line.result == "missing" else "scrap",
                 reason=f"{label}《{line.stocktake.name}》：{line.explanation or ''}".strip("："),
                 proceeds=0)
    from app.assets.services import _user
    from app.core.interface import prepare_save

    prepare_save(d, is_new=True, user=_user())
    db.session.add(d)
    db.session.flush()
    line.disposal_id = d.id
    db.session.commit()
    return {"disposal_id": d.id}
