"""Rules a client record obeys before it is saved (form, REST and services alike)."""
from __future__ import annotations

import datetime as dt
import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.clients.models import (
    CLIENT_STATUSES,
    EDUCATION_LEVELS,
    GENDERS,
    INTAKE_CHANNELS,
    MARITAL_STATUSES,
    TIERS,
    Client,
)
from app.clients.rules import cited
from app.core.errors import Invalid
from app.core.scope import unscoped
from app.extensions import db

MIN_AGE = 18
MAX_AGE = 100
HEIGHT_RANGE = (100, 250)
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")

CHOICE_FIELDS = {
    "gender": GENDERS,
    "education": EDUCATION_LEVELS,
    "pref_education_min": EDUCATION_LEVELS,
    "marital_status": MARITAL_STATUSES,
    "tier": TIERS,
    "intake_channel": INTAKE_CHANNELS,
    "status": CLIENT_STATUSES,
}
FIELD_LABELS = {
    "gender": _l("Gender"), "education": _l("Education"),
    "pref_education_min": _l("Minimum education"), "marital_status": _l("Marital status"),
    "tier": _l("Membership tier"), "intake_channel": _l("Intake channel"),
    "status": _l("Status"),
}


def as_list(value) -> list[str] | None:
    """Lists from a form ("廣州, 深圳") or JSON; empty means "any" and is stored as NULL."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [v for v in re.split(r"[,，、;；\s]+", value) if v]
    if not isinstance(value, (list, tuple)):
        raise Invalid(str(_l("Expected a list of values")))
    out = []
    for v in value:
        if not isinstance(v, str) or not v.strip():
            raise Invalid(str(_l("Expected a list of values")))
        if v.strip() not in out:
            out.append(v.strip())
    return out or None


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def client_errors(c, today: dt.date | None = None) -> list[tuple[str, str]]:
    """(field, message) for every broken rule; empty when the record may be saved."""
    today = today or dt.date.today()
    errs: list[tuple[str, str]] = []

    def err(field, msg):
        errs.append((field, str(msg)))

    for field, allowed in CHOICE_FIELDS.items():
        value = getattr(c, field, None)
        if value in (None, "") and field in ("education", "pref_education_min"):
            continue
        if value not in allowed:
            err(field, _l("%(field)s: unknown value %(value)s", field=FIELD_LABELS[field],
                          value=repr(value)))
    if getattr(c, "department_id", None) is None and getattr(c, "department", None) is None:
        err("department", _l("Choose the client's department"))
    if not (c.name or "").strip():
        err("name", _l("Name is required"))
    if not isinstance(c.birth_date, dt.date):
        err("birth_date", _l("Birth date is required"))
    else:
        age = age_on(c.birth_date, today)
        if age < MIN_AGE:
            err("birth_date", _l("Clients must be at least %(n)s years old", n=MIN_AGE))
        elif age > MAX_AGE:
            err("birth_date", _l("Birth date is not plausible"))
    for lo, hi, label in (("pref_age_min", "pref_age_max", _l("Preferred age")),
                          ("pref_height_min", "pref_height_max", _l("Preferred height"))):
        vlo, vhi = getattr(c, lo), getattr(c, hi)
        for f, v in ((lo, vlo), (hi, vhi)):
            if v is not None and not isinstance(v, int):
                err(f, _l("%(field)s must be a whole number", field=label))
        if isinstance(vlo, int) and isinstance(vhi, int) and vlo > vhi:
            err(lo, _l("%(field)s: the minimum (%(lo)s) is above the maximum (%(hi)s)",
                       field=label, lo=vlo, hi=vhi))
    for f in ("pref_age_min", "pref_age_max"):
        v = getattr(c, f)
        if isinstance(v, int) and not MIN_AGE <= v <= MAX_AGE:
            err(f, _l("Preferred age must be between %(lo)s and %(hi)s", lo=MIN_AGE, hi=MAX_AGE))
    for f in ("height_cm", "pref_height_min", "pref_height_max"):
        v = getattr(c, f)
        if isinstance(v, int) and not HEIGHT_RANGE[0] <= v <= HEIGHT_RANGE[1]:
            err(f, _l("Height must be between %(lo)s and %(hi)s cm", lo=HEIGHT_RANGE[0],
                      hi=HEIGHT_RANGE[1]))
    for f in ("income_monthly", "pref_income_min", "weight_kg"):
        v = getattr(c, f)
        if v is not None and (not isinstance(v, int) or v < 0):
            err(f, _l("Must be a positive whole number"))
    try:
        c.pref_cities = as_list(c.pref_cities)
    except Invalid as ex:
        err("pref_cities", ex.message)
    try:
        c.pref_marital_statuses = as_list(c.pref_marital_statuses)
        bad = [m for m in c.pref_marital_statuses or () if m not in MARITAL_STATUSES]
        if bad:
            err("pref_marital_statuses", _l("%(field)s: unknown value %(value)s",
                                            field=_l("Preferred marital status"),
                                            value=", ".join(bad)))
    except Invalid as ex:
        err("pref_marital_statuses", ex.message)
    if c.phone:
        c.phone = c.phone.strip()
        if not _PHONE.match(c.phone):
            err("phone", _l("Phone number is not valid"))
        elif phone_taken(c.phone, c.id):
            err("phone", _l("This phone number is already registered for another client"))
    return errs


def phone_taken(phone: str, own_id: int | None) -> bool:
    """Across every department: the phone is unique company-wide, whatever one may see."""
    with unscoped():
        q = select(Client.id).where(Client.phone == phone).execution_options(unscoped=True)
        if own_id is not None:
            q = q.where(Client.id != own_id)
        with db.session.no_autoflush:
            return db.session.scalar(q.limit(1)) is not None


def new_client_no() -> str:
    return f"C{dt.date.today():%y%m%d}{secrets.randbelow(10**6):06d}"


# Column defaults apply at flush; the rules judge the record as it will be stored.
DEFAULTS = {"status": "lead", "intake_channel": "store", "tier": "standard",
            "marital_status": "never_married", "has_children": False}


def validate_client(c) -> None:
    for f, default in DEFAULTS.items():
        if getattr(c, f, None) in (None, ""):
            setattr(c, f, default)
    for f in ("education", "pref_education_min", "wechat", "id_number", "email", "phone"):
        if getattr(c, f, None) == "":
            setattr(c, f, None)
    if not c.client_no:
        c.client_no = new_client_no()
    errs = client_errors(c)
    if errs:
        field, message = errs[0]
        raise Invalid(cited(message, "000.clients.registration_form"), field=field,
                      errors=dict(reversed(errs)))
