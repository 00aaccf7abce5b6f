"""Files under UPLOAD_ROOT (client photos, complaint evidence): one place resolves paths."""
from __future__ import annotations

import os

from flask import current_app


def upload_root() -> str:
    return current_app.config["UPLOAD_ROOT"]


def resolve(rel: str | None) -> str | None:
    """Absolute path of ``rel`` when it lies inside UPLOAD_ROOT, else None (a stored path
    never leads outside, whatever it holds)."""
    if not rel:
        return None
    root = os.path.realpath(upload_root())
    full = os.path.realpath(os.path.join(root, rel))
    return full if full.startswith(root + os.sep) else None
