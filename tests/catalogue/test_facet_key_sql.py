"""The facet key read in SQL: the per-facet sums the search's count statement makes
(`part_expressions`) and the filters it reads off the key (`part_conditions`) agree with the key's
Python reference (`count_facets`, `decode`) on both databases."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import BigInteger, func, literal, literal_column, select, union_all

from marketplace.catalogue import facet_key
from marketplace.catalogue.facet_key import SECTIONS, encode
from marketplace.extensions import db
from tests.catalogue.test_facet_key import facet_values

FIXTURES = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def key_table(groups):
    """The keys of the groups as rows (k, n) of a subquery both databases read."""
    return union_all(*(select(literal(encode(v), BigInteger).label("k"), literal(n, BigInteger).label("n"))
                       for v, n in groups)).subquery("keyed")


@FIXTURES
@given(st.lists(st.tuples(facet_values(), st.integers(1, 50)), min_size=1, max_size=30))
def test_sums_of_parts_in_sql_equal_count_facets(app, groups):
    keyed = key_table(groups)
    per_facet = union_all(*(
        select(literal_column(str(index)), part, func.sum(keyed.c.n)).group_by(part)
        for index, part in enumerate(facet_key.part_expressions(keyed.c.k))))
    with app.app_context():
        counted = facet_key.counts_from_parts(db.session.execute(per_facet).tuples())
    assert counted == facet_key.count_facets([(encode(v), n) for v, n in groups])


@st.composite
def filters(draw):
    """A filter on one or two facets, as the search form sets them."""
    chosen = {}
    names = st.lists(st.sampled_from(sorted(FILTERS)), min_size=1, max_size=2, unique=True)
    for name, strategy in draw(names):
        chosen[name] = draw(strategy)
    return chosen


def _ipc():
    section = st.sampled_from(SECTIONS[1:])
    return st.one_of(section, st.tuples(section, st.integers(1, 99)).map(lambda t: f"{t[0]}{t[1]:02d}"))


FILTERS = {
    ("patent_type", st.sampled_from(facet_key.TYPES).map(str)), ("ipc", _ipc()),
    ("industry", st.sampled_from(facet_key.INDUSTRIES).map(str)), ("university", st.integers(1, 5)),
    ("legal_status", st.sampled_from(facet_key.STATUSES).map(str)), ("trl", st.integers(1, 9)),
    ("plan_kind", st.sampled_from(facet_key.PLAN_KINDS[1:])), ("trial", st.just(True)),
    ("price", st.integers(1, 5)),
}


def keeps(values, wanted) -> bool:
    """Whether a patent with these facet values passes the filters (the search's column conditions)."""
    for name, value in wanted.items():
        if name == "ipc":
            have = values.ipc_section if len(value) == 1 else values.ipc_class
        else:
            renamed = {"university": values.university_id, "trial": values.trial}
            have = renamed.get(name, getattr(values, name, None))
        if have != value:
            return False
    return True


@FIXTURES
@given(st.lists(facet_values().map(lambda v: v._replace(university_id=v.university_id % 5 + 1)),
                min_size=1, max_size=40), filters())
def test_filters_read_off_the_key_keep_what_the_columns_keep(app, patents, wanted):
    keyed = key_table([(v, 1) for v in patents])
    with app.app_context():
        kept = db.session.scalar(select(func.count()).select_from(keyed)
                                 .where(*facet_key.part_conditions(keyed.c.k, **wanted)))
    assert kept == sum(keeps(v, wanted) for v in patents)
