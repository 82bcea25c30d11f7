"""One writer at a time, with real processes: held, refused, recovered after a crash."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.storage import lock as lock_module
from csp_desktop.storage.lock import (
    LockHeld,
    LockInfo,
    WriterLock,
    acquire_writer_lock,
    inspect_lock,
    lock_path_for,
    this_host,
)

# A second instance: takes the lock, says so on stdout, holds it until stdin closes.
HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from csp_desktop.clock import FakeClock
    from csp_desktop.storage.lock import LockHeld, WriterLock
    lock = WriterLock(Path(sys.argv[1]), clock=FakeClock(username=sys.argv[2]))
    try:
        lock.acquire()
    except LockHeld as exc:
        print("held-by", exc.holder.pid if exc.holder else "?", flush=True)
        sys.exit(0)
    print("acquired", flush=True)
    sys.stdin.read()
    lock.release()
    """
)


def start_instance(database: Path, user: str = "other.user") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database), user],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def first_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def finish(process: subprocess.Popen[str]) -> None:
    """Let the instance release and exit; close our ends of its pipes."""
    assert process.stdin is not None and process.stdout is not None
    with contextlib.suppress(BrokenPipeError):
        process.stdin.close()
    process.wait(timeout=10)
    process.stdout.close()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "csp.db"
    path.write_bytes(b"")  # the lock does not care what the file holds
    return path


def dead_pid() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


def write_lock(database: Path, *, host: str, pid: int, age_seconds: float = 0) -> LockInfo:
    info = LockInfo("jane.smith", host, pid, "2022-10-05T10:02:00", "0.1.0", "feedbeef")
    path = lock_path_for(database)
    path.write_text(info.to_json(), encoding="utf-8")
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return info


def test_lock_file_names_the_holder(database: Path) -> None:
    lock = acquire_writer_lock(database, clock=FakeClock(username="jane.smith"))
    content = json.loads(lock_path_for(database).read_text(encoding="utf-8"))
    assert content["user"] == "jane.smith"
    assert content["host"] == this_host()
    assert content["pid"] == os.getpid()
    assert content["started"] == "2022-10-05T10:00:00"
    assert content["app_version"]
    lock.release()
    assert not lock_path_for(database).exists()


def test_second_process_is_told_who_holds_it(database: Path) -> None:
    lock = acquire_writer_lock(database, clock=FakeClock(username="jane.smith"))
    try:
        other = start_instance(database)
        assert first_line(other) == f"held-by {os.getpid()}"
        finish(other)
    finally:
        lock.release()


def test_this_process_is_refused_while_another_holds_it(database: Path) -> None:
    other = start_instance(database, user="bob.jones")
    try:
        assert first_line(other) == "acquired"
        with pytest.raises(LockHeld) as raised:
            acquire_writer_lock(database)
        holder = raised.value.holder
        assert holder is not None and holder.pid == other.pid and holder.user == "bob.jones"
        message = str(raised.value)
        assert "bob.jones on" in message and "Wednesday 5 October 2022 at 10:00" in message
        assert "read-only" in message
    finally:
        finish(other)
    # Released cleanly: we can take it now.
    acquire_writer_lock(database).release()


def test_lock_of_a_killed_process_is_recovered(database: Path) -> None:
    other = start_instance(database)
    assert first_line(other) == "acquired"
    os.kill(other.pid, signal.SIGKILL)
    finish(other)
    assert lock_path_for(database).exists()  # left behind, as after a crash

    lock = acquire_writer_lock(database)
    assert lock.recovered_from is not None and lock.recovered_from.pid == other.pid
    assert json.loads(lock_path_for(database).read_text())["pid"] == os.getpid()
    lock.release()


def test_only_one_of_many_simultaneous_instances_wins(database: Path) -> None:
    instances = [start_instance(database, f"user{n}") for n in range(6)]
    try:
        answers = [first_line(p) for p in instances]
        assert answers.count("acquired") == 1
        winner = instances[answers.index("acquired")]
        assert all(a == f"held-by {winner.pid}" for a in answers if a != "acquired")
    finally:
        for process in instances:
            finish(process)


def test_only_one_instance_takes_over_a_stale_lock(database: Path) -> None:
    write_lock(database, host=this_host(), pid=dead_pid())
    instances = [start_instance(database, f"user{n}") for n in range(6)]
    try:
        answers = [first_line(p) for p in instances]
        assert answers.count("acquired") == 1
    finally:
        for process in instances:
            finish(process)


def test_another_hosts_fresh_lock_is_respected(database: Path) -> None:
    info = write_lock(database, host="COUNCIL-PC-07", pid=1234, age_seconds=60)
    with pytest.raises(LockHeld, match=r"jane\.smith on COUNCIL-PC-07"):
        acquire_writer_lock(database)
    assert LockInfo.from_json(lock_path_for(database).read_bytes()) == info


def test_another_hosts_abandoned_lock_is_recovered(database: Path) -> None:
    write_lock(database, host="COUNCIL-PC-07", pid=1234, age_seconds=11 * 60)
    lock = acquire_writer_lock(database, stale_after=dt.timedelta(minutes=10))
    assert lock.recovered_from is not None and lock.recovered_from.host == "COUNCIL-PC-07"
    lock.release()


