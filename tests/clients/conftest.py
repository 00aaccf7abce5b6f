"""Helpers shared by the client tests."""
import datetime as dt

from app.extensions import db
from tests import factories

SECTIONS = {"family_background": "父母退休，独生子女", "hobbies": "旅行、摄影",
            "occupation": "教师", "self_description": "性格开朗", "pref_age_min": 25,
            "pref_age_max": 45}


def new_client(**kw):
    """A fresh client (active, TH-MM, matchmaker th_mm1 unless told otherwise); returns its id."""
    kw.setdefault("wechat", f"wx{factories.nextval()}")
    # The sections of the registration form (000, 001) filled, so the client may be submitted.
    for field, value in SECTIONS.items():
        kw.setdefault(field, value)
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
