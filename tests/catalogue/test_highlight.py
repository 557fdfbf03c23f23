"""Marking searched terms: the text comes back escaped, every occurrence of a term marked, nothing else
changed."""

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from marketplace.catalogue.highlight import highlight, snippet

TEXT = st.text(alphabet=st.sampled_from(list("稀土永磁<>&\"' ab")), max_size=60)


@given(TEXT, st.lists(st.sampled_from(["稀土", "磁", "<b>", "a"]), min_size=1, max_size=2))
def test_marks_removed_leave_the_escaped_text(text, terms):
    marked = highlight(text, terms)
    assert isinstance(marked, Markup)
    assert str(marked).replace("<mark>", "").replace("</mark>", "") == str(escape(text))


def test_every_occurrence_is_marked_and_markup_in_the_text_is_escaped():
    assert str(highlight("<b>稀土</b>与稀土", ["稀土"])) == (
        "&lt;b&gt;<mark>稀土</mark>&lt;/b&gt;与<mark>稀土</mark>")
    assert str(snippet("稀土<i>", ["稀土"])) == "<mark>稀土</mark>&lt;i&gt;"
