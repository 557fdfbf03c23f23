"""The licence contract PDF: built from a licence taken on published terms, its Chinese font embedded."""

import os
import shutil
import subprocess
from datetime import date

from PIL import Image
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.licensing.contract import worded_contract
from marketplace.licensing.contract_pdf import amount_text
from marketplace.licensing.models import Licence
from tests.helpers import post_form
from tests.pdf_fonts import assert_fonts_embedded, pdf_text


def _take(client, login_as, patent_id, declaration_id):
    login_as(Role.ENTERPRISE_USER)
    taken = post_form(client, f"/patents/{patent_id}/licence",
                      {"start": "2027-01-01", "declaration_id": declaration_id, "accept": "y", "take": "1"})
    assert taken.status_code == 302


def _pdf(app) -> bytes:
    with app.test_request_context("/", headers={"Accept-Language": "zh-CN"}):
        return worded_contract(db.session.scalar(select(Licence)))


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, capture_output=True, timeout=60)  # noqa: S603


def _has_chinese_font() -> bool:
    fc_list = shutil.which("fc-list")
    return bool(fc_list and _run(fc_list, ":lang=zh", "family").stdout.strip())


def test_amounts_keep_two_decimals_and_a_thousands_separator():
    assert amount_text(Money("1234567.5")) == "¥1,234,567.50"
    assert amount_text(Money("60000")) == "¥60,000.00"
    assert amount_text(Money("0.01")) == "¥0.01"


def test_contract_pdf_of_a_taken_licence(app, client, login_as, offered, tmp_path):
    patent_id, declaration_id = offered
    _take(client, login_as, patent_id, declaration_id)
    pdf = _pdf(app)

    assert pdf.startswith(b"%PDF")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert_fonts_embedded(pdf, tmp_path)

    path = tmp_path / "contract.pdf"
    path.write_bytes(pdf)
    squeezed = pdf_text(pdf, tmp_path)
    if squeezed is not None:
        assert "专利开放许可合同" in squeezed
        assert "备案截止日期：2027-04-01" in squeezed
        assert "¥60,000.00" in squeezed
        assert "第五十条至第五十二条" in squeezed
    # The page is rendered where poppler and the source font are installed (the font is then embedded).
    pdftoppm = shutil.which("pdftoppm")
    if os.environ.get("CI") == "true":  # CI installs poppler and a CJK font: the page must be looked at
        assert pdftoppm and _has_chinese_font(), "poppler-utils and fonts-noto-cjk are required on CI"
    if pdftoppm and _has_chinese_font():
        _run(pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path),
             str(tmp_path / "page1"))
        with Image.open(tmp_path / "page1.png") as image:
            grey = image.convert("L")
            low, high = grey.getextrema()
            dark = sum(grey.histogram()[:128])
        assert low < 128 < high  # not blank (without a CJK font only the grey table rules show)
        assert dark > 2000  # and that is text: about 9,000 dark pixels at 60 dpi


def test_a_term_cut_short_at_the_patents_expiry_says_so(app, client, login_as, offered, tmp_path):
    patent_id, declaration_id = offered
    with app.app_context():
        db.session.get(Patent, patent_id).expiry_date = date(2028, 6, 30)
        db.session.commit()
    _take(client, login_as, patent_id, declaration_id)
    with app.app_context():
        assert db.session.scalar(select(Licence)).capped_at_expiry
    pdf = _pdf(app)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    if text is not None:
        assert "2027-01-01至2028-06-30（因专利权于2028-06-30届满" in text
