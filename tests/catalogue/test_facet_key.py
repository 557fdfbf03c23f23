"""Packing facet values into one integer and back."""

from hypothesis import given
from hypothesis import strategies as st

from marketplace.catalogue.facet_key import (
    INDUSTRIES,
    PLAN_KINDS,
    SECTIONS,
    STATUSES,
    TYPES,
    FacetValues,
    decode,
    encode,
)


@st.composite
def facet_values(draw):
    section = draw(st.sampled_from(SECTIONS))
    return FacetValues(
        patent_type=str(draw(st.sampled_from(TYPES))),
        ipc_section=section,
        ipc_class=f"{section}{draw(st.integers(1, 99)):02d}" if section else "",
        industry=str(draw(st.sampled_from(INDUSTRIES))),
        university_id=draw(st.integers(1, 10**9)),
        legal_status=str(draw(st.sampled_from(STATUSES))),
        trl=draw(st.one_of(st.none(), st.integers(1, 9))),
        plan_kind=draw(st.sampled_from(PLAN_KINDS)),
        trial=draw(st.booleans()),
        price=draw(st.integers(0, 5)),
    )


@given(facet_values())
def test_round_trip(values):
    assert decode(encode(values)) == values


def test_different_values_give_different_keys():
    base = FacetValues("invention", "C", "C22", "rare_earth_materials", 3, "granted", 6)
    variants = [
        base._replace(patent_type="design"), base._replace(ipc_class="C21"),
        base._replace(ipc_section="", ipc_class=""), base._replace(industry="other"),
        base._replace(university_id=4), base._replace(legal_status="lapsed"), base._replace(trl=None),
    ]
    keys = {encode(v) for v in variants}
    assert len(keys) == len(variants) and encode(base) not in keys


@given(st.lists(st.tuples(facet_values(), st.integers(1, 50)), max_size=30))
def test_count_facets_equals_counting_decoded_values(groups):
    from collections import Counter

    from marketplace.catalogue.facet_key import count_facets

    expected = {name: Counter() for name in ("patent_type", "ipc_section", "ipc_class", "industry",
                                             "legal_status", "trl", "plan_kind", "trial", "price",
                                             "university")}
    for values, n in groups:
        for name, value in (("patent_type", values.patent_type), ("ipc_section", values.ipc_section),
                            ("ipc_class", values.ipc_class), ("industry", values.industry),
                            ("legal_status", values.legal_status), ("trl", values.trl),
                            ("university", values.university_id), ("plan_kind", values.plan_kind),
                            ("trial", "1" if values.trial else None), ("price", values.price)):
            if value not in (None, "", 0):
                expected[name][value] += n
    counted = count_facets([(encode(values), n) for values, n in groups])
    assert {name: dict(c) for name, c in expected.items()} == counted
