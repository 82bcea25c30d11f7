"""Plans, priorities, milestones, refreshes and actions linked to priorities."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from csp_desktop.errors import ValidationError
from csp_desktop.models import Action, ActionStatus, BodyKind, MilestoneStatus, Priority
from csp_desktop.services import plans
from tests.factories import make_body
from tests.services.dashboard_archive import build_archive


def test_create_plan_with_numbered_priorities_and_owners(session: Session) -> None:
    board = make_body(session)
    vawg = make_body(session, "VAWG", kind=BodyKind.SUBGROUP, parent=board)
    plan_id = plans.create_plan(session, "Community Safety Partnership Plan", 2019, 2022, "Aims")
    first = plans.add_priority(session, plan_id, "Keeping children safe")
    second = plans.add_priority(session, plan_id, "Tackling VAWG", "Support survivors", [vawg.id])
    detail = plans.plan_detail(session, plan_id)
    assert detail.plan.label == "2019-2022" and detail.plan.aims == "Aims"
    assert [p.label for p in detail.priorities] == ["1. Keeping children safe", "2. Tackling VAWG"]
    assert detail.priorities[1].owner_names == ("VAWG",)
    # the priority's plan label is kept for older readers (subgroup reports, interchange)
    assert session.get(Priority, first).plan == "2019-2022"
    plans.edit_priority(
        session, second, title="Violence against women and girls", owner_body_ids=[]
    )
    assert plans.plan_detail(session, plan_id).priorities[1].owner_names == ()


def test_plan_years_and_duplicates_are_refused(session: Session) -> None:
    plans.create_plan(session, "Plan", 2019, 2022)
    with pytest.raises(ValidationError, match="already a plan 2019-2022"):
        plans.create_plan(session, "Again", 2019, 2022)
    with pytest.raises(ValidationError, match="cannot end before"):
        plans.create_plan(session, "Backwards", 2022, 2019)
    with pytest.raises(ValidationError, match="needs a title"):
        plans.create_plan(session, "  ", 2023, 2026)


def test_milestones_keep_owner_due_and_status(session: Session) -> None:
    plan_id = plans.create_plan(session, "Plan", 2019, 2022)
    priority = plans.add_priority(session, plan_id, "Burglary")
    milestone = plans.add_milestone(
        session,
        priority,
        "Target hardening scheme live",
        owner="Council ASB team",
        due_date=dt.date(2021, 6, 30),
    )
    plans.edit_milestone(session, milestone, status=MilestoneStatus.IN_PROGRESS)
    [row] = plans.plan_detail(session, plan_id).priorities[0].milestones
    assert (row.owner, row.due_label, row.status_word) == (
        "Council ASB team",
        "Wednesday 30 June 2021",
        "In progress",
    )
    assert row.is_late(dt.date(2021, 7, 1)) and not row.is_late(dt.date(2021, 6, 1))
    plans.delete_milestone(session, milestone)
    assert plans.plan_detail(session, plan_id).priorities[0].milestones == ()


def test_refresh_carries_priorities_open_milestones_and_open_actions(session: Session) -> None:
    archive = build_archive(session, first_year=2019, years=3)
    assert archive.plan is not None
    old = archive.plan.id
    plans.add_milestone(
        session, archive.priorities[0].id, "Done one", status=MilestoneStatus.COMPLETED
    )
    plans.add_milestone(session, archive.priorities[0].id, "Still to do")
    actions = session.query(Action).order_by(Action.id).all()
    open_action = next(a for a in actions if a.status is ActionStatus.OPEN)
    done_action = next(a for a in actions if a.status is ActionStatus.COMPLETED)
    for action in (open_action, done_action):
        plans.link_action(session, action.id, archive.priorities[0].id)
    new = plans.refresh_plan(session, old, 2021)
    detail = plans.plan_detail(session, new)
    assert detail.plan.label == "2019-2022 refresh 2021"
    assert detail.plan.refresh_of_label == "2019-2022"
    assert [p.label for p in detail.priorities] == [
        "1. Violence against women and girls",
        "2. Crimes that matter most",
    ]
    assert detail.priorities[0].owner_names == ("VAWG",)
    assert [m.text for m in detail.priorities[0].milestones] == ["Still to do"]
    assert [a.id for a in detail.priorities[0].actions] == [open_action.id]
    assert [a.id for a in plans.plan_detail(session, old).priorities[0].actions] == [done_action.id]
    assert [p.label for p in plans.list_plans(session)] == ["2019-2022 refresh 2021", "2019-2022"]
    assert plans.current_plan_id(session, dt.date(2021, 9, 1)) == new
    with pytest.raises(ValidationError, match="within those years"):
        plans.refresh_plan(session, old, 2030)


def test_a_priority_already_reported_on_cannot_be_deleted(session: Session) -> None:
    archive = build_archive(session)
    with pytest.raises(ValidationError, match="reported on 4 time"):
        plans.delete_priority(session, archive.priorities[0].id)
    assert archive.plan is not None
    spare = plans.add_priority(session, archive.plan.id, "Spare")
    plans.delete_priority(session, spare)
    assert [p.number for p in plans.plan_detail(session, archive.plan.id).priorities] == [1, 2]
