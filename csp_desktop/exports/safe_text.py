"""Make user text safe for Word and Excel without losing any of it.

Two hazards, both checked on this platform (see docs in `platform-notes.md`):

* XML 1.0 forbids most C0 control characters (and U+FFFE/U+FFFF); lxml refuses them in
  python-docx and openpyxl raises ``IllegalCharacterError``. They come in from text pasted
  out of other programs. We drop just those characters; tabs and newlines stay.
* A spreadsheet treats a cell starting with ``=`` (and, in Excel, ``+``, ``-`` or ``@``) as
  a formula. User text must never become a formula ("formula injection"), so such cells are
  written as explicit strings with Excel's quote prefix and read back identical.
"""

from __future__ import annotations

import re
from typing import Any

from csp_desktop.text_rules import clean_stored_text

# Carriage returns are legal but Word and Excel show them as boxes; treat \r\n and \r as \n.
_CARRIAGE_RETURN = re.compile("\r\n?")

FORMULA_PREFIXES = ("=", "+", "-", "@")

# Excel's limit on characters in one cell; longer text is kept whole in Word, but a cell
# over the limit makes Excel report the file as corrupt.
EXCEL_CELL_LIMIT = 32_767
TRUNCATION_NOTE = " … [text continues in the app]"


def clean_text(text: str | None) -> str:
    """Return `text` with XML-illegal characters removed and line endings made ``\\n``.

    ``None`` becomes ``""`` so callers can pass optional fields straight in.
    """
    if not text:
        return ""
    # Same rule as storage (text_rules), so what is saved and what is printed agree.
    return clean_stored_text(_CARRIAGE_RETURN.sub("\n", text))


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would read `text` as a formula rather than as words."""
    return text.startswith(FORMULA_PREFIXES)


def cell_text(text: str | None) -> str:
    """Clean text for a worksheet cell, shortened (with a note) if over Excel's limit."""
    cleaned = clean_text(text)
    if len(cleaned) > EXCEL_CELL_LIMIT:
        cleaned = cleaned[: EXCEL_CELL_LIMIT - len(TRUNCATION_NOTE)] + TRUNCATION_NOTE
    return cleaned


def set_text_cell(cell: Any, text: str | None) -> None:
    """Write user text into an openpyxl cell so it is always read back as the same text.

    Args:
        cell: an openpyxl ``Cell`` (typed loosely: openpyxl ships no type hints).
        text: the user's text; ``None`` leaves the cell empty.
    """
    if text is None:
        cell.value = None
        return
    cleaned = cell_text(text)
    cell.value = cleaned
    # openpyxl infers "f" (formula) for anything starting with "="; force a string, and set
    # the quote prefix so Excel and LibreOffice also show (and keep) it literally on edit.
    cell.data_type = "s"
    if looks_like_formula(cleaned):
        cell.quotePrefix = True
