"""Audited reveal-export (issue 14): contacts in clear only on request, only for who may
reveal (the client page's ``can_view_contact``), each one an audit row of kind reveal naming
the rows and the filter; the consent rule still applies."""
from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import quote

import prison
import pytest
from sqlalchemy import select

from app.core.models import AuditLog
from app.extensions import db
from tests.factories import make_client, nextval

NOW = dt.datetime(2026, 1, 2, 3, 4)


def _pair(marker):
    yes = make_client("TH-MM", city=marker, share_consent_at=NOW, phone=f"1393{nextval():07d}")
    no = make_client("TH-MM", city=marker, share_consent_at=None,
                     phone=f"1394{nextval():07d}")
    return yes, no


def _rows(resp) -> list[list[str]]:
    return list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))


def _last(action: str):
    return db.session.scalar(select(AuditLog).where(AuditLog.action == action)
                             .order_by(AuditLog.id.desc()))


@pytest.mark.rule("000.export.consent")
def test_reveal_export_shows_contacts_audits_and_keeps_consent(app, client_as):
    marker = f"揭{nextval()}"
    yes, no = _pair(marker)
    resp = client_as("th_manager").get(
        f"/clientview/export/?format=csv&reveal=1&_flt_0_city={quote(marker)}")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    text = resp.get_data().decode("utf-8-sig")
    assert yes.phone in text  # in clear
    assert no.name not in text and no.phone not in text  # consent still applies
    assert resp.headers["X-Export-Withheld"] == "1"
    reveal = _last("reveal")
    assert reveal.resource == "client" and reveal.actor_name == "th_manager"
    assert reveal.changes["rows"] == 1 and reveal.changes["export"] == "csv"
    assert reveal.changes["filters"][0][0] == "city"
    assert reveal.changes["filters"][0][2] == marker
    assert "phone" in reveal.changes["fields"]
    export_row = _last("export")
    assert export_row.changes["revealed"] and export_row.changes["rows"] == 1


def test_without_reveal_the_export_stays_masked_and_writes_no_reveal(app, client_as):
    marker = f"揭{nextval()}"
    yes, _ = _pair(marker)
    before = _last("reveal")
    resp = client_as("th_manager").get(
        f"/clientview/export/?format=csv&reveal=0&_flt_0_city={quote(marker)}")
    text = resp.get_data().decode("utf-8-sig")
    assert yes.phone not in text and yes.phone[:3] + "****" + yes.phone[-4:] in text
    after = _last("reveal")
    assert (after.id if after else None) == (before.id if before else None)


@pytest.mark.parametrize("username", ["boss", "auditor"])
def test_who_may_not_reveal_is_refused_whatever_the_parameter(app, client_as, api_as,
                                                              username):
    """403 on REST; the list page flashes the refusal and sends no file. No reveal row."""
    marker = f"揭{nextval()}"
    yes, _ = _pair(marker)
    before = _last("reveal")
    resp = client_as(username).get(
        f"/clientview/export/?format=csv&reveal=1&_flt_0_city={quote(marker)}")
    assert resp.status_code == 302 and yes.phone.encode() not in resp.get_data()
    q = prison.dumps({"filters": [{"col": "city", "opr": "eq", "value": marker}]})
    api = api_as(username).get(f"/api/v1/client/export?format=csv&reveal=1&q={quote(q)}")
    assert api.status_code == 403
    assert yes.phone.encode() not in api.get_data()
    # The same user's ordinary export works, masked.
    plain = client_as(username).get(
        f"/clientview/export/?format=csv&_flt_0_city={quote(marker)}")
    assert plain.status_code == 200 and yes.phone not in plain.get_data().decode("utf-8-sig")
    after = _last("reveal")
    assert (after.id if after else None) == (before.id if before else None)


def test_rest_reveal_export_for_who_may(app, api_as):
    marker = f"揭{nextval()}"
    yes, _ = _pair(marker)
    q = prison.dumps({"filters": [{"col": "city", "opr": "eq", "value": marker}]})
    resp = api_as("th_mm_head").get(f"/api/v1/client/export?format=csv&reveal=1&q={quote(q)}")
    assert resp.status_code == 200
    assert yes.phone in resp.get_data().decode("utf-8-sig")
    assert _last("reveal").actor_name == "th_mm_head"


def test_list_offers_the_reveal_button_only_to_who_may_reveal(app, client_as):
    html = client_as("th_manager").get("/clientview/list/?_flt_0_city=abc").get_data(
        as_text=True)
    assert "yl-export-reveal" in html and "reveal=1" in html and "_flt_0_city=abc" in html
    plain = html.split("yl-export-xlsx", 1)[1].split('href="', 1)[1].split('"', 1)[0]
    assert "reveal" not in plain  # never the default
    carried = client_as("th_manager").get("/clientview/list/?reveal=1").get_data(as_text=True)
    plain = carried.split("yl-export-xlsx", 1)[1].split('href="', 1)[1].split('"', 1)[0]
    assert "reveal" not in plain  # not even when the list's URL carries it
    assert "yl-export-reveal" not in client_as("boss").get("/clientview/list/").get_data(
        as_text=True)
    # A list without masked columns has nothing to reveal.
    assert "yl-export-reveal" not in client_as("th_manager").get(
        "/matchview/list/").get_data(as_text=True)


def test_reveal_on_a_list_nobody_may_reveal_is_refused(app, client_as):
    """Employees' phones are masked and no role kind holds can_view_contact on them."""
    resp = client_as("hr").get("/employeeview/export/?format=csv&reveal=1")
    assert resp.status_code == 302
    ok = client_as("hr").get("/employeeview/export/?format=csv")
    assert ok.status_code == 200 and _rows(ok)[0][0] == "工号"
