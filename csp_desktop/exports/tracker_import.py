"""Read a tracker an owner sent back: what they changed, row by row, before anything is applied.

The workbook must be one CSP Desktop exported (its hidden "Export info" sheet says when,
and holds every row as exported). Owners may change Status, Latest update and Due; the
reader compares those cells with the exported values and returns the differences. Anything
that makes the file untrustworthy (not a workbook, sheet renamed, a column missing, a
reference edited or unknown, a status that is not one of the choices) raises a
`ValidationError` naming the row and column: the caller applies nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from csp_desktop.errors import ValidationError
from csp_desktop.exports.actions_xlsx import (
    ACTIONS_SHEET,
    EDITABLE,
    FORMAT_MARKER,
    INFO_HEADER,
    INFO_SHEET,
    update_fingerprint,
)
from csp_desktop.exports.safe_text import clean_text
from csp_desktop.models import ActionStatus
from csp_desktop.services.export_data import STATUS_BY_WORD, STATUS_WORDS
from csp_desktop.services.tracker_updates import Due, ReturnedRow, ReturnedTracker

REQUIRED_COLUMNS = ("Reference", *EDITABLE)
_UK_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\s*$")


# Bounds on a returned workbook, checked before it is loaded: a real tracker of thousands
# of actions is a few MB of XML; anything far larger is a mistake or a zip bomb.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 2000
MAX_ROWS = 50_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
_CHUNK = 1024 * 1024
_ENTITY_MARKS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


def _refuse_not_workbook(path: Path) -> ValidationError:
    return ValidationError(
        f"{path.name} is not an Excel workbook (.xlsx) that CSP Desktop can read; "
        "nothing was imported."
    )


def check_package(path: Path) -> None:
    """Refuse, before any XML is parsed, a workbook too big when unpacked or one whose XML
    declares entities (billion laughs, external entities: Excel never writes them).

    The sizes come from the zip's directory; Python's zipfile never inflates a part past
    its declared size, so a lying directory cannot get more through.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse_not_workbook(path) from None
    with archive:
        parts = archive.infolist()
        unpacked = sum(part.file_size for part in parts)
        if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
            raise ValidationError(
                f"{path.name} unpacks to {unpacked / (1024 * 1024):.0f} MB in {len(parts)} "
                f"parts, far more than any action tracker (at most "
                f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB); it was not opened and nothing "
                "was imported. Export a fresh tracker and send that to owners."
            )
        for part in parts:
            if not part.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                _refuse_entities(archive, part, path)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
                raise _refuse_not_workbook(path) from None


def _refuse_entities(archive: zipfile.ZipFile, part: zipfile.ZipInfo, path: Path) -> None:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if any(mark in window for mark in _ENTITY_MARKS):
                raise ValidationError(
                    f"{path.name} contains XML entity declarations (in {part.filename}), "
                    "which Excel never writes: it may be a booby-trapped file, so it was not "
                    "opened and nothing was imported."
                )
            tail = chunk[-16:]


def _open(path: Path) -> Any:
    if not path.exists():
        raise ValidationError(f"{path} does not exist.")
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not an Excel workbook.")
    check_package(path)
    try:
        # Streaming: rows are parsed as they are read, never the whole sheet at once.
        return load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise _refuse_not_workbook(path) from None
    except Exception as exc:  # XML parse errors from whichever parser openpyxl uses
        if type(exc).__name__ in ("ParseError", "XMLSyntaxError", "DefusedXmlException"):
            raise _refuse_not_workbook(path) from None
        raise


def _rows(sheet: Any, name: str, *, min_row: int = 1, max_col: int | None = None) -> Any:
    """The sheet's rows as values, refusing more rows or longer cells than a tracker has."""
    for count, row in enumerate(
        sheet.iter_rows(min_row=min_row, max_col=max_col, values_only=True), start=1
    ):
        if count > MAX_ROWS:
            raise ValidationError(
                f"{name}: the '{sheet.title}' sheet has more than {MAX_ROWS} rows, more than "
                "any action tracker; nothing was imported."
            )
        for value in row:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ValidationError(
                    f"{name}: a cell of the '{sheet.title}' sheet (row {min_row + count - 1}) "
                    f"holds more than {MAX_CELL_CHARS} characters, more than Excel allows; "
                    "nothing was imported."
                )
        yield row


