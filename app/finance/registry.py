"""Registers the finance pages and REST resources (and the receipts' attachment endpoints)."""
from flask_babel import lazy_gettext as _l


def register(appbuilder, add_view) -> None:
    from app.core.attachments import register_attachments
    from app.finance import workflows  # noqa: F401  (declares the workflows)
    from app.finance.api import (
        BudgetAdjustmentApi,
        BudgetAdjustmentLineApi,
        BudgetApi,
        BudgetLineApi,
        ContractApi,
        ExpenseApi,
        ExpenseCategoryApi,
        ExpenseStandardApi,
        FinanceFiguresApi,
        PaymentApi,
    )
    from app.finance.pages import BudgetVsActualView, FinanceFiguresView
    from app.finance.views import (
        BudgetAdjustmentLineView,
        BudgetAdjustmentView,
        BudgetLineView,
        BudgetView,
        ContractView,
        ExpenseCategoryView,
        ExpenseStandardView,
        ExpenseView,
        PaymentView,
    )

    fin = ("Finance", _l("Finance"), "fa-money")
    add_view(appbuilder, ExpenseView, "Expense claims", _l("Expense claims"), "fa-file-text-o",
             *fin)
    add_view(appbuilder, BudgetView, "Budgets", _l("Budgets"), "fa-calculator", *fin)
    add_view(appbuilder, BudgetAdjustmentView, "Budget adjustments", _l("Budget adjustments"),
             "fa-sliders", *fin)
    add_view(appbuilder, BudgetVsActualView, "Budget vs actual", _l("Budget vs actual"),
             "fa-bar-chart", *fin)
    add_view(appbuilder, FinanceFiguresView, "Finance figures", _l("Finance figures"),
             "fa-line-chart", *fin)
    add_view(appbuilder, ContractView, "Service contracts", _l("Service contracts"),
             "fa-handshake-o", *fin)
    add_view(appbuilder, PaymentView, "Payments", _l("Payments"), "fa-credit-card", *fin)
    add_view(appbuilder, ExpenseCategoryView, "Expense categories", _l("Expense categories"),
             "fa-tags", *fin)
    add_view(appbuilder, ExpenseStandardView, "Expense standards", _l("Expense standards"),
             "fa-balance-scale", *fin)
    appbuilder.add_view_no_menu(BudgetLineView)
    appbuilder.add_view_no_menu(BudgetAdjustmentLineView)
    for api in (ExpenseCategoryApi, ExpenseStandardApi, BudgetApi, BudgetLineApi,
                BudgetAdjustmentApi, BudgetAdjustmentLineApi, ExpenseApi, ContractApi, PaymentApi,
                FinanceFiguresApi):
        appbuilder.add_api(api)
    # The lead calls register_attachments for every API declaring attachments; registering
    # here as well is harmless (once per resource) and keeps receipts working meanwhile.
    register_attachments(appbuilder, [ExpenseApi, ContractApi, PaymentApi])
