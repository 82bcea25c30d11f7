"""transcripts: Teams transcripts per meeting, their turns, speakers, suggested actions,
and each body's retention rule; turns join the search index

Revision ID: 0007_transcripts
Revises: 0002_search_index

Turns are indexed like minutes (0002_search_index): on SQLite an FTS5 row per turn kept
by triggers, rowid = id * 8 + 7; other databases search the table with LIKE.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_transcripts"
down_revision: str | None = "0006_plans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Code 7 of the search index's rowids (0002 uses 1-6); see services/search.py.
TURN = 7
TURN_EXPRESSION = "coalesce({r}.speaker_label, '') || char(10) || coalesce({r}.text, '')"


def _search_statements() -> list[str]:
    insert_new = (
        f"INSERT INTO search_index(rowid, kind, ref_id, content) VALUES "
        f"(new.id * 8 + {TURN}, 'turn', new.id, {TURN_EXPRESSION.format(r='new')});"
    )
    delete_old = f"DELETE FROM search_index WHERE rowid = old.id * 8 + {TURN};"
    return [
        f"CREATE TRIGGER search_transcript_turn_ai AFTER INSERT ON transcript_turn "
        f"BEGIN {insert_new} END",
        f"CREATE TRIGGER search_transcript_turn_ad AFTER DELETE ON transcript_turn "
        f"BEGIN {delete_old} END",
        f"CREATE TRIGGER search_transcript_turn_au AFTER UPDATE OF speaker_label, text "
        f"ON transcript_turn BEGIN {delete_old} {insert_new} END",
    ]


def _has_search_index() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    found = bind.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name = 'search_index'"))
    return found.scalar() is not None


def upgrade() -> None:
    op.create_table(
        "transcript_retention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("delete_when_approved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["body.id"],
            name=op.f("fk_transcript_retention_body_id_body"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcript_retention")),
        sa.UniqueConstraint("body_id", name=op.f("uq_transcript_retention_body_id")),
    )
    op.create_table(
        "transcript",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
        sa.Column("turn_count", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_transcript_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcript")),
    )
    with op.batch_alter_table("transcript", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transcript_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "transcript_speaker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_transcript_speaker_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_transcript_speaker_transcript_id_transcript"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcript_speaker")),
        sa.UniqueConstraint("transcript_id", "label", name="uq_transcript_speaker_label"),
    )
    op.create_table(
        "transcript_turn",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("speaker_label", sa.String(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("start_seconds", sa.Double(), nullable=False),
        sa.Column("end_seconds", sa.Double(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "end_seconds >= start_seconds", name=op.f("ck_transcript_turn_turn_times_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_transcript_turn_agenda_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_transcript_turn_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_transcript_turn_transcript_id_transcript"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcript_turn")),
    )
    with op.batch_alter_table("transcript_turn", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transcript_turn_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(
            "ix_transcript_turn_position", ["transcript_id", "position"], unique=False
        )

    op.create_table(
        "transcript_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("action_text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "dismissed",
                name="suggestion_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["turn_id"],
            ["transcript_turn.id"],
            name=op.f("fk_transcript_suggestion_turn_id_transcript_turn"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcript_suggestion")),
    )
    with op.batch_alter_table("transcript_suggestion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transcript_suggestion_turn_id"), ["turn_id"], unique=False
        )

    if _has_search_index():
        for statement in _search_statements():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS search_transcript_turn_{suffix}")
        if _has_search_index():
            op.execute("DELETE FROM search_index WHERE kind = 'turn'")
    op.drop_table("transcript_suggestion")
    op.drop_table("transcript_turn")
    op.drop_table("transcript_speaker")
    op.drop_table("transcript")
    op.drop_table("transcript_retention")
