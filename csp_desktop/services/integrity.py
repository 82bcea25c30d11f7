"""`csp-desktop check`: is the database whole, and do its records hang together?

Checks, each reported as one plain line per problem:
- SQLite's own `PRAGMA integrity_check` and `PRAGMA foreign_key_check`;
- orphan rows on every foreign key (works on PostgreSQL too, where there is no pragma);
- action references: unique ignoring case, and in the body's own prefix;
- records that disagree with each other (an action raised at one body's meeting but
  filed under another, an item's action tied to a different meeting, approved minutes
  with no approval date, an agenda with two items at one position);
- the schema version the file carries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Table, func, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from csp_desktop.models import (
    Action,
    ActionReview,
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    MeetingStatus,
    Person,
    schema,
)
from csp_desktop.services.people import possible_duplicates
from csp_desktop.storage import SCHEMA_HEAD, Database

# Tables counted in the report's summary line, with the word for one row.
_COUNTED = (
    ("body", "bodies"),
    ("meeting", "meetings"),
    ("person", "people"),
    ("action", "actions"),
)


@dataclass(frozen=True)
class IntegrityReport:
    """What `check_database` found.

    Attributes:
        problems: faults, one plain line each; any fault makes `ok` false.
        warnings: things worth a look that do not make the file faulty.
        checks: the names of the checks that ran.
        counts: rows per main table ("meetings": 12), for the summary line.
    """

    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(database_or_session: Database | Session) -> IntegrityReport:
    """Run every check and report; nothing is changed."""
    if isinstance(database_or_session, Database):
        with database_or_session.session() as session:
            return _check(session)
    return _check(database_or_session)


def _check(session: Session) -> IntegrityReport:
    problems: list[str] = []
    warnings: list[str] = []
    checks: list[str] = []
    connection = session.connection()
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        checks.append("sqlite integrity")
        problems.extend(_sqlite_integrity(connection))
    checks.append("schema version")
    problems.extend(_schema_version(connection))
    present = set(inspect(connection).get_table_names())
    checks.append("orphan rows")
    orphan_tables, orphan_problems = _orphans(connection, present)
    problems.extend(orphan_problems)
    if is_sqlite:
        checks.append("sqlite foreign keys")
        problems.extend(_sqlite_foreign_keys(connection, orphan_tables))
    elif connection.dialect.name == "postgresql":
        checks.append("postgresql constraints")
        problems.extend(_postgresql_constraints(connection))
    checks.append("action references")
    reference_problems, reference_warnings = _references(session)
    problems.extend(reference_problems)
    warnings.extend(reference_warnings)
    checks.append("duplicate meetings")
    duplicate_problems, duplicate_warnings = _duplicate_meetings(session)
    problems.extend(duplicate_problems)
    warnings.extend(duplicate_warnings)
    checks.append("consistency")
    found_problems, found_warnings = _consistency(session)
    problems.extend(found_problems)
    warnings.extend(found_warnings)
    counts = {
        word: session.scalar(select(func.count()).select_from(schema().tables[table])) or 0
        for table, word in _COUNTED
        if table in present
    }
    return IntegrityReport(
        problems=tuple(problems), warnings=tuple(warnings), checks=tuple(checks), counts=counts
    )


def _duplicate_meetings(session: Session) -> tuple[list[str], list[str]]:
    """Two meetings of one body on one day: a problem when one of them is approved (the
    approved record could be shadowed by a forged copy), a note otherwise."""
    from csp_desktop.models import Meeting, MeetingStatus
    from csp_desktop.services.formatting import uk_date

    problems: list[str] = []
    warnings: list[str] = []
    groups = session.execute(
        select(Meeting.body_id, Meeting.date)
        .group_by(Meeting.body_id, Meeting.date)
        .having(func.count() > 1)
    ).all()
    for body_id, day in groups:
        meetings = list(
            session.scalars(
                select(Meeting)
                .where(Meeting.body_id == body_id, Meeting.date == day)
                .order_by(Meeting.id)
            )
        )
        listed = ", ".join(
            f"meeting {m.id}"
            + (f" at {m.start_time:%H:%M}" if m.start_time else "")
            + f" ({m.status.label.lower()})"
            for m in meetings
        )
        line = f"{meetings[0].body.name} has {len(meetings)} meetings on {uk_date(day)}: {listed}."
        if any(m.status is MeetingStatus.APPROVED for m in meetings):
            problems.append(
                line + " One is approved; check which is the true record and remove the other."
            )
        else:
            warnings.append(line)
    return problems, warnings


def _sqlite_integrity(connection: Connection) -> list[str]:
    try:
        rows = [str(r[0]) for r in connection.execute(text("PRAGMA integrity_check")).all()]
    except SQLAlchemyError as exc:
        return [f"SQLite could not check the file: {getattr(exc, 'orig', exc)}."]
    if rows == ["ok"]:
        return []
    return [f"SQLite integrity check: {row}" for row in rows]


def _postgresql_constraints(connection: Connection) -> list[str]:
    """The server enforces keys and checks itself; one added NOT VALID (by hand, around a
    bulk load) is not yet guaranteed, so it is named."""
    rows = connection.execute(
        text(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE NOT convalidated AND connamespace = current_schema()::regnamespace"
        )
    ).all()
    return [f"Constraint {name} on {table} has not been validated." for table, name in rows]


def _schema_version(connection: Connection) -> list[str]:
    try:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return ["The database has no schema version table (alembic_version)."]
    if version != SCHEMA_HEAD:
        return [f"The schema version is {version}; this version of the app expects {SCHEMA_HEAD}."]
    return []


def _orphans(connection: Connection, present: set[str]) -> tuple[set[tuple[str, str]], list[str]]:
    """Rows whose foreign key points at a row that does not exist, for every key."""
    problems: list[str] = []
    reported: set[tuple[str, str]] = set()
    for table in schema().sorted_tables:
        if table.name not in present:
            continue
        for foreign_key in table.foreign_keys:
            parent = foreign_key.column.table
            if not isinstance(parent, Table) or parent.name not in present:
                continue
            child_column = foreign_key.parent
            parent_alias = parent.alias("parent_row")
            query = (
                select(func.count())
                .select_from(
                    table.outerjoin(
                        parent_alias,
                        child_column == parent_alias.c[foreign_key.column.name],
                    )
                )
                .where(
                    child_column.is_not(None),
                    parent_alias.c[foreign_key.column.name].is_(None),
                )
            )
            count = connection.execute(query).scalar() or 0
            if count:
                reported.add((table.name, parent.name))
                noun = "row" if count == 1 else "rows"
                problems.append(
                    f"{count} {table.name} {noun} point at a missing {parent.name} "
                    f"({table.name}.{child_column.name})."
                )
    return reported, problems


def _sqlite_foreign_keys(connection: Connection, already: set[tuple[str, str]]) -> list[str]:
    """What SQLite's own foreign-key check adds beyond the orphan check above."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in connection.execute(text("PRAGMA foreign_key_check")).all():
        table, _rowid, parent = str(row[0]), row[1], str(row[2])
        if (table, parent) not in already:
            counts[(table, parent)] += 1
    return [
        f"{count} {table} rows break their link to {parent} (SQLite foreign-key check)."
        for (table, parent), count in sorted(counts.items())
    ]


