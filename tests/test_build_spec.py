"""build.spec, executed with stand-ins for PyInstaller's classes: what the bundle carries.

The real build runs in scripts/build_and_check.sh; this checks the lists cheaply on every
test run, so the spec cannot silently drop the migrations or the Word template.
"""

from __future__ import annotations

import ast
import re
import shutil
import struct
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import csp_desktop
from csp_desktop import cli, paths
from csp_desktop.storage import open_database
from csp_desktop.storage.database import SCHEMA_HEAD
from csp_desktop.storage.migrate import migrations_dir

PYINSTALLER = pytest.importorskip("PyInstaller", reason="pip install -e '.[build]'")

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC = REPO_ROOT / "build.spec"
PROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# Places files land in a real bundle (Linux and Windows names), and whether we keep them.
SAMPLE_FILES = {
    "PySide6/Qt/lib/libQt6Core.so.6": True,
    "PySide6/Qt/lib/libQt6Gui.so.6": True,
    "PySide6/Qt/lib/libQt6Widgets.so.6": True,
    "PySide6/Qt/lib/libQt6PrintSupport.so.6": True,
    "PySide6/Qt/lib/libQt6Svg.so.6": True,
    "PySide6/Qt/lib/libQt6DBus.so.6": True,
    "PySide6/Qt/lib/libQt6XcbQpa.so.6": True,
    "PySide6/Qt/lib/libicudata.so.73": True,
    "PySide6/Qt/plugins/platforms/libqxcb.so": True,
    "PySide6/Qt/plugins/platforms/libqoffscreen.so": True,
    "PySide6/Qt/plugins/platforms/libqwayland.so": True,
    "PySide6/Qt/plugins/imageformats/libqico.so": True,
    "PySide6/Qt/plugins/imageformats/libqsvg.so": True,
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so": True,
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so": True,
    "PySide6/Qt6Core.dll": True,
    "PySide6/Qt6Widgets.dll": True,
    "PySide6/plugins/platforms/qwindows.dll": True,
    "PySide6/plugins/styles/qmodernwindowsstyle.dll": True,
    "PySide6/QtWidgets.pyd": True,
    "lxml/etree.cpython-311-x86_64-linux-gnu.so": True,
    "libpython3.11.so.1.0": True,
    "libfontconfig.so.1": True,
    "docx/templates/default.docx": True,
    "PySide6/Qt/lib/libQt6WebEngineCore.so.6": False,
    "PySide6/Qt/lib/libQt6Quick.so.6": False,
    "PySide6/Qt/lib/libQt6Qml.so.6": False,
    "PySide6/Qt/lib/libQt6Pdf.so.6": False,
    "PySide6/Qt/lib/libQt6Network.so.6": False,
    "PySide6/Qt/lib/libQt63DCore.so.6": False,
    "PySide6/Qt/lib/libQt6Multimedia.so.6": False,
    "PySide6/Qt/lib/libQt6Designer.so.6": False,
    "PySide6/Qt/plugins/tls/libqopensslbackend.so": False,
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so": False,
    "PySide6/Qt/plugins/qmltooling/libqmldbg_tcp.so": False,
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so": False,
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so": False,
    "PySide6/Qt/plugins/platforms/libqvnc.so": False,
    "PySide6/Qt/plugins/imageformats/libqpdf.so": False,
    "PySide6/Qt/translations/qtbase_de.qm": False,
    "PySide6/translations/qt_fr.qm": False,
    "PySide6/Qt6WebEngineCore.dll": False,
    "PySide6/opengl32sw.dll": False,
    "libgtk-3.so.0": False,
    "libcairo.so.2": False,
    "libkrb5.so.3": False,
}


