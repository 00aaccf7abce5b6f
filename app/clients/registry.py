"""Registers the client pages and REST resources (called by app.initialization)."""
from flask_babel import lazy_gettext as _l


def register(appbuilder, add_view) -> None:
    from app.clients import workflows  # noqa: F401  (declares the client workflows)
    from app.clients.api import ClientApi, ClientAssignmentApi
    from app.clients.views import (
        ClientAssignmentView,
        ClientDueView,
        ClientPoolView,
        ClientReverifyView,
        ClientView,
    )

    cat = ("Clients", _l("Clients"), "fa-heart")
    add_view(appbuilder, ClientView, "Clients", _l("Clients"), "fa-address-card", *cat)
    add_view(appbuilder, ClientPoolView, "Unassigned pool", _l("Unassigned pool"),
             "fa-life-ring", *cat)
    add_view(appbuilder, ClientDueView, "Due for return", _l("Due for return to the pool"),
             "fa-hourglass-end", *cat)
    add_view(appbuilder, ClientReverifyView, "Files to re-verify", _l("Files to re-verify"),
             "fa-check-square-o", *cat)
    add_view(appbuilder, ClientAssignmentView, "Client assignments", _l("Client assignments"),
             "fa-handshake-o", *cat)
    appbuilder.add_api(ClientApi)
    appbuilder.add_api(ClientAssignmentApi)
