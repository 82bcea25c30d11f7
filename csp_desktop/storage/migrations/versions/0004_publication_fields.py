"""publication fields: papers as councils publish them

Revision ID: 0004_publication_fields
Revises: 0002_search_index

* agenda_item: public_summary (a restricted item's published summary), is_verbal_update,
  agenda_text (printed under the title on the agenda), minutes_withheld (the minute exists
  but this file does not hold it);
* paper: kind ("PDF"), and name may be empty ("Additional documents");
* forward_plan_entry: status "removed" and unknown (NULL), raised_at_item_id;
* subgroup_report.status and attendance.is_member may be unknown (NULL);
* body: chair, its minutes' house style (timings, organisations), and whether its short
  name was made up on import (files then say null rather than an invented one).

SQLite: tables other rows point at are never copied by batch mode on the way up (the app
migrates with foreign keys on); subgroup_report must be, and its children are kept.
The downgrade copies agenda_item and body: run it with foreign keys off.
"""

import contextlib
import importlib.util
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0004_publication_fields"
down_revision: str | None = "0003_constraint_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PLAN_OLD = ("planned", "scheduled", "deferred", "done")
_PLAN_NEW = (*_PLAN_OLD, "removed")


def _plan_status(values: Sequence[str]) -> sa.Enum:
    return sa.Enum(
        *values, name="forward_plan_status", native_enum=False, create_constraint=True, length=32
    )


_REPORT_STATUS = sa.Enum(
    "written",
    "verbal",
    "not_provided",
    name="report_status",
    native_enum=False,
    create_constraint=True,
    length=32,
)


