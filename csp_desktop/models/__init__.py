"""Every ORM class, and the whole schema.

The classes of the tables the first screen reads (meetings, bodies, items, attendance,
declarations, people, archive facts) are imported with the package. The other 20
(actions, amendments, the forward plan, memberships, organisations, subgroup reports,
edit leases, transcripts, the partnership plan, offline copies, report chases) load when
first named, `from csp_desktop.models import Action` or `models.Action`, and all of them
before the ORM configures its mappers: the window reads its first screen with Core
statements and configures after the paint (issue 13). Whoever needs every table (copies,
checks, migrations, merges) asks `schema()`, never `Base.metadata` itself
(tests/models/test_schema.py holds both rules).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData, event
from sqlalchemy.orm import Mapper

from csp_desktop.models.agenda_item import AgendaItem, Decision, Paper
from csp_desktop.models.archive_meta import ArchiveMeta
from csp_desktop.models.attendance import Attendance
from csp_desktop.models.base import (
    ActionStatus,
    ActionUpdateSource,
    AttendanceRole,
    AttendanceStatus,
    Base,
    BodyKind,
    ForwardPlanStatus,
    ItemKind,
    MeetingStatus,
    Rag,
    ReportStatus,
)
from csp_desktop.models.body import Body, StandingItem
from csp_desktop.models.declaration import Declaration
from csp_desktop.models.meeting import Meeting
from csp_desktop.models.person import Person
from csp_desktop.models.row_version import LostEdit, Versioned

if TYPE_CHECKING:
    from csp_desktop.models.action import Action, ActionOwner, ActionReview, ActionUpdate
    from csp_desktop.models.amendment import Amendment
    from csp_desktop.models.edit_lease import EditLease
    from csp_desktop.models.forward_plan import ForwardPlanEntry
    from csp_desktop.models.membership import Membership
    from csp_desktop.models.offline_copy import OfflineCopy
    from csp_desktop.models.organisation import Organisation
    from csp_desktop.models.plan import Milestone, MilestoneStatus, Plan
    from csp_desktop.models.priority import Priority
    from csp_desktop.models.report_chase import ReportChase
    from csp_desktop.models.subgroup_report import SubgroupReport
    from csp_desktop.models.transcript import (
        SuggestionStatus,
        Transcript,
        TranscriptRetention,
        TranscriptSpeaker,
        TranscriptSuggestion,
        TranscriptTurn,
    )

# Name -> the module that defines it, for the classes loaded when first named.
LOADED_LATER: dict[str, str] = {
    "Action": "action",
    "ActionOwner": "action",
    "ActionReview": "action",
    "ActionUpdate": "action",
    "Amendment": "amendment",
    "EditLease": "edit_lease",
    "ForwardPlanEntry": "forward_plan",
    "Membership": "membership",
    "Organisation": "organisation",
    "SubgroupReport": "subgroup_report",
    "OfflineCopy": "offline_copy",
    "Milestone": "plan",
    "MilestoneStatus": "plan",
    "Plan": "plan",
    "Priority": "priority",
    "ReportChase": "report_chase",
    "SuggestionStatus": "transcript",
    "Transcript": "transcript",
    "TranscriptRetention": "transcript",
    "TranscriptSpeaker": "transcript",
    "TranscriptSuggestion": "transcript",
    "TranscriptTurn": "transcript",
}


def __getattr__(name: str) -> Any:
    module = LOADED_LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def load_every_class() -> None:
    """Import the classes not loaded with the package (idempotent)."""
    for module in sorted(set(LOADED_LATER.values())):
        importlib.import_module(f"{__name__}.{module}")


def schema() -> MetaData:
    """Every table of the app: what copies, checks, merges and migrations must see."""
    load_every_class()
    return Base.metadata


@event.listens_for(Mapper, "before_configured")
def _every_class_before_configuring() -> None:
    # A relationship may name a class not yet loaded (a report's priorities).
    load_every_class()


__all__ = [
    "Action",
    "ActionOwner",
    "ActionReview",
    "ActionStatus",
    "ActionUpdate",
    "ActionUpdateSource",
    "AgendaItem",
    "Amendment",
    "ArchiveMeta",
    "Attendance",
    "AttendanceRole",
    "AttendanceStatus",
    "Base",
    "Body",
    "BodyKind",
    "Decision",
    "Declaration",
    "EditLease",
    "ForwardPlanEntry",
    "ForwardPlanStatus",
    "ItemKind",
    "LostEdit",
    "Meeting",
    "MeetingStatus",
    "Membership",
    "Milestone",
    "MilestoneStatus",
    "OfflineCopy",
    "Organisation",
    "Paper",
    "Person",
    "Plan",
    "Priority",
    "Rag",
    "ReportChase",
    "ReportStatus",
    "StandingItem",
    "SubgroupReport",
    "SuggestionStatus",
    "Transcript",
    "TranscriptRetention",
    "TranscriptSpeaker",
    "TranscriptSuggestion",
    "TranscriptTurn",
    "Versioned",
    "load_every_class",
    "schema",
]
