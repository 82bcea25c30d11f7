"""Runs of content words: what counts as quoting restricted text, and what does not."""

from __future__ import annotations

from csp_desktop.services.restricted_quotes import RestrictedCorpus, fingerprint

SECRET = "Jane Smith to circulate the draft safeguarding case review to Children's Services."


def corpus() -> RestrictedCorpus:
    made = RestrictedCorpus()
    made.add(SECRET, "restricted action CSP-1")
    return made


def test_a_copy_with_other_spacing_case_and_punctuation_is_found() -> None:
    text = "Update:  JANE smith to circulate the draft safeguarding case review, to children's"
    [(quoted, source)] = corpus().quotes_in(text)
    assert quoted.startswith("JANE smith") and source == "restricted action CSP-1"


def test_fewer_than_six_content_words_are_not_a_quote() -> None:
    assert corpus().quotes_in("Jane Smith to circulate the draft minutes.") == []


def test_stock_phrases_dates_and_sentence_ends_do_not_join_into_quotes() -> None:
    made = RestrictedCorpus()
    made.add("Partners agreed. ACTION: DCI Priya Shah to report back on 5 June 2024.", "r")
    assert made.quotes_in("Members agreed. ACTION: DCI Priya Shah to report back.") == []
    assert made.quotes_in("Partners agreed.\nACTION: DCI Priya Shah to review on 6 May.") == []


def test_public_titles_are_discarded() -> None:
    made = corpus()
    made.discard("Draft safeguarding case review to Children's Services")
    assert made.quotes_in("The draft safeguarding case review to Children's Services") == []


def test_fingerprint_ignores_form_not_words() -> None:
    assert fingerprint("Jane  SMITH, to circulate") == fingerprint("jane smith to circulate")
    assert fingerprint("Jane Smith to circulate") != fingerprint("Jane Smith to withdraw")
