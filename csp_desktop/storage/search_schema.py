"""The search index as the code uses it today: what each kind of record contributes.

Migrations `0002_search_index` and `0007_transcripts` created the index and its triggers
from frozen copies of these definitions (a migration must keep doing what it did for
archives in use); `services/search.py` reads these live ones to refill the index, so no
service imports a migration. `tests/storage/test_search_schema.py` checks the two agree.
No Alembic and no database here: plain definitions and the SQL built from them.
"""

from __future__ import annotations

import unicodedata

# Each indexed record gets rowid = id * 8 + code on SQLite, so a trigger replaces its one
# row by rowid (an index lookup) instead of scanning the table.
ITEM, ACTION, PERSON, REPORT, DECISION, UPDATE, TURN = 1, 2, 3, 4, 5, 6, 7

# Text indexed for each table, as an SQL expression over the row `{r}` (new or old), and
# the index's kind name for it; `char(10)` is SQLite's, `chr(10)` PostgreSQL's.
SOURCES: dict[str, tuple[int, str]] = {
    "agenda_item": (ITEM, "coalesce({r}.title, '') || char(10) || coalesce({r}.minutes_text, '')"),
    "action": (
        ACTION,
        "coalesce({r}.reference, '') || char(10) || coalesce({r}.text, '') || char(10) || "
        "coalesce({r}.other_owners, '') || ' ' || coalesce({r}.unmatched_owners, '')",
    ),
    "person": (
        PERSON,
        "trim(coalesce({r}.title, '') || ' ' || {r}.first_name || ' ' || {r}.last_name) || "
        "coalesce(', ' || (SELECT name FROM organisation WHERE id = {r}.organisation_id), '') || "
        "coalesce(char(10) || {r}.job_title, '')",
    ),
    "subgroup_report": (
        REPORT,
        "coalesce({r}.author, '') || char(10) || coalesce({r}.summary, '')",
    ),
    "decision": (DECISION, "coalesce({r}.text, '')"),
    "action_update": (UPDATE, "coalesce({r}.text, '')"),
    "transcript_turn": (
        TURN,
        "coalesce({r}.speaker_label, '') || char(10) || coalesce({r}.text, '')",
    ),
}
KIND_NAMES: dict[str, str] = {
    "agenda_item": "item",
    "action": "action",
    "person": "person",
    "subgroup_report": "report",
    "decision": "decision",
    "action_update": "update",
    "transcript_turn": "turn",
}
# Columns whose change re-indexes a row (the live clock's updates to an item do not).
WATCHED: dict[str, str] = {
    "agenda_item": "title, minutes_text",
    "action": "reference, text, other_owners, unmatched_owners",
    "person": "title, first_name, last_name, organisation_id, job_title",
    "subgroup_report": "author, summary",
    "decision": "text",
    "action_update": "text",
    "transcript_turn": "speaker_label, text",
}


def postgresql_expression(expression: str) -> str:
    """An index expression in PostgreSQL's spelling."""
    return expression.replace("char(10)", "chr(10)")


def refill_statements(*, postgresql: bool) -> list[str]:
    """INSERTs that fill an emptied index from every indexed table."""
    statements = []
    for table, (code, expression) in SOURCES.items():
        kind = KIND_NAMES[table]
        if postgresql:
            statements.append(
                f"INSERT INTO search_index(kind, ref_id, content) SELECT '{kind}', r.id, "
                f"{postgresql_expression(expression).format(r='r')} FROM {table} AS r"
            )
        else:
            statements.append(
                f"INSERT INTO search_index(rowid, kind, ref_id, content) "
                f"SELECT r.id * 8 + {code}, '{kind}', r.id, {expression.format(r='r')} "
                f"FROM {table} AS r"
            )
    return statements


def accent_table() -> tuple[str, str]:
    """Accented Latin letters and their plain forms, as FTS5's remove_diacritics folds them
    (and PostgreSQL's `csp_search_fold` translates them)."""
    accented, plain = [], []
    for char in map(chr, range(0xC0, 0x250)):
        base = unicodedata.normalize("NFKD", char)
        marks = base[1:]
        if (
            char == char.lower()
            and base[0].isascii()
            and base[0].isalpha()
            and marks
            and all(unicodedata.combining(mark) for mark in marks)
        ):
            accented.append(char)
            plain.append(base[0])
    return "".join(accented), "".join(plain)
