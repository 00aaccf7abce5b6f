"""How a client appears on a match: in full in scope, else only the limited profile.

The candidate pool is company-wide, so a match shows a client of another store. DESIGN §3: an
out-of-scope client shows surname + 先生/女士, age, height, education, city and tier — never
the name, contact or notes (the client's own matchmaker makes the contact).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.scope import current_scope, unscoped

EDUCATION_LABELS = {
    "junior_high": _l("Junior high"), "high_school": _l("High school"),
    "associate": _l("Associate degree"), "bachelor": _l("Bachelor"), "master": _l("Master"),
    "doctorate": _l("Doctorate"),
}
TIER_LABELS = {"standard": _l("Standard"), "premium": _l("Premium"), "private": _l("Private")}


def load_client(obj, rel: str, client_id):
    """The related client even when the scoped query filtered the relationship out."""
    client = getattr(obj, rel, None)
    if client is None and client_id is not None:
        from app.clients.models import Client
        from app.extensions import db

        with unscoped():
            client = db.session.get(Client, client_id)
    return client


def honorific(client) -> str:
    surname = (client.name or "?")[:1]
    return surname + ("先生" if client.gender == "M" else "女士")


def limited_profile(client) -> dict:
    return {
        "id": client.id,
        "limited": True,
        "display": honorific(client),
        "gender": client.gender,
        "age": client.age,
        "height_cm": client.height_cm,
        "education": client.education,
        "city": client.city,
        "tier": client.tier,
    }


def full_profile(client) -> dict:
    return {**limited_profile(client), "limited": False, "client_no": client.client_no,
            "name": client.name, "display": f"{client.client_no} {client.name}"}


def visible(client) -> bool:
    return client is not None and client.in_scope(current_scope())


def client_profile(obj, rel: str, client_id) -> dict | None:
    client = load_client(obj, rel, client_id)
    if client is None:
        return None
    return full_profile(client) if visible(client) else limited_profile(client)


def limited_text(client) -> str:
    parts = [honorific(client)]
    if client.age is not None:
        parts.append(str(_l("%(n)s yrs", n=client.age)))
    if client.height_cm:
        parts.append(f"{client.height_cm}cm")
    if client.education:
        parts.append(str(EDUCATION_LABELS.get(client.education, client.education)))
    if client.city:
        parts.append(client.city)
    parts.append(str(TIER_LABELS.get(client.tier, client.tier)))
    return " · ".join(parts)


def client_label(obj, rel: str, client_id) -> str:
    client = load_client(obj, rel, client_id)
    if client is None:
        return ""
    if visible(client):
        return f"{client.client_no} {client.name}"
    return limited_text(client)
