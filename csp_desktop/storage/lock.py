"""One writer at a time: a lock file beside the database, safe on a shared drive.

`<database>.lock` holds JSON naming the holder (user, host, pid, start time, app version)
and a random token. It is created with O_CREAT|O_EXCL, which is atomic on local disks and
on SMB/NFS shares, so two instances can never both believe they hold it. A second instance
is told who holds the file (`LockHeld.holder`) and can open it read-only instead.

A lock left behind by a crash is recognised as stale and taken over:
- same host: the holder's process is no longer running;
- another host (we cannot see its processes): the holder has not touched the lock for
  `stale_after` (the holder calls `refresh()` every minute or so; the GUI does it from a
  QTimer).

No Qt here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import platform
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

from csp_desktop import __version__
from csp_desktop.clock import Clock, SystemClock
from csp_desktop.errors import UserError

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
DEFAULT_STALE_AFTER = dt.timedelta(minutes=10)
REFRESH_EVERY = dt.timedelta(minutes=1)
# A lock file younger than this with no readable content is being written right now.
_BEING_WRITTEN = 10.0


def lock_path_for(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


def this_host() -> str:
    return platform.node() or "this computer"


@dataclass(frozen=True)
class LockInfo:
    """Who holds the database for writing."""

    user: str
    host: str
    pid: int
    started: str  # ISO local time, as the holder saw it
    app_version: str
    token: str

    @property
    def started_at(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.started)
        except ValueError:
            return None

    def describe(self) -> str:
        """'jane.smith on LAPTOP-42 since Wednesday 5 October 2022 at 10:02'."""
        started = self.started_at
        when = (
            f"{started:%A} {started.day} {started:%B %Y} at {started:%H:%M}"
            if started
            else "an unknown time"
        )
        return f"{self.user} on {self.host} since {when}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: bytes) -> LockInfo | None:
        try:
            raw = json.loads(data.decode("utf-8"))
            return cls(
                user=str(raw["user"]),
                host=str(raw["host"]),
                pid=int(raw["pid"]),
                started=str(raw["started"]),
                app_version=str(raw.get("app_version", "")),
                token=str(raw["token"]),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


class LockHeld(UserError):
    """Another instance is writing to this database."""

    def __init__(self, database: Path, holder: LockInfo | None) -> None:
        self.database = database
        self.holder = holder
        who = holder.describe() if holder else "another CSP Desktop window"
        super().__init__(
            f"{database.name} is open for editing by {who}. "
            "Open it read-only, or try again when they have closed it."
        )


def process_running(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def _windows_process_running(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


@dataclass(frozen=True)
class LockState:
    """What a lock file says, and whether its holder is gone."""

    info: LockInfo | None
    age_seconds: float  # since the holder last touched it
    stale: bool
    raw: bytes


def inspect_lock(
    database: Path,
    *,
    stale_after: dt.timedelta = DEFAULT_STALE_AFTER,
    now: Callable[[], float] = time.time,
) -> LockState | None:
    """Read the lock beside `database`; None when nobody holds it."""
    path = lock_path_for(database)
    try:
        raw = path.read_bytes()
        age = max(0.0, now() - path.stat().st_mtime)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UserError(f"The lock file {path} cannot be read: {exc.strerror or exc}.") from None
    info = LockInfo.from_json(raw)
    if info is None:
        # Unreadable: being written this instant, or left half-written by a crash.
        return LockState(None, age, stale=age > _BEING_WRITTEN, raw=raw)
    if info.host == this_host():
        stale = not process_running(info.pid)
    else:
        stale = age > stale_after.total_seconds()
    return LockState(info, age, stale, raw)


class WriterLock:
    """The right to write one database file, held until `release()`.

    Use `acquire()` (raises LockHeld) or `WriterLock.try_acquire(...)`; refresh it every
    `REFRESH_EVERY` while held so instances on other machines know it is alive.
    """

    def __init__(
        self,
        database: Path,
        *,
        clock: Clock | None = None,
        stale_after: dt.timedelta = DEFAULT_STALE_AFTER,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.database = Path(database)
        self.path = lock_path_for(self.database)
        self.stale_after = stale_after
        self._clock = clock or SystemClock()
        self._now = now
        self.info: LockInfo | None = None
        self.recovered_from: LockInfo | None = None  # a crashed holder we took over from

    @property
    def held(self) -> bool:
        return self.info is not None

    def acquire(self) -> WriterLock:
        """Take the lock, taking over a stale one; raise LockHeld if someone is writing."""
        if self.held:
            return self
        for _attempt in range(5):
            mine = LockInfo(
                user=self._clock.user(),
                host=this_host(),
                pid=os.getpid(),
                started=self._clock.now().isoformat(timespec="seconds"),
                app_version=__version__,
                token=uuid.uuid4().hex,
            )
            if self._create(mine):
                self.info = mine
                log.info("writer lock taken")
                return self
            state = inspect_lock(self.database, stale_after=self.stale_after, now=self._now)
            if state is None:
                continue  # released between our attempt and the look: try again
            if not state.stale:
                raise LockHeld(self.database, state.info)
            log.warning("taking over a stale writer lock")
            self.recovered_from = state.info
            self._break(state.raw)
        raise LockHeld(self.database, None)

    def _create(self, info: LockInfo) -> bool:
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
        try:
            descriptor = os.open(self.path, flags, 0o644)
        except FileExistsError:
            return False
        except PermissionError:
            if self.path.exists():  # Windows reports a file being deleted this way
                return False
            raise UserError(
                f"{self.database.name} cannot be opened for editing: its folder "
                f"{self.database.parent} is read-only. Open it read-only instead."
            ) from None
        except OSError as exc:
            raise UserError(
                f"{self.database.name} cannot be locked for editing: {exc.strerror or exc}."
            ) from None
        try:
            os.write(descriptor, info.to_json().encode("utf-8"))
            os.fsync(descriptor)
        except OSError as exc:
            os.close(descriptor)
            self.path.unlink(missing_ok=True)
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
            raise UserError(
                f"{self.database.name} cannot be locked for editing: {reason}."
            ) from None
        os.close(descriptor)
        return True

    def _break(self, seen: bytes) -> None:
        """Remove a stale lock, unless someone replaced it since we looked."""
        grave = self.path.with_name(f"{self.path.name}.stale-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(self.path, grave)
        except FileNotFoundError:
            return  # another instance broke it first
        except OSError as exc:
            raise UserError(
                f"An old lock on {self.database.name} could not be removed: {exc.strerror}."
            ) from None
        if grave.read_bytes() != seen:
            # We moved a lock taken a moment ago by a live instance: put it back.
            with contextlib.suppress(OSError):
                os.rename(grave, self.path)
            return
        grave.unlink(missing_ok=True)

    def still_mine(self) -> bool:
        if self.info is None:
            return False
        try:
            current = LockInfo.from_json(self.path.read_bytes())
        except OSError:
            return False
        return current is not None and current.token == self.info.token

    def refresh(self) -> bool:
        """Show other machines the holder is alive; False if the lock was lost."""
        if not self.still_mine():
            return False
        try:
            os.utime(self.path)
        except OSError:
            return False
        return True

    def release(self) -> None:
        if self.info is None:
            return
        if self.still_mine():
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.info = None
        log.info("writer lock released")

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def acquire_writer_lock(
    database: Path,
    *,
    clock: Clock | None = None,
    stale_after: dt.timedelta = DEFAULT_STALE_AFTER,
) -> WriterLock:
    """Take the writer lock of `database` or raise LockHeld naming the holder."""
    return WriterLock(database, clock=clock, stale_after=stale_after).acquire()
