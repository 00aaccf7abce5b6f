"""The pair's score and reasons: from the clients module's candidate scoring when present."""
from __future__ import annotations

import datetime as dt

from app.clients.models import education_rank


def score_pair(client, candidate) -> tuple[float, list[str]]:
    """app.clients.candidates.score(me, other, today) when present, else simple_score."""
    try:
        from app.clients.candidates import score
    except ImportError:
        return simple_score(client, candidate)
    points, reasons = score(client, candidate, dt.date.today())
    return float(points), [str(r) for r in reasons]


def _prefers(who, other) -> tuple[int, int, list[str]]:
    """(points, possible points, reasons) of how well ``other`` meets ``who``'s preferences."""
    points, possible, reasons = 0, 0, []
    age = other.age
    if who.pref_age_min is not None or who.pref_age_max is not None:
        possible += 25
        lo, hi = who.pref_age_min or 0, who.pref_age_max or 200
        if age is not None and lo <= age <= hi:
            points += 25
            reasons.append(f"年齡 {age} 符合 {lo}–{hi}")
    if who.pref_height_min is not None or who.pref_height_max is not None:
        possible += 20
        lo, hi = who.pref_height_min or 0, who.pref_height_max or 300
        if other.height_cm is not None and lo <= other.height_cm <= hi:
            points += 20
            reasons.append(f"身高 {other.height_cm}cm 符合要求")
    if who.pref_education_min:
        possible += 20
        if education_rank(other.education) >= education_rank(who.pref_education_min):
            points += 20
            reasons.append("學歷符合要求")
    if who.pref_cities:
        possible += 20
        if other.city in who.pref_cities:
            points += 20
            reasons.append(f"所在城市 {other.city}")
    if who.pref_marital_statuses:
        possible += 15
        if other.marital_status in who.pref_marital_statuses:
            points += 15
            reasons.append("婚姻狀況符合要求")
    return points, possible, reasons


def simple_score(client, candidate) -> tuple[float, list[str]]:
    """Both sides' preferences, 0–100, with reasons (used until the clients module scores)."""
    p1, m1, r1 = _prefers(client, candidate)
    p2, m2, r2 = _prefers(candidate, client)
    total = (p1 + p2) / (m1 + m2) * 100 if (m1 + m2) else 50.0
    reasons = r1 + [f"對方：{r}" for r in r2]
    if client.city and client.city == candidate.city:
        total = min(100.0, total + 5)
        reasons.append(f"同城（{client.city}）")
    return round(total, 1), reasons or ["基本條件相符"]
