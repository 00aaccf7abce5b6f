"""Which dashboard panels each role kind sees, and who may print forms.

Panels are permissions on the ``dashboard`` resource (editable on the Roles page); the home
page asks the security manager for them, never for a role. Each figure on a panel further
needs read access to its own resource, and counts only the rows of the user's scope.
"""
PANELS = ("can_store_panel", "can_frontline_panel", "can_service_panel", "can_hr_panel",
          "can_finance_panel", "can_company_panel")
EVERYONE = {"print_form": ["can_read"]}

GRANTS = {
    "Executive": {"dashboard": ["can_company_panel", "can_store_panel", "can_hr_panel",
                                "can_finance_panel"], **EVERYONE},
    "Auditor": {"dashboard": ["can_company_panel", "can_store_panel", "can_hr_panel",
                              "can_finance_panel"], **EVERYONE},
    "Department head": {"dashboard": ["can_store_panel"], **EVERYONE},
    "Frontline": {"dashboard": ["can_frontline_panel"], **EVERYONE},
    "Customer service": {"dashboard": ["can_service_panel"], **EVERYONE},
    "HR": {"dashboard": ["can_hr_panel"], **EVERYONE},
    "Finance": {"dashboard": ["can_finance_panel"], **EVERYONE},
    "Marketing": {**EVERYONE},
}
