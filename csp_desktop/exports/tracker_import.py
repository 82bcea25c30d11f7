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


def _open(path: Path) -> Any:
    if not path.exists():
        raise ValidationError(f"{path} does not exist.")
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not an Excel workbook.")
    try:
        return load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise ValidationError(
            f"{path.name} is not an Excel workbook (.xlsx) that CSP Desktop can read; "
            "nothing was imported."
        ) from None


def _info(workbook: Any, name: str) -> tuple[dt.datetime, bool, dict[str, tuple[Any, ...]]]:
    if INFO_SHEET not in workbook.sheetnames:
        raise ValidationError(
            f"{name} is not a tracker exported by CSP Desktop (its '{INFO_SHEET}' sheet is "
            "missing); export a fresh tracker and send that to owners. Nothing was imported."
        )
    sheet = workbook[INFO_SHEET]
    if sheet["B1"].value != FORMAT_MARKER:
        raise ValidationError(
            f"{name}: the '{INFO_SHEET}' sheet has been changed, so the export cannot be "
            "trusted; export a fresh tracker. Nothing was imported."
        )
    try:
        exported_at = dt.datetime.fromisoformat(str(sheet["B3"].value))
    except ValueError:
        raise ValidationError(
            f"{name}: the export time in '{INFO_SHEET}' is unreadable; export a fresh tracker. "
            "Nothing was imported."
        ) from None
    public = str(sheet["B5"].value or "").lower() == "yes"
    exported: dict[str, tuple[Any, ...]] = {}
    if sheet["A7"].value != INFO_HEADER:
        raise ValidationError(
            f"{name}: the '{INFO_SHEET}' sheet has no row list; export a fresh tracker. "
            "Nothing was imported."
        )
    for (value,) in sheet.iter_rows(min_row=8, max_col=1, values_only=True):
        if not value:
            continue
        try:
            record = json.loads(str(value))
            reference = str(record[0])
            exported[reference] = tuple(record[:5])
        except (ValueError, IndexError, TypeError, KeyError):
            raise ValidationError(
                f"{name}: the '{INFO_SHEET}' sheet has been changed, so the export cannot "
                "be trusted; export a fresh tracker. Nothing was imported."
            ) from None
    return exported_at, public, exported


def _columns(sheet: Any, name: str) -> dict[str, int]:
    header = {
        str(cell.value).strip(): cell.column - 1
        for cell in sheet[1]
        if cell.value is not None and str(cell.value).strip()
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
    name = path.name
    workbook = _open(path)
    exported_at, public, exported = _info(workbook, name)
    if ACTIONS_SHEET not in workbook.sheetnames:
        visible = ", ".join(f"'{s}'" for s in workbook.sheetnames if s != INFO_SHEET)
        raise ValidationError(
            f"{name} has no sheet called '{ACTIONS_SHEET}' (it has {visible}); "
            f"rename the actions sheet back to '{ACTIONS_SHEET}'. Nothing was imported."
        )
    sheet = workbook[ACTIONS_SHEET]
    columns = _columns(sheet, name)
    changes: list[ReturnedRow] = []
    seen: set[str] = set()
    rows_read = 0
    for cells in sheet.iter_rows(min_row=2, values_only=True):
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
        exported_at=exported_at,
        public=public,
        rows_read=len(seen),
        changes=tuple(changes),
    )
