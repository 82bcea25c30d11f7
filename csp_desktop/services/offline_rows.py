"""Which rows a meeting taken offline needs, read and written as plain values.

A meeting's offline copy holds the meeting with everything hanging off it (items and
their papers and decisions, attendance, declarations, subgroup reports, action reviews,
its transcript), the actions raised at it, due at it, reviewed at it or still open for
its body (with owners and updates), its body's forward plan (items are raised for later
meetings, deferred or scheduled during a meeting, and must come back with it), and the
small reference tables whole (people, organisations, bodies, memberships, plans): so the
note taker can match any name offline. Every row a copied row points at is copied too
(the header of an earlier meeting an open action was raised at, say), so the file is a
complete, checkable archive. Rows keep their server ids, which is what lets the merge
find them again.

Rows are dicts of column -> value. `canonical` turns a value into a JSON-able form used
to store the base and to compare base, mine and theirs (bytes by their hash, so a paper
is never held twice).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Table, or_, select, update

from csp_desktop.models import ActionStatus, schema

Row = dict[str, Any]
Key = tuple[int, ...]
Rows = dict[str, dict[Key, Row]]  # table name -> key -> row

# Small tables copied whole, so names typed offline match as they would online.
WHOLE_TABLES = (
    "organisation",
    "person",
    "body",
    "standing_item",
    "membership",
    "plan",
    "priority",
    "priority_owner",
    "milestone",
    "transcript_retention",
)
# Tables holding the meeting and what hangs off it (rows chosen by `meeting_rows`).
MEETING_TABLES = (
    "meeting",
    "agenda_item",
    "paper",
    "decision",
    "attendance",
    "declaration",
    "subgroup_report",
    "subgroup_report_priority",
    "report_chase",
    "action",
    "action_owner",
    "action_update",
    "action_review",
    "transcript",
    "transcript_speaker",
    "transcript_turn",
    "transcript_suggestion",
    "forward_plan_entry",
)
COPIED_TABLES = frozenset(WHOLE_TABLES + MEETING_TABLES)
CHUNK = 500


def copied_tables() -> list[Table]:
    """The tables an offline copy holds, parents before children."""
    return [t for t in schema().sorted_tables if t.name in COPIED_TABLES]


def table_named(name: str) -> Table:
    return schema().tables[name]


def key_of(table: Table, row: Row) -> Key:
    return tuple(int(row[column.name]) for column in table.primary_key.columns)


def key_text(key: Key) -> str:
    return ",".join(str(part) for part in key)


def key_from_text(text: str) -> Key:
    return tuple(int(part) for part in text.split(","))


def has_id(table: Table) -> bool:
    """A table whose rows are numbered (new rows get fresh ids on the server)."""
    columns = list(table.primary_key.columns)
    return len(columns) == 1 and columns[0].name == "id"


def canonical(value: Any) -> Any:
    """A JSON-able form of a stored value, equal exactly when the values are equal."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def canonical_row(row: Row) -> dict[str, Any]:
    return {column: canonical(value) for column, value in row.items()}


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def read_keys(connection: Connection, table: Table, keys: Iterable[Key]) -> dict[Key, Row]:
    """The rows of `table` with these primary keys (missing ones are simply absent)."""
    wanted = set(keys)
    if not wanted:
        return {}
    first = next(iter(table.primary_key.columns))
    found: dict[Key, Row] = {}
    for chunk in _chunks(sorted({key[0] for key in wanted})):
        for record in connection.execute(select(table).where(first.in_(chunk))):
            row = dict(record._mapping)
            key = key_of(table, row)
            if key in wanted:
                found[key] = row
    return found


def read_all(connection: Connection, table: Table) -> dict[Key, Row]:
    rows = (dict(r._mapping) for r in connection.execute(select(table)))
    return {key_of(table, row): row for row in rows}


def _where_in(connection: Connection, table: Table, column: str, ids: set[int]) -> list[Row]:
    rows: list[Row] = []
    for chunk in _chunks(sorted(ids)):
        result = connection.execute(select(table).where(table.c[column].in_(chunk)))
        rows.extend(dict(r._mapping) for r in result)
    return rows


