"""A private session D-Bus with the AT-SPI accessibility bus on it, as a screen reader has.

`AccessibilityBus(display).start()` runs `dbus-launch`, the AT-SPI bus launcher and the
registry daemon for one virtual display, and switches accessibility on (the
`org.a11y.Status` properties a screen reader sets). `environment()` is what a process
needs to join it; `stop()` ends only the processes it started, by their ids.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

from tests.acceptance.desktop import wait_for

LIBEXEC = Path("/usr/libexec")
BUS_LAUNCHER = LIBEXEC / "at-spi-bus-launcher"
REGISTRY = LIBEXEC / "at-spi2-registryd"
SYSTEM_PYTHON = Path("/usr/bin/python3")


def missing_tools() -> list[str]:
    """What the bus test needs and this machine lacks (Debian package names)."""
    missing = []
    if shutil.which("dbus-launch") is None:
        missing.append("dbus-x11")
    if not BUS_LAUNCHER.exists() or not REGISTRY.exists():
        missing.append("at-spi2-core")
    has_pyatspi = SYSTEM_PYTHON.exists() and (
        subprocess.run(
            [str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True, timeout=30
        ).returncode
        == 0
    )
    if not has_pyatspi:
        missing.append("python3-pyatspi gir1.2-atspi-2.0")
    return missing


class AccessibilityBus:
    def __init__(self, display: str) -> None:
        self.display = display
        self.address = ""
        self._dbus_pid: int | None = None
        self._processes: list[subprocess.Popen[bytes]] = []

    def environment(self) -> dict[str, str]:
        return {
            "DISPLAY": self.display,
            "DBUS_SESSION_BUS_ADDRESS": self.address,
            "NO_AT_BRIDGE": "0",
        }

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "AT_SPI"))}
        env.update(DISPLAY=self.display)
        if self.address:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        return env

    def start(self) -> AccessibilityBus:
        done = subprocess.run(
            ["dbus-launch", "--sh-syntax"],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        for line in done.stdout.splitlines():
            name, _, value = line.partition("=")
            value = value.rstrip(";").strip("'\"")
            if name == "DBUS_SESSION_BUS_ADDRESS":
                self.address = value
            elif name == "DBUS_SESSION_BUS_PID":
                self._dbus_pid = int(value)
        if not self.address:
            raise RuntimeError(f"dbus-launch gave no address: {done.stdout!r}")
        self._processes.append(
            subprocess.Popen(
                [str(BUS_LAUNCHER), "--launch-immediately"],
                env=self._env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        wait_for(self._bus_answers, timeout=20, interval=0.2, what="the AT-SPI bus")
        self._processes.append(
            subprocess.Popen(
                [str(REGISTRY), "--use-gnome-session=false"],
                env=self._env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        for prop in ("IsEnabled", "ScreenReaderEnabled"):
            self._dbus_send(
                "org.freedesktop.DBus.Properties.Set",
                "string:org.a11y.Status",
                f"string:{prop}",
                "variant:boolean:true",
            )
        return self

    def _dbus_send(self, method: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.a11y.Bus",
                "/org/a11y/bus",
                method,
                *args,
            ],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=10,
        )

    def _bus_answers(self) -> bool:
        return self._dbus_send("org.a11y.Bus.GetAddress").returncode == 0

    def stop(self) -> None:
        for process in reversed(self._processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self._processes.clear()
        if self._dbus_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._dbus_pid, signal.SIGTERM)
            self._dbus_pid = None
