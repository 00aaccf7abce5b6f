"""Every asset page renders for the owner; staff see their own items only; the menu hides
what a role may not read; a stock-take runs from its show page buttons."""
import pytest

from app.assets.models_ops import Stocktake
from app.extensions import db
from tests import factories
from tests.assets.factories import make_asset

PAGES = ["/assetview/list/", "/stocktakeview/list/", "/disposalview/list/",
         "/assetloanview/list/", "/overduemaintenanceview/list/", "/maintenanceview/list/",
         "/depreciationentryview/list/", "/assetmovesview/list/", "/requisitionview/list/",
         "/supplyitemview/list/", "/supplymovesview/list/", "/assetcategoryview/list/",
         "/purchaserequestview/list/", "/purchaserequestview/add",
         "/assetview/add", "/stocktakeview/add", "/disposalview/add", "/requisitionview/add",
         "/assetloanview/add"]


@pytest.mark.parametrize("url", PAGES)
def test_owner_pages_render(app, client_as, url):
    r = client_as("hr").get(url)
    assert r.status_code == 200, url


def test_staff_see_only_their_items(app, client_as):
    with app.app_context():
        mine = make_asset("TH-MM", "th_mm1", name="我的筆記本").code
        theirs = make_asset("TH-MM", "th_mm2", name="同事的筆記本").code
    page = client_as("th_mm1").get("/assetview/list/").get_data(as_text=True)
    assert mine in page and theirs not in page
    # staff cannot open the register's add form or the disposal list
    assert client_as("th_mm1").get("/assetview/add").status_code in (302, 403)
    assert client_as("th_mm1").get("/disposalview/list/").status_code in (302, 403)


def test_stocktake_buttons(app, client_as):
    with app.app_context():
        make_asset("YX-MM", "yx_mm1")
        st = Stocktake(name="越秀红娘部月度盤點", department_id=factories.department("YX-MM").id,
                       status="draft")
        db.session.add(st)
        db.session.commit()
        pk = st.id
    c = client_as("yx_mm_head")
    page = c.get(f"/stocktakeview/show/{pk}").get_data(as_text=True)
    assert f"/stocktakeview/transition/{pk}/start" in page
    assert c.post(f"/stocktakeview/transition/{pk}/start").status_code == 302
    with app.app_context():
        st = db.session.get(Stocktake, pk)
        assert st.status == "in_progress" and len(st.lines) >= 1
    assert client_as("th_manager").get(f"/stocktakeview/show/{pk}").status_code == 404
