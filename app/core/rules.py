"""制度依據: every rule the app enforces, traced to the clause of the rule book it comes from.

A guard, validation, deadline or KPI that a rule book asks for declares a ``Rule`` with the book
and the quoted sentence; the code that enforces it names the rule's code, and refusal messages
cite the clause (``cite(code)``). The 制度依據 page and ``GET /api/v1/rule/`` list every rule of
the current profile with where it is enforced and the test that proves it: tests carry
``@pytest.mark.rule("<code>")``, which ``tests_of`` reads from the test sources.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Rule-book file prefix → (file, title).
BOOKS: dict[str, tuple[str, str]] = {
    "000": ("000_edcf75b6d63fab44.txt", "婚介公司經營管理制度"),
    "001": ("001_9e329a5dcb85c681.txt", "婚姻介紹機構管理權限"),
    "002": ("002_32ae45916d3ea276.txt", "產後修復中心管理制度"),
    "003": ("003_5f7539d670156bf0.txt", "新鏈家運營管理制度"),
    "004": ("004_d1b008f33b3164a6.txt", "代理公司運營管理制度"),
}
KINDS = ("guard", "validation", "approval", "deadline", "kpi", "scope", "privacy")


@dataclass(frozen=True)
class Rule:
    code: str
    book: str
    clause: str
    kind: str
    # Where the rule acts: a dotted path to the function, guard or job that enforces it.
    enforced_by: str
    # Profiles the rule applies to; empty: every profile whose books include ``book``.
    profiles: tuple[str, ...] = ()

    @property
    def book_title(self) -> str:
        return BOOKS[self.book][1]

    @property
    def book_file(self) -> str:
        return BOOKS[self.book][0]

    def applies_to(self, profile) -> bool:
        if self.profiles:
            return profile.name in self.profiles
        return self.book in profile.books

    def citation(self) -> str:
        return f"依據《{self.book_title}》：{self.clause}"


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.book not in BOOKS:
        raise ValueError(f"{rule.code}: unknown rule book {rule.book}")
    if rule.kind not in KINDS:
        raise ValueError(f"{rule.code}: unknown kind {rule.kind}")
    known = RULES.get(rule.code)
    if known is not None and known != rule:
        raise ValueError(f"rule {rule.code} declared twice")
    RULES[rule.code] = rule
    return rule


def get(code: str) -> Rule:
    return RULES[code]


def cite(code: str) -> str:
    """The clause, as a refusal message or a dialog quotes it."""
    rule = RULES.get(code)
    return rule.citation() if rule else ""


def with_citation(message: str, code: str) -> str:
    c = cite(code)
    return f"{message}（{c}）" if c else message


def for_profile(profile) -> list[Rule]:
    return sorted((r for r in RULES.values() if r.applies_to(profile)), key=lambda r: r.code)


_MARK = re.compile(r"""mark\.rule\(\s*((?:["'][^"']+["']\s*,?\s*)+)\)""")
_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(test_\w+)", re.M)
_CODES = re.compile(r"""["']([^"']+)["']""")


@lru_cache(maxsize=1)
def _scan_tests() -> dict[str, tuple[str, ...]]:
    """rule code → ("tests/x/test_y.py::test_z", ...) from the markers in the test sources."""
    root = Path(__file__).resolve().parents[2] / "tests"
    found: dict[str, list[str]] = {}
    if not root.is_dir():
        return {}
    for path in sorted(root.rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(root.parent).as_posix()
        for m in _MARK.finditer(text):
            nxt = _DEF.search(text, m.end())
            name = nxt.group(1) if nxt else "(module)"
            for code in _CODES.findall(m.group(1)):
                found.setdefault(code, []).append(f"{rel}::{name}")
    return {k: tuple(v) for k, v in found.items()}


def tests_of(code: str) -> tuple[str, ...]:
    return _scan_tests().get(code, ())


def local(code: str, profile=None) -> str:
    """``code`` for the running profile: itself when its book is the profile's, else the same
    topic ("<book>.<topic>") in one of the profile's books; "" when none has it."""
    from app.profiles import profile_of

    profile = profile or profile_of()
    book, _, topic = code.partition(".")
    for b in (book, *profile.books):
        rule = RULES.get(f"{b}.{topic}")
        if rule is not None and rule.applies_to(profile):
            return rule.code
    return ""


def cite_here(code: str | None) -> str:
    """The clause of ``code`` as the running profile's book says it (templates)."""
    return cite(local(code)) if code else ""


def cited(message, code: str) -> str:
    return with_citation(str(message), local(code))
