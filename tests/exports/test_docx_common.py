"""The paragraph style lookup shared by the Word exports (`exports/docx_common.py`)."""

from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from csp_desktop.exports.docx_common import (
    add_styled_paragraph,
    open_template,
    paragraph_style_id,
)


@pytest.mark.parametrize("make", [open_template, docx.Document], ids=["template", "blank"])
def test_style_ids_match_python_docx_for_every_paragraph_style(make: object) -> None:
    document = make()  # type: ignore[operator]
    names = [s.name for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH]
    assert "Normal" in names
    for name in names:
        expected = document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        assert paragraph_style_id(document, name) == expected, name
    # The default paragraph style is written as no style at all, as python-docx does.
    assert paragraph_style_id(document, "Normal") is None


def test_unknown_and_non_paragraph_styles_are_refused() -> None:
    document = open_template()
    with pytest.raises(KeyError):
        paragraph_style_id(document, "No Such Style")
    character_style = next(s.name for s in document.styles if s.type == WD_STYLE_TYPE.CHARACTER)
    with pytest.raises(ValueError, match="not a paragraph style"):
        paragraph_style_id(document, character_style)


def test_styled_paragraph_carries_the_style() -> None:
    document = open_template()
    paragraph = add_styled_paragraph(document, "Agreed.", "Heading 2")
    assert paragraph.style.name == "Heading 2"
    assert paragraph.text == "Agreed."
    assert add_styled_paragraph(document, "Plain.", "Normal").style.name == "Normal"
