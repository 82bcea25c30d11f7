"""Minutes saved as a web page: the lines a browser shows, so the parser recognises the
same meeting as from the text (tags, entities, head, style and script never leak)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import docx
import pytest

from csp_desktop.importers.html_text import declared_charset, html_lines
from csp_desktop.importers.minutes_parser import parse_minutes
from csp_desktop.importers.readers import read_minutes
from csp_desktop.importers.recognised import RecognisedMeeting
from tests.conftest import SEEDS

WORD_HEAD = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv=Content-Type content="text/html; charset={charset}">
<meta name=Generator content="Microsoft Word 15 (filtered)">
<title>Minutes</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties><o:Author>Committee Clerk</o:Author></o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
p.MsoNormal, li.MsoNormal {{margin:0cm; font-size:11.0pt; font-family:"Arial",sans-serif;}}
-->
</style>
<script>var note = "<p>Present: Nobody</p>";</script>
</head>
<body lang=EN-GB>
<div class=WordSection1>
"""


def _blocks(text: str) -> list[list[str]]:
    """The text's paragraphs (runs of lines between blank lines), spaces collapsed as a
    browser collapses them."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _wrapped(line: str, width: int = 60) -> str:
    """Word wraps its HTML source anywhere between words."""
    words, lines, current = line.split(" "), [], ""
    for word in words:
        if current and len(current) + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return "\n".join([*lines, current])


def word_web_page(text: str, charset: str = "windows-1252") -> bytes:
    """`text` as Word's "Save as Web Page" writes it: a paragraph per block, <br> inside,
    spans, &nbsp; paragraphs between, entities for quotes, source lines wrapped."""
    paragraphs = []
    for block in _blocks(text):
        inner = "<br>\n".join(
            _wrapped(html.escape(line, quote=False)).replace("\u2019", "&rsquo;") for line in block
        )
        paragraphs.append(
            f"<p class=MsoNormal><span style='font-family:\"Arial\",sans-serif'>{inner}"
            "</span><o:p></o:p></p>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        )
    page = WORD_HEAD.format(charset=charset) + "\n".join(paragraphs) + "\n</div></body></html>\n"
    return page.encode(charset, errors="xmlcharrefreplace")


def _as_a_browser_shows(text: str) -> list[str]:
    lines: list[str] = []
    for block in _blocks(text):
        lines.extend([*block, ""])
    return lines[:-1]


SEEDS_AS_PAGES = [
    SEEDS / "more" / "02_argyll-cpp-mc-2015-03-27.txt",
    SEEDS / "more" / "10_haringey-csp-2012-06-26.txt",
    SEEDS / "more" / "17_wrexham-childrens-partnership-2008-07-09.txt",
]


@pytest.mark.parametrize("seed", SEEDS_AS_PAGES, ids=lambda path: path.name[:12])
@pytest.mark.parametrize("charset", ["windows-1252", "utf-8"])
def test_a_word_web_page_reads_as_the_same_meeting(
    tmp_path: Path, seed: Path, charset: str
) -> None:
    text = seed.read_text(encoding="utf-8").replace("'", "\u2019") + "\nCost: £120 & “fees”\n"
    path = tmp_path / "minutes.htm"
    path.write_bytes(word_web_page(text, charset))
    read = read_minutes(path)
    expected = _as_a_browser_shows(text)
    assert read.lines == expected
    assert read.notes == ()  # the page said its encoding: nothing was guessed
    meeting = parse_minutes(read.lines)
    assert meeting == parse_minutes(expected) and meeting.items and meeting.attendance
    shown = [item.title for item in meeting.items] + [p.name for p in meeting.attendance]
    assert not any(mark in value for value in shown for mark in ("<", "&amp;", "&nbsp;", "{"))


def test_a_web_page_named_txt_is_read_as_a_web_page(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes(word_web_page("Present: Angela D'Urso\n\n1. Apologies\n"))
    assert read_minutes(path).lines == ["Present: Angela D'Urso", "", "1. Apologies"]


def test_a_page_without_a_charset_is_guessed_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "minutes.html"
    path.write_bytes("<p>Present: Zoë Lyons – Chair</p>".encode("cp1252"))
    read = read_minutes(path)
    assert read.lines == ["Present: Zoë Lyons – Chair"]
    assert "read as Windows-1252" in read.notes[0]


def test_a_web_page_saved_as_doc_is_read(tmp_path: Path) -> None:
    """Committee systems serve their minutes as .doc files that are really web pages."""
    path = tmp_path / "minutes.doc"
    path.write_bytes(word_web_page("Present: Angela D'Urso\n"))
    assert read_minutes(path).lines == ["Present: Angela D'Urso"]


def test_tables_read_as_the_word_reader_reads_them(tmp_path: Path) -> None:
    rows = [("No.", "Action", "Owner"), ("1.", "Send the plan & the map", "AO")]
    page = (
        "<table border=1><thead><tr><th>No.</th><th>Action</th><th>Owner</th></tr></thead>"
        "<tbody><tr><td><p>1.</p></td><td><p>Send the plan &amp;</p><p>the map</p></td>"
        "<td>AO</td></tr></tbody></table><p>After the table</p>"
    )
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    word = tmp_path / "minutes.docx"
    document.save(str(word))
    word_rows = [line for line in read_minutes(word).lines if line]
    assert (
        html_lines(page)[:2]
        == word_rows
        == ["No. | Action | Owner", "1. | Send the plan & the map | AO"]
    )
    assert html_lines(page)[2:] == ["", "After the table"]


def test_lists_blocks_breaks_and_preformatted_text() -> None:
    page = """<h2>Minutes</h2><ol start=3><li>Apologies<li value=7>Actions</ol>
    <ul><li>Not numbered</li></ul><div>One<br>Two<br><br>Three</div>
    <pre>Kept   as
  written</pre><p>Last&nbsp;&nbsp;line</p>"""
    assert html_lines(page) == [
        "Minutes",
        "",
        "3. Apologies",
        "7. Actions",
        "",
        "Not numbered",
        "",
        "One",
        "Two",
        "",
        "Three",
        "Kept   as",
        "  written",
        "",
        "Last line",
    ]


def test_a_head_left_open_ends_at_the_body() -> None:
    assert html_lines("<head><title>Minutes</title><body><p>Present: A Person</p>") == [
        "Present: A Person"
    ]


@pytest.mark.parametrize(
    ("page", "charset"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>", "ISO-8859-1"),
        (b"<p>charset=utf-8 in the text is not a declaration</p>", None),
    ],
)
def test_the_declared_charset_is_found(page: bytes, charset: str | None) -> None:
    assert declared_charset(page) == charset


def test_reading_stops_once_far_past_any_minutes() -> None:
    lines = html_lines("<p>Present: Angela D'Urso</p>" * 10_000, stop_after=1000)
    assert 1000 < sum(map(len, lines)) < 200_000


def committee_system_page(text: str) -> str:
    """A modern.gov "Agenda and minutes" page, as the seeds saved from one were: the
    header in paragraphs, then a table of items, each a row of its number cell and a
    cell of title, text and "Minutes:" paragraphs."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    start = lines.index("Items")
    rows: list[str] = []
    number: str | None = None
    content: list[str] = []

    def add_row() -> None:
        if number is None:
            return
        cell = "".join(
            f"<p class='mgSubItemTitleTxt'>{html.escape(line)}</p>"
            if line.endswith(":") and len(line) < 20
            else f"<div class='mgWordPara'><p>{html.escape(line)}</p></div>\n"
            for line in content
        )
        rows.append(
            f"<tr><td class='mgItemNumberCell'><p class='mgAiTitleTxt'>{number}</p></td>\n"
            f"<td>{cell}</td></tr>\n"
        )

    for line in lines[start + 2 :]:
        if re.fullmatch(r"\d+(/\d+)?[a-z]?\.?", line):
            add_row()
            number, content = line, []
        else:
            content.append(line)
    add_row()
    header = "".join(
        f"<p class='mgSectionTitle'>{html.escape(line)}</p>\n" for line in lines[:start]
    )
    return (
        "<html><head><title>Agenda and minutes</title>"
        "<style>.mgItemTable td {padding: 2px}</style></head><body>"
        f"{header}<table class='mgItemTable' summary='Items'>"
        "<caption class='mgSectionTitle'>Items</caption><tr><th>No.</th><th>Item</th></tr>\n"
        f"{''.join(rows)}</table></body></html>"
    )


