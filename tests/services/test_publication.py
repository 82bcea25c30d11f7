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


def test_the_sql_forms_of_the_rules_select_exactly_what_the_rules_withhold(session) -> None:  # type: ignore[no-untyped-def]
    """`withheld_items`/`withheld_actions` read only what `withholds_item`/`shows_action`
    withhold (the restricted-quote corpus relies on it): every combination of a
    restricted or open action, raised under a restricted item, an open one or none."""
    from sqlalchemy import select

    from csp_desktop.models import Action, ActionStatus
    from tests.factories import make_body, make_meeting

    meeting = make_meeting(session, make_body(session), items=["Open", "Restricted"])
    open_item, restricted_item = meeting.items
    restricted_item.is_restricted = True
    for number, (action_restricted, raised_under) in enumerate(
        [(r, i) for r in (False, True) for i in (None, open_item, restricted_item)], start=1
    ):
        session.add(
            Action(
                reference=f"A-{number}",
                body_id=meeting.body_id,
                raised_at_meeting_id=meeting.id,
                raised_at_item=raised_under,
                text=f"Action {number}",
                status=ActionStatus.OPEN,
                is_restricted=action_restricted,
                created_at=meeting.created_at,
                updated_at=meeting.updated_at,
            )
        )
    session.flush()
    for visibility in (PUBLIC, FULL):
        items = list(session.scalars(select(AgendaItem)))
        actions = list(session.scalars(select(Action)))
        assert {
            i.id for i in session.scalars(select(AgendaItem).where(visibility.withheld_items()))
        } == {i.id for i in items if visibility.withholds_item(i)}
        assert {
            a.id for a in session.scalars(select(Action).where(visibility.withheld_actions()))
        } == {a.id for a in actions if not visibility.shows_action(a)}
    assert len(list(session.scalars(select(Action).where(PUBLIC.withheld_actions())))) == 4
