"""The publication choice of an item, and what each document prints for it."""

from __future__ import annotations

from csp_desktop.models import AgendaItem
from csp_desktop.services.publication import (
    FULL,
    PUBLIC,
    RESTRICTED_PLACEHOLDER,
    ItemPublication,
    publication_of,
    set_publication,
)


def item(**fields: object) -> AgendaItem:
    values: dict[str, object] = {
        "title": "Prevent update",
        "minutes_text": "The full minute.",
        "is_restricted": False,
        "minutes_withheld": False,
        "agenda_text": "Members to note.",
    }
    values.update(fields)
    return AgendaItem(**values)


def test_the_three_choices_round_trip_through_the_item() -> None:
    row = item()
    assert publication_of(row) is ItemPublication.OPEN
    set_publication(row, ItemPublication.WITHHELD, "ignored")
    assert (row.is_restricted, row.public_summary) == (True, None)
    assert publication_of(row) is ItemPublication.WITHHELD
    set_publication(row, ItemPublication.SUMMARY, "The board noted it.")
    assert publication_of(row) is ItemPublication.SUMMARY
    set_publication(row, ItemPublication.OPEN)
    assert (row.is_restricted, row.public_summary) == (False, None)
    assert [choice.label for choice in ItemPublication] == [
        "Open",
        "Restricted: minute withheld",
        "Restricted: public summary printed",
    ]


def test_what_each_version_prints() -> None:
    open_item = item(title="RESTRICTED: published in full anyway")
    assert PUBLIC.minutes_text(open_item) == "The full minute."
    assert PUBLIC.minutes_text_or_none(open_item) == "The full minute."

    withheld = item(is_restricted=True)
    assert PUBLIC.minutes_text(withheld) == RESTRICTED_PLACEHOLDER
    assert PUBLIC.minutes_text_or_none(withheld) is None
    assert PUBLIC.agenda_text(withheld) == ""
    assert FULL.minutes_text(withheld) == "The full minute."
    assert FULL.agenda_text(withheld) == "Members to note."

    summary = item(is_restricted=True, public_summary="Noted.")
    assert PUBLIC.minutes_text(summary) == "Noted." and PUBLIC.shows_summary(summary)
    assert PUBLIC.withholds_item(summary)  # papers, decisions and actions stay withheld
    assert FULL.minutes_text(summary) == "The full minute." and not FULL.shows_summary(summary)

    # A file imported from a public version does not hold the minute: neither version does.
    not_held = item(is_restricted=True, minutes_withheld=True, minutes_text="")
    assert FULL.minutes_text(not_held) == RESTRICTED_PLACEHOLDER
    assert FULL.minutes_text_or_none(not_held) is None
