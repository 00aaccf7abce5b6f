"""Who may do what with clients (filled in by the clients module)."""

GRANTS: dict = {}
