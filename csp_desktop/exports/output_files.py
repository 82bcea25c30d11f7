"""Write an export file safely: never half a file, and plain words when the disk says no."""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from csp_desktop.errors import UserError

log = logging.getLogger(__name__)


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
        reason: object = None
        with _quiet_half_written_writers():
            try:
                with handle:
                    write(handle)
            except OSError as exc:
                reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or exc
            # Leaving the except clause freed the writer's half-built objects; collect any
            # cycles now, while their complaints are kept out of the user's way. Only on
            # the main thread (the CLI): the window exports on a worker thread, where a
            # full collection would also free Qt objects off the GUI thread and crash.
            if reason is not None and threading.current_thread() is threading.main_thread():
                gc.collect()
        if reason is not None:
            raise OutputNotWritable(
                f"{output.name} could not be saved ({reason}); nothing was written. Free some "
                "space or choose another folder, and export again."
            )
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


def _half_written(unraisable: sys.UnraisableHookArgs) -> bool:
    """Whether an "Exception ignored" report comes from a writer left half-way."""
    where = [repr(unraisable.object), getattr(unraisable.exc_type, "__module__", "")]
    frame = unraisable.exc_traceback
    while frame is not None:
        where.append(frame.tb_frame.f_code.co_filename)
        frame = frame.tb_next
    text = " ".join(where)
    return any(name in text for name in ("openpyxl", "lxml", "ZipFile", "zipfile", "docx"))


@contextlib.contextmanager
def _quiet_half_written_writers() -> Iterator[None]:
    """After a failed save, Word and Excel writers left half-way (openpyxl's streaming
    sheets, a zip file on a closed handle) complain as they are freed, as "Exception
    ignored" tracebacks on stderr. The user gets the plain message; these go to the log."""
    previous = sys.unraisablehook

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        if _half_written(unraisable):
            log.debug("half-written export cleaned up: %s", unraisable.exc_type.__name__)
            return
        previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


def save_workbook(workbook: Any, output: Path) -> None:
    """Save an openpyxl workbook through `write_atomically`; after a failure, close its
    streaming sheets at once (quietly) and remove their temporary files."""
    try:
        write_atomically(output, lambda handle: workbook.save(handle))
    except UserError:
        with _quiet_half_written_writers():
            for sheet in getattr(workbook, "_sheets", []):
                for generator in (
                    getattr(sheet, "_rows", None),
                    getattr(getattr(sheet, "_writer", None), "xf", None),
                ):
                    if generator is not None:
                        with contextlib.suppress(Exception):
                            generator.close()
                writer = getattr(sheet, "_writer", None)
                if writer is not None:
                    with contextlib.suppress(Exception):
                        writer.cleanup()
            gc.collect()
        raise
