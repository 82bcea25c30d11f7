"""Three-way merge of a meeting minuted offline back into the team database.

Base: the values at take time (kept in the offline file). Mine: the offline file now.
Theirs: the server now. Field by field: a field changed only offline is applied, a
field changed only on the server is kept, a field changed on both to different values
is a `Conflict` for the person bringing it back to resolve; the losing value of each
resolved conflict is kept in `lost_edit`. Rows made offline (actions, updates,
decisions, additional attendees...) are inserted with fresh ids and every link to them
remapped; rows deleted offline are deleted unless the server changed them meanwhile.

`plan_merge` reads and decides (nothing written), `apply_merge` writes the plan in the
caller's transaction. Versioned rows are written only if they still have the version
read while planning, so a save landing in between makes the whole merge refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, Table, UniqueConstraint, and_, func, select, update
from sqlalchemy.exc import IntegrityError

from csp_desktop.errors import UserError
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.offline_rows import (
    Key,
    Row,
    Rows,
    canonical,
    copied_tables,
    has_id,
    key_of,
    key_text,
    read_keys,
    self_references,
    table_named,
)

Choice = Literal["mine", "theirs"]
CHOICES: tuple[Choice, ...] = ("mine", "theirs")
# Stamped by every save: never a conflict, rewritten by the merge itself.
BOOKKEEPING = frozenset({"row_version", "changed_by", "changed_at"})
# Times of the last change: the later of the two, never a conflict.
LATEST = frozenset({"updated_at"})
# Numbers only ever counted up (action references handed out): the larger, never a conflict.
COUNTERS = frozenset({("meeting", "last_action_number")})
# Where two people added the same record, its place in a list is not worth a question.
PLACE = frozenset({"position", "source_order"})
FIELD_WORDS = {
    "minutes_text": "minutes",
    "text": "text",
    "due_date": "due date",
    "due_text": "due",
    "status": "status",
    "public_summary": "public summary",
    "agenda_text": "agenda text",
    "is_restricted": "restricted",
    "arrived_at": "arrived",
    "left_at": "left",
}


@dataclass(frozen=True)
class NewRef:
    """A link, in the offline file, to a row made offline (its server id is not known yet)."""

    table: str
    offline_id: int

    def __str__(self) -> str:
        return f"new:{self.table}:{self.offline_id}"


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed to different values.

    Attributes:
        table, key, field: where (key is the server's).
        what: the record in words ("Item 4 Youth ASB").
        base, mine, theirs: the three values in words ("" when empty).
    """

    table: str
    key: Key
    field: str
    what: str
    base: str
    mine: str
    theirs: str

    @property
    def ident(self) -> str:
        return f"{self.table}:{key_text(self.key)}:{self.field}"

    @property
    def field_words(self) -> str:
        return FIELD_WORDS.get(self.field, self.field.replace("_", " "))


@dataclass
class RowChange:
    table: str
    key: Key
    values: dict[str, Any]  # fields changed only offline: mine's values (links may be NewRef)
    conflicts: list[Conflict]
    mine_values: dict[str, Any]  # mine's value of each conflicting field
    theirs_version: int | None
    latest: dict[str, Any] = field(default_factory=dict)


@dataclass
class LostOffline:
    """An offline change to a record deleted on the server meanwhile: kept in lost_edit."""

    table: str
    key: Key
    values: dict[str, Any]


@dataclass
class MergePlan:
    new_rows: list[tuple[str, Row]] = field(default_factory=list)  # parents first
    matched: dict[tuple[str, int], int] = field(default_factory=dict)  # offline id -> server id
    changes: list[RowChange] = field(default_factory=list)
    deletes: list[tuple[str, Key, int | None]] = field(default_factory=list)
    kept_on_server: list[str] = field(default_factory=list)  # deleted offline, changed there
    lost_offline: list[LostOffline] = field(default_factory=list)
    counters: list[tuple[str, Key, str, int]] = field(default_factory=list)
    # Copied rows the server no longer has: links to them cannot be written.
    gone: set[tuple[str, int]] = field(default_factory=set)

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for change in self.changes for c in change.conflicts]


@dataclass(frozen=True)
class MergeOutcome:
    """What a bring-back did, in counts."""

    fields_applied: int
    rows_added: int
    rows_deleted: int
    conflicts_resolved: int
    kept_on_server: int
    lost_offline: int


class MergeRaced(UserError):
    """Someone saved on the server while the merge was being written: nothing applied."""


