"""row versions: optimistic concurrency on the records people edit together

Revision ID: 0008_row_versions
Revises: 0003_constraint_names (issue 16's own 0003; the integrator re-chains)

Meetings, agenda items, actions, attendance and subgroup reports get `row_version`
(checked and bumped by every save: a save based on stale data is refused), and
`changed_by` / `changed_at` (who saved it last, to say so). `lost_edit` keeps what a
refused save would have written. Columns are added in place (ALTER TABLE ADD COLUMN on
both engines), so SQLite keeps its search triggers on these tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_row_versions"
down_revision: str | None = "0007_transcripts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("meeting", "agenda_item", "action", "attendance", "subgroup_report")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(
            table,
            sa.Column("row_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        )
        op.add_column(table, sa.Column("changed_by", sa.String(length=120), nullable=True))
        op.add_column(table, sa.Column("changed_at", sa.DateTime(), nullable=True))
    op.create_table(
        "lost_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("typed_by", sa.String(length=120), nullable=True),
        sa.Column("refused_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lost_edit")),
    )


def downgrade() -> None:
    op.drop_table("lost_edit")
    for table in VERSIONED:
        for column in ("changed_at", "changed_by", "row_version"):
            # In place on SQLite too (3.35+): rebuilding `meeting` in batch mode would
            # cascade its deletion to every child row, and drop the search triggers.
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
