"""Registers the client pages and REST resources (called by app.initialization)."""


def register(appbuilder, add_view) -> None:
    # Views and APIs of the clients module are added here as they are built.
    return None