def _bookkeeping(table: Table, column: str) -> bool:
    return column in BOOKKEEPING or column in LATEST or column in table.primary_key.columns


def _words(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, NewRef):
        return "(a record added offline)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M} on {uk_date(value.date())}"
    if isinstance(value, dt.date):
        return uk_date(value)
    text = canonical(value)
    return str(text).replace("_", " ") if hasattr(value, "value") else str(text)


def describe(table: str, row: Row, rows: Rows) -> str:
    """A record in words, for a conflict list."""
    if table == "meeting":
        return "The meeting"
    if table == "agenda_item":
        return f"Item {row.get('number') or ''} {row.get('title') or ''}".replace("  ", " ")
    if table == "action":
        return f"Action {row.get('reference')}"
    if table in ("attendance", "declaration"):
        person = rows.get("person", {}).get((int(row["person_id"]),))
        who = f"{person['first_name']} {person['last_name']}".strip() if person else "someone"
        return f"{'Attendance' if table == 'attendance' else 'Declaration'} of {who}"
    if table == "subgroup_report":
        body = rows.get("body", {}).get((int(row["subgroup_id"]),))
        return f"Report from {body['name'] if body else 'a subgroup'}"
    return f"{table.replace('_', ' ').capitalize()} {row.get('id', '')}".strip()


