"""Who may do what with departments, positions and employees."""
from app.core.roles import FULL, READ

_TRANSITIONS = ["can_confirm", "can_leave", "can_rehire"]

GRANTS = {
    "Executive": {"department": READ, "position": READ, "employee": READ + _TRANSITIONS},
    "Auditor": {"department": READ, "position": READ, "employee": READ},
    "HR": {"department": FULL, "position": FULL, "employee": FULL + _TRANSITIONS},
    "Finance": {"department": READ, "position": READ, "employee": READ},
    "Department head": {"department": READ, "position": READ, "employee": READ},
    "Matchmaker": {"department": READ, "position": READ, "employee": READ},
    "Customer service": {"department": READ, "position": READ, "employee": READ},
    "Marketing": {"department": READ, "position": READ, "employee": READ},
}
