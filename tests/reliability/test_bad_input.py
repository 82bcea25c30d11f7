"""Bad input at every entry point: what the GUI's services accept, JSON import, tracker
import, the command line. Control characters, a 1 MB paste, emoji, right-to-left text,
leading = + - @, very long names, duplicate people, impossible dates.

Everything typed is either kept exactly (and every paper still exports) or refused with
one plain UserError sentence; spreadsheet cells never turn typed text into formulas.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.models import AgendaItem, BodyKind, Person
from csp_desktop.services import actions, agenda, attendance, bodies, item_records, meetings
from csp_desktop.storage import open_database
from csp_desktop.text_rules import has_forbidden_characters
from tests.reliability.exports_scan import run_cli, searchable_text

SPECIALS = [
    '=HYPERLINK("http://evil.example","click")',
    "=cmd|' /C calc'!A0",
    "+44 20 7946 0000",
    "-1 more than last quarter",
    "@SUM(A1:A9)",
    "مجلس الشراكة للسلامة المجتمعية",  # Arabic, right to left
    "שלום \u202eevil\u202c",  # Hebrew with an RTL override
    "👩🏽‍⚖️ 🚓 ✅",
    "tab\there\x00nul\x07bell\x1bescape\x0bvt\x0cff\ufffe",
    "line\r\nbreak\rreturn",
    "\u200b\u200d zero width",
    "Ｆｕｌｌ ｗｉｄｔｈ",
    "O’Brien-Smith ‘quoted’ “double”",
    "a" * 3000,
]
NASTY = st.one_of(
    st.sampled_from(SPECIALS),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60),
)
SETTINGS = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CLOCK = FakeClock(dt.datetime(2022, 10, 5, 10, 0))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A board with one member and a meeting made by the services, as the GUI makes it."""
    path = tmp_path_factory.mktemp("template") / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        body = bodies.create_body(
            session, "Community Safety Partnership Board", "CSP", BodyKind.BOARD
        )
        meetings.create_meeting(session, body.id, dt.date(2022, 10, 5), CLOCK)
    database.close()
    yield path


def fresh(template: Path, folder: Path) -> Path:
    path = folder / "csp.db"
    shutil.copy(template, path)
    return path


def cli_ok(*argv: str) -> None:
    code, err = run_cli(argv)
    assert code == 0, err


@SETTINGS
@given(title=NASTY, presenter=NASTY, text=NASTY, name=NASTY, decision=NASTY)
def test_what_the_gui_services_accept_is_kept_and_exports(
    template: Path, title: str, presenter: str, text: str, name: str, decision: str
) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = fresh(template, folder)
        database = open_database(path)
        try:
            with database.transaction() as session:
                meeting_id = meetings.list_meetings(session)[0].id
                try:
                    item_id = agenda.add_item(
                        session,
                        meeting_id,
                        agenda.ItemSpec(title=title, presenter=presenter),
                        CLOCK,
                    )
                except UserError as exc:  # e.g. a blank or over-long title
                    assert "\n" not in str(exc)
                    item_id = agenda.add_item(session, meeting_id, agenda.ItemSpec("Topic"), CLOCK)
                typed = f"Sentinel paragraph.\n{text}\nACTION: {name} to reply {text[:30]}"
                agenda.save_item_minutes(session, item_id, typed, CLOCK)
                try:
                    attendance.add_attendee(session, meeting_id, name)
                except UserError as exc:
                    assert "\n" not in str(exc)
                try:
                    item_records.add_decision(session, item_id, decision)
                except UserError as exc:
                    assert "\n" not in str(exc)
            with database.session() as session:
                stored = session.scalars(
                    select(AgendaItem.minutes_text).where(AgendaItem.id == item_id)
                ).one()
            # Every character kept as typed (control characters may be cleaned on the way in).
            assert printable(stored) == printable(typed)
        finally:
            database.close()

        db = str(path)
        for public in ([], ["--public"]):
            cli_ok(
                "--db", db, "export", "minutes", "2022-10-05", "-o", str(folder / "m.docx"), *public
            )
            cli_ok(
                "--db", db, "export", "agenda", "2022-10-05", "-o", str(folder / "a.docx"), *public
            )
            cli_ok(
                "--db", db, "export", "meeting", "2022-10-05", "-o", str(folder / "m.json"), *public
            )
            cli_ok("--db", db, "export", "actions", "-o", str(folder / "t.xlsx"), *public)
        cli_ok("--db", db, "export", "attendance", "-o", str(folder / "r.xlsx"))
        assert "Sentinel paragraph." in searchable_text(folder / "m.docx")
        # The app's own JSON always imports again: stored text holds no control characters.
        assert not has_control_characters(folder / "m.json")
        cli_ok("--db", str(folder / "again.db"), "import", "meeting", str(folder / "m.json"))


