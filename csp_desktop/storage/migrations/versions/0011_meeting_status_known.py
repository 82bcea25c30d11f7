"""meeting status known: whether a meeting's status was recorded or defaulted

Revision ID: 0011_meeting_status_known
Revises: 0010_attendance_unmarked

An interchange document may leave a meeting's status out (null: not known). The column
cannot be null (every screen reads it), so the import still stores "draft", and
`status_recorded` says it was a default: export writes null back, and a round trip gives
the document it was given. Existing meetings were given a status in the app: true.
Added in place (ALTER TABLE ADD COLUMN on both engines), so SQLite keeps its search
triggers on `meeting` and rebuilds nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_meeting_status_known"
down_revision: str | None = "0010_attendance_unmarked"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "meeting",
        sa.Column("status_recorded", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    # In place on SQLite too (3.35+): a batch rebuild of `meeting` would cascade its
    # deletion to every child row and drop the search triggers.
    op.execute("ALTER TABLE meeting DROP COLUMN status_recorded")
