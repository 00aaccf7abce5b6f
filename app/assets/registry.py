"""Registers the asset pages and REST resources."""
from flask_babel import lazy_gettext as _l


def register(appbuilder, add_view) -> None:
    from app.assets import workflows  # noqa: F401  (declares the workflows)
    from app.assets.api import apis
    from app.assets.pages import AssetFiguresView
    from app.assets.views import (
        AssetCategoryView,
        AssetLoanView,
        AssetMovesView,
        AssetView,
        DepreciationEntryView,
        DisposalView,
        MaintenanceView,
        OverdueMaintenanceView,
        RequisitionView,
        StocktakeLinesView,
        StocktakeView,
        SupplyItemView,
        SupplyMovesView,
    )
    from app.assets.views_purchase import PurchaseQuotesView, PurchaseRequestView

    cat = ("Assets", _l("Assets"), "fa-cubes")
    add_view(appbuilder, AssetView, "Asset register", _l("Asset register"), "fa-cube", *cat)
    add_view(appbuilder, StocktakeView, "Stock-takes", _l("Stock-takes"), "fa-check-square-o",
             *cat)
    add_view(appbuilder, DisposalView, "Disposals", _l("Disposals"), "fa-trash", *cat)
    add_view(appbuilder, AssetLoanView, "Equipment sign-outs", _l("Equipment sign-outs"),
             "fa-exchange", *cat)
    add_view(appbuilder, OverdueMaintenanceView, "Maintenance overdue",
             _l("Maintenance overdue"), "fa-wrench", *cat)
    add_view(appbuilder, MaintenanceView, "Maintenance records", _l("Maintenance and cleaning"),
             "fa-medkit", *cat)
    add_view(appbuilder, DepreciationEntryView, "Posted depreciation",
             _l("Posted depreciation"), "fa-line-chart", *cat)
    add_view(appbuilder, AssetMovesView, "Asset moves", _l("Asset moves"), "fa-truck", *cat)
    add_view(appbuilder, RequisitionView, "Supply requisitions", _l("Supply requisitions"),
             "fa-shopping-basket", *cat)
    add_view(appbuilder, SupplyItemView, "Office supplies", _l("Office supplies"),
             "fa-archive", *cat)
    add_view(appbuilder, SupplyMovesView, "Supplies ledger", _l("Supplies ledger"), "fa-book",
             *cat)
    add_view(appbuilder, PurchaseRequestView, "Purchase requests", _l("Purchase requests"),
             "fa-shopping-cart", *cat)
    add_view(appbuilder, AssetFiguresView, "Asset figures", _l("Asset figures"), "fa-bar-chart",
             *cat)
    add_view(appbuilder, AssetCategoryView, "Asset categories", _l("Asset categories"),
             "fa-tags", *cat)
    appbuilder.add_view_no_menu(StocktakeLinesView)
    appbuilder.add_view_no_menu(PurchaseQuotesView)
    for api in apis():
        appbuilder.add_api(api)
