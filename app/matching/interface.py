"""Data interface that loads the clients a page of rows refers to in one query (no N+1).

Matches, follow-ups and sign-ups grow with the client register, so their lists use the core's
large-table paging (estimated counts, keyset pages in id order, numbered pages capped).
"""
from __future__ import annotations

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from app.core.interface import relationship_of
from app.core.large import LargeTableInterface
from app.core.scope import unscoped


class ClientPrefetchInterface(LargeTableInterface):
    """Rows show clients through a label property; fetch those clients once per page.

    Unscoped on purpose: the label itself decides between full and limited profile.
    """

    client_fields: tuple[str, ...] = ("client_id",)
    # Rows are narrow and their labels read several columns: load whole rows.
    loads_list_columns = False

    def __init__(self, obj, session=None, client_fields=None):
        super().__init__(obj, session)
        if client_fields:
            self.client_fields = tuple(client_fields)

    def query(self, *args, **kwargs):
        count, rows = super().query(*args, **kwargs)
        fields = [f for f in self.client_fields if hasattr(self.obj, f)]
        prefetch_clients(self.session, rows, fields)
        return count, rows


def prefetch_clients(session, rows, fields) -> None:
    """Load the clients ``fields`` (``client_id``, ``candidate_id``) point at in one query and
    hand each row its own: the identity map holds objects weakly, so loading alone would let
    them go and every row would lazy-load its client again."""
    from app.clients.models import Client

    ids = {getattr(r, f) for r in rows for f in fields} - {None}
    if not ids:
        return
    with unscoped():
        clients = {c.id: c for c in session.scalars(
            select(Client).where(Client.id.in_(sorted(ids))))}
    for row in rows:
        mapper = sa_inspect(row).mapper
        for field in fields:
            rel = relationship_of(mapper, field)
            value = getattr(row, field)
            if rel is not None and value in clients and rel.key not in row.__dict__:
                set_committed_value(row, rel.key, clients[value])

