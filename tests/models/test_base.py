"""models/base.py: every enum's values are exactly what the migrated database's CHECK
constraint admits, and text is stored by the one rule whatever writes it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Enum, inspect
from sqlalchemy.exc import IntegrityError, StatementError

from csp_desktop.models import (
    AttendanceRole,
    AttendanceStatus,
    Body,
    BodyKind,
    MeetingStatus,
    Organisation,
    schema,
)
from csp_desktop.storage import Database
from tests.factories import make_body

ENUM_COLUMNS = [
    (table.name, column.name, column.type)
    for table in schema().sorted_tables
    for column in table.columns
    if isinstance(column.type, Enum)
]


def test_every_enum_column_is_checked() -> None:
    assert len(ENUM_COLUMNS) >= 10
    for table, column, enum_type in ENUM_COLUMNS:
        assert enum_type.native_enum is False, f"{table}.{column}: a portable VARCHAR enum"
        assert enum_type.create_constraint, f"{table}.{column} has no CHECK constraint"


def test_each_check_constraint_admits_exactly_its_enums_values(db: Database) -> None:
    """A value added to an enum but not to the migration (or the reverse) fails here, not
    when a user first picks it: the constraints read back from the migrated database."""
    inspector = inspect(db.engine)
    checks = {
        table: [check["sqltext"] for check in inspector.get_check_constraints(table)]
        for table in {table for table, _column, _type in ENUM_COLUMNS}
    }
    for table, column, enum_type in ENUM_COLUMNS:
        assert enum_type.enum_class is not None
        values = {member.value for member in enum_type.enum_class}
        lists = [
            set(re.findall(r"'([^']*)'", sql))
            for sql in checks[table]
            if re.search(rf"\b{column}\b", sql) and "'" in sql
        ]
        assert lists, f"no CHECK constraint on {table}.{column} in the database"
        assert lists == [values], f"{table}.{column}: the database admits {lists}"


def test_a_value_outside_the_enum_is_refused_by_the_database(db: Database) -> None:
    with db.engine.connect() as connection, pytest.raises(IntegrityError):
        connection.exec_driver_sql(
            "INSERT INTO body (name, short_name, kind, reports_to_parent, "
            "short_name_derived, minutes_show_timings, minutes_show_organisations) "
            "VALUES ('B', 'B', 'committee', true, false, true, false)"
        )


def test_a_value_outside_the_enum_is_refused_before_the_database(db: Database) -> None:
    with db.session() as session:
        session.add(Body(name="B", short_name="B", kind="committee"))  # type: ignore[arg-type]
        with pytest.raises(StatementError):
            session.flush()


def test_labels_are_the_words_shown_to_users() -> None:
    assert MeetingStatus.MINUTES_DRAFTED.label == "Minutes drafted"
    assert AttendanceStatus.ADDITIONAL.label == "Additional attendee"
    assert AttendanceStatus.UNMARKED.label == "Not yet marked"
    assert AttendanceRole.CHAIR.minutes_mark == "(CHAIR)"
    assert AttendanceRole.PRESENTER.minutes_mark == ""
    assert BodyKind("subgroup") is BodyKind.SUBGROUP


def test_text_is_cleaned_on_insert_and_update_whatever_writes_it(db: Database) -> None:
    with db.transaction() as session:
        organisation = Organisation(name="Police\x00 Service\x07")
        session.add(organisation)
        session.flush()
        assert organisation.name == "Police Service"
        body = make_body(session)
        body.name = "Board\x0b of the partnership"
        session.flush()
        assert body.name == "Board\n of the partnership"
