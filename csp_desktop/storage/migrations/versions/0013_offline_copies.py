"""offline copies: meetings taken offline from the team database, and when they came back

Revision ID: 0013_offline_copies
Revises: 0011_meeting_status_known

One row per meeting copied to a laptop (usecases/offline_meeting.py): who took it, when,
the copy's identity (also in the file), the row versions at that moment (the merge's
base), and when it was brought back. A new table: nothing existing is rebuilt.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_offline_copies"
down_revision: str | None = "0012_edit_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offline_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("copy_id", sa.String(length=32), nullable=False),
        sa.Column("taken_by", sa.String(length=120), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("base_versions", sa.Text(), nullable=False),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("returned_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_offline_copy_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_copy")),
        sa.UniqueConstraint("copy_id", name=op.f("uq_offline_copy_copy_id")),
    )
    op.create_index(
        op.f("ix_offline_copy_meeting_id"), "offline_copy", ["meeting_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_offline_copy_meeting_id"), table_name="offline_copy")
    op.drop_table("offline_copy")
