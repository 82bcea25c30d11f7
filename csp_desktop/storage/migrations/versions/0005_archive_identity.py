"""archive identity: a key/value table holding the archive's id and its review marks

Revision ID: 0005_archive_identity
Revises: 0002_search_index

Existing files get their identity when they are upgraded (the first open by this version).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_archive_identity"
down_revision: str | None = "0004_publication_fields"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "archive_meta",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_archive_meta")),
    )
    op.bulk_insert(table, [{"key": "archive_id", "value": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("archive_meta")
