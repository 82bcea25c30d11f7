"""One writer at a time: a lock file beside the database, safe on a shared drive.

`<database>.lock` holds JSON naming the holder (user, host, pid, start time, app version)
and a random token. It is created with O_CREAT|O_EXCL, which is atomic on local disks and
on SMB/NFS shares, so two instances can never both believe they hold it. A second instance
is told who holds the file (`LockHeld.holder`) and can open it read-only instead.

A lock left behind by a crash is recognised as stale and taken over when:
- the holder has not touched the lock for `stale_after` (a few minutes), whatever machine
  wrote it (the holder calls `refresh()` every minute; the GUI does it from a QTimer);
- its time stamp lies in the future beyond clock drift (a machine with a wrong clock
  must not hold the archive until that time);
- same host: the holder's process is gone, or its id now belongs to another process (ids
  are reused after a crash or a reboot). The lock records the holder process's start
  (boot id and start tick from /proc on Linux); without /proc, a process whose command
  line does not name CSP Desktop is not the holder. Elsewhere (Windows) the refresh time
  alone decides, once the process is gone or the lock is older than `stale_after`.

A person can also take over a lock they know is abandoned (`WriterLock.take_over`): the
window offers it, naming the holder and when the lock was last refreshed.

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
DEFAULT_STALE_AFTER = dt.timedelta(minutes=5)
REFRESH_EVERY = dt.timedelta(minutes=1)
# Clocks of machines on one share drift by seconds; a stamp further ahead is not believed.
FUTURE_TOLERANCE = dt.timedelta(minutes=2)
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
    process_started: str = ""  # "<boot id>:<start tick>" of the holder (Linux), or ""

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
                process_started=str(raw.get("process_started", "")),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


class LockHeld(UserError):
    """Another instance is writing to this database."""

    def __init__(
        self,
        database: Path,
        holder: LockInfo | None,
        *,
        refreshed_at: dt.datetime | None = None,
        read_only_helps: bool = True,
    ) -> None:
        self.database = database
        self.holder = holder
        self.refreshed_at = refreshed_at
        who = holder.describe() if holder else "another CSP Desktop window"
        seen = f" (last active {describe_time(refreshed_at)})" if refreshed_at else ""
        advice = (
            "Open it read-only, or try again when they have closed it."
            if read_only_helps
            else "Try again when they have closed it; if they are gone, the lock is taken "
            "over automatically a few minutes after their last activity, or at once from "
            "the window (Take over)."
        )
        super().__init__(f"{database.name} is open for editing by {who}{seen}. {advice}")


def describe_time(moment: dt.datetime) -> str:
    """'Wednesday 5 October 2022 at 10:02'."""
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M}"


def process_identity(pid: int) -> str | None:
    """'<boot id>:<start tick>' of a running process on Linux; None where /proc is absent.

    Two processes with the same id have different start ticks (or boot ids, after a
    reboot), so a recorded identity tells a reused id from the process that took the lock.
    """
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    # Field 2 (the command name) may hold spaces and brackets: split after the last ")".
    fields = stat.rpartition(")")[2].split()
    if len(fields) < 20:
        return None
    return f"{boot}:{fields[19]}"


def _runs_csp_desktop(pid: int) -> bool | None:
    """Whether the process's command line names CSP Desktop; None when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    words = raw.replace(b"\0", b" ").decode("utf-8", errors="replace").lower()
    return any(name in words for name in ("csp-desktop", "csp_desktop", "csp desktop"))


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
    age_seconds: float  # since the holder last touched it (negative: stamped in the future)
    stale: bool
    raw: bytes
    refreshed_at: dt.datetime | None = None  # local time of the last refresh
    reason: str = ""  # why it is stale, for the log

    def held_error(self, database: Path, *, read_only_helps: bool = True) -> LockHeld:
        return LockHeld(
            database, self.info, refreshed_at=self.refreshed_at, read_only_helps=read_only_helps
        )


def _staleness(info: LockInfo, age: float, stale_after: dt.timedelta) -> str:
    """Why the lock is stale, or "" if its holder may still be writing."""
    if age < -FUTURE_TOLERANCE.total_seconds():
        return "refreshed in the future"
    if age > stale_after.total_seconds():
        return "not refreshed for a long time"
    if info.host != this_host():
        return ""
    if not process_running(info.pid):
        return "holder process gone"
    current = process_identity(info.pid)
    if info.process_started and current is not None:
        return "" if current == info.process_started else "process id reused"
    if info.pid == os.getpid():
        return ""
    return "not a CSP Desktop process" if _runs_csp_desktop(info.pid) is False else ""


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
        modified = path.stat().st_mtime
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UserError(f"The lock file {path} cannot be read: {exc.strerror or exc}.") from None
    age = now() - modified
    refreshed_at = dt.datetime.fromtimestamp(modified).replace(microsecond=0)
    info = LockInfo.from_json(raw)
    if info is None:
        # Unreadable: being written this instant, or left half-written by a crash.
        stale = abs(age) > _BEING_WRITTEN
        return LockState(None, age, stale, raw, refreshed_at, "unreadable" if stale else "")
    reason = _staleness(info, age, stale_after)
    return LockState(info, age, bool(reason), raw, refreshed_at, reason)


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
        self.read_only_helps = True  # False for commands that must write (import, restore)

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
                process_started=process_identity(os.getpid()) or "",
            )
            if self._create(mine):
                self.info = mine
                log.info("writer lock taken")
                return self
            state = inspect_lock(self.database, stale_after=self.stale_after, now=self._now)
            if state is None:
                continue  # released between our attempt and the look: try again
            if not state.stale:
                raise state.held_error(self.database, read_only_helps=self.read_only_helps)
            log.warning("taking over a stale writer lock (%s)", state.reason)
            self.recovered_from = state.info
            self._break(state.raw)
        raise LockHeld(self.database, None)

    def take_over(self) -> WriterLock:
        """Take the lock even from a holder that looks alive (the person said it is gone).

        The former holder finds out at its next `refresh()` (it returns False).
        """
        if self.held:
            return self
        state = inspect_lock(self.database, stale_after=self.stale_after, now=self._now)
        if state is not None:
            log.warning("writer lock taken over on request")
            self.recovered_from = state.info
            self._break(state.raw)
        return self.acquire()

    def _create(self, info: LockInfo) -> bool:
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
        try:
            descriptor = os.open(self.path, flags, 0o644)
        except FileExistsError:
            return False
        except OSError as exc:
            if isinstance(exc, PermissionError) and self.path.exists():
                return False  # Windows reports a file being deleted this way
            if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
                advice = (
                    "Open it read-only instead."
                    if self.read_only_helps
                    else "Nothing can be changed in it there; copy it to a folder you can "
                    "write to and use the copy."
                )
                raise UserError(
                    f"{self.database.name} cannot be opened for editing: its folder "
                    f"{self.database.parent} is read-only. {advice}"
                ) from None
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
