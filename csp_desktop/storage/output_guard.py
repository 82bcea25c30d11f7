"""One check before any file is written: never over the archive itself.

Every output path (`export ... -o`, `backup -o`, the window's Export dialog) passes
through `guard_output`, which refuses:

* a name that does not end in the extension the writer produces (.docx, .xlsx, .json);
* the open database, its `-wal`/`-shm`/`-journal` files, its lock and anything in the
  backups folder, however the name is spelt: through symlinks (resolved), hard links or
  case-insensitive file systems (compared by device and inode), `..` segments or `~`.

It never creates or changes anything, so a refusal leaves the disk as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from csp_desktop.errors import UserError

# Files SQLite and CSP Desktop keep beside the database; all are part of the archive.
_SIDE_SUFFIXES = ("", "-wal", "-shm", "-journal", ".lock", ".restoring", ".partial")


class OutputRefused(UserError):
    """The chosen output would overwrite the archive, or has the wrong extension."""


@dataclass(frozen=True)
class ProtectedFiles:
    """What an output must never replace: the database file (None for a server) and
    the backups folder."""

    database: Path | None
    backups_dir: Path | None = None

    def files(self) -> list[Path]:
        if self.database is None:
            return []
        database = Path(self.database).expanduser()
        return [database.with_name(database.name + suffix) for suffix in _SIDE_SUFFIXES]


def _real(path: Path) -> Path:
    # realpath resolves symlinks even when the last part does not exist yet.
    return Path(os.path.realpath(os.path.abspath(os.path.expanduser(path))))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _same_name(first: Path, second: Path) -> bool:
    # os.path.normcase folds case on Windows; a case-insensitive disk elsewhere is
    # caught by the inode comparison once the file exists.
    return os.path.normcase(str(first)) == os.path.normcase(str(second))


def _inside(path: Path, folder: Path) -> bool:
    try:
        return os.path.commonpath(
            [os.path.normcase(str(path)), os.path.normcase(str(folder))]
        ) == os.path.normcase(str(folder))
    except ValueError:  # different drives on Windows
        return False


def overwrites_archive(output: Path, protected: ProtectedFiles) -> Path | None:
    """The protected file or folder `output` would replace, or None when it is safe."""
    real_output = _real(output)
    output_identity = _identity(real_output)
    candidates: Iterable[Path] = protected.files()
    for candidate in candidates:
        real_candidate = _real(candidate)
        if _same_name(real_output, real_candidate):
            return candidate
        if output_identity is not None and output_identity == _identity(real_candidate):
            return candidate  # a hard link, or another spelling on a case-insensitive disk
    if protected.backups_dir is not None:
        backups = _real(protected.backups_dir)
        if _inside(real_output, backups):
            return protected.backups_dir
        folder_identity = _identity(backups)
        parent_identity = _identity(real_output.parent)
        if folder_identity is not None and folder_identity == parent_identity:
            return protected.backups_dir
    return None


def guard_output(output: Path, *, suffix: str | None, protected: ProtectedFiles) -> Path:
    """Check `output` before anything is written to it; return it (tilde expanded).

    Args:
        suffix: the extension the writer produces (".docx"), or None for a backup copy.

    Raises:
        OutputRefused: the wrong extension, a folder, or a file that is part of the archive.
    """
    path = Path(output).expanduser()
    if suffix is not None and path.suffix.lower() != suffix.lower():
        raise OutputRefused(
            f"{path.name}: the file name must end in {suffix}; nothing was written."
        )
    if path.is_dir():
        raise OutputRefused(f"{path} is a folder; give a file name for the output.")
    hit = overwrites_archive(path, protected)
    if hit is not None:
        what = (
            "the backups folder"
            if protected.backups_dir is not None and hit == protected.backups_dir
            else "the open database"
            if protected.database is not None and hit == Path(protected.database).expanduser()
            else f"the database's own file {hit.name}"
        )
        raise OutputRefused(
            f"{path} would overwrite {what}; choose another file name. Nothing was written."
        )
    return path
