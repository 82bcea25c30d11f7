"""benchmarks/make_archive.py: a one-year archive has the shape the benchmarks rely on.

Built once per module (about 5-20 s) through the app's services; the assertions read it
back with plain queries and the app's own integrity check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.make_archive import ArchiveStats, build_archive, main
from csp_desktop.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Membership,
    SubgroupReport,
)
from csp_desktop.models.base import (
    ActionStatus,
    AttendanceStatus,
    BodyKind,
    MeetingStatus,
    ReportStatus,
)
from csp_desktop.services import integrity, meetings
from csp_desktop.storage import open_database

END = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ArchiveStats]:
    path = tmp_path_factory.mktemp("archive") / "one-year.db"
    stats = build_archive(path, years=1, seed=3, end=END)
    return path, stats


@pytest.fixture
def archive_session(archive: tuple[Path, ArchiveStats]) -> Iterator[Session]:
    database = open_database(archive[0], read_only=True)
    with database.session() as session:
        yield session
    database.close()


def _count(session: Session, column: object) -> int:
    return int(session.scalar(select(func.count(column))) or 0)  # type: ignore[call-overload]


def test_a_board_and_six_subgroups_meet_through_the_year(archive_session: Session) -> None:
    kinds = dict(
        archive_session.execute(select(Body.kind, func.count(Body.id)).group_by(Body.kind)).all()
    )
    assert kinds == {BodyKind.BOARD: 1, BodyKind.SUBGROUP: 6}
    per_body = dict(
        archive_session.execute(
            select(Body.kind, func.count(Meeting.id)).join(Meeting.body).group_by(Body.kind)
        ).all()
    )
    assert per_body[BodyKind.BOARD] == 4  # quarterly
    assert 36 <= per_body[BodyKind.SUBGROUP] <= 42  # every other month
    first, last = archive_session.execute(
        select(func.min(Meeting.date), func.max(Meeting.date))
    ).one()
    assert first >= dt.date(2023, 6, 1) and last <= END


def test_stats_agree_with_the_file(
    archive: tuple[Path, ArchiveStats], archive_session: Session
) -> None:
    stats = archive[1]
    assert stats.meetings == _count(archive_session, Meeting.id)
    assert stats.attendance == _count(archive_session, Attendance.id)
    assert stats.actions == _count(archive_session, Action.id)
    assert stats.action_updates == _count(archive_session, ActionUpdate.id)
    typed = archive_session.scalar(select(func.sum(func.length(AgendaItem.minutes_text))))
    assert typed is not None and typed <= stats.minutes_chars
    assert "meetings" in stats.summary()


def test_volumes_scale_to_the_ten_year_targets(archive: tuple[Path, ArchiveStats]) -> None:
    """A tenth of the ten-year targets: 300 meetings, 12,000 attendances, 6,000 actions, 2 MB."""
    stats = archive[1]
    assert stats.meetings * 10 >= 300
    assert 1_000 <= stats.attendance <= 1_500
    assert 500 <= stats.actions <= 750
    assert stats.action_updates >= 2 * stats.actions
    assert 150_000 <= stats.minutes_chars <= 320_000


def test_attendance_mixes_present_apologies_and_guests(archive_session: Session) -> None:
    statuses = dict(
        archive_session.execute(
            select(Attendance.status, func.count(Attendance.id)).group_by(Attendance.status)
        ).all()
    )
    # A ten-year archive of held meetings: everyone was marked ("not yet marked" is for
    # a meeting still to be minuted).
    assert set(statuses) == set(AttendanceStatus) - {AttendanceStatus.UNMARKED}
    assert statuses[AttendanceStatus.PRESENT] > statuses[AttendanceStatus.APOLOGIES]


def test_members_change_over_the_years(archive_session: Session) -> None:
    ended = archive_session.scalar(
        select(func.count(Membership.id)).where(Membership.to_date.is_not(None))
    )
    assert ended and ended > 0


def test_actions_come_from_minutes_lines_and_move_on(archive_session: Session) -> None:
    from_lines = archive_session.scalar(
        select(func.count(Action.id)).where(Action.source_line.is_not(None))
    )
    assert from_lines and from_lines >= 0.9 * _count(archive_session, Action.id)
    for action in archive_session.scalars(select(Action).limit(50)):
        assert action.source_line is None or action.source_line.startswith("ACTION:")
    statuses = dict(
        archive_session.execute(
            select(Action.status, func.count(Action.id)).group_by(Action.status)
        ).all()
    )
    assert statuses[ActionStatus.COMPLETED] > statuses.get(ActionStatus.OPEN, 0)
    assert statuses.get(ActionStatus.DROPPED, 0) > 0
    assert statuses.get(ActionStatus.IN_PROGRESS, 0) > 0


def test_minutes_are_approved_except_each_bodys_latest(archive_session: Session) -> None:
    latest_by_body = dict(
        archive_session.execute(
            select(Meeting.body_id, func.max(Meeting.date)).group_by(Meeting.body_id)
        ).all()
    )
    for meeting in archive_session.scalars(select(Meeting)):
        if meeting.date == latest_by_body[meeting.body_id]:
            assert meeting.status is not MeetingStatus.APPROVED
        else:
            assert meeting.status is MeetingStatus.APPROVED
            assert meeting.approved_at_meeting_id is not None


def test_the_latest_meeting_is_still_being_typed(archive_session: Session) -> None:
    latest = meetings.latest_meeting(archive_session, END)
    assert latest is not None
    items = sorted(latest.items, key=lambda i: i.position)
    assert items[0].minutes_text
    assert not items[-1].minutes_text


def test_board_meetings_hear_most_subgroups(archive_session: Session) -> None:
    reports = dict(
        archive_session.execute(
            select(SubgroupReport.status, func.count(SubgroupReport.id)).group_by(
                SubgroupReport.status
            )
        ).all()
    )
    assert reports[ReportStatus.WRITTEN] > reports.get(ReportStatus.NOT_PROVIDED, 0)


def test_the_apps_integrity_check_passes(archive: tuple[Path, ArchiveStats]) -> None:
    database = open_database(archive[0], read_only=True)
    try:
        report = integrity.check_database(database)
    finally:
        database.close()
    assert report.ok, report.problems


def test_command_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "kept.db"
    existing.write_bytes(b"precious")
    assert main([str(existing), "--years", "1"]) == 2
    assert existing.read_bytes() == b"precious"
    assert "--force" in capsys.readouterr().err