def _search_index_revision() -> ModuleType:
    """0002's module (the trigger definitions), loaded from beside this file."""
    path = Path(__file__).with_name("0002_search_index.py")
    spec = importlib.util.spec_from_file_location("_csp_0002_search_index", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _restore_search_triggers(table: str) -> None:
    """SQLite's batch mode copies a table into a new one, which loses its triggers: the
    search index's (0002) are made again; the index rows keep their ids, so stay valid."""
    if op.get_bind().dialect.name != "sqlite":
        return
    search = _search_index_revision()
    code, expression = search.SOURCES[table]
    kind = search.KIND_NAMES[table]
    insert_new = (
        f"INSERT INTO search_index(rowid, kind, ref_id, content) VALUES "
        f"(new.id * 8 + {code}, '{kind}', new.id, {expression.format(r='new')});"
    )
    delete_old = f"DELETE FROM search_index WHERE rowid = old.id * 8 + {code};"
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
    op.execute(f"CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table} BEGIN {insert_new} END")
    op.execute(f"CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table} BEGIN {delete_old} END")
    op.execute(
        f"CREATE TRIGGER search_{table}_au AFTER UPDATE OF {search.WATCHED[table]} ON {table} "
        f"BEGIN {delete_old} {insert_new} END"
    )


@contextlib.contextmanager
def _children_kept_sqlite() -> Iterator[None]:
    """Keep the rows that point at subgroup_report through SQLite's batch copy of it.

    The app migrates with foreign keys on, inside a transaction (where the pragma cannot be
    turned off), and SQLite's DROP TABLE then deletes the old table's rows first, running
    ON DELETE actions: the report-priority links (CASCADE) and actions' report links (SET
    NULL) would be lost. They are copied aside and put back once the new table is in place.
    """
    if op.get_bind().dialect.name != "sqlite":
        yield
        return
    op.execute("CREATE TEMP TABLE _keep_report_priority AS SELECT * FROM subgroup_report_priority")
    op.execute(
        "CREATE TEMP TABLE _keep_action_report AS SELECT id, subgroup_report_id FROM action "
        "WHERE subgroup_report_id IS NOT NULL"
    )
    yield
    op.execute(
        "INSERT INTO subgroup_report_priority (subgroup_report_id, priority_id) "
        "SELECT k.subgroup_report_id, k.priority_id FROM _keep_report_priority AS k "
        "WHERE NOT EXISTS (SELECT 1 FROM subgroup_report_priority AS p WHERE "
        "p.subgroup_report_id = k.subgroup_report_id AND p.priority_id = k.priority_id)"
    )
    op.execute(
        "UPDATE action SET subgroup_report_id = (SELECT k.subgroup_report_id FROM "
        "_keep_action_report AS k WHERE k.id = action.id) "
        "WHERE id IN (SELECT id FROM _keep_action_report)"
    )
    op.execute("DROP TABLE _keep_report_priority")
    op.execute("DROP TABLE _keep_action_report")


def upgrade() -> None:
    # Plain ADD COLUMNs: recreating agenda_item would drop its search-index triggers (0002).
    op.add_column("agenda_item", sa.Column("public_summary", sa.Text(), nullable=True))
    op.add_column(
        "agenda_item",
        sa.Column("is_verbal_update", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("agenda_item", sa.Column("agenda_text", sa.Text(), nullable=True))
    op.add_column(
        "agenda_item",
        sa.Column("minutes_withheld", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    with op.batch_alter_table("paper") as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(), nullable=True))
        batch_op.alter_column("name", existing_type=sa.String(), nullable=True)
    with op.batch_alter_table("forward_plan_entry") as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=_plan_status(_PLAN_OLD),
            type_=_plan_status(_PLAN_NEW),
            nullable=True,
        )
        batch_op.add_column(sa.Column("raised_at_item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_forward_plan_entry_raised_at_item_id_agenda_item"),
            "agenda_item",
            ["raised_at_item_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with _children_kept_sqlite(), op.batch_alter_table("subgroup_report") as batch_op:
        batch_op.alter_column("status", existing_type=_REPORT_STATUS, nullable=True)
    _restore_search_triggers("subgroup_report")
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.alter_column("is_member", existing_type=sa.Boolean(), nullable=True)
    # Plain ADD COLUMNs: a batch copy of body would drop a table other rows point at.
    op.add_column("body", sa.Column("chair", sa.String(), nullable=True))
    op.add_column(
        "body",
        sa.Column("short_name_derived", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "body",
        sa.Column("minutes_show_timings", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.add_column(
        "body",
        sa.Column(
            "minutes_show_organisations", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("body") as batch_op:
        batch_op.drop_column("minutes_show_organisations")
        batch_op.drop_column("minutes_show_timings")
        batch_op.drop_column("chair")
        batch_op.drop_column("short_name_derived")
    op.execute("UPDATE attendance SET is_member = (status <> 'additional') WHERE is_member IS NULL")
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.alter_column("is_member", existing_type=sa.Boolean(), nullable=False)
    op.execute("UPDATE subgroup_report SET status = 'not_provided' WHERE status IS NULL")
    with _children_kept_sqlite(), op.batch_alter_table("subgroup_report") as batch_op:
        batch_op.alter_column("status", existing_type=_REPORT_STATUS, nullable=False)
    _restore_search_triggers("subgroup_report")
    # The older schema has no "removed": such entries go back as deferred.
    op.execute("UPDATE forward_plan_entry SET status = 'deferred' WHERE status = 'removed'")
    op.execute("UPDATE forward_plan_entry SET status = 'planned' WHERE status IS NULL")
    with op.batch_alter_table("forward_plan_entry") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_forward_plan_entry_raised_at_item_id_agenda_item"), type_="foreignkey"
        )
        batch_op.drop_column("raised_at_item_id")
        batch_op.alter_column(
            "status",
            existing_type=_plan_status(_PLAN_NEW),
            type_=_plan_status(_PLAN_OLD),
            nullable=False,
        )
    op.execute("UPDATE paper SET name = 'Additional document' WHERE name IS NULL")
    with op.batch_alter_table("paper") as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(), nullable=False)
        batch_op.drop_column("kind")
    with op.batch_alter_table("agenda_item") as batch_op:
        batch_op.drop_column("minutes_withheld")
        batch_op.drop_column("agenda_text")
        batch_op.drop_column("is_verbal_update")
        batch_op.drop_column("public_summary")
    _restore_search_triggers("agenda_item")
