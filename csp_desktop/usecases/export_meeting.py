"""Export one meeting as an interchange file (`export meeting MEETING -o FILE.json`).

The service reads the meeting into frozen data (restricted content withheld for the
public version, after the quotes check), the writer lays it out and renders it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, object_session

from csp_desktop.exports.interchange_writer import Document, dumps, to_document
from csp_desktop.models import Meeting
from csp_desktop.services.interchange_data import interchange_meeting
from csp_desktop.services.restricted_quotes import require_public_text_clear


def meeting_document(
    session: Session, meeting_id: int, *, public: bool = False, with_transcript: bool = False
) -> Document:
    """The meeting as an interchange document (plain dict, in the format's key order)."""
    return to_document(
        interchange_meeting(session, meeting_id, public=public, with_transcript=with_transcript)
    )


def meeting_to_document(meeting: Meeting, *, public: bool = False) -> Document:
    """`meeting_document` for a meeting already loaded in a session (tests, round trips)."""
    session = object_session(meeting)
    if session is None:
        raise ValueError("meeting_to_document needs a meeting attached to a session")
    return meeting_document(session, meeting.id, public=public)


def meeting_file_text(
    session: Session, meeting_id: int, *, public: bool, with_transcript: bool = False
) -> str:
    """The file's text. A public file is refused while an open item quotes restricted
    text (`QuotesRestrictedText`), as for every public paper."""
    if public:
        require_public_text_clear(session, meeting_id)
    return dumps(
        meeting_document(session, meeting_id, public=public, with_transcript=with_transcript)
    )