def _recognised(meeting: RecognisedMeeting) -> tuple[object, ...]:
    """What an import keeps, without line numbers (the page's lines are not the text's)."""
    return (
        [
            (i.number, i.title, [d.text for d in i.decisions], [a.text for a in i.actions])
            for i in meeting.items
        ],
        [(p.name, p.status, p.role, p.organisation) for p in meeting.attendance],
        meeting.body and meeting.body.value,
        meeting.date,
        meeting.venue and meeting.venue.value,
    )


@pytest.mark.parametrize(
    "name",
    [
        "01_argyll-maki-csf-2011-08-02.txt",
        "02_argyll-cpp-mc-2015-03-27.txt",
        "06_surrey-pcp-2020-09-15.txt",
        "07_dyfed-powys-pcp-2017-11-16.txt",
        "08_south-wales-pcp-2014-chair-election.txt",
        "10_haringey-csp-2012-06-26.txt",
    ],
)
def test_a_committee_system_page_reads_as_the_same_meeting(name: str) -> None:
    """Each item is one table row there: its paragraphs must stay lines of their own."""
    text = (SEEDS / "more" / name).read_text(encoding="utf-8")
    from_text = parse_minutes(text.splitlines())
    from_page = parse_minutes(html_lines(committee_system_page(text)))
    assert from_page.items and from_page.attendance
    assert _recognised(from_page) == _recognised(from_text)


