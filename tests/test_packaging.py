"""The wheel `pip install` makes carries what the app needs beside its code.

`resources/` sits at the top of the source (the PyInstaller spec and a checkout read it
there); pyproject.toml maps it into the wheel as `csp_desktop/resources`. Before, a wheel
held none of it: the app installed with pip had no Word template, no standing items and
no demo, and `csp-desktop demo` failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"
]


def test_the_package_list_names_every_package_and_the_resources() -> None:
    on_disk = {
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for init in (REPO_ROOT / "csp_desktop").rglob("__init__.py")
    }
    assert set(SETUPTOOLS["packages"]) == on_disk | {"csp_desktop.resources"}
    assert SETUPTOOLS["package-dir"]["csp_desktop.resources"] == "resources"


@pytest.mark.slow
def test_an_app_installed_from_the_wheel_finds_its_resources_and_builds_the_demo(
    tmp_path: Path,
) -> None:
    pytest.importorskip("wheel", reason="pip install -e '.[test]'")
    # Built from a copy: a build writes build/ and *.egg-info beside its sources.
    source = tmp_path / "source"
    for part in ("csp_desktop", "resources"):
        shutil.copytree(
            REPO_ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__")
        )
    for part in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / part, source / part)
    built = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
         "--no-build-isolation", "-q", "-w", str(built)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    (wheel_file,) = built.glob("csp_desktop-*.whl")
    shipped = set(zipfile.ZipFile(wheel_file).namelist())
    for resource in (REPO_ROOT / "resources").rglob("*"):
        if resource.is_file():
            assert f"csp_desktop/resources/{resource.relative_to(REPO_ROOT / 'resources')}" in (
                shipped
            )

    # Installed: the wheel unpacked on the path ahead of this checkout.
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel_file).extractall(installed)
    env = {**os.environ, "PYTHONPATH": str(installed), "CSP_DESKTOP_DATA_DIR": str(tmp_path / "d")}
    probe = subprocess.run(
        [sys.executable, "-c",
         "import csp_desktop, csp_desktop.paths as p; print(csp_desktop.__file__); "
         "print(p.resources_dir())"],
        check=True, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    package_file, resources = probe.stdout.split()
    assert Path(package_file).is_relative_to(installed)
    assert Path(resources) == installed / "csp_desktop" / "resources"
    demo = subprocess.run(
        [sys.executable, "-m", "csp_desktop", "--db", str(tmp_path / "demo.db"), "demo"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "demo.db").stat().st_size > 0
