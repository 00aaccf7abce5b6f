"""Scoring: validation of templates and cycles, an indicator's score, grade bands and bonus.

Every number is a Decimal. An indicator earns ``weight × pct / 100`` where pct (0–100) comes
from its rule:
- ``linear``: value ÷ target, capped at 100 % (more is better);
- ``linear_lower``: 100 % up to the target, then down in proportion (less is better: complaint
  rate); 0 % at twice the target;
- ``bands``: ``[[threshold, pct], ...]``, the pct of the highest threshold the value reaches;
- ``deduction``: 100 % less ``per_event`` points for each event counted (value).
A manual indicator's value is the supervisor's rating, 0–100, used as the pct.
A computed value of None (nothing to measure: no complaints to handle) earns full marks.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from app.appraisal.models import (
    DEFAULT_BONUS_TABLE,
    DEFAULT_GRADE_BANDS,
    PERIODS,
    PUBLICITY,
    RULES,
)
from app.core.errors import Invalid

HUNDRED = Decimal(100)
CODE = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")


def dec(value, field: str, *, label=None) -> Decimal:
    if isinstance(value, bool):
        raise Invalid(str(_l("%(field)s must be a number", field=label or field)), field=field)
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(str(_l("%(field)s must be a number", field=label or field)),
                      field=field) from None
    if not d.is_finite() or abs(d) > Decimal("1e9"):
        raise Invalid(str(_l("%(field)s must be a number", field=label or field)), field=field)
    return d


def q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- templates --------------------------------------------------------------------------------
def validate_indicators(raw) -> list[dict]:
    """The template's indicators, normalised; Invalid (422) unless the weights sum to 100."""
    from app.appraisal.metrics import register_all
    from app.core import metrics

    register_all()
    if isinstance(raw, str):
        import json

        try:
            raw = json.loads(raw)
        except ValueError:
            raise Invalid(str(_l("Indicators must be a JSON list")), field="indicators") from None
    if not isinstance(raw, list) or not raw:
        raise Invalid(str(_l("A template needs at least one indicator")), field="indicators")
    out, codes, total = [], set(), Decimal(0)
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise Invalid(str(_l("Indicator %(n)s must be an object", n=i)), field="indicators")
        code = str(item.get("code") or "").strip()
        name = str(item.get("name") or "").strip()
        if not CODE.match(code) or code in codes:
            raise Invalid(str(_l("Indicator %(n)s needs a unique code (a-z, 0-9, _ .)", n=i)),
                          field="indicators")
        if not name or len(name) > 100:
            raise Invalid(str(_l("Indicator %(n)s needs a name", n=i)), field="indicators")
        codes.add(code)
        weight = dec(item.get("weight"), "indicators", label=_l("Weight"))
        if weight <= 0:
            raise Invalid(str(_l("Indicator %(n)s: the weight must be above 0", n=i)),
                          field="indicators")
        total += weight
        source = str(item.get("source") or "manual").strip()
        if source != "manual" and source not in metrics.METRICS:
            raise Invalid(str(_l("Indicator %(n)s: unknown source %(s)s", n=i, s=source)),
                          field="indicators")
        rule = str(item.get("rule") or "linear")
        if rule not in RULES:
            raise Invalid(str(_l("Indicator %(n)s: the rule must be one of %(c)s", n=i,
                                 c=", ".join(RULES))), field="indicators")
        entry = {"code": code, "name": name, "weight": str(weight), "source": source,
                 "rule": rule}
        target = item.get("target")
        if target not in (None, ""):
            entry["target"] = str(dec(target, "indicators", label=_l("Target")))
        if rule in ("linear", "linear_lower") and source != "manual":
            if Decimal(entry.get("target", "0")) <= 0:
                raise Invalid(str(_l("Indicator %(n)s: a linear rule needs a target above 0",
                                     n=i)), field="indicators")
        if rule == "bands":
            entry["bands"] = _bands(item.get("bands"), i)
        if rule == "deduction":
            per = dec(item.get("per_event"), "indicators", label=_l("Points per event"))
            if per <= 0:
                raise Invalid(str(_l("Indicator %(n)s: points per event must be above 0", n=i)),
                              field="indicators")
            entry["per_event"] = str(per)
        out.append(entry)
    if total != HUNDRED:
        raise Invalid(str(_l("The weights must sum to 100 (they sum to %(t)s)", t=total)),
                      field="indicators")
    return out