def test_refresh_keeps_a_lock_alive_for_other_hosts(database: Path) -> None:
    lock = acquire_writer_lock(database)
    path = lock_path_for(database)
    old = time.time() - 3600
    os.utime(path, (old, old))
    assert lock.refresh()
    state = inspect_lock(database)
    assert state is not None and state.age_seconds < 60 and not state.stale
    lock.release()


def test_refresh_reports_a_lost_lock(database: Path) -> None:
    lock = acquire_writer_lock(database)
    write_lock(database, host="COUNCIL-PC-07", pid=1, age_seconds=0)  # someone took over
    assert not lock.refresh()
    lock.release()  # must not delete the other holder's lock
    assert lock_path_for(database).exists()


def test_half_written_lock_is_held_then_stale(database: Path) -> None:
    path = lock_path_for(database)
    path.write_bytes(b"{")
    with pytest.raises(LockHeld, match="another CSP Desktop window"):
        acquire_writer_lock(database)
    old = time.time() - 60
    os.utime(path, (old, old))
    acquire_writer_lock(database).release()


def test_read_only_folder_is_a_clear_error(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the tests may run as root, which ignores folder permissions.
    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(lock_module.os, "open", refuse)
    with pytest.raises(UserError, match="read-only"):
        acquire_writer_lock(database)


def test_full_disk_while_writing_the_lock_is_a_clear_error(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock_module.os, "write", disk_full)
    with pytest.raises(UserError, match="the disk is full"):
        acquire_writer_lock(database)
    assert not lock_path_for(database).exists()  # no empty lock left behind


def test_context_manager_releases(database: Path) -> None:
    with WriterLock(database) as lock:
        assert lock.held and lock_path_for(database).exists()
    assert not lock_path_for(database).exists()


# --- issue 12, F4: locks that cannot strand anyone -------------------------------------


@pytest.fixture
def unrelated_process() -> object:
    """A live process on this machine that is not CSP Desktop (a reused pid)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_a_reused_pid_on_this_host_is_stale(database: Path, unrelated_process: object) -> None:
    """F4 reproduction: the lock names a live but unrelated process (an id reused after a
    crash); it used to be held for ever."""
    pid = unrelated_process.pid  # type: ignore[attr-defined]
    info = LockInfo(
        "jane.smith",
        this_host(),
        pid,
        "2022-10-05T10:02:00",
        "0.1.0",
        "feedbeef",
        process_started="another-boot:12345",
    )
    lock_path_for(database).write_text(info.to_json(), encoding="utf-8")
    state = inspect_lock(database)
    assert state is not None and state.stale and state.reason == "process id reused"
    lock = acquire_writer_lock(database)
    assert lock.recovered_from == info
    lock.release()


def test_an_old_format_lock_naming_a_non_csp_process_is_stale(
    database: Path, unrelated_process: object
) -> None:
    pid = unrelated_process.pid  # type: ignore[attr-defined]
    write_lock(database, host=this_host(), pid=pid)  # no process start recorded
    state = inspect_lock(database)
    if lock_module.process_identity(pid) is None:
        pytest.skip("needs /proc")
    assert state is not None and state.stale and state.reason == "not a CSP Desktop process"


def test_a_live_holder_records_its_start_and_is_respected(database: Path) -> None:
    holder = start_instance(database)
    try:
        assert first_line(holder) == "acquired"
        state = inspect_lock(database)
        assert state is not None and state.info is not None
        if lock_module.process_identity(holder.pid) is not None:
            assert state.info.process_started == lock_module.process_identity(holder.pid)
        assert not state.stale
    finally:
        finish(holder)


@pytest.mark.parametrize("host", ["COUNCIL-PC-07", "this"])
def test_a_future_time_stamp_is_stale(database: Path, host: str) -> None:
    """F4: a machine with a wrong clock stamped the lock a day ahead; not held until then."""
    write_lock(
        database,
        host=this_host() if host == "this" else host,
        pid=os.getpid(),
        age_seconds=-24 * 3600,
    )
    state = inspect_lock(database)
    assert state is not None and state.stale and state.reason == "refreshed in the future"
    acquire_writer_lock(database).release()


def test_a_lock_not_refreshed_for_minutes_is_stale_even_on_this_host(
    database: Path, unrelated_process: object
) -> None:
    write_lock(database, host=this_host(), pid=os.getpid(), age_seconds=6 * 60)
    state = inspect_lock(database)
    assert state is not None and state.stale and state.reason == "not refreshed for a long time"


def test_take_over_names_the_holder_and_wins(database: Path) -> None:
    holder = start_instance(database, user="jane.smith")
    try:
        assert first_line(holder) == "acquired"
        with pytest.raises(LockHeld, match=r"jane\.smith on .* \(last active ") as held:
            acquire_writer_lock(database)
        assert held.value.refreshed_at is not None
        lock = WriterLock(database).take_over()
        assert lock.held and lock.recovered_from is not None
        assert lock.recovered_from.user == "jane.smith"
        lock.release()
    finally:
        finish(holder)
