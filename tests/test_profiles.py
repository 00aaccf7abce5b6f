"""Every industry profile describes a consistent organisation with roles the code defines."""
import pytest

from app.core.roles import ROLES
from seeds.demo import PROFILES


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profile_is_consistent(name):
    prof = PROFILES[name]
    depts = {code for code, *_ in prof.DEPARTMENTS}
    positions = {code for code, *_ in prof.POSITIONS}
    people = {p[0] for p in prof.PEOPLE}
    for _code, _name, kind, parent, _duties in prof.DEPARTMENTS:
        assert kind in ("hq", "store", "dept")
        assert parent is None or parent in depts
    for _user, _n, gender, dept, pos, roles, manager, status in prof.PEOPLE:
        assert dept in depts and pos in positions and gender in ("M", "F")
        assert set(roles) <= set(ROLES), roles
        assert manager is None or manager in people
        assert status in ("probation", "regular", "left")
    assert set(prof.HEADS) <= depts and set(prof.HEADS.values()) <= people
    # Every profile can be administered and audited.
    all_roles = {r for p in prof.PEOPLE for r in p[5]}
    assert {"Admin", "Auditor", "Executive"} <= all_roles
