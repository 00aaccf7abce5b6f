"""Which dashboard panels each role kind sees, and who may print forms.

Panels are permissions on the ``dashboard`` resource (editable on the Roles page); the home
page asks the security manager for them, never for a role. Each figure on a panel further
needs read access to its own resource, and counts only the rows of the user's scope.
"""
PANELS = ("can_store_panel", "can_frontline_panel", "can_service_panel", "can_hr_panel",
          "can_finance_panel", "can_company_panel")
PRINT = {"print_form": ["can_read"]}

GRANTS = {
    "Executive": {"dashboard": ["can_company_panel", "can_store_panel", "can_hr_panel",
                                "can_finance_panel"], **PRINT},
    "Auditor": {"dashboard": ["can_company_panel", "can_store_panel", "can_hr_panel",
                              "can_finance_panel"], **PRINT},
    "Department head": {"dashboard": ["can_store_panel"], **PRINT},
    "Frontline": {"dashboard": ["can_frontline_panel"], **PRINT},
    "Customer service": {"dashboard": ["can_service_panel"], **PRINT},
    "HR": {"dashboard": ["can_hr_panel"], **PRINT},
    "Finance": {"dashboard": ["can_finance_panel"], **PRINT},
    "Marketing": {**PRINT},
}