class Recorder:
    """Stands in for EXE, PYZ and COLLECT: keeps what the spec passed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs


class FakeAnalysis(Recorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.binaries = [(name, f"/src/{name}", "BINARY") for name in SAMPLE_FILES]
        self.datas = [(name, f"/src/{name}", "DATA") for name in SAMPLE_FILES]
        self.scripts: list[Any] = []
        self.pure: list[Any] = []


def run_spec(workpath: Path, platform: str | None = None) -> dict[str, Any]:
    namespace: dict[str, Any] = {
        "SPECPATH": str(REPO_ROOT),
        "workpath": str(workpath),
        "Analysis": FakeAnalysis,
        "PYZ": Recorder,
        "EXE": Recorder,
        "COLLECT": Recorder,
    }
    real_platform = sys.platform
    try:
        if platform:
            sys.platform = platform
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.platform = real_platform
    return namespace


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_spec(tmp_path_factory.mktemp("work"), platform="linux")  # as CI builds it


def test_name_and_version_come_from_pyproject(spec: dict[str, Any]) -> None:
    assert spec["APP_NAME"] == PROJECT["name"] == cli.PROG
    assert spec["APP_VERSION"] == PROJECT["version"] == csp_desktop.__version__
    assert spec["DISPLAY_NAME"] == csp_desktop.APP_NAME
    (main_exe,) = spec["executables"]
    assert main_exe.kwargs["name"] == PROJECT["name"]
    assert spec["coll"].kwargs["name"] == PROJECT["name"]


def test_every_migration_script_is_shipped_where_alembic_looks(spec: dict[str, Any]) -> None:
    datas = set(spec["DATAS"])
    source = REPO_ROOT / "csp_desktop" / "storage" / "migrations"
    dest = "csp_desktop/storage/migrations"
    assert (str(source / "env.py"), dest) in datas
    assert (str(source / "script.py.mako"), dest) in datas
    scripts = sorted((source / "versions").glob("*.py"))
    assert scripts
    for script in scripts:
        assert (str(script), f"{dest}/versions") in datas


def test_resources_and_library_data_are_shipped(spec: dict[str, Any]) -> None:
    datas = spec["DATAS"]
    assert (str(REPO_ROOT / "resources"), "resources") in datas
    docx_templates = [src for src, dest in datas if dest.startswith("docx/templates")]
    assert any(Path(src).name == "default.docx" for src in docx_templates)
    from PyInstaller.utils.hooks import collect_data_files

    assert set(collect_data_files("openpyxl")) <= set(datas)  # none today: pure Python


def test_python_docx_ships_as_files_so_its_relative_paths_resolve(spec: dict[str, Any]) -> None:
    """docx/parts/hdrftr.py opens `parts/../templates/default-header.xml`: headers and
    footers (every minutes export) fail in the bundle unless docx/parts/ is a folder."""
    assert spec["a"].kwargs["module_collection_mode"]["docx"] == "py"


@pytest.mark.real_migrations
def test_the_bundle_layout_opens_and_migrates_a_database(
    spec: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lay the data files out as PyInstaller would, then run the app's lookups there."""
    bundle = tmp_path / "_internal"
    for src, dest in spec["DATAS"]:
        source = Path(src)
        if source.is_dir():  # a folder's contents land in the destination folder
            shutil.copytree(source, bundle / dest, dirs_exist_ok=True)
        else:
            (bundle / dest).mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, bundle / dest / source.name)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)

    assert migrations_dir() == bundle / "csp_desktop" / "storage" / "migrations"
    assert (paths.resources_dir() / "icon.png").is_file()
    assert (paths.resources_dir() / "standing_items.json").is_file()
    # The demo archive's content (services/demo_content.py reads it from the bundle too).
    shipped = REPO_ROOT / "resources" / "demo"
    names = sorted(path.name for path in shipped.glob("*.json"))
    assert {"partnership.json", "board.json", "texts.json", "rhythm.json"} <= set(names)
    for name in names:
        assert (paths.resources_dir() / "demo" / name).is_file()
    database = open_database(tmp_path / "fresh.db")
    try:
        with database.engine.connect() as connection:
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert revision.scalar() == SCHEMA_HEAD
    finally:
        database.close()


def test_lazily_imported_handlers_are_hidden_imports(spec: dict[str, Any]) -> None:
    hidden = set(spec["HIDDEN_IMPORTS"])
    import importlib.util

    for target in cli.HANDLERS.values():
        module = target.partition(":")[0]
        if importlib.util.find_spec(module) is not None:
            assert module in hidden, module
    assert "alembic.runtime.migration" in hidden
    assert "alembic.ddl.sqlite" in hidden
    assert not any(".migrations" in name for name in hidden)


def test_the_postgresql_driver_is_collected_when_installed(spec: dict[str, Any]) -> None:
    import importlib.util

    hidden = set(spec["HIDDEN_IMPORTS"])
    if importlib.util.find_spec("psycopg") is None:
        pytest.skip("psycopg is not installed (pip install -e '.[team]')")
    assert {"psycopg", "sqlalchemy.dialects.postgresql.psycopg"} <= hidden
    if importlib.util.find_spec("psycopg_binary") is not None:
        assert "psycopg_binary.pq" in hidden