def printable(text: str) -> str:
    """Text as the storage rule keeps it: tab and newline kept; CR LF / CR, Word's line
    breaks (vertical tab, form feed) and Unicode line separators as newlines; other control
    characters and the non-characters U+FFFE/U+FFFF gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line_break in "\x0b\x0c\u2028\u2029":
        text = text.replace(line_break, "\n")
    return "".join(
        c
        for c in text
        if c in "\t\n" or (unicodedata.category(c) != "Cc" and c not in "\ufffe\uffff")
    )


def has_control_characters(path: Path) -> bool:
    document = json.loads(path.read_text(encoding="utf-8"))
    return any(has_forbidden_characters(s) for s in strings_in(document))


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from strings_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings_in(child)


def test_exported_control_characters_import_again(template: Path, tmp_path: Path) -> None:
    path = fresh(template, tmp_path)
    database = open_database(path)
    with database.transaction() as session:
        meeting_id = meetings.list_meetings(session)[0].id
        item_id = agenda.list_items(session, meeting_id)[0].id
        agenda.save_item_minutes(session, item_id, "Pasted from Word\x0bsecond line", CLOCK)
        item_records.add_decision(session, item_id, "Approved\x08")
    database.close()
    cli_ok("--db", str(path), "export", "meeting", "2022-10-05", "-o", str(tmp_path / "m.json"))
    cli_ok("--db", str(tmp_path / "b.db"), "import", "meeting", str(tmp_path / "m.json"))


def test_a_1mb_paste_is_saved_whole_and_exports(template: Path, tmp_path: Path) -> None:
    path = fresh(template, tmp_path)
    paste = ("The board noted the figures 👩🏽‍⚖️ مجلس. " * 26_000)[:1_000_000]
    database = open_database(path)
    with database.transaction() as session:
        meeting_id = meetings.list_meetings(session)[0].id
        item_id = agenda.list_items(session, meeting_id)[0].id
        agenda.save_item_minutes(session, item_id, paste, CLOCK)
    with database.session() as session:
        assert len(agenda.item_minutes(session, item_id)) == len(paste)
    database.close()
    cli_ok("--db", str(path), "export", "minutes", "2022-10-05", "-o", str(tmp_path / "m.docx"))
    cli_ok("--db", str(path), "export", "meeting", "2022-10-05", "-o", str(tmp_path / "m.json"))


def test_duplicate_people_are_one_person(template: Path, tmp_path: Path) -> None:
    path = fresh(template, tmp_path)
    database = open_database(path)
    with database.transaction() as session:
        meeting_id = meetings.list_meetings(session)[0].id
        for spelling in ("Andy Opie", "andy  opie", "Mr Andy Opie", "ANDY OPIE, Haringey Council"):
            attendance.add_attendee(session, meeting_id, spelling)
    with database.session() as session:
        people = session.scalars(select(Person).where(Person.last_name.ilike("opie"))).all()
        rows = [r for r in attendance.roster(session, meeting_id) if "Opie" in r.name]
    database.close()
    assert len(people) == 1
    assert len(rows) == 1


@pytest.mark.parametrize("start", SPECIALS[:5])
def test_tracker_cells_never_become_formulas(template: Path, tmp_path: Path, start: str) -> None:
    path = fresh(template, tmp_path)
    database = open_database(path)
    with database.transaction() as session:
        meeting_id = meetings.list_meetings(session)[0].id
        item_id = agenda.list_items(session, meeting_id)[-1].id
        body_id = meetings.get_meeting(session, meeting_id).body_id
        action = actions.create_action(
            session,
            body_id=body_id,
            meeting_id=meeting_id,
            item_id=item_id,
            text=start,
            owner_ids=[],
            other_owners=start,
            clock=CLOCK,
        )
        actions.add_action_update(session, action.id, start, CLOCK)
    database.close()
    output = tmp_path / "t.xlsx"
    cli_ok("--db", str(path), "export", "actions", "-o", str(output))
    workbook = openpyxl.load_workbook(output)
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value == start]
    assert cells, "the typed text should be in the tracker"
    assert all(c.data_type == "s" for c in cells)
    # ...and an owner's returned tracker with such text imports as text, or is refused.
    sheet = workbook["Actions"] if "Actions" in workbook.sheetnames else workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value == start:
                cell.value = f"{start} (updated)"
    workbook.save(output)
    code, err = run_cli(["--db", str(path), "import", "actions", str(output)])
    assert code in (0, 2) and "Traceback" not in err and err.count("\n") <= 1


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "meeting", "2022-02-30", "-o", "x.json"],
        ["export", "minutes", "2022-13-01", "-o", "x.docx"],
        ["export", "agenda", "999999", "-o", "x.docx"],
        ["export", "attendance", "--from", "2022-02-30", "-o", "x.xlsx"],
        ["export", "attendance", "--from", "31/12/2022", "-o", "x.xlsx"],
        ["export", "meeting", "=1+1", "-o", "x.json"],
        ["export", "meeting", "👩🏽‍⚖️", "-o", "x.json"],
        ["export", "meeting", "2022-10-05", "--body", "מועצה", "-o", "x.json"],
        ["import", "meeting", "\x07nowhere.json"],
        ["restore", "nothing-here.db"],
    ],
    ids=lambda argv: " ".join(argv[:3]),
)
def test_command_line_refuses_impossible_input_in_one_line(
    template: Path, tmp_path: Path, argv: list[str]
) -> None:
    path = fresh(template, tmp_path)
    argv = [a if a != "x.json" else str(tmp_path / a) for a in argv]
    code, err = run_cli(["--db", str(path), *argv])
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_odd_database_paths_work(template: Path, tmp_path: Path) -> None:
    folder = tmp_path / "Shared drive – مجلس 👩🏽‍⚖️ O'Brien"
    folder.mkdir()
    path = folder / "csp board (copy).db"
    shutil.copy(template, path)
    cli_ok("--db", str(path), "export", "meeting", "2022-10-05", "-o", str(folder / "m.json"))
    cli_ok("--db", str(path), "backup", "-o", str(folder / "b.db"))


def test_line_break_controls_become_newlines_and_others_go(template: Path, tmp_path: Path) -> None:
    path = fresh(template, tmp_path)
    database = open_database(path)
    with database.transaction() as session:
        meeting_id = meetings.list_meetings(session)[0].id
        item_id = agenda.list_items(session, meeting_id)[0].id
        agenda.save_item_minutes(session, item_id, "One\x0bTwo\x0cThree\x08 \x00end 👍", CLOCK)
    with database.session() as session:
        assert agenda.item_minutes(session, item_id) == "One\nTwo\nThree end 👍"
    database.close()
