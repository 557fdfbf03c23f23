"""Disputes in the domain core: the path of Patent Law art. 52, the outcomes each stage allows, the waiver
rules and which charges a dispute may name."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.disputes import (
    DESCRIPTION_MAX,
    ChargeFacts,
    DisputeOutcome,
    DisputeRefused,
    DisputeStage,
    DisputeStatus,
    Party,
    Refusal,
    Resolution,
    charge_refusal,
    description_refusal,
    escalate,
    next_stages,
    outcomes_at,
    resolve,
)

OPEN, RESOLVED = DisputeStatus.OPEN, DisputeStatus.RESOLVED
NEGOTIATION, MEDIATION, COURT = DisputeStage.NEGOTIATION, DisputeStage.MEDIATION, DisputeStage.COURT
ORDER = [NEGOTIATION, MEDIATION, COURT]


def test_the_path_of_article_52():
    assert next_stages(NEGOTIATION) == (MEDIATION, COURT)
    assert next_stages(MEDIATION) == (COURT,)
    assert next_stages(COURT) == ()
    assert escalate(OPEN, NEGOTIATION, MEDIATION) == MEDIATION
    assert escalate(OPEN, NEGOTIATION, COURT) == COURT
    assert escalate(OPEN, MEDIATION, COURT) == COURT


@given(st.sampled_from(ORDER), st.sampled_from(ORDER))
def test_a_dispute_only_moves_forward(stage, to):
    if ORDER.index(to) > ORDER.index(stage):
        assert escalate(OPEN, stage, to) == to
    else:
        with pytest.raises(DisputeRefused) as refused:
            escalate(OPEN, stage, to)
        assert refused.value.refusal is Refusal.NOT_FORWARD


@given(st.sampled_from(ORDER), st.sampled_from(ORDER))
def test_a_resolved_dispute_moves_no_more(stage, to):
    with pytest.raises(DisputeRefused) as refused:
        escalate(RESOLVED, stage, to)
    assert refused.value.refusal is Refusal.RESOLVED_ALREADY


def test_the_outcomes_of_each_stage():
    assert outcomes_at(NEGOTIATION) == (DisputeOutcome.SETTLED, DisputeOutcome.WITHDRAWN)
    assert outcomes_at(MEDIATION) == (DisputeOutcome.SETTLED, DisputeOutcome.MEDIATED,
                                      DisputeOutcome.WITHDRAWN)
    assert outcomes_at(COURT) == (DisputeOutcome.SETTLED, DisputeOutcome.JUDGED, DisputeOutcome.WITHDRAWN)


@given(st.sampled_from(ORDER), st.sampled_from(list(DisputeOutcome)), st.sampled_from(list(Party)),
       st.text(max_size=5), st.booleans(), st.integers(0, 3))
def test_resolve_accepts_exactly_what_the_rules_allow(stage, outcome, party, reference, waive, charges):
    resolution = Resolution(outcome, reference, waive)
    expected = None
    if outcome not in outcomes_at(stage):
        expected = Refusal.WRONG_STAGE
    elif outcome in (DisputeOutcome.MEDIATED, DisputeOutcome.JUDGED) and not reference.strip():
        expected = Refusal.REFERENCE_REQUIRED
    elif waive and party is Party.ENTERPRISE:
        expected = Refusal.WAIVER_BY_UNIVERSITY
    elif waive and outcome is DisputeOutcome.WITHDRAWN:
        expected = Refusal.WAIVER_NEEDS_MERITS
    elif waive and charges == 0:
        expected = Refusal.WAIVER_WITHOUT_CHARGE
    if expected is None:
        assert resolve(OPEN, stage, resolution, party, charges) == outcome
    else:
        with pytest.raises(DisputeRefused) as refused:
            resolve(OPEN, stage, resolution, party, charges)
        assert refused.value.refusal is expected
    with pytest.raises(DisputeRefused) as again:
        resolve(RESOLVED, stage, resolution, party, charges)
    assert again.value.refusal is Refusal.RESOLVED_ALREADY


def test_either_party_settles_or_withdraws_at_any_stage():
    for stage in ORDER:
        for party in Party:
            settled = Resolution(DisputeOutcome.SETTLED)
            assert resolve(OPEN, stage, settled, party, 0) == DisputeOutcome.SETTLED
            assert resolve(OPEN, stage, Resolution(DisputeOutcome.WITHDRAWN), party, 1) == \
                DisputeOutcome.WITHDRAWN


def test_the_university_waives_with_a_judgment():
    resolution = Resolution(DisputeOutcome.JUDGED, "（2027）蒙01民初123号", waive=True)
    assert resolve(OPEN, COURT, resolution, Party.UNIVERSITY, 1) == DisputeOutcome.JUDGED


@given(st.booleans(), st.booleans(), st.integers(-1, 5), st.booleans())
def test_which_charges_a_dispute_may_name(of_this_licence, posted, open_fen, named):
    refusal = charge_refusal(ChargeFacts(of_this_licence, posted, open_fen, named))
    if not of_this_licence:
        assert refusal is Refusal.CHARGE_OF_OTHER_LICENCE
    elif not posted:
        assert refusal is Refusal.CHARGE_NOT_DUE
    elif open_fen <= 0:
        assert refusal is Refusal.CHARGE_SETTLED
    elif named:
        assert refusal is Refusal.CHARGE_DISPUTED
    else:
        assert refusal is None


@pytest.mark.parametrize(("text", "refused"), [
    ("", True), ("   ", True), ("提成报告的净销售额有争议", False), ("x" * DESCRIPTION_MAX, False),
    ("x" * (DESCRIPTION_MAX + 1), True),
])
def test_a_dispute_says_what_it_is_about(text, refused):
    assert (description_refusal(text) is Refusal.DESCRIPTION_REQUIRED) == refused