class _Planner:
    def __init__(
        self,
        server: Connection,
        base: Mapping[str, Mapping[Key, Mapping[str, Any]]],
        mine: Rows,
    ) -> None:
        self.server = server
        self.base = base
        self.mine = mine
        self.plan = MergePlan()
        self.new_keys: dict[str, set[Key]] = {}
        self.revived: set[tuple[str, Key]] = set()

    # -- which rows are new ---------------------------------------------------------
    def _is_replacement(self, table: Table, mine_row: Row, base_row: Mapping[str, Any]) -> bool:
        """An id SQLite handed out again after the row copied with it was deleted offline:
        it belongs to another parent (or is another action), or its version went back."""
        identity = [
            key.parent.name
            for key in table.foreign_keys
            if not key.parent.nullable and not key.parent.primary_key
        ]
        if table.name == "action":
            identity.append("reference")
        if any(canonical(mine_row.get(c)) != base_row.get(c) for c in identity):
            return True
        if "row_version" not in table.c:
            return False
        return int(mine_row.get("row_version") or 1) < int(base_row.get("row_version") or 1)

    def find_new(self) -> None:
        for table in copied_tables():
            base_rows = self.base.get(table.name, {})
            fresh: set[Key] = set()
            for key, row in self.mine.get(table.name, {}).items():
                base_row = base_rows.get(key)
                if base_row is None or self._is_replacement(table, row, base_row):
                    fresh.add(key)
            self.new_keys[table.name] = fresh

    def translated(self, table: Table, row: Row) -> Row:
        """Mine's row with each link to a row made offline as a NewRef."""
        out = dict(row)
        for key in table.foreign_keys:
            target, column = key.column.table.name, key.parent.name
            value = out.get(column)
            fresh = self.new_keys.get(target, set())
            if value is not None and (int(value),) in fresh and has_id(table_named(target)):
                out[column] = NewRef(target, int(value))
        return out

    # -- planning -------------------------------------------------------------------
    def run(self) -> MergePlan:
        self.find_new()
        theirs: dict[str, dict[Key, Row]] = {}
        for table in copied_tables():
            theirs[table.name] = read_keys(self.server, table, self.base.get(table.name, {}))
        for table in copied_tables():
            if has_id(table):
                missing = set(self.base.get(table.name, {})) - set(theirs[table.name])
                self.plan.gone.update((table.name, key[0]) for key in missing)
        for table in copied_tables():
            self._plan_new(table)
            self._plan_existing(table, theirs[table.name])
        for table in reversed(copied_tables()):
            self._plan_deleted(table, theirs[table.name])
        return self.plan

    def _plan_new(self, table: Table) -> None:
        for key in sorted(self.new_keys[table.name]):
            row = self.translated(table, self.mine[table.name][key])
            server_row = self._same_on_server(table, row)
            if server_row is None:
                self.plan.new_rows.append((table.name, row))
                continue
            server_key = key_of(table, server_row)
            if has_id(table):
                self.plan.matched[(table.name, key[0])] = server_key[0]
            base_row = self.base.get(table.name, {}).get(server_key)
            if base_row is not None and server_key not in self._kept_offline(table):
                # Removed offline and added again (an attendee taken off and put back):
                # the same record, changed, not deleted.
                self.revived.add((table.name, server_key))
                self._compare(table, server_key, base_row, row, server_row, matched=False)
            else:
                self._compare(table, server_key, None, row, server_row, matched=True)

    def _kept_offline(self, table: Table) -> set[Key]:
        """Copied rows the offline file still has (not deleted, not replaced)."""
        return set(self.mine.get(table.name, {})) - self.new_keys[table.name]

    def _same_on_server(self, table: Table, row: Row) -> Row | None:
        """The server's row that is this new row by the table's unique rules (someone
        added the same attendee, organisation or link meanwhile), if any."""
        groups: list[list[str]] = []
        if not has_id(table):
            groups.append([c.name for c in table.primary_key.columns])
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                groups.append([c.name for c in constraint.columns])
        groups += [[c.name] for c in table.columns if c.unique and not c.primary_key]
        for names in groups:
            if table.name == "action" and names == ["reference"]:
                continue  # a reference taken meanwhile is renumbered, not merged
            values = [row.get(n) for n in names]
            if any(v is None or isinstance(v, NewRef) for v in values):
                continue
            condition = and_(*(table.c[n] == v for n, v in zip(names, values, strict=True)))
            found = self.server.execute(select(table).where(condition)).first()
            if found is not None:
                return dict(found._mapping)
        return None

    def _plan_existing(self, table: Table, theirs: dict[Key, Row]) -> None:
        base_rows = self.base.get(table.name, {})
        for key, mine_row in self.mine.get(table.name, {}).items():
            if key in self.new_keys[table.name]:
                continue
            row = self.translated(table, mine_row)
            server_row = theirs.get(key)
            if server_row is None:
                if has_id(table):
                    self.plan.gone.add((table.name, key[0]))
                changed = {
                    c: v
                    for c, v in row.items()
                    if not _bookkeeping(table, c) and canonical(v) != base_rows[key].get(c)
                }
                if changed:
                    self.plan.lost_offline.append(LostOffline(table.name, key, changed))
                continue
            self._compare(table, key, base_rows[key], row, server_row, matched=False)

    def _compare(
        self,
        table: Table,
        key: Key,
        base: Mapping[str, Any] | None,
        mine: Row,
        theirs: Row,
        *,
        matched: bool,
    ) -> None:
        change = RowChange(table.name, key, {}, [], {}, theirs.get("row_version"))
        for column in table.columns:
            name = column.name
            if _bookkeeping(table, name):
                continue
            m, t = canonical(mine.get(name)), canonical(theirs.get(name))
            b = base.get(name) if base is not None else None
            if (table.name, name) in COUNTERS:
                if isinstance(mine.get(name), int) and mine[name] > (theirs.get(name) or 0):
                    self.plan.counters.append((table.name, key, name, int(mine[name])))
                continue
            if m == t or (base is not None and m == b):
                continue
            if base is not None and t == b:
                change.values[name] = mine.get(name)
            elif matched and name in PLACE:
                continue
            else:
                change.conflicts.append(
                    Conflict(
                        table=table.name,
                        key=key,
                        field=name,
                        what=describe(table.name, theirs, self.mine),
                        base=_words(b) if base is not None else "(not there)",
                        mine=_words(mine.get(name)),
                        theirs=_words(theirs.get(name)),
                    )
                )
                change.mine_values[name] = mine.get(name)
        if change.values or change.conflicts:
            for name in LATEST:
                later = name in table.c and mine.get(name) is not None
                if later and (theirs.get(name) is None or mine[name] > theirs[name]):
                    change.latest[name] = mine[name]
            self.plan.changes.append(change)

    def _plan_deleted(self, table: Table, theirs: dict[Key, Row]) -> None:
        mine_rows = self.mine.get(table.name, {})
        for key, base_row in self.base.get(table.name, {}).items():
            if key in mine_rows and key not in self.new_keys[table.name]:
                continue
            if (table.name, key) in self.revived:
                continue
            server_row = theirs.get(key)
            if server_row is None:
                continue
            changed = [
                c
                for c in server_row
                if not _bookkeeping(table, c) and canonical(server_row[c]) != base_row.get(c)
            ]
            if changed:
                what = describe(table.name, server_row, self.mine)
                self.plan.kept_on_server.append(
                    f"{what}: deleted offline but changed on the server since, so kept"
                )
            else:
                self.plan.deletes.append((table.name, key, server_row.get("row_version")))


