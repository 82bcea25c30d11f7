"""Declarative base, naming conventions and the enums shared by the models."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import Date, DateTime, Enum, MetaData, String, Text, Time, event
from sqlalchemy.orm import DeclarativeBase, Mapper

from csp_desktop.text_rules import clean_stored_text, has_forbidden_characters

# Named constraints so Alembic batch migrations on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: String(),
        dt.datetime: DateTime(),
        dt.date: Date(),
        dt.time: Time(),
    }


LongText = Text()


def _clean_text_columns(_mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    """Whatever service wrote the row, its text is stored by the one rule in text_rules."""
    for attribute in _mapper.column_attrs:
        value = getattr(target, attribute.key, None)
        if isinstance(value, str) and has_forbidden_characters(value):
            setattr(target, attribute.key, clean_stored_text(value))


event.listen(Base, "before_insert", _clean_text_columns, propagate=True)
event.listen(Base, "before_update", _clean_text_columns, propagate=True)


def enum_column(enum_cls: type[enum.Enum], name: str) -> Enum:
    """A portable enum: VARCHAR plus a CHECK constraint, storing the enum's value."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class LabelledEnum(enum.StrEnum):
    """String enum whose `label` is the UK-English word shown to users."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class BodyKind(LabelledEnum):
    BOARD = "board"
    SUBGROUP = "subgroup"
    OTHER = "other"


class MeetingStatus(LabelledEnum):
    DRAFT = "draft"
    AGENDA_ISSUED = "agenda_issued"
    IN_PROGRESS = "in_progress"
    MINUTES_DRAFTED = "minutes_drafted"
    APPROVED = "approved"
    CANCELLED = "cancelled"

    @property
    def is_locked(self) -> bool:
        """Approved minutes are a record: changes go through amendments."""
        return self is MeetingStatus.APPROVED


class AttendanceStatus(LabelledEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    ADDITIONAL = "additional"
    # On the roster, nobody has said yet whether they came: never counted as absent.
    UNMARKED = "unmarked"

    @property
    def label(self) -> str:
        if self is AttendanceStatus.UNMARKED:
            return "Not yet marked"
        return "Additional attendee" if self is AttendanceStatus.ADDITIONAL else super().label


class AttendanceRole(LabelledEnum):
    CHAIR = "chair"
    INTERIM_CHAIR = "interim_chair"
    VICE_CHAIR = "vice_chair"
    NOTE_TAKER = "note_taker"
    PRESENTER = "presenter"
    SUBSTITUTE = "substitute"

    @property
    def minutes_mark(self) -> str:
        """How the role is marked after a name in the minutes."""
        return {
            AttendanceRole.CHAIR: "(CHAIR)",
            AttendanceRole.INTERIM_CHAIR: "(Interim Chair)",
            AttendanceRole.VICE_CHAIR: "(Vice Chair)",
            AttendanceRole.NOTE_TAKER: "(NOTE TAKER)",
            AttendanceRole.PRESENTER: "",
            AttendanceRole.SUBSTITUTE: "",
        }[self]


class ActionStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.COMPLETED, ActionStatus.DROPPED)


class ActionUpdateSource(LabelledEnum):
    MINUTES = "minutes"
    MEETING = "meeting"
    TRACKER = "tracker"
    MANUAL = "manual"


class ReportStatus(LabelledEnum):
    WRITTEN = "written"
    VERBAL = "verbal"
    NOT_PROVIDED = "not_provided"


class Rag(LabelledEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class ForwardPlanStatus(LabelledEnum):
    PLANNED = "planned"
    SCHEDULED = "scheduled"
    DEFERRED = "deferred"
    DONE = "done"
    # The board decided to drop it (kept, so the plan shows what was dropped and when).
    REMOVED = "removed"


class ItemKind(LabelledEnum):
    """Standing items the services need to find again, whatever their title."""

    INTRODUCTIONS = "introductions"
    DECLARATIONS = "declarations"
    PREVIOUS_MINUTES = "previous_minutes"
    FORWARD_PLAN = "forward_plan"
    ANY_OTHER_BUSINESS = "any_other_business"
    SUBGROUP_UPDATES = "subgroup_updates"
    NEXT_MEETING = "next_meeting"
    TOPICAL = "topical"