def test_a_single_file_web_page_reads_as_its_page(tmp_path: Path) -> None:
    """Word's "Single File Web Page" (.mht): MIME, quoted-printable, Windows-1252."""
    from email import charset as email_charset
    from email.mime.multipart import MIMEMultipart
    from email.mime.nonmultipart import MIMENonMultipart

    text = (SEEDS / "more" / "10_haringey-csp-2012-06-26.txt").read_text(encoding="utf-8")
    text = text.replace("'", "’") + "\nCost: £120\n"
    page = MIMENonMultipart("text", "html")
    quoted = email_charset.Charset("windows-1252")
    quoted.body_encoding = email_charset.QP
    page.set_payload(word_web_page(text).decode("cp1252"), charset=quoted)
    archive = MIMEMultipart("related")
    archive.attach(page)
    path = tmp_path / "minutes.mht"
    path.write_bytes(archive.as_bytes())
    assert b"=E2" not in path.read_bytes() and b"=A3" in path.read_bytes()  # really QP 1252
    read = read_minutes(path)
    assert read.lines == _as_a_browser_shows(text) and read.notes == ()


@pytest.mark.parametrize(
    "opening",
    [
        "<!-- saved from url=(0071)https://democracy.example.gov.uk/ieListDocuments.aspx -->\n",
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0">\n',
    ],
)
def test_a_saved_page_is_known_by_its_opening_whatever_its_name(
    tmp_path: Path, opening: str
) -> None:
    path = tmp_path / "ieListDocuments.txt"
    path.write_text(f"{opening}<html><body><p>Present: Andy Opie</p></body></html>")
    assert read_minutes(path).lines == ["Present: Andy Opie"]


@pytest.mark.parametrize(
    "markup", ["<![ <p>x</p>", "<![foo bar]>", "<![</td></td>", "<![if !supportLists]>1.<![endif]>"]
)
def test_marked_sections_no_browser_knows_are_skipped_not_fatal(markup: str) -> None:
    """The standard parser raises on these (Python 3.11); a browser skips them."""
    lines = html_lines(f"<p>Present: Andy Opie</p>{markup}<p>Apologies: None</p>")
    assert lines[0] == "Present: Andy Opie" and lines[-1] == "Apologies: None"


def test_random_markup_never_raises() -> None:
    """Bits of tags, entities and sections in any order: lines, never an exception."""
    import random

    pieces = ["<", ">", "</", "<!", "<![", "]]>", "<![CDATA[", "<!--", "-->", "<?", "<p>"]
    pieces += ["</td>", "<tr>", "</table>", "<table>", "<br/>", "&", "&#", "&#99999999;"]
    pieces += ["<script>", "</script>", "<pre>", "<ol start=x>", "<li value=-1>", "text", "\x00"]
    chance = random.Random(3)
    for _ in range(3000):
        html_lines("".join(chance.choice(pieces) for _ in range(chance.randint(1, 40))))


def test_a_page_resaved_as_utf8_under_its_old_charset_reads_right(tmp_path: Path) -> None:
    text = "Present: Hélène D’Urso – Chair\n\nCost: £120\n"
    page = word_web_page(text, "utf-8").replace(b"charset=utf-8", b"charset=windows-1252")
    path = tmp_path / "minutes.htm"
    path.write_bytes(page)
    assert read_minutes(path).lines == _as_a_browser_shows(text)