def _bands(raw, i) -> list[list[str]]:
    if not isinstance(raw, list) or not raw:
        raise Invalid(str(_l("Indicator %(n)s: bands are [[threshold, percent], ...]", n=i)),
                      field="indicators")
    out = []
    for pair in raw:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise Invalid(str(_l("Indicator %(n)s: bands are [[threshold, percent], ...]",
                                 n=i)), field="indicators")
        threshold, pct = dec(pair[0], "indicators"), dec(pair[1], "indicators")
        if not 0 <= pct <= 100:
            raise Invalid(str(_l("Indicator %(n)s: a band's percent is 0-100", n=i)),
                          field="indicators")
        out.append([str(threshold), str(pct)])
    return sorted(out, key=lambda p: Decimal(p[0]))


def validate_template(t) -> None:
    t.period = t.period or "monthly"
    if t.active is None:
        t.active = True
    if t.period not in PERIODS:
        raise Invalid(str(_l("Period must be one of: %(c)s", c=", ".join(PERIODS))),
                      field="period")
    if not (t.name or "").strip():
        raise Invalid(str(_l("Name is required")), field="name")
    t.indicators = validate_indicators(t.indicators)


# --- cycles: grade bands and the bonus function ------------------------------------------------
def validate_grade_bands(raw) -> list[list]:
    if raw in (None, "", []):
        return [list(b) for b in DEFAULT_GRADE_BANDS]
    if not isinstance(raw, list):
        raise Invalid(str(_l("Grade bands are [[minimum score, grade], ...]")),
                      field="grade_bands")
    out = []
    for pair in raw:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2 or not str(pair[1]).strip():
            raise Invalid(str(_l("Grade bands are [[minimum score, grade], ...]")),
                          field="grade_bands")
        low = dec(pair[0], "grade_bands")
        if not 0 <= low <= 100:
            raise Invalid(str(_l("A grade band starts between 0 and 100")), field="grade_bands")
        out.append([float(low) if low != low.to_integral() else int(low), str(pair[1])[:16]])
    out.sort(key=lambda p: -Decimal(str(p[0])))
    if Decimal(str(out[-1][0])) != 0 or len({p[0] for p in out}) != len(out):
        raise Invalid(str(_l("Grade bands must start at distinct scores, the lowest at 0")),
                      field="grade_bands")
    return out


def validate_bonus_table(raw) -> list[list]:
    """[[minimum score, amount], ...]: the bonus may never go down as the score goes up
    (000 / 002: 考核得分越高，績效獎金越高)."""
    from app.core.rules import cite

    if raw in (None, "", []):
        return [list(p) for p in DEFAULT_BONUS_TABLE]
    if not isinstance(raw, list):
        raise Invalid(str(_l("The bonus table is [[minimum score, amount], ...]")),
                      field="bonus_table")
    points = []
    for pair in raw:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise Invalid(str(_l("The bonus table is [[minimum score, amount], ...]")),
                          field="bonus_table")
        score, amount = dec(pair[0], "bonus_table"), dec(pair[1], "bonus_table")
        if not 0 <= score <= 100 or amount < 0:
            raise Invalid(str(_l("Bonus scores are 0-100 and amounts not negative")),
                          field="bonus_table")
        points.append((score, q2(amount)))
    points.sort(key=lambda p: p[0])
    for (s1, a1), (s2, a2) in zip(points, points[1:], strict=False):
        if s1 == s2 or a2 < a1:
            raise Invalid(str(_l("The bonus must not decrease as the score rises")) + " "
                          + cite("000.appraisal.bonus"), field="bonus_table")
    return [[_num(s), str(a)] for s, a in points]


