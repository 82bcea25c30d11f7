"""The interchange export, split into a service (frozen data) and a writer (JSON), writes
the demo archive's meetings byte for byte as the single-module exporter did."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import select

from csp_desktop.exports.interchange_writer import dumps
from csp_desktop.models import Meeting
from csp_desktop.services.demo import build_demo
from csp_desktop.storage import open_database
from csp_desktop.usecases.export_meeting import meeting_file_text, meeting_to_document
from tests.conftest import FIXTURES

# sha256 of every demo meeting's file, full and public, as written before the split
# (exports/interchange.py at 11f64d1). The file holds no export time or id, so the whole
# text must match. Regenerate only for a deliberate change of the demo or the format.
BEFORE = json.loads((FIXTURES / "demo_interchange_sha256.json").read_text())


def test_every_demo_meeting_exports_byte_for_byte_as_before(tmp_path: Path) -> None:
    database = open_database(tmp_path / "demo.db")
    try:
        with database.transaction() as session:
            build_demo(session)
        written: dict[str, str] = {}
        with database.session() as session:
            for meeting in session.scalars(select(Meeting).order_by(Meeting.id)):
                for public in (False, True):
                    text = dumps(meeting_to_document(meeting, public=public))
                    key = f"{meeting.body.name} {meeting.date} {'public' if public else 'full'}"
                    written[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()
                    if not public:
                        # The command's path (quotes check, then the same file) agrees.
                        assert meeting_file_text(session, meeting.id, public=False) == text
    finally:
        database.close()
    assert sorted(written) == sorted(BEFORE)
    changed = [key for key in BEFORE if written[key] != BEFORE[key]]
    assert not changed, f"these exports changed: {changed}"