def plan_merge(
    server: Connection, base: Mapping[str, Mapping[Key, Mapping[str, Any]]], mine: Rows
) -> MergePlan:
    """Decide, field by field, what bringing `mine` back onto `server` does."""
    return _Planner(server, base, mine).run()


class _Writer:
    def __init__(
        self,
        connection: Connection,
        plan: MergePlan,
        choices: Mapping[str, Choice],
        *,
        user: str,
        now: dt.datetime,
        offline_user: str | None,
    ) -> None:
        self.offline_user = offline_user
        self.connection = connection
        self.plan = plan
        self.choices = choices
        self.user = user
        self.now = now
        self.remap: dict[tuple[str, int], int] = dict(plan.matched)
        self.skipped: set[tuple[str, int]] = set()
        self.lost = 0

    def resolve(self, table: Table, column: str, value: Any) -> tuple[bool, Any]:
        """(usable, value) with a NewRef turned into the server id it was given."""
        if not isinstance(value, NewRef):
            targets = {key.column.table.name for key in table.c[column].foreign_keys}
            if isinstance(value, int) and any((t, value) in self.plan.gone for t in targets):
                return (True, None) if table.c[column].nullable else (False, None)
            return True, value
        server_id = self.remap.get((value.table, value.offline_id))
        if server_id is not None:
            return True, server_id
        return (True, None) if table.c[column].nullable else (False, None)

    def keep_lost(self, table: str, row_id: int, column: str, value: Any, who: str | None) -> None:
        self.connection.execute(
            table_named("lost_edit")
            .insert()
            .values(
                table_name=table,
                row_id=row_id,
                field=column,
                value=None if value is None else str(canonical(value)),
                typed_by=who,
                refused_at=self.now,
            )
        )
        self.lost += 1

    def insert_new(self) -> int:
        added = 0
        deferred: list[tuple[Table, int, dict[str, Any]]] = []
        for name, original in self.plan.new_rows:
            table = table_named(name)
            row = dict(original)
            offline_id = int(row["id"]) if has_id(table) else None
            later = {c: row.pop(c) for c in self_references(table) if row.get(c) is not None}
            usable = True
            for column in list(row):
                ok, row[column] = self.resolve(table, column, row[column])
                usable = usable and ok
            if not usable:
                self._keep_unplaceable(table, original)
                continue
            if has_id(table):
                row.pop("id")
                if "row_version" in table.c:
                    row["row_version"] = 1
                if name == "action":
                    row["reference"] = self._free_reference(row)
                new_id = self.connection.execute(
                    table.insert().values(**row).returning(table.c.id)
                ).scalar_one()
                assert offline_id is not None
                self.remap[(name, offline_id)] = int(new_id)
                if later:
                    deferred.append((table, int(new_id), later))
            else:
                self.connection.execute(table.insert().values(**row))
            added += 1
        for table, new_id, values in deferred:
            resolved = {c: self.resolve(table, c, v)[1] for c, v in values.items()}
            self.connection.execute(update(table).where(table.c.id == new_id).values(**resolved))
        return added

    def _keep_unplaceable(self, table: Table, row: Row) -> None:
        """A row made offline under a record deleted on the server: its words are kept."""
        row_id = int(row["id"]) if has_id(table) else 0
        if has_id(table):
            self.skipped.add((table.name, row_id))
        for column, value in row.items():
            if isinstance(value, str) and value.strip() and column not in BOOKKEEPING:
                who = row.get("changed_by") or self.offline_user
                self.keep_lost(table.name, row_id, column, value, who)

    def _free_reference(self, row: dict[str, Any]) -> str:
        """The action's reference, or the next free one if the server gave it out meanwhile."""
        action = table_named("action")
        reference = str(row["reference"])
        taken = self.connection.scalar(
            select(func.count()).select_from(action).where(action.c.reference == reference)
        )
        if not taken:
            return reference
        prefix, _, number = reference.rpartition("-")
        if not number.isdigit():
            return f"{reference}-offline"
        highest = int(number)
        for other in self.connection.scalars(
            select(action.c.reference).where(action.c.reference.startswith(prefix + "-"))
        ):
            tail = other[len(prefix) + 1 :]
            if tail.isdigit():
                highest = max(highest, int(tail))
        meeting_id = row.get("raised_at_meeting_id")
        if isinstance(meeting_id, int):
            meeting = table_named("meeting")
            recorded = self.connection.scalar(
                select(meeting.c.last_action_number).where(meeting.c.id == meeting_id)
            )
            highest = max(highest, int(recorded or 0))
            self.plan.counters.append(("meeting", (meeting_id,), "last_action_number", highest + 1))
        return f"{prefix}-{highest + 1:02d}"

    def write_changes(self) -> tuple[int, int]:
        applied = resolved = 0
        for change in self.plan.changes:
            table = table_named(change.table)
            values: dict[str, Any] = {}
            for column, value in change.values.items():
                values[column] = self.resolve(table, column, value)[1]
            for conflict in change.conflicts:
                choice = self.choices[conflict.ident]
                mine_value = change.mine_values[conflict.field]
                if choice == "mine":
                    theirs_value, theirs_by = self._theirs(table, change.key, conflict.field)
                    values[conflict.field] = self.resolve(table, conflict.field, mine_value)[1]
                    self.keep_lost(
                        change.table, change.key[0], conflict.field, theirs_value, theirs_by
                    )
                else:
                    self.keep_lost(
                        change.table, change.key[0], conflict.field, mine_value, self.offline_user
                    )
                resolved += 1
            if not values:
                continue
            values.update(change.latest)
            condition = self._where(table, change.key)
            if "row_version" in table.c and change.theirs_version is not None:
                condition = and_(condition, table.c.row_version == change.theirs_version)
                values.update(
                    row_version=change.theirs_version + 1, changed_by=self.user, changed_at=self.now
                )
            if self.connection.execute(update(table).where(condition).values(**values)).rowcount:
                applied += len(change.values)
            else:
                raise self._raced()
        return applied, resolved

    def _theirs(self, table: Table, key: Key, column: str) -> tuple[Any, str | None]:
        who = table.c.changed_by if "changed_by" in table.c else None
        columns = [table.c[column]] + ([who] if who is not None else [])
        row = self.connection.execute(select(*columns).where(self._where(table, key))).first()
        if row is None:
            return None, None
        return row[0], (str(row[1]) if who is not None and row[1] else None)

    def delete_rows(self) -> int:
        deleted = 0
        for name, key, version in self.plan.deletes:
            table = table_named(name)
            condition = self._where(table, key)
            if "row_version" in table.c and version is not None:
                exists = self.connection.scalar(
                    select(func.count()).select_from(table).where(condition)
                )
                condition = and_(condition, table.c.row_version == version)
                if exists and not self.connection.execute(table.delete().where(condition)).rowcount:
                    raise self._raced()
                deleted += 1 if exists else 0
            else:
                # A child may already be gone with its parent (ON DELETE CASCADE).
                deleted += self.connection.execute(table.delete().where(condition)).rowcount
        return deleted

    def keep_lost_offline(self) -> None:
        for lost in self.plan.lost_offline:
            for column, value in lost.values.items():
                self.keep_lost(lost.table, lost.key[0], column, value, self.offline_user)

    def raise_counters(self) -> None:
        for name, key, column, value in self.plan.counters:
            table = table_named(name)
            self.connection.execute(
                update(table)
                .where(and_(self._where(table, key), table.c[column] < value))
                .values({column: value})
            )

    @staticmethod
    def _where(table: Table, key: Key) -> Any:
        columns = list(table.primary_key.columns)
        return and_(*(c == v for c, v in zip(columns, key, strict=True)))

    @staticmethod
    def _raced() -> MergeRaced:
        return MergeRaced(
            "Someone saved a change to this meeting on the server while it was being brought "
            "back, so nothing was applied; bring it back again."
        )


def apply_merge(
    connection: Connection,
    plan: MergePlan,
    choices: Mapping[str, Choice],
    *,
    user: str,
    now: dt.datetime,
    offline_user: str | None = None,
) -> MergeOutcome:
    """Write `plan` in the caller's transaction; every conflict must have a choice."""
    missing = [c for c in plan.conflicts if c.ident not in choices]
    if missing:
        raise UserError(f"{len(missing)} conflicts still need a choice; nothing was applied.")
    writer = _Writer(connection, plan, choices, user=user, now=now, offline_user=offline_user)
    try:
        added = writer.insert_new()
        applied, resolved = writer.write_changes()
        deleted = writer.delete_rows()
        writer.keep_lost_offline()
        writer.raise_counters()
    except IntegrityError:
        # A record linked to was deleted (or the same one added) on the server after
        # the plan was read: the caller's transaction is rolled back whole.
        raise _Writer._raced() from None
    return MergeOutcome(
        fields_applied=applied,
        rows_added=added,
        rows_deleted=deleted,
        conflicts_resolved=resolved,
        kept_on_server=len(plan.kept_on_server),
        lost_offline=len(plan.lost_offline),
    )
