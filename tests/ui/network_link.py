"""The app on PostgreSQL through a delaying TCP proxy (benchmarks/net_proxy.py), for the
tests of a slow or dropped network (issue 16, point 5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.net_proxy import DelayingProxy, proxied
from csp_desktop.clock import FakeClock
from csp_desktop.models import AttendanceStatus
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database, open_database
from csp_desktop.ui import background_writer
from tests.factories import make_body, make_meeting, make_person, mark


@dataclass
class Link:
    proxy: DelayingProxy
    database: Database  # the app's, through the proxy
    direct: Database  # the test's own view of the server, not through the proxy
    item_ids: list[int]
    paths: AppPaths


@pytest.fixture(name="link")
def link_fixture(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Link]:
    monkeypatch.setattr(background_writer, "RETRY_FIRST_S", 0.1)
    monkeypatch.setattr(background_writer, "RETRY_MAX_S", 0.3)
    direct = open_database(postgres_url)
    with direct.transaction() as session:
        meeting = make_meeting(
            session, make_body(session), dt.date(2022, 10, 5), items=["Welcome", "Assessment"]
        )
        mark(session, meeting, make_person(session, "Andy Opie"), AttendanceStatus.PRESENT)
        item_ids = [item.id for item in meeting.items]
    proxy, url = proxied(postgres_url, one_way_delay_s=0.0)
    database = open_database(url)
    database.clock = FakeClock()
    try:
        yield Link(proxy, database, direct, item_ids, AppPaths(tmp_path / "data", False))
    finally:
        proxy.close()
        database.close()
        direct.close()
