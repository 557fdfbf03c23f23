"""The request for CNIPA mediation: the licence's facts in Chinese whatever the reader's language, its font
embedded (pdffonts), its text read back with pdftotext."""

from __future__ import annotations

from datetime import date

from marketplace.accounts.models import Role
from marketplace.core.disputes import DisputeStage, DisputeSubject
from marketplace.disputes import services
from marketplace.disputes.mediation_request import mediation_facts, mediation_request
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from tests.disputes.support import TWO_INSTALMENTS, charge_ids, posted, user_of
from tests.pdf_fonts import assert_fonts_embedded, pdf_text


def test_the_mediation_request_states_the_licence_s_facts_in_chinese(app, take, tmp_path):
    licence_id = posted(app, take, TWO_INSTALMENTS)
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        dispute = services.open_dispute(licence, user_of(licence, Role.ENTERPRISE_USER),
                                        DisputeSubject.PAYMENT, "第一期许可费金额与开放许可声明不符",
                                        charge_ids(licence_id)[:1], date(2027, 1, 10))
        services.escalate_dispute(dispute, user_of(licence, Role.ENTERPRISE_USER), DisputeStage.MEDIATION,
                                  "", date(2027, 2, 1))
        staff = user_of(licence, Role.UNIVERSITY_STAFF)
        with app.test_request_context("/", headers={"Accept-Language": "en"}):  # English reader, Chinese text
            facts = mediation_facts(dispute, user_of(licence, Role.ENTERPRISE_USER))
            pdf = mediation_request(dispute, staff)
        number, patent_number, credit_code = licence.number, licence.patent.patent_number, \
            licence.enterprise.credit_code
        enterprise = licence.enterprise.name
    assert facts.requesting_party == f"被许可人 {enterprise}"
    assert facts.subject == "付款" and facts.stage == "国家知识产权局调解"
    assert any("6,000" in line or "6000" in line for line in facts.plan_lines), facts.plan_lines
    worded = [facts.plan_kind, *facts.plan_lines]
    assert all(any("\u4e00" <= char <= "\u9fff" for char in line) for line in worded), worded
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert_fonts_embedded(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    if text is not None:
        for expected in ("专利开放许可纠纷调解请求书", "国家知识产权局", number, patent_number, credit_code,
                         "第五十二条", "纠纷类型：付款", "第一期许可费金额与开放许可声明不符", "¥6,000.00",
                         "请求调解日期：2027-02-01", "争议费用未付合计：¥6,000.00",
                         "依许可账簿，被许可人目前尚欠许可使用费：¥6,000.00", "专利权人", "许可期限"):
            assert expected.replace(" ", "") in text, expected
