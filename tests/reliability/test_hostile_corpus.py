"""F7/F8: every bad input ends in one plain line and exit 2, never exit 3 or a traceback.

The corpus is generated at test time from a real export, each file with the words its
refusal must contain. Full disks are a real small file system (tmpfs) where the test may
mount one; missing folders everywhere."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from csp_desktop.storage import open_database
from tests.exports.scenario import build_scenario
from tests.reliability.exports_scan import run_cli

Mutation = Callable[[dict[str, Any]], str]


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], str]:
    def mutate(document: dict[str, Any]) -> str:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return json.dumps(document)

    return mutate


def _raw(text: str) -> Callable[[dict[str, Any]], str]:
    return lambda _document: text


# name -> (how the file is made from a real export, words the one-line refusal contains)
CORPUS: dict[str, tuple[Mutation, str]] = {
    "minutes_allocated 1e30": (
        _set(["agenda_items", 0, "minutes_allocated"], 1e30),
        "agenda_items[0].minutes_allocated: must be a whole number",
    ),
    "minutes_allocated of 31 digits": (
        _set(["agenda_items", 0, "minutes_allocated"], 10**30),
        "more than the largest allowed (1440)",
    ),
    "paper size past 2**63": (
        _set(["agenda_items", 0, "papers"], [{"name": "x", "size_bytes": 2**70}]),
        "agenda_items[0].papers[0].size_bytes: is",
    ),
    "lone surrogate in a title": (
        lambda d: json.dumps(d).replace('"title": "', '"title": "\\ud800', 1),
        "agenda_items[0].title: contains a broken character (a lone surrogate U+D800)",
    ),
    "lone low surrogate in a name": (
        lambda d: json.dumps(d).replace('"person": "', '"person": "\\udfff', 1),
        "lone surrogate U+DFFF",
    ),
    "control character": (
        lambda d: json.dumps(d).replace('"title": "', '"title": "\\u0007', 1),
        "contains a control character (U+0007)",
    ),
    "NaN": (_raw('{"format": NaN}'), "not valid JSON"),
    "deep nesting": (_raw("[" * 100_000 + "]" * 100_000), "not valid JSON"),
    "not UTF-8": (_raw("\udcff"), "not UTF-8 text"),
    "newer version": (_set(["version"], 99), "newer than this version"),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("hostile")
    database = folder / "csp.db"
    opened = open_database(database)
    with opened.transaction() as session:
        build_scenario(session)
    opened.close()
    output = folder / "meeting.json"
    code, err = run_cli(
        ["--db", str(database), "export", "meeting", "2022-10-05", "-o", str(output)]
    )
    assert code == 0, err
    document = json.loads(output.read_text(encoding="utf-8"))
    document["meeting"]["date"] = "2031-01-01"  # a day with no meeting, so only the fault counts
    for action in document["actions_raised"]:
        action.pop("reference", None)
    return database, document


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_meeting_files(
    exported: tuple[Path, dict[str, Any]], tmp_path: Path, name: str
) -> None:
    database, document = exported
    mutate, expected = CORPUS[name]
    hostile = tmp_path / "hostile.json"
    text = mutate(json.loads(json.dumps(document)))
    hostile.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    code, err = run_cli(["--db", str(database), "import", "meeting", str(hostile)])
    assert code == 2, (name, err)
    assert expected in err, (name, err)
    assert err.count("\n") == 1 and "Traceback" not in err


EXPORTS = [
    ["export", "minutes", "2022-10-05", "-o", "{}/m.docx"],
    ["export", "agenda", "2022-10-05", "-o", "{}/a.docx"],
    ["export", "meeting", "2022-10-05", "-o", "{}/m.json"],
    ["export", "actions", "-o", "{}/t.xlsx"],
    ["export", "attendance", "-o", "{}/r.xlsx"],
    ["backup", "-o", "{}/b.db"],
]


@pytest.mark.parametrize("argv", EXPORTS, ids=lambda argv: argv[1])
def test_missing_folder(
    exported: tuple[Path, dict[str, Any]], tmp_path: Path, argv: list[str]
) -> None:
    database, _document = exported
    missing = tmp_path / "no" / "such"
    code, err = run_cli(["--db", str(database), *[a.format(missing) for a in argv]])
    assert code == 2 and "does not exist" in err and err.count("\n") == 1, err


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB file system, nearly full (root only; skipped elsewhere)."""
    mount = tmp_path / "full"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        filler = mount / "filler"
        descriptor = os.open(filler, os.O_CREAT | os.O_WRONLY)
        try:  # fill it, then leave one page free
            while os.write(descriptor, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(descriptor)
        os.truncate(filler, max(0, filler.stat().st_size - 4096))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_full_disk_on_every_export_and_backup(
    exported: tuple[Path, dict[str, Any]], full_disk: Path
) -> None:
    """F7/F8 reproduction: tracebacks after the message, and `*.partial` left by backup."""
    database, _document = exported
    for argv in EXPORTS:
        code, err = run_cli(["--db", str(database), *[a.format(full_disk) for a in argv]])
        assert code == 2, (argv, err)
        assert ("disk is full" in err or "No space left" in err) and err.count("\n") == 1, err
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]  # no partial, no temp
