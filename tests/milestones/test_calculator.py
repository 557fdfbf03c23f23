"""The patent page's calculator shows a milestone charge as conditional, with its long-stop date, for a
trial that ends at the first revenue and for a stage due when the product is certified."""

import pytest

from marketplace.extensions import db
from marketplace.licensing.models import Licence
from tests.helpers import page_text
from tests.milestones.plans import CERTIFIED, FIRST_REVENUE, FROM_FIRST_REVENUE, ON_CERTIFICATION

CASES = {
    "pay from first revenue": (FROM_FIRST_REVENUE, FIRST_REVENUE, "¥30,000.00"),
    "a stage at certification": (ON_CERTIFICATION, CERTIFIED, "¥40,000.00"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_calculator_shows_the_milestone_charge_as_conditional(app, client, take, case):
    plan, milestone, amount = CASES[case]
    licence_id = take(plan)
    with app.app_context():
        patent_id = db.session.get(Licence, licence_id).patent_id
    asked = {"licence_start": "2027-01-01", "calculate": "1"}
    chinese = page_text(client.get(f"/patents/{patent_id}", query_string=asked))
    assert f"附条件：里程碑“{milestone}”确认时到期，最迟于 2028-01-01 到期。" in chinese
    assert amount in chinese
    client.get("/language/en")
    english = page_text(client.get(f"/patents/{patent_id}", query_string=asked))
    note = f"Conditional: due when the milestone “{milestone}” is confirmed, on 2028-01-01 at the latest."
    assert note in english
