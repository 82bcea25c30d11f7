"""Where data lives: per-user folder, or `data/` beside a portable (frozen) app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from csp_desktop import cli, paths
from csp_desktop.app import DatabaseChoice, make_context
from csp_desktop.errors import UserError
from csp_desktop.paths import DATA_ENV, PORTABLE_MARKER, AppPaths, app_paths

# A council user name with an accent, in a folder with spaces (OneDrive-style).
AWKWARD_FOLDER = "Zoë Ñandú-O'Brien/OneDrive - Council/CSP app"


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to be the PyInstaller bundle, copied into an awkward folder."""
    app_dir = tmp_path / AWKWARD_FOLDER / "csp-desktop"
    app_dir.mkdir(parents=True)
    executable = app_dir / "csp-desktop"
    executable.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    monkeypatch.delenv(DATA_ENV, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return app_dir


def files_under(root: Path) -> set[Path]:
    return {path.relative_to(root) for path in root.rglob("*") if path.is_file()}


def test_data_env_redirects_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "support copy"))

    resolved = app_paths(portable=True)

    assert resolved.data_dir == tmp_path / "support copy"
    assert not resolved.portable
    for place in (
        resolved.default_database,
        resolved.backups_dir,
        resolved.logs_dir,
        resolved.log_file,
        resolved.settings_file,
    ):
        assert place.is_relative_to(resolved.data_dir)


def test_marker_beside_the_executable_makes_the_app_portable(frozen_app: Path) -> None:
    (frozen_app / PORTABLE_MARKER).write_text("")

    resolved = app_paths()

    assert resolved.portable
    assert resolved.data_dir == frozen_app / "data"
    assert resolved.default_database == frozen_app / "data" / "csp-desktop.db"
    assert resolved.settings_file == frozen_app / "data" / "settings.ini"
    assert resolved.log_file.parent == frozen_app / "data" / "logs"


def test_portable_flag_without_a_marker(frozen_app: Path) -> None:
    resolved = app_paths(portable=True)

    assert resolved.portable
    assert resolved.data_dir == frozen_app / "data"


def test_without_marker_data_goes_to_the_per_user_folder(frozen_app: Path) -> None:
    resolved = app_paths()

    assert not resolved.portable
    # platformdirs honours XDG_DATA_HOME on Linux: inside the (fake) home, never the app.
    assert resolved.data_dir == Path.home() / ".local" / "share" / "csp-desktop"
    assert not resolved.data_dir.is_relative_to(frozen_app)


def test_executable_dir_from_source_is_the_project_root() -> None:
    assert (paths.executable_dir() / "pyproject.toml").is_file()


def test_ensure_creates_the_folders_in_an_awkward_path(tmp_path: Path) -> None:
    data_dir = tmp_path / AWKWARD_FOLDER / "data"
    resolved = AppPaths(data_dir, portable=True)

    resolved.ensure()

    assert resolved.backups_dir.is_dir()
    assert resolved.logs_dir.is_dir()


def test_ensure_explains_a_folder_it_cannot_create(tmp_path: Path) -> None:
    blocker = tmp_path / "read-only share"
    blocker.write_text("a file where the folder should be")  # fails even for root
    resolved = AppPaths(blocker / "data", portable=True)

    with pytest.raises(UserError) as caught:
        resolved.ensure()

    message = str(caught.value)
    assert str(blocker / "data") in message
    assert "'portable' file" in message
    assert "\n" not in message


def test_resources_come_from_the_bundle_when_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert paths.resources_dir() == tmp_path / "resources"


def test_resources_from_source_hold_the_icon() -> None:
    assert (paths.resources_dir() / "icon.png").is_file()


def _open_default_database(args: object, context: object) -> int:
    """A stand-in command: open (create) the default database, as every real one does."""
    context.database()  # type: ignore[attr-defined]
    return 0


def test_portable_run_writes_only_beside_the_app(
    frozen_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (frozen_app / PORTABLE_MARKER).write_text("")
    monkeypatch.setitem(cli.HANDLERS, ("check",), f"{__name__}:_open_default_database")
    before = files_under(tmp_path)

    assert cli.main(["check"]) == 0

    written = files_under(tmp_path) - before
    data = (frozen_app / "data").relative_to(tmp_path)
    assert data / "csp-desktop.db" in written
    assert data / "logs" / "csp-desktop.log" in written
    assert all(path.is_relative_to(data) for path in written), written
    assert not files_under(Path.home())


def test_default_database_opens_in_an_awkward_portable_folder(frozen_app: Path) -> None:
    context = make_context(DatabaseChoice(portable=True))
    try:
        database = context.database()
        with database.session() as session:
            assert session.connection().exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        context.close()

    assert (frozen_app / "data" / "csp-desktop.db").is_file()


@pytest.mark.parametrize("argv", [["--portable", "check"], ["check", "--portable"]])
def test_portable_option_before_or_after_the_command(
    frozen_app: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setitem(cli.HANDLERS, ("check",), f"{__name__}:_open_default_database")

    assert cli.main(argv) == 0

    assert (frozen_app / "data" / "csp-desktop.db").is_file()
    assert not (frozen_app / PORTABLE_MARKER).exists()  # the option does not leave a marker
