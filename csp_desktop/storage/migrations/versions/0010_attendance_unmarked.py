"""attendance unmarked: members start "Not yet marked", not Absent

Revision ID: 0010_attendance_unmarked
Revises: 0007_transcripts

A new meeting's roster used to list every member as absent (and the meeting as NOT
QUORATE) before anyone was marked. The status gains "unmarked"; the CHECK constraint
that lists the allowed values is replaced (batch mode: SQLite rebuilds the table).
Rows already recorded keep their status: an old "absent" may be a real absence.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_attendance_unmarked"
down_revision: str | None = "0008_row_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("present", "apologies", "absent", "additional")
NEW = (*OLD, "unmarked")
CONSTRAINT = "ck_attendance_attendance_status"


def _values(values: Sequence[str]) -> str:
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _swap(values: Sequence[str]) -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch_op.create_check_constraint(op.f(CONSTRAINT), sa.text(_values(values)))


def upgrade() -> None:
    _swap(NEW)


def downgrade() -> None:
    # Not yet marked is closest to absent (nobody recorded them there).
    op.execute("UPDATE attendance SET status = 'absent' WHERE status = 'unmarked'")
    _swap(OLD)
