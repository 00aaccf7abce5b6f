"""Printable forms: in scope 200, out of scope 404, contacts masked, the clause quoted, A4."""
from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from tests import factories


def _page(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return r.get_data(as_text=True)


@pytest.mark.rule("000.dashboard.client_form", "001.dashboard.client_form")
def test_client_form_in_scope_masked_and_cited(client_as):
    c = factories.make_client("TH-MM", matchmaker="th_mm1", phone="13912345678",
                              wechat="wx_secret_123", hobbies="登山、攝影",
                              family_background="父母均為教師", occupation="工程師",
                              self_description="開朗隨和")
    for who in ("th_mm1", "th_manager", "boss"):
        page = _page(client_as(who), f"/print/client/{c.id}")
        assert "139****5678" in page and "13912345678" not in page
        assert "wx_secret_123" not in page
        for text in (c.client_no, "登山、攝影", "父母均為教師", "工程師", "開朗隨和"):
            assert text in page
        # Both books' clauses: 000 names the form and its sections, 001 adds 職業/收入/性格特點.
        assert "《客戶信息登記表》" in page and "性格特点" in page
        assert "@page" in page and "A4" in page and "Noto Serif CJK SC" in page
    assert client_as("yx_manager").get(f"/print/client/{c.id}").status_code == 404
    assert client_as("th_mm2").get(f"/print/client/{c.id}").status_code == 404


def test_show_page_has_the_print_button(client_as):
    c = factories.make_client("TH-MM", matchmaker="th_mm1")
    page = _page(client_as("th_mm1"), f"/clientview/show/{c.id}")
    assert f'href="/print/client/{c.id}"' in page


def test_unknown_form_missing_record_and_anonymous(client_as, client):
    c = factories.make_client("TH-MM", matchmaker="th_mm1")
    mm = client_as("th_mm1")
    assert mm.get("/print/nothing/1").status_code == 404
    assert mm.get("/print/client/999999999").status_code == 404
    r = client.get(f"/print/client/{c.id}")
    assert r.status_code == 302 and "/login/" in r.headers["Location"]


@pytest.mark.rule("000.dashboard.meeting_record")
def test_match_and_meeting_record_show_only_a_limited_profile(client_as):
    from tests.matching.helpers import make_match, make_meeting, pair

    a, b = pair()
    m = make_match(a, b, status="meeting_scheduled")
    mt = make_meeting(m, client_feedback="印象不錯")
    for who in ("th_mm1", "yx_mm1"):
        page = _page(client_as(who), f"/print/match/{m.id}")
        assert "印象不錯" in page and "天河城星巴克" in page
        assert a.name not in page and b.name not in page  # surname + 先生/女士 only
        assert f"{a.name[0]}女士" in page and f"{b.name[0]}先生" in page
        assert "約見時間、地點" in page
    assert _page(client_as("th_mm1"), f"/print/meeting/{mt.id}").count("印象不錯") == 1
    assert client_as("th_mm2").get(f"/print/match/{m.id}").status_code == 404


@pytest.mark.rule("000.dashboard.complaint_record")
def test_complaint_record_masks_the_complainant_phone(client_as):
    from tests.service.conftest import make_complaint

    pk = make_complaint("th_cs1", dept="TH-CS", complainant_phone="13800001234",
                        content="服務態度差，要求道歉")
    for who in ("th_cs1", "th_manager"):
        page = _page(client_as(who), f"/print/complaint/{pk}")
        assert "138****1234" in page and "13800001234" not in page
        assert "服務態度差" in page and "應及時記錄投訴內容" in page
    assert client_as("yx_manager").get(f"/print/complaint/{pk}").status_code == 404


@pytest.mark.rule("000.dashboard.appraisal_form")
def test_appraisal_form_lists_the_indicators(client_as):
    from app.appraisal.models import Appraisal

    emp = factories.employee_of("th_mm1")
    a = db.session.scalar(select(Appraisal).where(Appraisal.employee_id == emp.id)
                          .order_by(Appraisal.id.desc()))
    if a is None:
        from tests.appraisal.factories import appraisal_of, opened_cycle

        a = appraisal_of(opened_cycle(), "th_mm1")
    page = _page(client_as("hr"), f"/print/appraisal/{a.id}")
    for line in a.lines:
        assert line.name in page
    assert "《月度績效考核評價表》" in page
    assert client_as("yx_manager").get(f"/print/appraisal/{a.id}").status_code == 404


@pytest.mark.rule("000.dashboard.expense_form", "004.dashboard.expense_form",
                  "002.dashboard.expense_form")
def test_expense_form_with_receipts_and_amount_in_words(client_as, app):
    from app.core.rules import RULES
    from tests.finance.factories import category, claim

    e = claim("th_mm1", category(), "1234.50")
    page = _page(client_as("finance"), f"/print/expense/{e.id}")
    assert "receipt.png" in page and "1,234.50" in page and "壹仟貳佰叁拾肆元伍角" in page
    assert RULES["000.dashboard.expense_form"].clause in page
    assert client_as("yx_manager").get(f"/print/expense/{e.id}").status_code == 404
    # The other books' clauses of the same form, for their profiles.
    assert "費用報銷單" in RULES["004.dashboard.expense_form"].clause
    assert "報銷" in RULES["002.dashboard.expense_form"].clause


@pytest.mark.parametrize("amount, words", [
    ("1234.50", "壹仟貳佰叁拾肆元伍角"), ("10000", "壹萬元整"), ("100.07", "壹佰元零柒分"),
    ("1005", "壹仟零伍元整"), ("0.5", "零元伍角"), ("120030.00", "壹拾貳萬零叁拾元整"),
])
def test_amount_in_capital_numerals(amount, words):
    from app.dashboard.printing import rmb_upper

    assert rmb_upper(Decimal(amount)) == words


def _chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM_BIN"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.rule("000.dashboard.client_form")
def test_client_form_prints_on_one_a4_page(client_as, tmp_path):
    """Headless Chromium prints the form to PDF: one A4 page, even with long answers."""
    chromium = _chromium()
    if chromium is None:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("CI is set and chromium is missing: the A4 check cannot run")
        pytest.skip("chromium not installed")
    from pypdf import PdfReader

    long = "性格開朗，喜歡旅行和閱讀。" * 40
    c = factories.make_client("TH-MM", matchmaker="th_mm1", hobbies=long,
                              family_background=long, marital_history=long,
                              self_description=long, pref_notes=long, occupation="工程師",
                              employer="廣州某科技有限公司")
    html = tmp_path / "form.html"
    html.write_text(_page(client_as("th_mm1"), f"/print/client/{c.id}"), encoding="utf-8")
    pdf = tmp_path / "form.pdf"
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4
    fonts = str(reader.pages[0]["/Resources"]["/Font"])
    assert fonts  # the Chinese font is embedded in the PDF
