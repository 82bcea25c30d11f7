"""Where the app keeps its data: the per-user data dir, or `data/` beside a portable app."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "csp-desktop"
PORTABLE_MARKER = "portable"
DB_ENV = "CSP_DESKTOP_DB"
DATA_ENV = "CSP_DESKTOP_DATA_DIR"  # redirects every path (tests, support)


def executable_dir() -> Path:
    """Folder of the running app: the bundle folder when frozen, else the project root."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def is_portable(force: bool = False) -> bool:
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
    def settings_file(self) -> Path:
        return self.data_dir / "settings.ini"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.backups_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)


def app_paths(portable: bool = False) -> AppPaths:
    override = os.environ.get(DATA_ENV)
    if override:
        return AppPaths(Path(override).expanduser(), portable=False)
    if is_portable(portable):
        return AppPaths(executable_dir() / "data", portable=True)
    from platformdirs import user_data_dir

    return AppPaths(Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=True)), False)


def resources_dir() -> Path:
    """The shipped `resources/` folder (templates, standing items, icons)."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root:
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
