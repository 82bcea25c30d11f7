"""edit leases and change notifications: one person at a time minutes an item

Revision ID: 0012_edit_leases
Revises: 0011_meeting_status_known

`edit_lease` holds who is minuting an item (services/edit_leases.py owns the rules). On
PostgreSQL, every change to the records people edit together also sends
`NOTIFY csp_changes, '<table>:<id>'` (and `'meeting:<id>'` for the meeting a row belongs
to) when its transaction commits, so every other copy of the app can refresh within a
second or two (ui/live_refresh.py listens). SQLite has no NOTIFY: nothing to add there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_edit_leases"
down_revision: str | None = "0011_meeting_status_known"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables whose changes other copies of the app show live.
NOTIFIED = (
    "meeting",
    "agenda_item",
    "action",
    "action_update",
    "attendance",
    "subgroup_report",
    "edit_lease",
)

NOTIFY_FUNCTION = """
CREATE FUNCTION csp_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_data jsonb;
    meeting text;
BEGIN
    IF TG_OP = 'DELETE' THEN row_data := to_jsonb(OLD); ELSE row_data := to_jsonb(NEW); END IF;
    PERFORM pg_notify('csp_changes', TG_TABLE_NAME || ':'
        || COALESCE(row_data->>'id', row_data->>'agenda_item_id', ''));
    meeting := COALESCE(row_data->>'meeting_id', row_data->>'raised_at_meeting_id');
    IF meeting IS NOT NULL THEN
        PERFORM pg_notify('csp_changes', 'meeting:' || meeting);
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "edit_lease",
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("holder_name", sa.String(length=120), nullable=False),
        sa.Column("holder_client", sa.String(length=64), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_edit_lease_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("agenda_item_id", name=op.f("pk_edit_lease")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(NOTIFY_FUNCTION)
    for table in NOTIFIED:
        op.execute(
            f"CREATE TRIGGER notify_{table}_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION csp_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NOTIFIED:
            op.execute(f"DROP TRIGGER IF EXISTS notify_{table}_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS csp_notify_change()")
    op.drop_table("edit_lease")
