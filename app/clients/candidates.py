"""Candidate suggestions (推薦對象): both sides' hard preferences hold, a score ranks the rest.

Hard preferences (gender, age, height, education, city, marital status) go into SQL, in both
directions, against the partial index of active clients. The pool is company-wide: the query
runs unscoped and candidates outside the user's scope come back as a limited profile only
(surname + 先生/女士, age, height, education, city, tier, score, reasons).

To stay fast on 10^6 clients the SQL reads two bounded windows along the candidate index,
nearest birth dates first (age gap weighs most in the score), and scores them in Python.
"""
from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Callable
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, text, union_all

from app.clients.models import EDUCATION_LEVELS, Client, education_rank
from app.core.scope import current_scope, unscoped
from app.core.scripts import in_folded, same, variants
from app.extensions import db

# client_id → ids of clients never to suggest for it (already proposed, declined, ...).
# The matching module registers its provider here.
EXCLUSION_PROVIDERS: list[Callable[[int], set[int]]] = []

MAX_LIMIT = 100
WINDOW_MIN = 200

_COLUMNS = (Client.id, Client.name, Client.gender, Client.birth_date, Client.height_cm,
            Client.education, Client.city, Client.marital_status, Client.income_monthly,
            Client.tier, Client.department_id, Client.matchmaker_id, Client.created_by_id,
            Client.pref_income_min)