def test_no_qt_module_the_app_imports_is_excluded(spec: dict[str, Any]) -> None:
    excluded = set(spec["EXCLUDES"])
    used = set()
    for source in (REPO_ROOT / "csp_desktop").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    assert used, "the GUI imports some Qt modules"
    for module in used:
        assert f"PySide6.{module}" not in excluded, module
    assert "PySide6.QtNetwork" in excluded
    assert "PySide6.QtWebEngineCore" in excluded


@pytest.mark.parametrize(("dest_name", "kept"), SAMPLE_FILES.items())
def test_keep_file(spec: dict[str, Any], dest_name: str, kept: bool) -> None:
    assert spec["keep_file"](dest_name) is kept
    assert spec["keep_file"](dest_name.replace("/", "\\")) is kept


def test_the_analysis_lists_are_filtered(spec: dict[str, Any]) -> None:
    wanted = {name for name, kept in SAMPLE_FILES.items() if kept}
    assert {entry[0] for entry in spec["a"].binaries} == wanted
    assert {entry[0] for entry in spec["a"].datas} == wanted


def test_linux_build_is_windowed_stripped_and_not_upx_packed(spec: dict[str, Any]) -> None:
    (main_exe,) = spec["executables"]
    assert main_exe.kwargs["console"] is False
    assert main_exe.kwargs["upx"] is False
    assert main_exe.kwargs["exclude_binaries"] is True
    assert main_exe.kwargs["strip"] is True


def test_windows_build_has_icon_version_resource_and_a_console_twin(tmp_path: Path) -> None:
    spec = run_spec(tmp_path, platform="win32")

    windowed, console = spec["executables"]
    assert (windowed.kwargs["name"], windowed.kwargs["console"]) == ("csp-desktop", False)
    assert (console.kwargs["name"], console.kwargs["console"]) == ("csp-desktop-cli", True)
    for exe in (windowed, console):
        assert exe.kwargs["icon"] == [str(REPO_ROOT / "resources" / "icon.ico")]
        assert exe.kwargs["strip"] is False
        assert Path(exe.kwargs["version"]).is_file()
    assert spec["coll"].args[:2] == (windowed, console)


def _versioninfo_signatures() -> dict[str, set[str]]:
    """Keyword names of PyInstaller's version-resource classes (that module imports
    Windows-only packages, so read its source instead of importing it)."""
    source = Path(PYINSTALLER.__file__).parent / "utils" / "win32" / "versioninfo.py"
    signatures = {}
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    signatures[node.name] = {arg.arg for arg in item.args.args[1:]}
    return signatures


def test_version_resource_is_what_pyinstaller_reads(tmp_path: Path) -> None:
    spec = run_spec(tmp_path, platform="win32")
    signatures = _versioninfo_signatures()
    built: dict[str, list[Recorder]] = {}

    def stand_in(name: str) -> type[Recorder]:
        class Checked(Recorder):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                assert set(kwargs) <= signatures[name], (name, kwargs)
                assert len(args) + len(kwargs) <= len(signatures[name]), name
                super().__init__(*args, **kwargs)
                built.setdefault(name, []).append(self)

        return Checked

    text = Path(spec["VERSION_FILE"]).read_text(encoding="utf-8")
    eval(text, {name: stand_in(name) for name in signatures})  # as PyInstaller's loader does

    (ffi,) = built["FixedFileInfo"]
    expected = tuple(int(part) for part in PROJECT["version"].split("."))
    assert ffi.kwargs["filevers"][: len(expected)] == expected
    assert ffi.kwargs["prodvers"] == ffi.kwargs["filevers"]
    strings = {s.args[0]: s.args[1] for s in built["StringStruct"]}
    assert strings["ProductVersion"] == strings["FileVersion"] == PROJECT["version"]
    assert strings["OriginalFilename"] == "csp-desktop.exe"
    assert strings["ProductName"] == csp_desktop.APP_NAME
    assert built["StringTable"][0].args[0] == "080904B0"  # English (United Kingdom)


def test_the_icon_file_holds_the_sizes_windows_uses() -> None:
    data = (REPO_ROOT / "resources" / "icon.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    sizes = set()
    for index in range(count):
        width, _height, _colours, _res, planes, bits, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + size <= len(data)
        assert (planes, bits) == (1, 32)
        sizes.add(width or 256)
    assert (reserved, kind) == (0, 1)
    assert {16, 24, 32, 48, 256} <= sizes