def _references(session: Session) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    warnings: list[str] = []
    rows = session.execute(select(Action.reference, Action.body_id)).all()
    by_key = Counter(reference.upper() for reference, _body in rows)
    for reference, count in sorted(by_key.items()):
        if count > 1:
            problems.append(f"The action reference {reference} is used {count} times.")
    short_names = dict(session.execute(select(Body.id, Body.short_name)).all())
    for reference, body_id in rows:
        if not reference.strip():
            problems.append("An action has a blank reference.")
            continue
        short = short_names.get(body_id)
        if short is not None and not reference.upper().startswith(f"{short.upper()}-"):
            # Imported trackers may use their own scheme: worth a look, not a fault.
            warnings.append(f"The action reference {reference} does not start with {short}-.")
    return problems, warnings


def _consistency(session: Session) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    warnings: list[str] = []
    meeting_body = dict(session.execute(select(Meeting.id, Meeting.body_id)).all())
    item_meeting = dict(session.execute(select(AgendaItem.id, AgendaItem.meeting_id)).all())
    for reference, body_id, meeting_id, item_id in session.execute(
        select(
            Action.reference, Action.body_id, Action.raised_at_meeting_id, Action.raised_at_item_id
        )
    ):
        if meeting_id in meeting_body and meeting_body[meeting_id] != body_id:
            problems.append(
                f"Action {reference} is filed under one body but was raised at "
                f"another body's meeting (meeting {meeting_id})."
            )
        if item_id is not None and item_id in item_meeting and item_meeting[item_id] != meeting_id:
            problems.append(
                f"Action {reference} was raised under an agenda item of a different meeting."
            )
    for review_meeting, action_id, item_id in session.execute(
        select(ActionReview.meeting_id, ActionReview.action_id, ActionReview.agenda_item_id)
    ):
        if (
            item_id is not None
            and item_id in item_meeting
            and item_meeting[item_id] != review_meeting
        ):
            problems.append(
                f"An action review (action {action_id}) sits under another meeting's item."
            )
    for meeting_id, date in session.execute(
        select(Meeting.id, Meeting.date).where(
            Meeting.status == MeetingStatus.APPROVED, Meeting.approved_on.is_(None)
        )
    ):
        warnings.append(
            f"Meeting {meeting_id} ({date.isoformat()}) is approved but has no approval date."
        )
    for meeting_id, position, count in session.execute(
        select(AgendaItem.meeting_id, AgendaItem.position, func.count())
        .group_by(AgendaItem.meeting_id, AgendaItem.position)
        .having(func.count() > 1)
    ):
        warnings.append(f"Meeting {meeting_id} has {count} agenda items at position {position}.")
    for group in possible_duplicates(session):
        ids = ", ".join(str(row.id) for row in group)
        warnings.append(
            f"{len(group)} people are called {group[0].name} (ids {ids}); "
            "if they are one person, merge them."
        )
    unnamed = session.scalar(
        select(func.count()).select_from(Person).where(func.trim(Person.first_name) == "")
    )
    if unnamed:
        warnings.append(f"{unnamed} people have no name.")
    duplicate_roster = session.execute(
        select(Attendance.meeting_id, Attendance.person_id, func.count())
        .group_by(Attendance.meeting_id, Attendance.person_id)
        .having(func.count() > 1)
    ).all()
    for meeting_id, person_id, count in duplicate_roster:
        problems.append(
            f"Person {person_id} appears {count} times in the attendance of meeting {meeting_id}."
        )
    return problems, warnings
