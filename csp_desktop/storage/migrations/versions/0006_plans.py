"""plans: the partnership plan, priorities' milestones, actions linked to a priority, chases

Revision ID: 0006_plans
Revises: 0002_search_index

Existing priorities keep their `plan` label; a plan record is made for each label so
the Plan tab shows them (years read from a "2019-2022" label, else 1990-1990 to edit).
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_plans"
down_revision: str | None = "0002_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("year_from", sa.Integer(), nullable=False),
        sa.Column("year_to", sa.Integer(), nullable=False),
        sa.Column("refresh_of_id", sa.Integer(), nullable=True),
        sa.Column("refreshed_in", sa.Integer(), nullable=True),
        sa.Column("aims", sa.Text(), nullable=False),
        sa.CheckConstraint("year_to >= year_from", name=op.f("ck_plan_years_ordered")),
        sa.ForeignKeyConstraint(
            ["refresh_of_id"],
            ["plan.id"],
            name=op.f("fk_plan_refresh_of_id_plan"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("label", name=op.f("uq_plan_label")),
    )
    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "in_progress",
                "completed",
                "dropped",
                name="milestone_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priority.id"],
            name=op.f("fk_milestone_priority_id_priority"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone")),
    )
    op.create_table(
        "report_chase",
        sa.Column("subgroup_report_id", sa.Integer(), nullable=False),
        sa.Column("chased_on", sa.Date(), nullable=False),
        sa.Column("chased_by", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subgroup_report_id"],
            ["subgroup_report.id"],
            name=op.f("fk_report_chase_subgroup_report_id_subgroup_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subgroup_report_id", name=op.f("pk_report_chase")),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index(
            "ix_milestone_priority_due", ["priority_id", "due_date"], unique=False
        )
    with op.batch_alter_table("priority", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_priority_plan_id"), ["plan_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_priority_plan_id_plan"), "plan", ["plan_id"], ["id"], ondelete="CASCADE"
        )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_action_priority_id"), ["priority_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_action_priority_id_priority"),
            "priority",
            ["priority_id"],
            ["id"],
            ondelete="SET NULL",
        )
    _plans_for_existing_labels()


def _plans_for_existing_labels() -> None:
    connection = op.get_bind()
    labels = connection.execute(sa.text("SELECT DISTINCT plan FROM priority")).scalars().all()
    for label in labels:
        years = re.match(r"\s*(\d{4})\s*[-/]\s*(\d{2,4})", label)
        # No years in the label: 1990 (the earliest the Plan tab accepts), to be edited.
        year_from = int(years.group(1)) if years else 1990
        year_to = int(years.group(2)) if years else 1990
        if years and year_to < 100:  # "2019-22"
            year_to += year_from // 100 * 100
        year_to = max(year_to, year_from)
        connection.execute(
            sa.text(
                "INSERT INTO plan (label, title, year_from, year_to, aims) "
                "VALUES (:label, :title, :year_from, :year_to, '')"
            ),
            {
                "label": label,
                "title": f"Partnership plan {label}" + ("" if years else " (years to be set)"),
                "year_from": year_from,
                "year_to": year_to,
            },
        )
        connection.execute(
            sa.text(
                "UPDATE priority SET plan_id = (SELECT id FROM plan WHERE label = :label) "
                "WHERE plan = :label"
            ),
            {"label": label},
        )


def downgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_action_priority_id_priority"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_action_priority_id"))
        batch_op.drop_column("priority_id")
    with op.batch_alter_table("priority", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_priority_plan_id_plan"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_priority_plan_id"))
        batch_op.drop_column("plan_id")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_index("ix_milestone_priority_due")
    op.drop_table("milestone")
    op.drop_table("report_chase")
    op.drop_table("plan")
