"""The archive's id and what it remembers about returned trackers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from csp_desktop.services import archive_identity


@pytest.mark.real_migrations
def test_a_new_archive_has_an_id_from_its_migration(session: Session) -> None:
    first = archive_identity.archive_id(session)
    assert first and len(first) == 32
    assert archive_identity.ensure_archive_id(session) == first


def test_trackers_applied_are_remembered_by_export_id(session: Session) -> None:
    assert archive_identity.tracker_applied_at(session, "abc") is None
    when = dt.datetime(2022, 10, 5, 10, 30)
    archive_identity.mark_tracker_applied(session, "abc", when)
    assert archive_identity.tracker_applied_at(session, "abc") == when
    assert archive_identity.tracker_applied_at(session, "abd") is None
