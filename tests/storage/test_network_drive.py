"""A database file on a network drive is recognised and opened with one plain warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_desktop.cli import main
from csp_desktop.storage import network_drive, open_database
from csp_desktop.storage.network_drive import network_mount, network_warning, unc_share

MOUNTS = "\n".join(
    [
        "/dev/sda1 / ext4 rw,relatime 0 0",
        "proc /proc proc rw 0 0",
        "fileserver:/export/csp /mnt/team nfs4 rw,vers=4.2 0 0",
        "//council-fs/Community\\040Safety /mnt/cs cifs rw,vers=3.0 0 0",
        "/dev/sdb1 /mnt/team/local-cache ext4 rw 0 0",
        "tmpfs /tmp tmpfs rw 0 0",
    ]
)


@pytest.mark.parametrize(
    ("path", "share"),
    [
        (r"\\council-fs\CSP\minutes\csp.db", r"\\council-fs\CSP"),
        ("//council-fs/CSP/csp.db", r"\\council-fs\CSP"),
        (r"\\?\UNC\council-fs\CSP\csp.db", r"\\council-fs\CSP"),
        (r"\\?\C:\Users\jo\csp.db", None),
        (r"C:\Users\jo\csp.db", None),
        ("/home/jo/csp.db", None),
    ],
)
def test_unc_paths(path: str, share: str | None) -> None:
    assert unc_share(path) == share


@pytest.mark.parametrize(
    ("path", "found"),
    [
        ("/mnt/team/csp.db", "fileserver:/export/csp on /mnt/team (nfs4)"),
        ("/mnt/cs/Board/csp.db", "//council-fs/Community\\040Safety on /mnt/cs (cifs)"),
        ("/mnt/team/local-cache/csp.db", None),  # a local disk mounted inside the share
        ("/mnt/teamwork/csp.db", None),  # a sibling whose name merely starts the same
        ("/home/jo/csp.db", None),
        ("/tmp/csp.db", None),
    ],
)
def test_network_mounts_from_proc_mounts(path: str, found: str | None) -> None:
    assert network_mount(Path(path), MOUNTS) == found


def test_a_local_file_gets_no_warning(tmp_path: Path) -> None:
    assert network_warning(tmp_path / "csp.db") is None


def test_the_warning_names_the_risk_and_the_remedy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network_drive, "network_location", lambda _path: r"\\council-fs\CSP")
    warning = network_warning(Path("csp.db")) or ""
    assert r"csp.db is on a network drive (\\council-fs\CSP)" in warning
    assert "damaged if two computers open them" in warning
    assert "team database" in warning


def test_the_command_line_opens_it_with_one_stderr_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(network_drive, "network_location", lambda _path: r"\\council-fs\CSP")
    database = tmp_path / "csp.db"
    open_database(database).close()
    assert main(["--db", str(database), "meetings"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "network drive" in err[0]