def age_of(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def accepts(chooser, other, today: dt.date | None = None) -> bool:
    """Does ``other`` satisfy ``chooser``'s hard preferences? (the reference rule)"""
    today = today or dt.date.today()
    if other.gender == chooser.gender:
        return False
    age = age_of(other.birth_date, today)
    if chooser.pref_age_min is not None and age < chooser.pref_age_min:
        return False
    if chooser.pref_age_max is not None and age > chooser.pref_age_max:
        return False
    for bound, ok in ((chooser.pref_height_min, lambda h, b: h >= b),
                      (chooser.pref_height_max, lambda h, b: h <= b)):
        if bound is not None and (other.height_cm is None or not ok(other.height_cm, bound)):
            return False
    if chooser.pref_education_min and (
            education_rank(other.education) < education_rank(chooser.pref_education_min)):
        return False
    if chooser.pref_cities and not in_folded(other.city, chooser.pref_cities):
        return False
    if chooser.pref_marital_statuses and other.marital_status not in chooser.pref_marital_statuses:
        return False
    return True


def mutual(a, b, today: dt.date | None = None) -> bool:
    return accepts(a, b, today) and accepts(b, a, today)


def _json_list_accepts(column: str, value, dialect: str):
    """The candidate's list preference is empty, or contains ``value`` (a value, or a tuple
    of its written forms: any of them)."""
    values = list(value) if isinstance(value, tuple) else [value]
    names = [f"v_{column}_{i}" for i in range(len(values))]
    if dialect == "postgresql":
        test = " OR ".join(f"jsonb_exists(client.{column}::jsonb, :{n})" for n in names)
        sql = (f"(CASE WHEN json_typeof(client.{column}) = 'array' "
               f"AND json_array_length(client.{column}) > 0 "
               f"THEN ({test}) ELSE true END)")
    else:
        listed = ", ".join(f":{n}" for n in names)
        sql = (f"(CASE WHEN json_type(client.{column}) = 'array' "
               f"AND json_array_length(client.{column}) > 0 "
               f"THEN EXISTS (SELECT 1 FROM json_each(client.{column}) "
               f"WHERE json_each.value IN ({listed})) ELSE 1 END)")
    return text(sql).bindparams(**dict(zip(names, values, strict=True)))


def _base_criteria(me: Client) -> list:
    crit = [text(f"client.{c}") for c in ("status = 'active'", "archived_at IS NULL")]
    return crit + [Client.gender == ("F" if me.gender == "M" else "M"), Client.id != me.id]


def my_preference_criteria(me: Client, today: dt.date) -> list[tuple[str, list]]:
    """(preference key, SQL) for each of my hard preferences: candidate within them."""
    groups: list[tuple[str, list]] = []
    age = []
    if me.pref_age_min is not None:
        age.append(Client.birth_date <= today - relativedelta(years=me.pref_age_min))
    if me.pref_age_max is not None:
        age.append(Client.birth_date > today - relativedelta(years=me.pref_age_max + 1))
    height = []
    if me.pref_height_min is not None:
        height.append(Client.height_cm >= me.pref_height_min)
    if me.pref_height_max is not None:
        height.append(Client.height_cm <= me.pref_height_max)
    groups += [("age", age), ("height", height)]
    if me.pref_education_min:
        groups.append(("education", [Client.education.in_(
            EDUCATION_LEVELS[max(education_rank(me.pref_education_min), 0):])]))
    if me.pref_cities:
        # 广州 = 廣州: a preferred city in either script matches the city in either.
        groups.append(("city", [Client.city.in_(
            sorted({v for c in me.pref_cities for v in variants(c)}))]))
    if me.pref_marital_statuses:
        groups.append(("marital", [Client.marital_status.in_(list(me.pref_marital_statuses))]))
    return [(k, c) for k, c in groups if c]


def their_criteria(me: Client, today: dt.date, dialect: str) -> list:
    """SQL for: me within the candidate's preferences."""
    my_age = age_of(me.birth_date, today)
    crit = [or_(Client.pref_age_min.is_(None), Client.pref_age_min <= my_age),
            or_(Client.pref_age_max.is_(None), Client.pref_age_max >= my_age)]
    if me.height_cm is None:
        crit += [Client.pref_height_min.is_(None), Client.pref_height_max.is_(None)]
    else:
        crit.append(or_(Client.pref_height_min.is_(None), Client.pref_height_min <= me.height_cm))
        crit.append(or_(Client.pref_height_max.is_(None), Client.pref_height_max >= me.height_cm))
    rank = education_rank(me.education)
    crit.append(or_(Client.pref_education_min.is_(None),
                    Client.pref_education_min.in_(EDUCATION_LEVELS[:rank + 1] or ["-"])))
    crit.append(_json_list_accepts("pref_cities", variants(me.city) or (me.city,), dialect))
    crit.append(_json_list_accepts("pref_marital_statuses", me.marital_status, dialect))
    return crit


def hard_criteria(me: Client, today: dt.date, dialect: str) -> list:
    """SQL for: candidate within my preferences AND me within the candidate's."""
    crit = _base_criteria(me)
    for _key, group in my_preference_criteria(me, today):
        crit += group
    return crit + their_criteria(me, today, dialect)


_PREFERENCE_LABELS = {
    "age": _l("Preferred age"), "height": _l("Preferred height"),
    "education": _l("Minimum education"), "city": _l("Preferred cities"),
    "marital": _l("Accepted marital statuses"),
}


def _any(crit) -> bool:
    q = select(Client.id).where(*crit).limit(1).execution_options(unscoped=True)
    return db.session.execute(q).first() is not None


def no_candidates_reason(me: Client, today: dt.date | None = None) -> str:
    """Why a client has no candidates, in words: which preference excludes everyone."""
    if me is None:
        return ""
    if me.status != "active" or me.archived_at is not None:
        return str(_l("Only active clients get candidate suggestions"))
    today = today or dt.date.today()
    dialect = db.session.get_bind().dialect.name
    with unscoped():
        base = _base_criteria(me)
        if not _any(base):
            return str(_l("There are no active clients of the other gender"))
        mine = my_preference_criteria(me, today)
        alone = [k for k, group in mine if not _any(base + group)]
        if alone:
            return str(_l("No active client meets this preference: %(names)s",
                          names="、".join(str(_PREFERENCE_LABELS[k]) for k in alone)))
        if mine and not _any(base + [c for _k, g in mine for c in g]):
            return str(_l("No active client meets all these preferences together: %(names)s",
                          names="、".join(str(_PREFERENCE_LABELS[k]) for k, _g in mine)))
        if not _any(base + their_criteria(me, today, dialect)):
            return str(_l("This client is outside every other client's own preferences"))
        if not _any(hard_criteria(me, today, dialect)):
            return str(_l("The clients this client accepts do not accept this client"))
    return str(_l("Every suitable client has already been proposed or declined"))


# Reasons as keys while ranking hundreds of rows; translated only for the rows shown.
_REASONS = {
    "city": _l("Same city"), "education": _l("Similar education"),
    "income": _l("Income meets both sides' expectations"), "tier": _l("Same membership tier"),
    "height": _l("Suitable height difference"),
}


_ME_FIELDS = ("birth_date", "city", "education", "pref_income_min", "income_monthly", "tier",
              "height_cm", "gender")


def _snapshot(me):
    """The chooser's fields as plain attributes: read once, not once per candidate."""
    return SimpleNamespace(**{f: getattr(me, f) for f in _ME_FIELDS})


def points(me, c, today: dt.date, my_age: int | None = None) -> tuple[int, int, list[str]]:
    """(0–100, age gap, reason keys), most important first."""
    total, keys = 0, []
    if my_age is None:
        my_age = age_of(me.birth_date, today)
    gap = abs(my_age - age_of(c.birth_date, today))
    total += max(0, 30 - 4 * gap)
    if me.city and same(c.city, me.city):
        total += 20
        keys.append("city")
    ra, rb = education_rank(me.education), education_rank(c.education)
    if ra >= 0 and rb >= 0 and abs(ra - rb) <= 1:
        total += 15 if ra == rb else 10
        keys.append("education")
    mine_ok = not me.pref_income_min or (c.income_monthly or 0) >= me.pref_income_min
    theirs_ok = not c.pref_income_min or (me.income_monthly or 0) >= c.pref_income_min
    if mine_ok and theirs_ok:
        total += 15
        keys.append("income")
    if c.tier == me.tier:
        total += 10
        keys.append("tier")
    if me.height_cm and c.height_cm:
        man, woman = (me, c) if me.gender == "M" else (c, me)
        if 3 <= (man.height_cm or 0) - (woman.height_cm or 0) <= 20:
            total += 10
            keys.append("height")
    return min(total, 100), gap, keys


def reason_texts(gap: int, keys: list[str], memo: dict | None = None) -> list[str]:
    """The reasons in words. ``memo`` keeps the translations of one request: each gettext
    costs about 35 µs and a page of 20 candidates asks for ~80 of them."""
    if memo is None:
        return [str(_l("Age gap %(n)s years", n=gap)), *(str(_REASONS[k]) for k in keys)]
    out = []
    for key in (gap, *keys):
        text_ = memo.get(key)
        if text_ is None:
            text_ = memo[key] = (str(_l("Age gap %(n)s years", n=key)) if isinstance(key, int)
                                 else str(_REASONS[key]))
        out.append(text_)
    return out


def score(me, c, today: dt.date) -> tuple[int, list[str]]:
    """0–100 and the human-readable reasons, most important first."""
    total, gap, keys = points(me, c, today)
    return total, reason_texts(gap, keys)


def excluded_ids(client_id: int) -> set[int]:
    out: set[int] = set()
    for provider in EXCLUSION_PROVIDERS:
        out |= set(provider(client_id) or ())
    return out


# A candidate row with plain attributes: scoring reads ~12 of them from each of 400 rows, and
# a SQLAlchemy Row's attribute access costs about 1 µs each (a namedtuple's, 40 ns).
_Row = namedtuple("_Row", [c.key for c in _COLUMNS])


def _windows(crit, pivot, size: int, exclude: set[int]) -> list[_Row]:
    """Both windows (birth dates from ``pivot`` up, and below it) in one round trip. Each is
    an index-only scan of ix_client_candidates on PostgreSQL that stops after ``size``
    matches (migration 0022)."""
    q = select(*_COLUMNS).where(*crit)
    if exclude:
        q = q.where(Client.id.notin_(sorted(exclude)))
    up = (q.where(Client.birth_date >= pivot).order_by(Client.birth_date, Client.id)
          .limit(size).subquery())
    down = (q.where(Client.birth_date < pivot)
            .order_by(Client.birth_date.desc(), Client.id.desc()).limit(size).subquery())
    both = union_all(select(up), select(down))
    if db.session.get_bind().dialect.name == "postgresql":
        # Each window reads a few hundred index entries (< 1 ms), yet the planner, expecting
        # to filter thousands, plans a parallel scan whose workers take 3-7 ms to start: the
        # slowest candidate searches of bench/RESULTS_http.md. For this transaction only.
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    return [_Row._make(r) for r in db.session.execute(both.execution_options(unscoped=True))]


def candidate_rows(me: Client, limit: int, today: dt.date | None = None):
    """Scored rows (score, reasons, row) best first; company-wide, no profile filtering."""
    today = today or dt.date.today()
    dialect = db.session.get_bind().dialect.name
    size = max(WINDOW_MIN, limit * 10)
    with unscoped():
        crit = hard_criteria(me, today, dialect)
        exclude = excluded_ids(me.id)
        rows = _windows(crit, me.birth_date, size, exclude)
    mine = _snapshot(me)
    my_age = age_of(mine.birth_date, today)
    ranked = [(*points(mine, r, today, my_age), r) for r in rows]
    ranked.sort(key=lambda t: (-t[0], t[3].id))
    memo: dict = {}
    return [(total, reason_texts(gap, keys, memo), r)
            for total, gap, keys, r in ranked[:limit]]


def _profile(row, today: dt.date, full: bool) -> dict:
    out = {
        "display_name": (row.name or "")[:1] + ("先生" if row.gender == "M" else "女士"),
        "gender": row.gender, "age": age_of(row.birth_date, today), "height_cm": row.height_cm,
        "education": row.education, "city": row.city, "tier": row.tier, "in_scope": full,
    }
    if full:
        out.update(name=row.name, marital_status=row.marital_status,
                   income_monthly=row.income_monthly)
    return out


def candidates_for(client: Client, limit: int = 20, today: dt.date | None = None) -> list[dict]:
    """``[{"client_id", "score", "reasons", ...profile}]`` best first (DESIGN §1)."""
    today = today or dt.date.today()
    limit = max(1, min(int(limit), MAX_LIMIT))
    scope = current_scope()
    out = []
    for points, reasons, row in candidate_rows(client, limit, today):
        full = _in_scope(row, scope)
        out.append({"client_id": row.id, "score": points, "reasons": reasons,
                    **_profile(row, today, full)})
    return out


def _in_scope(row, scope) -> bool:
    return Client.row_in_scope(row, scope)
