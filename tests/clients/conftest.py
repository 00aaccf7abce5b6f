"""Helpers shared by the client tests."""
import datetime as dt

from app.extensions import db
from tests import factories


def new_client(**kw):
    """A fresh client (active, TH-MM, matchmaker th_mm1 unless told otherwise); returns its id."""
    kw.setdefault("wechat", f"wx{factories.nextval()}")
    c = factories.make_client(**kw)
    return c.id


def valid_payload(**overrides) -> dict:
    n = factories.nextval()
    data = {
        "name": f"接口客戶{n}", "gender": "F", "birth_date": "1994-03-02", "height_cm": 163,
        "education": "bachelor", "city": "廣州", "marital_status": "never_married",
        "income_monthly": 9000, "phone": f"136{n:08d}"[:11], "tier": "standard",
        "department_id": factories.department("TH-MM").id,
        "matchmaker_id": factories.employee_of("th_mm1").id,
        "pref_age_min": 28, "pref_age_max": 38, "pref_cities": ["廣州"],
    }
    data.update(overrides)
    return data


def years_ago(n: int) -> dt.date:
    today = dt.date.today()
    return dt.date(today.year - n, 1, 1) if n else today


def count_clients():
    from sqlalchemy import func, select

    from app.clients.models import Client

    return db.session.scalar(select(func.count(Client.id)))