def _num(d: Decimal):
    return int(d) if d == d.to_integral() else float(d)


def validate_cycle(c) -> None:
    # Column defaults apply at flush; validate() runs before it (forms, REST, seeds).
    for name, default in (("period", "monthly"), ("publish_days", 3), ("publicity", "company"),
                          ("restrict_after", 3), ("pass_score", 60)):
        if getattr(c, name) in (None, ""):
            setattr(c, name, default)
    if c.period not in PERIODS:
        raise Invalid(str(_l("Period must be one of: %(c)s", c=", ".join(PERIODS))),
                      field="period")
    from app.appraisal.presets import validate_period

    validate_period(c.period)
    if c.publicity not in PUBLICITY:
        raise Invalid(str(_l("Publicity must be one of: %(c)s", c=", ".join(PUBLICITY))),
                      field="publicity")
    if c.start_date is None or c.end_date is None or c.end_date < c.start_date:
        raise Invalid(str(_l("The end date must not be before the start date")),
                      field="end_date")
    if c.publish_days is None or not 0 <= int(c.publish_days) <= 60:
        raise Invalid(str(_l("The publication window is 0 to 60 days")), field="publish_days")
    if c.restrict_after is None or not 1 <= int(c.restrict_after) <= 24:
        raise Invalid(str(_l("Restriction after 1 to 24 months")), field="restrict_after")
    if c.pass_score is None or not 0 <= dec(c.pass_score, "pass_score") <= 100:
        raise Invalid(str(_l("The pass score is 0-100")), field="pass_score")
    c.grade_bands = validate_grade_bands(c.grade_bands)
    c.bonus_table = validate_bonus_table(c.bonus_table)


def grade_for(score: Decimal | None, bands) -> str | None:
    if score is None:
        return None
    for low, grade in validate_grade_bands(bands):
        if score >= Decimal(str(low)):
            return grade
    return None


def bonus_for(score: Decimal | None, table) -> Decimal:
    amount = Decimal(0)
    if score is None:
        return q2(amount)
    for low, value in validate_bonus_table(table):
        if score >= Decimal(str(low)):
            amount = Decimal(str(value))
    return q2(amount)


# --- one indicator --------------------------------------------------------------------------
def percent(rule: str, value: Decimal | None, target: Decimal | None, params: dict | None,
            manual: bool) -> Decimal:
    """The share of the weight an indicator earns, 0–100."""
    params = params or {}
    if value is None:
        return HUNDRED if not manual else Decimal(0)
    if manual:
        return max(Decimal(0), min(HUNDRED, value))
    if rule == "linear":
        if not target:
            return HUNDRED
        return max(Decimal(0), min(HUNDRED, value * HUNDRED / target))
    if rule == "linear_lower":
        if value <= (target or 0):
            return HUNDRED
        if not target:
            return Decimal(0)
        return max(Decimal(0), HUNDRED - (value - target) * HUNDRED / target)
    if rule == "bands":
        pct = Decimal(0)
        for threshold, share in params.get("bands") or []:
            if value >= Decimal(str(threshold)):
                pct = Decimal(str(share))
        return pct
    if rule == "deduction":
        per = Decimal(str(params.get("per_event") or 0))
        return max(Decimal(0), HUNDRED - per * value)
    return Decimal(0)


def line_score(line) -> Decimal:
    pct = percent(line.rule, None if line.value is None else Decimal(str(line.value)),
                  None if line.target is None else Decimal(str(line.target)), line.params,
                  line.source == "manual")
    return q2(Decimal(str(line.weight)) * pct / HUNDRED)