@dataclass(frozen=True)
class _ExportInfo:
    exported_at: dt.datetime
    public: bool
    exported: dict[str, tuple[Any, ...]]
    archive_id: str = ""
    export_id: str = ""


def _info(workbook: Any, name: str) -> _ExportInfo:
    if INFO_SHEET not in workbook.sheetnames:
        raise ValidationError(
            f"{name} is not a tracker exported by CSP Desktop (its '{INFO_SHEET}' sheet is "
            "missing); export a fresh tracker and send that to owners. Nothing was imported."
        )
    changed = ValidationError(
        f"{name}: the '{INFO_SHEET}' sheet has been changed, so the export cannot be "
        "trusted; export a fresh tracker. Nothing was imported."
    )
    rows = _rows(workbook[INFO_SHEET], name)
    head = [tuple(row) + (None,) * 4 for _, row in zip(range(7), rows, strict=False)]
    head += [(None,) * 4] * (7 - len(head))
    if head[0][1] != FORMAT_MARKER:
        raise changed
    try:
        exported_at = dt.datetime.fromisoformat(str(head[2][1]))
    except ValueError:
        raise ValidationError(
            f"{name}: the export time in '{INFO_SHEET}' is unreadable; export a fresh tracker. "
            "Nothing was imported."
        ) from None
    public = str(head[4][1] or "").lower() == "yes"
    archive_id = str(head[5][1] or "") if head[5][0] == "Archive" else ""
    export_id = str(head[5][3] or "") if head[5][2] == "Export id" else ""
    if head[6][0] != INFO_HEADER:
        raise ValidationError(
            f"{name}: the '{INFO_SHEET}' sheet has no row list; export a fresh tracker. "
            "Nothing was imported."
        )
    exported: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        value = row[0] if row else None
        if not value:
            continue
        try:
            record = json.loads(str(value))
            reference = str(record[0])
            exported[reference] = tuple(record[:5])
        except (ValueError, IndexError, TypeError, KeyError):
            raise changed from None
    return _ExportInfo(exported_at, public, exported, archive_id, export_id)


def _columns(first_row: tuple[Any, ...], name: str) -> dict[str, int]:
    header = {
        str(value).strip(): index
        for index, value in enumerate(first_row)
        if value is not None and str(value).strip()
    }
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        listed = ", ".join(f"'{column}'" for column in missing)
        raise ValidationError(
            f"{name}: the '{ACTIONS_SHEET}' sheet has no {listed} column in its first row "
            "(renamed or deleted?); put the column headings back as exported. "
            "Nothing was imported."
        )
    return header


def _due_from_cell(value: Any, where: str) -> Due:
    if value is None:
        return Due()
    if isinstance(value, dt.datetime):
        return Due(day=value.date())
    if isinstance(value, dt.date):
        return Due(day=value)
    if isinstance(value, int | float):
        raise ValidationError(f"{where}: {value} is not a date; type a date like 31/12/2022.")
    text = clean_text(str(value)).strip()
    if not text:
        return Due()
    match = _UK_DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        year += 2000 if year < 100 else 0
        try:
            return Due(day=dt.date(year, month, day))
        except ValueError:
            raise ValidationError(f"{where}: {text} is not a real date.") from None
    try:
        return Due(day=dt.date.fromisoformat(text))
    except ValueError:
        return Due(text=text)


