"""Photos and attachments on assets through the core attachments service: the owner uploads,
the asset page shows the photo and the schedule; scope and permission hold."""
import io

from app.finance.seed import tiny_png
from tests.assets.factories import make_asset

PNG = tiny_png()


def _upload(api, pk, data=PNG, name="照片.png"):
    return api.post(f"/api/v1/asset/{pk}/attachments",
                    data={"file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data")


def test_owner_attaches_a_photo_shown_on_the_asset_page(app, api_as, client_as):
    with app.app_context():
        pk = make_asset("TH-MM", "th_mm1", name="盆底肌修復儀").id
    r = _upload(api_as("hr"), pk)
    assert r.status_code == 201, r.json
    att = r.json["id"]
    listed = api_as("th_mm1").get(f"/api/v1/asset/{pk}/attachments")  # custodian reads
    assert listed.status_code == 200 and [a["id"] for a in listed.json["result"]] == [att]
    body = client_as("hr").get(f"/assetview/show/{pk}").get_data(as_text=True)
    assert "yl-asset-photo" in body and f"/api/v1/asset/{pk}/attachments/{att}" in body
    assert 'id="Schedule"' in body and body.count("yl-schedule") == 1
    got = client_as("th_mm1").get(f"/api/v1/asset/{pk}/attachments/{att}")
    assert got.status_code == 200 and got.data == PNG


def test_attachments_keep_scope_and_permission(app, api_as):
    with app.app_context():
        pk = make_asset("TH-MM", "th_mm1").id
    assert _upload(api_as("th_mm1"), pk).status_code == 403          # custodian: read only
    assert _upload(api_as("yx_manager"), pk).status_code == 403      # heads: no can_write
    assert api_as("yx_manager").get(f"/api/v1/asset/{pk}/attachments").status_code == 404  # scope
    r = _upload(api_as("hr"), pk, data=b"not a picture", name="x.png")
    assert r.status_code == 422
    assert api_as("hr").get(f"/api/v1/asset/{pk}/attachments").json["result"] == []
