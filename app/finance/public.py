"""What other modules may use of finance: commit an amount against a department's budget
line, release it, mark it spent. Everything else in app/finance is internal (its records in
``app.finance.models`` may be read).

The line is the approved budget of the department (or the nearest department above it that
has one) for the year and category (an ``expense_category`` code), as finance resolves it for
claims. Each call is keyed by the source record (``source``: its resource name, e.g.
``"purchase_request"``; ``source_id``: its id) and idempotent. Claims' budget control, the
budget execution page and the finance figures count committed and spent amounts, so a
purchase and a claim can never both take the last of a line.

* ``commit_amount(department_id=, year=, category=, amount=, source=, source_id=, month=None,
  clause=None, field="amount") -> Commitment`` — under the budget row lock the claims use;
  a ``stop`` line over budget raises ``Invalid`` (422) naming the line and the shortfall with
  ``clause`` (the caller's rule citation; finance's budget-control clause by default) and
  ``field``; a ``warn`` line lets it through (``Commitment.warning``). No approved line for
  the category: recorded, not controlled (``budget_id`` None). ``month`` (1–12) places it for
  lines budgeted by month (default: this month for this year).
* ``release_amount(source=, source_id=, reason=None)`` — e.g. a purchase cancelled or rejected
  after approval; the amount no longer counts. None when nothing was committed.
* ``spend_amount(source=, source_id=, amount=None)`` — received / paid: the commitment becomes
  actual spending, at ``amount`` when the final price differs (a higher one is checked again).
* ``commitment_of(source, source_id)`` — what is held for a record, or None.

Every input error is a typed ``Invalid`` (422) naming the field, with nothing written; a call
that contradicts the commitment's state (releasing what is spent) is a ``Conflict`` (409).
The calls flush and never commit: the caller's request action commits once.
"""
from __future__ import annotations

from app.finance.commitments import (
    Commitment,
    commit_amount,
    commitment_of,
    release_amount,
    spend_amount,
)

__all__ = ["Commitment", "commit_amount", "commitment_of", "release_amount", "spend_amount"]
