from hypothesis import given
from hypothesis import strategies as st

from csp_desktop.text_rules import clean_stored_text, has_forbidden_characters


def test_ordinary_text_is_returned_as_it_is() -> None:
    text = "Councillor D’Urso — “quoted” café 👩🏽‍⚖️ مجلس\tcolumn\nnext line\r\n"
    assert clean_stored_text(text) is text


def test_word_line_breaks_become_newlines() -> None:
    assert clean_stored_text("a\x0bb\x0cc\u2028d\u2029e") == "a\nb\nc\nd\ne"


def test_other_controls_are_dropped_keeping_the_rest() -> None:
    assert clean_stored_text("ab\x00c\x08d\x1fe\x7ff\ufffe") == "abcdef"


@given(st.text())
def test_cleaned_text_has_nothing_forbidden_and_cleaning_is_stable(text: str) -> None:
    cleaned = clean_stored_text(text)
    assert not has_forbidden_characters(cleaned)
    assert clean_stored_text(cleaned) == cleaned
