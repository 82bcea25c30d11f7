"""A virtual X display (Xvfb), real key events on it (xdotool), and the app in it.

xdotool without `--window` sends keys through the XTest extension, exactly as a keyboard
does: each key goes wherever the X server's input focus is, so a test learns where focus
really is rather than choosing a widget. Nothing here looks inside the app: results are
read back through its command line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

T = TypeVar("T")

# Display numbers tried, in order; :11 and :12 are left to people sharing the machine.
DISPLAYS = range(13, 20)
SCREEN = "1366x768x24"
WINDOW_NAME = "CSP Desktop –"  # every main window's title has it (meeting – app – file)


def missing_tools() -> list[str]:
    return [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]


def wait_for(
    condition: Callable[[], T], *, timeout: float, interval: float = 0.1, what: str = ""
) -> T:
    """Poll `condition` until it returns something truthy; TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what or condition}")
        time.sleep(interval)


class VirtualDisplay:
    """Xvfb on the first free display in DISPLAYS; `stop()` ends only that server."""

    def __init__(self, screen: str = SCREEN, displays: range = DISPLAYS) -> None:
        self.screen = screen
        self.displays = displays
        self.name = ""
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> VirtualDisplay:
        for number in self.displays:
            if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
                continue
            process = subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", self.screen, "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            socket = Path(f"/tmp/.X11-unix/X{number}")
            try:
                wait_for(
                    lambda p=process, s=socket: s.exists() or p.poll() is not None,  # type: ignore[misc]
                    timeout=15,
                    interval=0.05,
                    what=f"Xvfb :{number}",
                )
            except TimeoutError:
                process.kill()
                process.wait()
                continue
            # Ours only if it answers and is still alive after: a server that lost a race
            # for this number to another starting at once exits a moment after the
            # winner's socket appears, and the display would vanish with the winner.
            if self._answers(f":{number}") and process.poll() is None:
                self._process, self.name = process, f":{number}"
                return self
            if process.poll() is None:
                process.kill()
                process.wait()
            # Lost a race for this number with another server starting: try the next one.
        raise RuntimeError(f"no free X display among :{self.displays[0]}-:{self.displays[-1]}")

    @staticmethod
    def _answers(display: str, timeout: float = 10) -> bool:
        """True once an X client can open `display` (xdotool asks its screen size)."""
        env = {**os.environ, "DISPLAY": display}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = subprocess.run(
                ["xdotool", "getdisplaygeometry"], env=env, capture_output=True, timeout=10
            )
            if done.returncode == 0:
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None


class Keyboard:
    """xdotool on one display: type, press keys, find and read windows."""

    def __init__(self, display: str) -> None:
        self.display = display

    def run(self, *args: str, timeout: float = 20) -> str:
        env = {**os.environ, "DISPLAY": self.display}
        done = subprocess.run(
            ["xdotool", *args], env=env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(f"xdotool {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout.strip()

    def type(self, text: str, delay_ms: int = 40) -> None:
        """Type like a person: one key event per character, `delay_ms` apart."""
        # xdotool types "\n" as Linefeed, which Qt does not take for Enter: press Return.
        for number, line in enumerate(text.split("\n")):
            if number:
                self.run("key", "Return")
                time.sleep(delay_ms / 1000)
            # Long text in chunks, so no single xdotool call outlives its timeout.
            for start in range(0, len(line), 200):
                chunk = line[start : start + 200]
                self.run(
                    "type", "--delay", str(delay_ms), "--", chunk, timeout=30 + len(chunk) * 0.2
                )

    def key(self, *keys: str) -> None:
        for name in keys:
            self.run("key", "--delay", "60", name)
            time.sleep(0.05)

    def find_window(self, name: str = WINDOW_NAME, timeout: float = 60) -> str:
        """The id of a visible window whose title contains `name` (waits for it)."""
        found = self.run("search", "--sync", "--onlyvisible", "--name", name, timeout=timeout)
        return found.splitlines()[-1]

    def title(self, window: str) -> str:
        try:
            return self.run("getwindowname", window, timeout=5)
        except (RuntimeError, subprocess.TimeoutExpired):
            return ""

    def focus(self, window: str) -> None:
        self.run("windowfocus", "--sync", window)

    def visible_windows(self, name: str) -> list[str]:
        try:
            return self.run("search", "--onlyvisible", "--name", name, timeout=5).splitlines()
        except RuntimeError:  # xdotool exits 1 when nothing matches
            return []


class AppProcess:
    """`csp-desktop --db DB` as a separate process on the virtual display (xcb platform)."""

    def __init__(self, db: Path, display: str, home: Path, log: Path) -> None:
        self.db, self.display, self.home, self.log = db, display, home, log
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    @staticmethod
    def command() -> list[str]:
        """The venv's own `csp-desktop` (the one these tests run in)."""
        script = Path(sys.executable).parent / "csp-desktop"
        return [str(script)] if script.exists() else [sys.executable, "-m", "csp_desktop"]

    def environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("QT_", "CSP_DESKTOP_", "PYTEST", "XDG_"))
        }
        env.update(
            DISPLAY=self.display,
            QT_QPA_PLATFORM="xcb",  # the suite runs under QT_QPA_PLATFORM=offscreen
            HOME=str(self.home),
            CSP_DESKTOP_DATA_DIR=str(self.home / "data"),
            XDG_CONFIG_HOME=str(self.home / "config"),
            LANG="C.UTF-8",
        )
        return env

    def start(self) -> AppProcess:
        self.home.mkdir(parents=True, exist_ok=True)
        self._log_file = self.log.open("ab")
        self.process = subprocess.Popen(
            [*self.command(), "--db", str(self.db)],
            env=self.environment(),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill_hard(self) -> None:
        """`kill -9`: no chance to save, flush or close anything."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self._close_log()

    def wait_exit(self, timeout: float) -> int | None:
        if self.process is None:
            return None
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        finally:
            if self.process.poll() is not None:
                self._close_log()

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


@contextlib.contextmanager
def virtual_display() -> Iterator[VirtualDisplay]:
    display = VirtualDisplay().start()
    try:
        yield display
    finally:
        display.stop()


def require_tools() -> None:
    """Skip when Xvfb or xdotool is missing on a developer's machine; fail in CI (CI=true),
    which must prove the real window works (`scripts/setup.sh` installs both)."""
    import pytest

    missing = missing_tools()
    if not missing:
        return
    what = " and ".join(missing)
    verb = "are" if len(missing) > 1 else "is"
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(
            f"CI must run the real-window suite, but {what} {verb} missing: "
            "run scripts/setup.sh as root (it installs xvfb and xdotool)",
            pytrace=False,
        )
    pytest.skip(f"the real-window suite needs {what}: apt-get install xvfb xdotool")


_GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
image = app.primaryScreen().grabWindow(0)  # the root window: the screen as the X server has it
sys.exit(0 if image.save(sys.argv[1]) else 1)
"""


def screenshot(display: str, path: Path) -> Path:
    """A PNG of the whole virtual screen, read back from the X server (not from the app)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    subprocess.run([sys.executable, "-c", _GRAB, str(path)], env=env, check=True, timeout=60)
    return path
