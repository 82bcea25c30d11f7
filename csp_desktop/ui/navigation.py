"""Where a jump lands: a meeting, one of its tabs, and optionally an item or an action.

Tabs emit `navigate(Place)` (search results, "go to the item this action came from");
the main window selects the meeting, switches tab and asks the tab to show the place.
"""

from __future__ import annotations

from dataclasses import dataclass

# Tab names, used by `Place.tab` and by the main window to find the tab widget.
TAB_AGENDA = "agenda"
TAB_ATTENDANCE = "attendance"
TAB_ACTIONS = "actions"
TAB_SUBGROUP_REPORTS = "subgroup-reports"
TAB_FORWARD_PLAN = "forward-plan"

TAB_PLAN = "plan"
TAB_DASHBOARD = "dashboard"

TAB_NAMES: tuple[str, ...] = (
    TAB_AGENDA,
    TAB_ATTENDANCE,
    TAB_ACTIONS,
    TAB_SUBGROUP_REPORTS,
    TAB_FORWARD_PLAN,
)
TAB_NAMES += (TAB_PLAN, TAB_DASHBOARD)


@dataclass(frozen=True)
class Place:
    """A place in the app a user can be taken to.

    Attributes:
        meeting_id: the meeting to select, or None to keep the current one.
        tab: one of TAB_NAMES.
        agenda_item_id: the agenda item to select on the Agenda tab, if any.
        action_id: the action to select on the Actions tab, if any.
    """

    meeting_id: int | None
    tab: str = TAB_AGENDA
    agenda_item_id: int | None = None
    action_id: int | None = None
