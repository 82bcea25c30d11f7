"""Every ORM class, and the whole schema.

The classes of the tables the first screen reads (meetings, bodies, items, declarations,
people, archive facts) are imported with the package. The other 23 (attendance,
actions, amendments, the forward plan, memberships, organisations, subgroup reports,
edit leases, transcripts, the partnership plan, offline copies, report chases) all load
together the first time any of them is named (`from csp_desktop.models import Action`,
`models.Action`), and always before the ORM configures its mappers: the window reads
its first screen with Core statements and configures after the paint, so start-up
never builds them (issue 13, ~50 ms of class building).

Why this cannot deadlock: the later classes are imported only by `load_every_class`,
which holds SQLAlchemy's own configure lock while it imports. Building a mapped class
takes that lock, and so does configuring the mappers; with every import of a later
class under it, the lock is always taken before Python's import locks, never after, on
every thread (tests/models/test_schema.py races the two, and forbids importing a later
module any other way).

Whoever needs every table (copies, checks, migrations, merges) asks `schema()`, never
`Base.metadata` itself (tests/models/test_schema.py holds both rules).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData, event
from sqlalchemy.orm import Mapper, mapperlib

from csp_desktop.models.agenda_item import AgendaItem, Decision, Paper
from csp_desktop.models.archive_meta import ArchiveMeta
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
    from csp_desktop.models.attendance import Attendance
    from csp_desktop.models.edit_lease import EditLease
    from csp_desktop.models.forward_plan import ForwardPlanEntry
    from csp_desktop.models.membership import Membership
    from csp_desktop.models.offline_copy import OfflineCopy
    from csp_desktop.models.organisation import Organisation
    from csp_desktop.models.plan import Milestone, MilestoneStatus, Plan
    from csp_desktop.models.priority import Priority, priority_owner
    from csp_desktop.models.report_chase import ReportChase
    from csp_desktop.models.subgroup_report import SubgroupReport, subgroup_report_priority
    from csp_desktop.models.transcript import (
        SuggestionStatus,
        Transcript,
        TranscriptRetention,
        TranscriptSpeaker,
        TranscriptSuggestion,
        TranscriptTurn,
    )

# The modules of the classes loaded later, and the names each gives the package.
LOADED_LATER: dict[str, tuple[str, ...]] = {
    "action": ("Action", "ActionOwner", "ActionReview", "ActionUpdate"),
    "amendment": ("Amendment",),
    "attendance": ("Attendance",),
    "edit_lease": ("EditLease",),
    "forward_plan": ("ForwardPlanEntry",),
    "membership": ("Membership",),
    "offline_copy": ("OfflineCopy",),
    "organisation": ("Organisation",),
    "plan": ("Milestone", "MilestoneStatus", "Plan"),
    "priority": ("Priority", "priority_owner"),
    "report_chase": ("ReportChase",),
    "subgroup_report": ("SubgroupReport", "subgroup_report_priority"),
    "transcript": (
        "SuggestionStatus",
        "Transcript",
        "TranscriptRetention",
        "TranscriptSpeaker",
        "TranscriptSuggestion",
        "TranscriptTurn",
    ),
}
_LATER_NAMES = frozenset(name for names in LOADED_LATER.values() for name in names)
_every_class_loaded = False


def load_every_class() -> None:
    """Build the classes not loaded with the package, all of them, once (idempotent).

    Under SQLAlchemy's configure lock (module docstring): a private name, checked by
    tests/models/test_schema.py so that a SQLAlchemy that renames it fails a test.
    """
    global _every_class_loaded
    if _every_class_loaded:
        return
    with mapperlib._CONFIGURE_MUTEX:
        if _every_class_loaded:
            return
        # Plain imports, so PyInstaller's analysis sees every module (build.spec).
        from csp_desktop.models import (  # noqa: F401 (imported for their classes)
            action,
            amendment,
            attendance,
            edit_lease,
            forward_plan,
            membership,
            offline_copy,
            organisation,
            plan,
            priority,
            report_chase,
            subgroup_report,
            transcript,
        )

        namespace = globals()
        for module_name, names in LOADED_LATER.items():
            module = namespace[module_name]
            for name in names:
                namespace[name] = getattr(module, name)
        _every_class_loaded = True


def _load_module_of_later_classes(module_name: str) -> None:
    with mapperlib._CONFIGURE_MUTEX:  # the one lock order (module docstring)
        importlib.import_module(f"{__name__}.{module_name}")


def later_class_loaders() -> list[Callable[[], None]]:
    """`load_every_class` in small steps, one module each, the last finishing it: for
    the window's idle warm-up, so that a key pressed meanwhile waits for one step
    (~1-20 ms), not for all of them. Between steps some later classes exist and others
    not; that is harmless, as naming any of them, `schema()` or configuring the mappers
    first completes the loading."""
    steps: list[Callable[[], None]] = [
        partial(_load_module_of_later_classes, module_name) for module_name in LOADED_LATER
    ]
    return [*steps, load_every_class]


def __getattr__(name: str) -> Any:
    if name not in _LATER_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    load_every_class()
    return globals()[name]


@event.listens_for(Mapper, "before_configured")
def _every_class_before_configuring() -> None:
    # Relationships name later classes (a meeting's subgroup reports). SQLAlchemy calls
    # this holding its configure lock, which `load_every_class` takes again (re-entrant).
    load_every_class()


def schema() -> MetaData:
    """Every table of the app: what copies, checks, merges and migrations must see."""
    load_every_class()
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
    "later_class_loaders",
    "load_every_class",
    "priority_owner",
    "schema",
    "subgroup_report_priority",
]
