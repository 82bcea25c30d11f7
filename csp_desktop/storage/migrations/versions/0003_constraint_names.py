"""constraint names: one CHECK name per enum column of action_update

Revision ID: 0003_constraint_names
Revises: 0002_search_index

`action_update.status_from` and `status_to` both had the CHECK name
`ck_action_update_action_status`. SQLite allows that; PostgreSQL refuses the second
(`DuplicateObject`), so the baseline could never run on a server. The baseline now names
them `ck_action_update_status_from` / `ck_action_update_status_to`; this migration
renames them in SQLite files already in use (the table is rebuilt in batch mode, its
search triggers put back) and does nothing where the names are already right.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_constraint_names"
down_revision: str | None = "0002_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_NAME = "ck_action_update_action_status"
STATUSES = ("open", "in_progress", "completed", "dropped")
SOURCES = ("minutes", "meeting", "tracker", "manual")
UPDATE_CODE = 6  # action_update's code in 0002's search index rowids
INDEXED_TEXT = "coalesce({r}.text, '')"


def _action_update_as_it_should_be() -> sa.Table:
    """The table as the baseline now creates it (not from the models: they move on)."""

    def plain_enum(values: Sequence[str], name: str) -> sa.Enum:
        # Their CHECKs are the named ones below (no convention in this MetaData).
        return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=32)

    return sa.Table(
        "action_update",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "source",
            plain_enum(SOURCES, "action_update_source"),
            nullable=False,
        ),
        sa.Column("author", sa.String(), nullable=True),
        sa.Column("status_from", plain_enum(STATUSES, "status_from"), nullable=True),
        sa.Column("status_to", plain_enum(STATUSES, "status_to"), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name="fk_action_update_action_id_action",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name="fk_action_update_meeting_id_meeting",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_action_update"),
        sa.Index("ix_action_update_action", "action_id", "made_at"),
        sa.CheckConstraint(
            "source IN ('minutes', 'meeting', 'tracker', 'manual')",
            name="ck_action_update_action_update_source",
        ),
        sa.CheckConstraint(
            "status_from IN ('open', 'in_progress', 'completed', 'dropped')",
            name="ck_action_update_status_from",
        ),
        sa.CheckConstraint(
            "status_to IN ('open', 'in_progress', 'completed', 'dropped')",
            name="ck_action_update_status_to",
        ),
    )


def _has_old_names(bind: sa.engine.Connection) -> bool:
    sql = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'action_update'")
    ).scalar()
    return OLD_NAME in str(sql or "")


def _search_triggers() -> list[str]:
    """0002's triggers on action_update (rebuilding a table in SQLite drops them)."""
    insert_new = (
        f"INSERT INTO search_index(rowid, kind, ref_id, content) VALUES "
        f"(new.id * 8 + {UPDATE_CODE}, 'update', new.id, {INDEXED_TEXT.format(r='new')});"
    )
    delete_old = f"DELETE FROM search_index WHERE rowid = old.id * 8 + {UPDATE_CODE};"
    return [
        f"CREATE TRIGGER search_action_update_ai AFTER INSERT ON action_update "
        f"BEGIN {insert_new} END",
        f"CREATE TRIGGER search_action_update_ad AFTER DELETE ON action_update "
        f"BEGIN {delete_old} END",
        f"CREATE TRIGGER search_action_update_au AFTER UPDATE OF text ON action_update "
        f"BEGIN {delete_old} {insert_new} END",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or not _has_old_names(bind):
        return  # a server, or a file made by the corrected baseline: already right
    had_search_index = (
        bind.execute(
            sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_index'")
        ).scalar()
        is not None
    )
    table = _action_update_as_it_should_be()
    with op.batch_alter_table("action_update", recreate="always", copy_from=table):
        pass
    if had_search_index:
        for statement in _search_triggers():
            op.execute(statement)


def downgrade() -> None:
    # The corrected names are what 0001 and 0002 create too; nothing to undo.
    pass
