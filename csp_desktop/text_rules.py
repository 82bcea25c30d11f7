"""The one rule for text coming in: what may be stored, from any entry point.

Typed or pasted text (GUI fields, JSON, returned trackers) may carry control
characters: Word's manual line break (\\x0b), form feeds, stray \\x08 from a paste.
They cannot be written to Word, Excel or our JSON, so they never reach the database:
line-break-like ones become newlines, the rest are dropped, and every other character
(emoji, accents, right-to-left script) is kept as typed.
"""

from __future__ import annotations

import re

# Vertical tab (Word's Shift+Enter), form feed, Unicode line/paragraph separators.
_LINE_BREAKS = re.compile("[\x0b\x0c\u2028\u2029]")
# Every other C0 control except tab, newline and carriage return; DEL; XML non-characters.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufffe\uffff]")


def has_forbidden_characters(text: str) -> bool:
    return _ANY.search(text) is not None


def clean_stored_text(text: str) -> str:
    """`text` as it may be stored: line-break controls as newlines, others removed."""
    if not has_forbidden_characters(text):
        return text  # the usual case: no copy
    return _FORBIDDEN.sub("", _LINE_BREAKS.sub("\n", text))


def stored_form(text: str) -> str:
    """What storing `text` keeps, without surrounding blanks.

    Services check "is anything there?" on this, not on what was typed: a decision or a
    name of control characters only passed `text.strip()`, was stored empty, and then the
    interchange format (rightly) refused the export it was in.
    """
    return clean_stored_text(text).strip()