def meeting_rows(connection: Connection, meeting_id: int) -> Rows:
    """Everything the offline copy of this meeting holds (see the module's docstring)."""
    rows: Rows = {name: {} for name in COPIED_TABLES}

    def add(name: str, found: Iterable[Row]) -> set[int]:
        table = table_named(name)
        for row in found:
            rows[name][key_of(table, row)] = row
        return {key[0] for key in rows[name]} if has_id(table) else set()

    for name in WHOLE_TABLES:
        add(name, read_all(connection, table_named(name)).values())
    meeting = table_named("meeting")
    header = connection.execute(select(meeting).where(meeting.c.id == meeting_id)).first()
    if header is None:
        return rows
    add("meeting", [dict(header._mapping)])
    body_id = header._mapping["body_id"]
    only = {meeting_id}
    items = add(
        "agenda_item", _where_in(connection, table_named("agenda_item"), "meeting_id", only)
    )
    add("paper", _where_in(connection, table_named("paper"), "agenda_item_id", items))
    add("decision", _where_in(connection, table_named("decision"), "agenda_item_id", items))
    for name in ("attendance", "declaration", "action_review"):
        add(name, _where_in(connection, table_named(name), "meeting_id", only))
    reports = add(
        "subgroup_report", _where_in(connection, table_named("subgroup_report"), "meeting_id", only)
    )
    for name in ("subgroup_report_priority", "report_chase"):
        add(name, _where_in(connection, table_named(name), "subgroup_report_id", reports))
    action = table_named("action")
    reviewed = {int(row["action_id"]) for row in rows["action_review"].values()}
    still_open = [ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value]
    conditions = [
        action.c.raised_at_meeting_id == meeting_id,
        action.c.due_meeting_id == meeting_id,
        (action.c.body_id == body_id) & action.c.status.in_(still_open),
    ]
    if reports:
        conditions.append(action.c.subgroup_report_id.in_(sorted(reports)))
    found = [dict(r._mapping) for r in connection.execute(select(action).where(or_(*conditions)))]
    found += _where_in(connection, action, "id", reviewed - {int(r["id"]) for r in found})
    actions = add("action", found)
    for name in ("action_owner", "action_update"):
        add(name, _where_in(connection, table_named(name), "action_id", actions))
    transcripts = add(
        "transcript", _where_in(connection, table_named("transcript"), "meeting_id", only)
    )
    add(
        "transcript_speaker",
        _where_in(connection, table_named("transcript_speaker"), "transcript_id", transcripts),
    )
    turns = add(
        "transcript_turn",
        _where_in(connection, table_named("transcript_turn"), "transcript_id", transcripts),
    )
    add(
        "transcript_suggestion",
        _where_in(connection, table_named("transcript_suggestion"), "turn_id", turns),
    )
    plan = table_named("forward_plan_entry")
    add("forward_plan_entry", _where_in(connection, plan, "body_id", {int(body_id)}))
    _close_references(connection, rows)
    return rows


def _close_references(connection: Connection, rows: Rows) -> None:
    """Add every row a copied row points at, until nothing is missing (a file with a
    dangling reference would fail its own check). Links stay few levels deep (an
    action's item's meeting's body); the bound only guards against a damaged source."""
    for _round in range(20):
        missing: dict[str, set[int]] = {}
        for table in copied_tables():
            for key in table.foreign_keys:
                target = key.column.table.name
                if target in WHOLE_TABLES or target not in COPIED_TABLES:
                    continue
                column = key.parent.name
                for row in rows[table.name].values():
                    value = row[column]
                    if value is not None and (int(value),) not in rows[target]:
                        missing.setdefault(target, set()).add(int(value))
        if not missing:
            return
        for target, ids in missing.items():
            table = table_named(target)
            rows[target].update(read_keys(connection, table, [(i,) for i in ids]))
            still = {i for i in ids if (i,) not in rows[target]}
            if still:  # a dangling link in the source itself: copied as no link
                _drop_links(rows, target, still)


def _drop_links(rows: Rows, target: str, missing: set[int]) -> None:
    for table in copied_tables():
        for key in table.foreign_keys:
            if key.column.table.name != target:
                continue
            column = key.parent.name
            for row_key, row in list(rows[table.name].items()):
                if row[column] in missing:
                    if key.parent.nullable:
                        row[column] = None
                    else:  # a row that cannot exist without it stays on the server
                        del rows[table.name][row_key]


def self_references(table: Table) -> list[str]:
    """Columns pointing at the same table: filled after every row is in."""
    return sorted({key.parent.name for key in table.foreign_keys if key.column.table is table})


def write_rows(connection: Connection, rows: Rows) -> dict[str, int]:
    """Insert `rows` (ids kept) into an empty archive; returns rows per table."""
    written: dict[str, int] = {}
    for table in copied_tables():
        later = self_references(table)
        batch = [dict(row) for _key, row in sorted(rows.get(table.name, {}).items())]
        pending = []
        for row in batch:
            if any(row[column] is not None for column in later):
                pending.append({"id": row["id"], **{c: row[c] for c in later}})
                for column in later:
                    row[column] = None
        if batch:
            connection.execute(table.insert(), batch)
        for values in pending:
            row_id = values.pop("id")
            connection.execute(update(table).where(table.c.id == row_id).values(**values))
        written[table.name] = len(batch)
    return written
