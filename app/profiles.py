"""Industry profiles as data (DESIGN §4): which rule book, which organisation, which modules.

``PROFILE`` (environment, default ``matchmaking``) picks the profile of a running app; ``seed demo
--profile X`` builds that profile's demo. A module is installed by naming it here.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Profile:
    name: str
    # Rule-book files (shared/rulebooks/) the profile follows.
    books: tuple[str, ...]
    # The module with the demo organisation: DEPARTMENTS, POSITIONS, PEOPLE, HEADS.
    org: str
    # Installed modules, in menu order.
    modules: tuple[str, ...]
    # The profile's own name of each role kind (app/core/roles.py ROLES).
    role_names: tuple[tuple[str, str], ...] = ()
    # Amount tiers: {role kind: the largest amount it may approve (None: no limit)}; above a
    # kind's limit the next level approves (004 資金審批). Kinds not named have no limit.
    approval_limits: tuple[tuple[str, float | None], ...] = ()
    # Data scope per role kind where the profile differs from app/core/roles.py ROLES
    # (realestate, 003: a store's 財務專員 sees only their store — scope "store").
    role_scopes: tuple[tuple[str, str], ...] = ()
    # Exports leave out rows whose model declares ``export_consent_column`` and whose
    # consent is not recorded (000: 未經客戶同意,不得向任何第三方泄露). app/core/export.py
    consent_required_for_export: bool = False


# Each profile's own names of the role kinds.
_NAMES_MATCHMAKING = (
    ("Executive", "總經理"),
    ("Auditor", "審計"),
    ("HR", "行政人事"),
    ("Finance", "財務"),
    ("Department head", "部門主管"),
    ("Frontline", "紅娘"),
    ("Customer service", "客服專員"),
    ("Marketing", "市場專員"),
)
_NAMES_POSTPARTUM = (
    ("Executive", "中心總經理"),
    ("Auditor", "審計"),
    ("HR", "人事專員"),
    ("Finance", "財務專員"),
    ("Department head", "部門經理"),
    ("Frontline", "產后修復師"),
    ("Customer service", "客服專員"),
    ("Marketing", "銷售代表"),
)
_NAMES_REALESTATE = (
    ("Executive", "總經理"),
    ("Auditor", "審計"),
    ("HR", "人力資源"),
    ("Finance", "財務"),
    ("Department head", "店經理 / 部門經理"),
    ("Frontline", "經紀人"),
    ("Customer service", "客服專員"),
    ("Marketing", "市場專員"),
)
_NAMES_AGENCY = (
    ("Executive", "總經理"),
    ("Auditor", "審計"),
    ("HR", "行政人事"),
    ("Finance", "財務"),
    ("Department head", "部門經理"),
    ("Frontline", "業務專員"),
    ("Customer service", "客服專員"),
    ("Marketing", "市場專員"),
)

PROFILES: dict[str, Profile] = {
    "matchmaking": Profile(
        "matchmaking", ("000", "001"), "seeds.org_matchmaking",
        role_names=_NAMES_MATCHMAKING,
        consent_required_for_export=True,
        # 004 資金審批: finance pays up to its limit, management above it.
        approval_limits=(("Finance", 5000), ("Executive", None)),
        modules=(
            "org",
            "clients",
            "matching",
            "service",
            "appraisal",
            "assets",
            "finance",
            "dashboard",
        ),
    ),
    "postpartum": Profile(
        "postpartum", ("002",), "seeds.org_postpartum",
        role_names=_NAMES_POSTPARTUM,
        # 004 資金審批: finance pays up to its limit, management above it.
        approval_limits=(("Finance", 5000), ("Executive", None)),
        modules=(
            "org",
            "clients",
            "service",
            "appraisal",
            "assets",
            "finance",
            "dashboard",
        ),
    ),
    "realestate": Profile(
        "realestate", ("003",), "seeds.org_realestate",
        role_names=_NAMES_REALESTATE,
        role_scopes=(("Finance", "store"),),
        # 004 資金審批: finance pays up to its limit, management above it.
        approval_limits=(("Finance", 5000), ("Executive", None)),
        modules=(
            "org",
            "clients",
            "service",
            "appraisal",
            "assets",
            "finance",
            "dashboard",
        ),
    ),
    "agency": Profile(
        "agency", ("004",), "seeds.org_agency",
        role_names=_NAMES_AGENCY,
        # 004 資金審批: finance pays up to its limit, management above it.
        approval_limits=(("Finance", 5000), ("Executive", None)),
        modules=(
            "org",
            "clients",
            "service",
            "appraisal",
            "assets",
            "finance",
            "dashboard",
        ),
    ),
}
DEFAULT_PROFILE = "matchmaking"


def profile_of(app=None) -> Profile:
    app = app or current_app
    name = app.config.get("PROFILE") or DEFAULT_PROFILE
    if name not in PROFILES:
        raise ValueError(f"PROFILE={name!r}: choose one of {', '.join(PROFILES)}")
    return PROFILES[name]
