"""Data interface that loads the clients a page of rows refers to in one query (no N+1)."""
from __future__ import annotations

from sqlalchemy import select

from app.core.interface import YuelaoInterface
from app.core.scope import unscoped


class ClientPrefetchInterface(YuelaoInterface):
    """Rows show clients through a label property; fetch those clients once per page.

    Unscoped on purpose: the label itself decides between full and limited profile.
    """

    client_fields: tuple[str, ...] = ("client_id",)

    def __init__(self, obj, session=None, client_fields=None):
        super().__init__(obj, session)
        if client_fields:
            self.client_fields = tuple(client_fields)

    def query(self, *args, **kwargs):
        count, rows = super().query(*args, **kwargs)
        # FAB builds related interfaces (dropdowns) from this class for other models too.
        fields = [f for f in self.client_fields if hasattr(self.obj, f)]
        prefetch_clients(self.session, rows, fields)
        return count, rows


def prefetch_clients(session, rows, fields) -> None:
    from app.clients.models import Client

    ids = {getattr(r, f) for r in rows for f in fields} - {None}
    if ids:
        with unscoped():
            list(session.scalars(select(Client).where(Client.id.in_(sorted(ids)))))
