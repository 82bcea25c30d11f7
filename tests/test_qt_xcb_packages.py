"""scripts/qt_xcb_packages.sh: the system packages Qt's xcb plugin still needs, found by
ldd on the plugin (setup.sh installs them); a library it cannot map stops it, named."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "qt_xcb_packages.sh"
needs_debian = pytest.mark.skipif(
    shutil.which("ldd") is None or shutil.which("dpkg-query") is None,
    reason="a Debian-style system with ldd and dpkg",
)


def run(python: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), python], capture_output=True, text=True, timeout=120, check=False
    )


@needs_debian
def test_this_venv_needs_nothing_or_only_package_names() -> None:
    done = run(sys.executable)
    assert done.returncode == 0, done.stderr
    for line in done.stdout.splitlines():
        assert re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", line), line


def fake_pyside(folder: Path, needed: list[str]) -> str:
    """A 'PySide6' whose xcb plugin links to libraries that do not exist here."""
    libraries = folder / "lib"
    plugin = folder / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    libraries.mkdir()
    plugin.parent.mkdir(parents=True)
    (folder / "PySide6" / "__init__.py").write_text("")
    source = folder / "a.c"
    source.write_text("int fake(void) { return 1; }\n")
    built = []
    for soname in needed:
        target = libraries / soname
        subprocess.run(
            ["gcc", "-shared", "-fPIC", "-o", str(target), f"-Wl,-soname,{soname}", str(source)],
            check=True,
        )
        built.append(str(target))
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-o", str(plugin), str(source), "-Wl,--no-as-needed", *built],
        check=True,
    )
    for target in built:
        os.remove(target)  # now "not found" for ldd
    python = folder / "python"
    python.write_text(f'#!/bin/sh\nPYTHONPATH={folder} exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    return str(python)


@needs_debian
@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc builds the fake plugin")
def test_a_library_nobody_can_map_stops_it_and_is_named(tmp_path: Path) -> None:
    python = fake_pyside(tmp_path, ["libzzq-nothing-like-it.so.7"])
    done = run(python)
    assert done.returncode == 1
    assert "libzzq-nothing-like-it.so.7" in done.stderr


def test_no_xcb_plugin_is_a_plain_failure(tmp_path: Path) -> None:
    (tmp_path / "PySide6").mkdir()
    (tmp_path / "PySide6" / "__init__.py").write_text("")
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\nPYTHONPATH={tmp_path} exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    done = run(str(python))
    assert done.returncode == 1
    assert "no xcb platform plugin" in done.stderr
