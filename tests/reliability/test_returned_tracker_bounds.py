"""F9 and the tracker round trip: a returned workbook is bounded before it is read, carries
the archive's identity and an export id, and a second import or a tracker from another
archive is named in words. Hostile workbooks are generated at test time."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from csp_desktop.errors import ValidationError
from csp_desktop.exports.tracker_import import check_package, read_returned_tracker
from csp_desktop.storage import open_database
from tests.exports.scenario import build_scenario
from tests.exports.test_tracker_import import edit
from tests.reliability.exports_scan import run_cli


def make_archive(path: Path) -> str:
    database = open_database(path)
    with database.transaction() as session:
        reference = build_scenario(session).public_action_ref
    database.close()
    return reference


@pytest.fixture
def tracker(tmp_path: Path) -> tuple[Path, Path, str]:
    database = tmp_path / "csp.db"
    reference = make_archive(database)
    output = tmp_path / "tracker.xlsx"
    code, err = run_cli(["--db", str(database), "export", "actions", "-o", str(output)])
    assert code == 0, err
    return database, output, reference


def rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> None:
    """Copy a workbook, replacing (or adding) parts."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename not in replace:
                new.writestr(item, old.read(item.filename))
        for name, data in replace.items():
            new.writestr(name, data)


def test_a_second_import_of_the_same_tracker_is_named(
    tracker: tuple[Path, Path, str],
) -> None:
    database, output, reference = tracker
    edit(output, reference, status="Completed", latest_update="Done and dusted.")
    code, err = run_cli(["--db", str(database), "import", "actions", str(output)])
    assert code == 0, err
    code, err = run_cli(["--db", str(database), "import", "actions", str(output)])
    assert code == 2 and "was already applied on" in err and "CONFLICT" not in err, err
    assert err.count("\n") == 1


def test_a_tracker_from_another_archive_is_named(
    tracker: tuple[Path, Path, str], tmp_path: Path
) -> None:
    _database, output, reference = tracker
    other = tmp_path / "other" / "csp.db"
    other.parent.mkdir()
    make_archive(other)  # same scenario, so the references match by chance
    edit(output, reference, status="Completed")
    code, err = run_cli(["--db", str(other), "import", "actions", str(output), "--dry-run"])
    assert code == 2 and "is not from this archive" in err, err


def test_the_zip_bomb_is_refused_fast_and_small(
    tracker: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """F9 reproduction: 100 MB of sheet XML took 40 s and 1.37 GB before being refused."""
    _database, output, _reference = tracker
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    body = row * (100 * 1024 * 1024 // len(row))
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><sheetData>' + body + b"</sheetData></worksheet>"
    )
    bomb = tmp_path / "bomb.xlsx"
    rewrite(output, bomb, {"xl/worksheets/sheet1.xml": sheet})
    del body, sheet
    assert bomb.stat().st_size < 10 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="unpacks to 100 MB"):
        read_returned_tracker(bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 100 * 1024 * 1024, peak
    print(f"bomb refused in {elapsed:.3f} s, peak {peak / 1024 / 1024:.1f} MB")


ENTITY_PAYLOADS = {
    "billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
        b"<si><t>&lol2;</t></si></sst>"
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
        b"<si><t>&xxe;</t></si></sst>"
    ),
    "doctype after a long comment": (
        b'<?xml version="1.0"?><!--' + b"x" * (3 * 1024 * 1024) + b"--><!DOCTYPE x []>"
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    ),
}


@pytest.mark.parametrize("kind", sorted(ENTITY_PAYLOADS))
def test_entity_bearing_xml_is_one_plain_line(
    tracker: tuple[Path, Path, str], tmp_path: Path, kind: str
) -> None:
    database, output, _reference = tracker
    hostile = tmp_path / "hostile.xlsx"
    rewrite(output, hostile, {"xl/sharedStrings.xml": ENTITY_PAYLOADS[kind]})
    code, err = run_cli(["--db", str(database), "import", "actions", str(hostile)])
    assert code == 2, err
    assert "XML entity declarations" in err and err.count("\n") == 1


def test_not_a_zip_and_a_truncated_zip(tracker: tuple[Path, Path, str], tmp_path: Path) -> None:
    database, output, _reference = tracker
    for name, data in (
        ("text.xlsx", b"Reference,Status\n"),
        ("truncated.xlsx", output.read_bytes()[: output.stat().st_size // 2]),
    ):
        bad = tmp_path / name
        bad.write_bytes(data)
        with pytest.raises(ValidationError):
            check_package(bad)
            read_returned_tracker(bad)
        code, err = run_cli(["--db", str(database), "import", "actions", str(bad)])
        assert code == 2 and "not an Excel workbook" in err, err
