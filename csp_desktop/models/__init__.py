"""Every ORM class, imported here so the metadata is complete wherever models are used.

Whoever needs every table (copies, checks, migrations, merges) asks `schema()`.
All classes load with the package, on purpose: a class loaded later, while another
thread configured the mappers, could deadlock the two threads (SQLAlchemy's configure
lock against Python's import lock), and the ~45 ms saved at start-up is not worth it.
The window's start-up instead reads its first screen with Core statements and
configures the mappers after the paint (services/meetings.py, issue 13).
"""

from sqlalchemy import MetaData

from csp_desktop.models.action import Action, ActionOwner, ActionReview, ActionUpdate
from csp_desktop.models.agenda_item import AgendaItem, Decision, Paper
from csp_desktop.models.amendment import Amendment
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
from csp_desktop.models.edit_lease import EditLease
from csp_desktop.models.forward_plan import ForwardPlanEntry
from csp_desktop.models.meeting import Meeting
from csp_desktop.models.membership import Membership
from csp_desktop.models.offline_copy import OfflineCopy
from csp_desktop.models.organisation import Organisation
from csp_desktop.models.person import Person
from csp_desktop.models.plan import Milestone, MilestoneStatus, Plan
from csp_desktop.models.priority import Priority
from csp_desktop.models.report_chase import ReportChase
from csp_desktop.models.row_version import LostEdit, Versioned
from csp_desktop.models.subgroup_report import SubgroupReport
from csp_desktop.models.transcript import (
    SuggestionStatus,
    Transcript,
    TranscriptRetention,
    TranscriptSpeaker,
    TranscriptSuggestion,
    TranscriptTurn,
)


def schema() -> MetaData:
    """Every table of the app: what copies, checks, merges and migrations must see."""
    return Base.metadata


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
    "schema",
]
