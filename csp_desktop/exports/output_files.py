"""Write an export file safely: never half a file, and plain words when the disk says no."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from csp_desktop.errors import UserError


class OutputLocked(UserError):
    """The target exists but cannot be replaced, usually because Word or Excel has it open."""


class OutputNotWritable(UserError):
    """The folder does not exist or cannot be written to."""


def write_atomically(output: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call `write` with a temporary file beside `output`, then move it into place.

    Raises:
        OutputNotWritable: the folder is missing or read-only.
        OutputLocked: the target is open in another program (Windows locks it) or read-only.
    """
    output = Path(output)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputNotWritable(f"The folder {folder} does not exist; choose another folder.")
    try:
        # Closed explicitly below: the handle must outlive this try block.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "wb", dir=folder, prefix=f".{output.stem}-", suffix=output.suffix, delete=False
        )
    except OSError as exc:
        raise OutputNotWritable(
            f"Cannot write to the folder {folder} ({exc.strerror or exc}); choose another folder."
        ) from None
    temporary = Path(handle.name)
    try:
        with handle:
            write(handle)
        # NamedTemporaryFile is private to us (0600); papers are for sharing.
        os.chmod(temporary, 0o644)
        try:
            os.replace(temporary, output)
        except PermissionError:
            raise OutputLocked(
                f"{output.name} could not be replaced: it may be open in Word or Excel. "
                "Close it there and try again, or save under another name."
            ) from None
        except OSError as exc:
            raise OutputNotWritable(
                f"Cannot save {output} ({exc.strerror or exc}); choose another folder."
            ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