def _completed_on(value: Any) -> dt.date | None:
    """An owner's completion date if the cell holds a real date; anything else is ignored
    (the column is informative: the status decides whether the action is completed)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _UK_DATE.match(value):
        try:
            return _due_from_cell(value, "Completed on").day
        except ValidationError:
            return None
    return None


def _exported_due(value: Any) -> Due:
    text = str(value or "").strip()
    if not text:
        return Due()
    try:
        return Due(day=dt.date.fromisoformat(text))
    except ValueError:
        return Due(text=text)


def _status(value: Any, where: str) -> ActionStatus:
    word = str(value or "").strip().lower()
    status = STATUS_BY_WORD.get(word)
    if status is None:
        choices = ", ".join(STATUS_WORDS[s] for s in ActionStatus)
        shown = str(value).strip() if value is not None else "(empty)"
        raise ValidationError(f"{where}: status '{shown}' is not one of {choices}.")
    return status


def read_returned_tracker(path: Path) -> ReturnedTracker:
    """Read `path` and return every row whose Status, Due or Latest update changed.

    Raises:
        ValidationError: the file is not a tracker we exported, or a row cannot be trusted.
    """
    path = Path(path)
    workbook = _open(path)
    try:
        return _read(workbook, path)
    finally:
        workbook.close()


def _read(workbook: Any, path: Path) -> ReturnedTracker:
    name = path.name
    info = _info(workbook, name)
    exported = info.exported
    if ACTIONS_SHEET not in workbook.sheetnames:
        visible = ", ".join(f"'{s}'" for s in workbook.sheetnames if s != INFO_SHEET)
        raise ValidationError(
            f"{name} has no sheet called '{ACTIONS_SHEET}' (it has {visible}); "
            f"rename the actions sheet back to '{ACTIONS_SHEET}'. Nothing was imported."
        )
    rows = _rows(workbook[ACTIONS_SHEET], name)
    columns = _columns(tuple(next(rows, ())), name)
    changes: list[ReturnedRow] = []
    seen: set[str] = set()
    rows_read = 0
    for cells in rows:
        row_number = 2 + rows_read
        rows_read += 1
        values = {
            column: cells[index] if index < len(cells) else None
            for column, index in columns.items()
        }
        reference = str(values["Reference"] or "").strip()
        if not reference:
            if any(v not in (None, "") for k, v in values.items() if k != "Overdue at export"):
                raise ValidationError(
                    f"{name}, row {row_number}: the Reference is empty; every row needs the "
                    "reference it was exported with. Nothing was imported."
                )
            continue
        where = f"{name}, row {row_number} ({reference})"
        if reference not in exported:
            raise ValidationError(
                f"{where}: this reference was not in the exported tracker; references must "
                "not be edited or added. Nothing was imported."
            )
        if reference in seen:
            raise ValidationError(f"{where}: the reference appears twice. Nothing was imported.")
        seen.add(reference)
        _, updated_text, status_word, due_text, update_digest = exported[reference]
        try:
            exported_updated_at = dt.datetime.fromisoformat(str(updated_text))
        except ValueError:
            raise ValidationError(
                f"{where}: the export record for this row is unreadable; export a fresh "
                "tracker. Nothing was imported."
            ) from None
        status_from = _status(status_word, f"{where} (as exported)")
        status_to = _status(values["Status"], f"{where}, Status column")
        due_to = _due_from_cell(values["Due"], f"{where}, Due column")
        update_to = clean_text(str(values["Latest update"] or "")).strip()
        row = ReturnedRow(
            row_number=row_number,
            reference=reference,
            exported_updated_at=exported_updated_at,
            status_from=status_from,
            status_to=status_to,
            due_from=_exported_due(due_text),
            due_to=due_to,
            update_edited=update_digest != update_fingerprint(update_to),
            completed_on=_completed_on(values.get("Completed on")),
            update_to=update_to,
        )
        if row.changed:
            changes.append(row)
    return ReturnedTracker(
        path=path,
        exported_at=info.exported_at,
        public=info.public,
        rows_read=len(seen),
        changes=tuple(changes),
        archive_id=info.archive_id,
        export_id=info.export_id,
    )
