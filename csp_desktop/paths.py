"""Where the app keeps its data: the per-user data dir, or `data/` beside a portable app.

Council laptops often forbid installing software, so the app also runs from a copied
folder. A file named `portable` beside the executable (or `--portable`) keeps the
database, backups, settings and logs in `data/` inside that folder, for a USB stick or a
network home. Otherwise everything lives in the per-user data folder, which never needs
admin rights. Nothing else on the machine is written.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from csp_desktop.errors import UserError

APP_DIR_NAME = "csp-desktop"
PORTABLE_MARKER = "portable"
PORTABLE_DATA_DIR = "data"
DB_ENV = "CSP_DESKTOP_DB"
DATA_ENV = "CSP_DESKTOP_DATA_DIR"  # redirects every path (tests, support)
LOG_FILE_NAME = "csp-desktop.log"


def executable_dir() -> Path:
    """Folder of the running app: the bundle folder when frozen, else the project root."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def is_portable(force: bool = False) -> bool:
    """True with `--portable`, or when a `portable` marker sits beside the executable."""
    return force or (executable_dir() / PORTABLE_MARKER).exists()


@dataclass(frozen=True)
class AppPaths:
    """Every place the app writes. Nothing is written anywhere else."""

    data_dir: Path
    portable: bool

    @property
    def default_database(self) -> Path:
        return self.data_dir / "csp-desktop.db"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs_dir / LOG_FILE_NAME

    @property
    def settings_file(self) -> Path:
        """The QSettings file (IniFormat): never the registry or ~/.config."""
        return self.data_dir / "settings.ini"

    def ensure(self) -> None:
        """Create the data, backups and logs folders.

        Raises:
            UserError: a folder cannot be created (read-only share, no permission).
        """
        for folder in (self.data_dir, self.backups_dir, self.logs_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(self._cannot_create(folder, exc)) from None

    def _cannot_create(self, folder: Path, exc: OSError) -> str:
        reason = exc.strerror or type(exc).__name__
        if self.portable:
            return (
                f"The data folder {folder} cannot be created ({reason}). Copy the app's "
                "folder somewhere you can write, such as Documents or a USB stick, or delete "
                f"the '{PORTABLE_MARKER}' file beside the app to keep data in your profile."
            )
        return f"The data folder {folder} cannot be created ({reason})."


def user_data_dir() -> Path:
    """The per-user data folder (no admin rights needed on any platform).

    On Windows this is the *local* AppData folder: councils often redirect the roaming
    AppData folder to a network share, and SQLite's write-ahead log is not safe there.
    """
    from platformdirs import user_data_dir as platform_user_data_dir

    return Path(platform_user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def app_paths(portable: bool = False) -> AppPaths:
    """Resolve where this run keeps its data.

    Args:
        portable: `--portable` was given (the marker file has the same effect).
    """
    override = os.environ.get(DATA_ENV)
    if override:
        return AppPaths(Path(override).expanduser(), portable=False)
    if is_portable(portable):
        return AppPaths(executable_dir() / PORTABLE_DATA_DIR, portable=True)
    return AppPaths(user_data_dir(), portable=False)


def resources_dir() -> Path:
    """The shipped `resources/` folder (templates, standing items, icons)."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root:
        return Path(bundle_root) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"  # installed from a wheel (pyproject.toml maps it)
    if installed.is_dir():
        return installed
    return package.parent / "resources"  # a source checkout (or an editable install)
