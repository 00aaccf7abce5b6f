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


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_demo_organisation_follows_the_default_script(name):
    """Issue 10 item 8: demo data is written in the UI's default script (简体), so a user of the
    demo sees one script; searches still match either (app/core/scripts.py)."""
    from app.core.scripts import fold

    prof = PROFILES[name]
    texts = [t for row in prof.DEPARTMENTS for t in (row[1], row[4])]
    texts += [t for row in prof.POSITIONS for t in (row[1], row[2])]
    texts += [row[1] for row in prof.PEOPLE]
    traditional = [t for t in texts if t and fold(t) != t]
    assert not traditional, traditional


def test_module_demo_seeds_follow_the_default_script():
    """Module demo seeds (KPI templates, categories, partners, questionnaires, places…) too:
    every string literal of a seed file is already in its Simplified form."""
    import io
    import tokenize
    from pathlib import Path

    from app.core.scripts import fold

    root = Path(__file__).resolve().parent.parent
    files = sorted(root.glob("app/*/seed.py")) + sorted(root.glob("seeds/org_*.py"))
    assert len(files) >= 6
    found = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.STRING and fold(tok.string) != tok.string:
                found.append(f"{path.name}:{tok.start[0]}")
    assert not found, found
