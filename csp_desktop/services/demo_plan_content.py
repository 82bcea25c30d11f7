"""The demo's partnership plan as data (plan.json): its title and aims, milestones per
priority, the words that say which priority an action delivers, and how missing
subgroup reports are chased. services/demo_plan.py adds them to the archive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from csp_desktop.models import MilestoneStatus
from csp_desktop.services.demo_resource import ResourceValue


@dataclass(frozen=True)
class MilestoneSpec:
    text: str
    owner: str
    due: dt.date
    status: MilestoneStatus


@dataclass(frozen=True)
class ChaseSpec:
    every: int  # every n-th missing report is chased
    by: str
    days_before: int


@dataclass(frozen=True)
class PlanContent:
    title: str
    aims: str
    milestones: dict[int, tuple[MilestoneSpec, ...]]
    keywords: dict[int, tuple[str, ...]]  # words in an action's text naming its priority
    chases: ChaseSpec


def read_plan(file: ResourceValue) -> PlanContent:
    statuses = {status.value: status for status in MilestoneStatus}
    chases = file["chases"]
    return PlanContent(
        title=file["title"].text(),
        aims="\n".join(file["aims"].texts()),
        milestones={
            number: tuple(
                MilestoneSpec(
                    row["text"].text(),
                    row["owner"].text(),
                    row["due"].day(),
                    statuses[row["status"].key_of(statuses, "a milestone status")],
                )
                for row in rows.list()
            )
            for number, rows in file["milestones"].numbered_entries()
        },
        keywords={number: words.texts() for number, words in file["keywords"].numbered_entries()},
        chases=ChaseSpec(
            chases["every"].whole(), chases["by"].text(), chases["days_before"].whole()
        ),
    )
