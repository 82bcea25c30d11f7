"""search index: an FTS5 table over minutes, actions, people, reports and decisions

Revision ID: 0002_search_index
Revises: 0001_baseline

On SQLite the index is a full-text (FTS5) table kept up to date by triggers, so
every save is indexed in the same transaction and search never reads stale text.
On PostgreSQL it is a table of the same texts with a tsvector column (generated, GIN
indexed), kept by trigger functions the same way. Both cut text into the same words:
letters and digits, case and accents folded (`csp_search_fold`), so they find the same
records (services/search.py; tests/services/test_search_engines.py compares them).
"""

import unicodedata
from collections.abc import Sequence

from alembic import op

revision: str = "0002_search_index"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each indexed record gets rowid = id * 8 + code, so a trigger replaces its one row by
# rowid (an index lookup) instead of scanning the table. Codes match services/search.py.
ITEM, ACTION, PERSON, REPORT, DECISION, UPDATE = 1, 2, 3, 4, 5, 6

# Text indexed for each kind, as an SQL expression over the row `{r}` (new or old).
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
}
# Columns whose change re-indexes a row (the live clock's updates to an item do not).
WATCHED = {
    "agenda_item": "title, minutes_text",
    "action": "reference, text, other_owners, unmatched_owners",
    "person": "title, first_name, last_name, organisation_id, job_title",
    "subgroup_report": "author, summary",
    "decision": "text",
    "action_update": "text",
}
KIND_NAMES = {
    "agenda_item": "item",
    "action": "action",
    "person": "person",
    "subgroup_report": "report",
    "decision": "decision",
    "action_update": "update",
}


def _statements() -> list[str]:
    statements = [
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, ref_id UNINDEXED, content, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    ]
    for table, (code, expression) in SOURCES.items():
        kind = KIND_NAMES[table]
        insert_new = (
            f"INSERT INTO search_index(rowid, kind, ref_id, content) VALUES "
            f"(new.id * 8 + {code}, '{kind}', new.id, {expression.format(r='new')});"
        )
        delete_old = f"DELETE FROM search_index WHERE rowid = old.id * 8 + {code};"
        statements += [
            f"CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table} BEGIN {insert_new} END",
            f"CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table} BEGIN {delete_old} END",
            f"CREATE TRIGGER search_{table}_au AFTER UPDATE OF {WATCHED[table]} ON {table} "
            f"BEGIN {delete_old} {insert_new} END",
            f"INSERT INTO search_index(rowid, kind, ref_id, content) "
            f"SELECT r.id * 8 + {code}, '{kind}', r.id, {expression.format(r='r')} "
            f"FROM {table} AS r",
        ]
    # A renamed organisation changes how its people are found.
    person_code, person_expression = SOURCES["person"]
    statements.append(
        "CREATE TRIGGER search_organisation_au AFTER UPDATE OF name ON organisation BEGIN "
        f"DELETE FROM search_index WHERE rowid IN "
        f"(SELECT id * 8 + {person_code} FROM person WHERE organisation_id = new.id); "
        f"INSERT INTO search_index(rowid, kind, ref_id, content) "
        f"SELECT r.id * 8 + {person_code}, 'person', r.id, {person_expression.format(r='r')} "
        f"FROM person AS r WHERE r.organisation_id = new.id; END"
    )
    return statements


# Accented Latin letters and their plain forms, as FTS5's remove_diacritics folds them
# (services/search.py folds query words with the same table in Python).
def _accent_table() -> tuple[str, str]:
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


ACCENTED, PLAIN = _accent_table()


def _postgresql_statements() -> list[str]:
    statements = [
        # The one rule for words: lower case, accents off, anything but letters and
        # digits a space (as FTS5's unicode61 tokenizer splits them).
        "CREATE FUNCTION csp_search_fold(value text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
        f"SELECT regexp_replace(translate(lower(value), '{ACCENTED}', '{PLAIN}'), "
        "'[^[:alnum:]]+', ' ', 'g') $$",
        "CREATE TABLE search_index ("
        "kind varchar(16) NOT NULL, ref_id integer NOT NULL, content text NOT NULL, "
        "document tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, csp_search_fold(content))) STORED, "
        "CONSTRAINT pk_search_index PRIMARY KEY (kind, ref_id))",
        "CREATE INDEX ix_search_index_document ON search_index USING gin (document)",
    ]
    for table, (_code, expression) in SOURCES.items():
        kind = KIND_NAMES[table]
        pg_expression = expression.replace("char(10)", "chr(10)")
        statements += [
            f"CREATE FUNCTION search_{table}_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN "
            f"IF TG_OP <> 'INSERT' THEN "
            f"DELETE FROM search_index WHERE kind = '{kind}' AND ref_id = OLD.id; END IF; "
            f"IF TG_OP <> 'DELETE' THEN "
            f"INSERT INTO search_index(kind, ref_id, content) "
            f"VALUES ('{kind}', NEW.id, {pg_expression.format(r='NEW')}); END IF; "
            f"RETURN NULL; END $$",
            f"CREATE TRIGGER search_{table}_aiud AFTER INSERT OR DELETE OR UPDATE OF "
            f"{WATCHED[table]} ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}_sync()",
            f"INSERT INTO search_index(kind, ref_id, content) "
            f"SELECT '{kind}', r.id, {pg_expression.format(r='r')} FROM {table} AS r",
        ]
    _code, person_expression = SOURCES["person"]
    person_expression = person_expression.replace("char(10)", "chr(10)")
    statements += [
        "CREATE FUNCTION search_organisation_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "DELETE FROM search_index WHERE kind = 'person' AND ref_id IN "
        "(SELECT id FROM person WHERE organisation_id = NEW.id); "
        "INSERT INTO search_index(kind, ref_id, content) "
        f"SELECT 'person', r.id, {person_expression.format(r='r')} "
        "FROM person AS r WHERE r.organisation_id = NEW.id; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER search_organisation_au AFTER UPDATE OF name ON organisation "
        "FOR EACH ROW EXECUTE FUNCTION search_organisation_sync()",
    ]
    return statements


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in _postgresql_statements():
            op.execute(statement)
        return
    if dialect != "sqlite":
        return
    for statement in _statements():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table in (*SOURCES, "organisation"):
            op.execute(f"DROP FUNCTION IF EXISTS search_{table}_sync() CASCADE")
        op.execute("DROP TABLE IF EXISTS search_index")
        op.execute("DROP FUNCTION IF EXISTS csp_search_fold(text)")
        return
    if dialect != "sqlite":
        return
    for table in SOURCES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
    op.execute("DROP TRIGGER IF EXISTS search_organisation_au")
    op.execute("DROP TABLE IF EXISTS search_index")
