"""`import meeting FILE.json` and `export meeting MEETING -o FILE.json [--public]`."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError, ValidationError
from csp_desktop.exports.interchange_reader import parse_document
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.services.meetings import find_meeting, meeting_label
from csp_desktop.usecases.export_meeting import meeting_file_text


def read_meeting_file(path: Path) -> dict[str, object]:
    """The validated document in `path`; every problem is one UserError line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a meeting file.") from None
    except OSError as exc:
        raise UserError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    try:
        return parse_document(raw)
    except ValidationError as exc:
        raise ValidationError(
            f"{path} is not a meeting file CSP Desktop can import: {exc}"
        ) from None


def write_text_atomically(path: Path, text: str) -> None:
    """Write beside the target then rename, so a failure never leaves half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"Cannot write {path}: the folder {folder} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except IsADirectoryError:
        raise UserError(f"Cannot write {path}: it is a folder.") from None
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from None


def run_import(args: argparse.Namespace, context: AppContext) -> int:
    path = Path(args.file).expanduser()
    document = read_meeting_file(path)
    with context.database().transaction() as session:
        meeting = import_meeting(
            session,
            document,
            context.clock,
            as_new_meeting=bool(getattr(args, "as_new_meeting", False)),
        )
        summary = (
            f"Imported {meeting_label(meeting)} as meeting {meeting.id}: "
            f"{len(meeting.items)} agenda items, {len(meeting.attendance)} people on the "
            f"attendance list, {len(document.get('actions_raised') or [])} actions raised."  # type: ignore[arg-type]
        )
    print(summary)
    if document.get("public"):
        print("Note: this file is a public version; restricted items' minutes were withheld.")
    return 0


def run_export(args: argparse.Namespace, context: AppContext) -> int:
    from csp_desktop.storage.output_guard import guard_output

    path = guard_output(Path(args.output), suffix=".json", protected=context.protected_files())
    with context.database().session() as session:
        meeting = find_meeting(session, args.meeting, getattr(args, "body", None))
        text = meeting_file_text(
            session,
            meeting.id,
            public=bool(args.public),
            with_transcript=bool(getattr(args, "with_transcript", False)),
        )
        label = meeting_label(meeting)
    write_text_atomically(path, text)
    version = "public version, restricted items withheld" if args.public else "full version"
    print(f"Wrote {label} to {path} ({version}).")
    return 0
