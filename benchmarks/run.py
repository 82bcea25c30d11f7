"""Measure CSP Desktop against its floors and print the table (issue 6).

    python benchmarks/run.py [--quick] [--archive PATH] [--small-archive PATH]
                             [--json FILE] [--report FILE]

Every ratio is measured against its floor in the same run (the machines are noisy;
ratios hold), launches alternating between floor and app: the latest meeting painted and
peak memory against the bare window that imports SQLAlchemy's ORM (issue 13: SQLAlchemy
stays the one data layer), the start-up frame against the bare window without it, the
Word minutes against python-docx writing the same paragraphs bare, the Excel tracker
against openpyxl writing the same cells bare. Typing, switching and search have absolute
targets. Each row says PASS or MISS against its target. Archives are built with
`make_archive.py` (cached under benchmarks/.archives/ unless --archive is given).

`--report FILE` writes the table, the notes, the import profile, the command and the
load average as Markdown (docs/benchmarks.md links the latest one).

`--quick` (CI) uses a one-year archive for everything and few repetitions, so the
benchmarks cannot rot; it asserts nothing about the figures: they are for people.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PYTHON = sys.executable
CACHE = HERE / ".archives"


@dataclass
class Figure:
    """One row of the table."""

    name: str
    floor: str
    ours: str
    ratio: float | None
    target: str
    met: bool
    note: str = ""


# --- helpers ---------------------------------------------------------------------------


def _environment(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # The app's settings, logs and backups go to a scratch folder, never the user's.
    env["CSP_DESKTOP_DATA_DIR"] = str(scratch / "appdata")
    env.pop("CSP_DESKTOP_DB", None)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _spawn_measured(argv: list[str], env: dict[str, str]) -> tuple[dict[str, float], int, str]:
    """Run a child: its `event wall-clock` lines as offsets from the spawn (and, as
    `cpu`, the CPU seconds it used in all: less moved by other processes than the wall
    clock), its peak resident memory (KiB, from os.wait4) and its stdout."""
    started = time.time()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(argv, stdout=out, stderr=err, env=env, text=True)
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}):\n{stderr[-2000:]}")
    events: dict[str, float] = {"cpu": usage.ru_utime + usage.ru_stime}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("first_paint", "meeting_painted"):
            events[parts[0]] = float(parts[1]) - started
    return events, int(usage.ru_maxrss), stdout


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _ratio_figure(
    name: str, floor_s: float, ours_s: float, limit: float, *, unit: Callable[[float], str] = _ms
) -> Figure:
    ratio = ours_s / floor_s if floor_s > 0 else float("inf")
    return Figure(name, unit(floor_s), unit(ours_s), ratio, f"≤ {limit:g}×", ratio <= limit)


def _absolute_figure(name: str, value_ms: float, limit_ms: float, note: str = "") -> Figure:
    return Figure(
        name, "—", f"{value_ms:.1f} ms", None, f"≤ {limit_ms:g} ms", value_ms <= limit_ms, note
    )


def _interleaved_medians(
    floor_step: Callable[[], Any], our_step: Callable[[], Any], repeats: int
) -> tuple[float, float]:
    """Median seconds of each step, run in turn (floor, ours, floor, ...), so a busy
    moment of the machine falls on both rather than on one."""
    floor_times, our_times = [], []
    for _ in range(repeats):
        for step, times in ((floor_step, floor_times), (our_step, our_times)):
            started = time.perf_counter()
            step()
            times.append(time.perf_counter() - started)
    return statistics.median(floor_times), statistics.median(our_times)


# --- archives --------------------------------------------------------------------------


def ensure_archive(years: int, given: Path | None) -> Path:
    if given is not None:
        if not given.exists():
            raise SystemExit(f"{given} does not exist; build it with benchmarks/make_archive.py")
        return given
    from csp_desktop.storage.database import SCHEMA_HEAD

    CACHE.mkdir(exist_ok=True)
    # Keyed by the schema: an archive cached by an older version would be refused read-only.
    path = CACHE / f"archive-{years}y-{SCHEMA_HEAD}.db"
    if not path.exists():
        from benchmarks.make_archive import build_archive

        print(f"Building a {years}-year archive at {path} (once)…", file=sys.stderr, flush=True)
        partial = path.with_suffix(".partial.db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        stats = build_archive(partial, years=years)
        partial.rename(path)
        print(f"  {stats.summary()}", file=sys.stderr, flush=True)
    return path


def _copy(archive: Path, scratch: Path, name: str) -> Path:
    target = scratch / name
    shutil.copyfile(archive, target)
    return target


# --- the figures -----------------------------------------------------------------------


# Issue 13: SQLAlchemy stays the one data layer, so the floor for the meeting painted and
# for memory is the bare window that imports SQLAlchemy's ORM (`bare_window.py --with-orm`).
READY_LIMIT = 1.5  # latest meeting painted, against the ORM window's paint
MEMORY_LIMIT = 1.2  # peak RSS, against the ORM window's
FIRST_PAINT_LIMIT = 1.3  # the start-up frame, against the bare window (no ORM) it mirrors


def startup_figures(archive: Path, scratch: Path, runs: int) -> tuple[list[Figure], str]:
    """Start-ups of the bare window, the ORM window and the app, in turn (one of each per
    round, so a busy moment of the machine falls on all three), medians of `runs` each."""
    env = _environment(scratch)
    database = _copy(archive, scratch, "startup.db")
    bare_paint, bare_memory, app_paint, app_ready, app_memory = [], [], [], [], []
    orm_paint, orm_memory, orm_cpu, app_cpu = [], [], [], []
    for _ in range(runs):  # interleaved, so all see the same machine
        events, memory, _ = _spawn_measured([PYTHON, str(HERE / "bare_window.py")], env)
        bare_paint.append(events["first_paint"])
        bare_memory.append(memory)
        events, memory, _ = _spawn_measured(
            [PYTHON, str(HERE / "bare_window.py"), "--with-orm"], env
        )
        orm_paint.append(events["first_paint"])
        orm_memory.append(memory)
        orm_cpu.append(events["cpu"])
        events, memory, _ = _spawn_measured(
            [PYTHON, str(HERE / "startup_probe.py"), str(database)], env
        )
        app_paint.append(events["first_paint"])
        app_ready.append(events["meeting_painted"])
        app_memory.append(memory)
        app_cpu.append(events["cpu"])
    floor = statistics.median(bare_paint)
    memory_floor = statistics.median(bare_memory) / 1024
    orm_floor = statistics.median(orm_paint)
    orm_memory_floor = statistics.median(orm_memory) / 1024
    ready_s = statistics.median(app_ready)
    memory_mib = statistics.median(app_memory) / 1024
    ready = _ratio_figure(
        "Start-up: latest meeting painted (vs ORM window)", orm_floor, ready_s, READY_LIMIT
    )
    ready.note = (
        f"{runs} launches of each, in turn; ORM window "
        f"{', '.join(_ms(t) for t in orm_paint)}; ours {', '.join(_ms(t) for t in app_ready)}"
        f"; against the bare window without the ORM ({_ms(floor)}): {ready_s / floor:.2f}×"
        f"; CPU time to the end of the run (less moved by machine load): ORM window "
        f"{_ms(statistics.median(orm_cpu))}, ours {_ms(statistics.median(app_cpu))}, "
        f"{statistics.median(app_cpu) / statistics.median(orm_cpu):.2f}×"
    )
    peak = _ratio_figure(
        "Peak memory, max RSS (vs ORM window)",
        orm_memory_floor,
        memory_mib,
        MEMORY_LIMIT,
        unit=lambda mib: f"{mib:.0f} MiB",
    )
    peak.note = (
        f"the bare window without the ORM peaks at {memory_floor:.0f} MiB: "
        f"ours is {memory_mib / memory_floor:.2f}× that"
    )
    first = _ratio_figure(
        "Start-up: window first paint (vs bare window)",
        floor,
        statistics.median(app_paint),
        FIRST_PAINT_LIMIT,
    )
    return [first, ready, peak], import_profile(database, env)


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def _own_import_times(argv: list[str], env: dict[str, str]) -> dict[str, int]:
    """Module -> its own import time (µs) under `python -X importtime`."""
    child = subprocess.run(
        [PYTHON, "-X", "importtime", *argv], capture_output=True, text=True, env=env, check=True
    )
    own: dict[str, int] = {}
    for line in child.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            own[match.group(4)] = int(match.group(1))
    return own


def import_profile(database: Path, env: dict[str, str], top: int = 12) -> str:
    """`python -X importtime` of the real start-up to the first painted meeting: top
    packages by their own import time, what it loads beyond the ORM window (the floor),
    and whether anything the first screen does not use (`NOT_AT_STARTUP`) was loaded."""
    from benchmarks.startup_probe import NOT_AT_STARTUP

    ours = _own_import_times([str(HERE / "startup_probe.py"), str(database)], env)
    floor = _own_import_times([str(HERE / "bare_window.py"), "--with-orm"], env)

    def package(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2]) if parts[0] == "csp_desktop" else parts[0]

    def by_package(modules: dict[str, int]) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for module, micro in modules.items():
            totals[package(module)] = totals.get(package(module), 0) + micro
        return sorted(totals.items(), key=lambda kv: kv[1], reverse=True)

    beyond = {m: t for m, t in ours.items() if m not in floor}
    outside_app = {m: t for m, t in beyond.items() if not m.startswith("csp_desktop")}
    lines = [
        f"Import time of the start-up path: {sum(ours.values()) / 1e6:.2f} s in all "
        f"(the ORM window: {sum(floor.values()) / 1e6:.2f} s); top packages:"
    ]
    lines += [f"  {name:<32} {micro / 1000:7.0f} ms" for name, micro in by_package(ours)[:top]]
    lines.append(
        f"Loaded beyond the ORM window: {len(beyond)} modules, "
        f"{sum(beyond.values()) / 1000:.0f} ms; outside csp_desktop: "
        + ", ".join(f"{name} {micro / 1000:.0f} ms" for name, micro in by_package(outside_app))
    )
    denied = sorted(m for m in ours for d in NOT_AT_STARTUP if m == d or m.startswith(d + "."))
    lines.append(
        "Not used by the first screen, yet loaded: "
        + (", ".join(denied) if denied else "none")
        + f" (of {len(NOT_AT_STARTUP)} checked: benchmarks/startup_probe.py NOT_AT_STARTUP)"
    )
    return "\n".join(lines)


def _gui(figure: str, database: Path, scratch: Path, extra: list[str]) -> dict[str, Any]:
    env = _environment(scratch)
    child = subprocess.run(
        [PYTHON, str(HERE / "gui_figures.py"), figure, str(database), *extra],
        capture_output=True,
        text=True,
        env=env,
    )
    if child.returncode != 0:
        raise RuntimeError(f"gui_figures {figure} failed:\n{child.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def typing_figures(
    archive: Path, scratch: Path, quick: bool
) -> tuple[list[Figure], dict[str, Any]]:
    database = _copy(archive, scratch, "typing.db")
    result = _gui(
        "typing",
        database,
        scratch,
        ["--characters", "400" if quick else "2000", "--realtime-seconds", "2" if quick else "20"],
    )
    stall = result["stall_ms"]
    realtime = result["realtime"]
    plain = result["autosave_ms"]
    synced = result["autosave_with_action_sync_ms"]
    figures = [
        _absolute_figure(
            f"Typing {result['characters']} chars: stall p99",
            stall["p99"],
            8,
            f"real time {realtime['seconds']:.0f} s: p99 {realtime['stall_p99_ms']:.1f} ms",
        ),
        _absolute_figure(
            "Typing: longest stall",
            stall["max"],
            16,
            f"real time: max {realtime['stall_max_ms']:.1f} ms",
        ),
        Figure(
            "One autosave on the GUI thread (text / with ACTION sync)",
            "—",
            f"{plain['median']:.1f} / {synced['median']:.1f} ms",
            None,
            "(reported)",
            True,
            f"hands the work to the writer thread; "
            f"{result['statements_per_autosave']['max']} SQL statements here",
        ),
    ]
    background = result.get("background")
    if background:  # the writer thread's side of the same autosaves
        text_save = background["text_save_ms"]
        sync = background["save_with_action_sync_ms"]
        statements = background["statements_per_sync"]
        figures.append(
            Figure(
                "One ACTION sync (background)",
                "—",
                f"{sync['median']:.1f} ms",
                None,
                "(reported)",
                True,
                f"text save + sync, {sync['count']} runs, max {sync['max']:.1f} ms, "
                f"{statements['min']}-{statements['max']} SQL statements; "
                f"text-only save {text_save['median']:.1f} ms (max {text_save['max']:.1f})",
            )
        )
    return figures, result


def switching_figures(
    archives: dict[str, Path], scratch: Path, quick: bool
) -> tuple[list[Figure], dict[str, Any]]:
    results = {}
    for label, archive in archives.items():
        database = _copy(archive, scratch, f"switch-{label}.db")
        results[label] = _gui("switch", database, scratch, ["--meetings", "3" if quick else "12"])
    largest = list(archives)[-1]
    big = results[largest]
    figures = []

    def statements(kind: str) -> str:
        spans = []
        for label, result in results.items():
            if kind == "meeting":
                low, high = result["meeting_statements"]["min"], result["meeting_statements"]["max"]
            else:
                low = result["tabs"][kind]["statements_min"]
                high = result["tabs"][kind]["statements_max"]
            spans.append(f"{label}: {low}-{high}")
        return "SQL per switch " + ", ".join(spans)

    def constant(kind: str) -> bool:
        """The largest archive needs no more statements than the smallest (give or take
        two): the shape of the queries does not grow with the archive. Fewer is no fault:
        a loader that finds no rows (no chairs, no priorities) sends no query."""
        highs = []
        for result in results.values():  # smallest archive first
            if kind == "meeting":
                highs.append(result["meeting_statements"]["max"])
            else:
                highs.append(result["tabs"][kind]["statements_max"])
        return highs[-1] <= highs[0] + 2

    figure = _absolute_figure(
        "Switch meeting (max)", big["meeting_ms"]["max"], 100, statements("meeting")
    )
    figure.met = figure.met and constant("meeting")
    figures.append(figure)
    for tab, values in big["tabs"].items():
        figure = _absolute_figure(f"Switch to {tab} tab (max)", values["max"], 100, statements(tab))
        figure.met = figure.met and constant(tab)
        figures.append(figure)
    if big["tabs"]:
        slowest = max(big["tabs"], key=lambda tab: big["tabs"][tab]["max"])
        figures.insert(
            0,
            _absolute_figure(
                f"Every tab switch (max of {len(big['tabs'])} tabs)",
                big["tabs"][slowest]["max"],
                100,
                f"slowest: {slowest}, {len(archives)} archive(s), "
                f"{big['switches'] + 1} meetings each",
            ),
        )
    return figures, results


def word_figure(archive: Path, scratch: Path, repeats: int) -> Figure:
    import docx
    from sqlalchemy import func, select

    from csp_desktop.exports.minutes_docx import write_minutes
    from csp_desktop.models import AgendaItem
    from csp_desktop.services.export_data import minutes_data
    from csp_desktop.storage import open_database

    database = open_database(archive, read_only=True)
    try:
        with database.session() as session:
            counts = session.execute(
                select(AgendaItem.meeting_id, func.count(AgendaItem.id)).group_by(
                    AgendaItem.meeting_id
                )
            ).all()
            meeting_id, items = min(counts, key=lambda row: (abs(row[1] - 15), -row[0]))
        output = scratch / "minutes.docx"
        generated = dt.datetime(2026, 1, 1, 12, 0)

        def ours() -> None:
            with database.session() as session:
                data = minutes_data(session, meeting_id, generated_at=generated)
            write_minutes(data, output)

        first_started = time.perf_counter()
        ours()  # the first export also prepares the template and compiles the statements
        first_export = time.perf_counter() - first_started
        written = docx.Document(str(output))
        paragraphs = [
            (p.text, p.style.name if p.style is not None else None) for p in written.paragraphs
        ]
        tables = [
            [[cell.text for cell in row.cells] for row in table.rows] for table in written.tables
        ]
        bare_output = scratch / "bare.docx"

        def bare() -> None:
            document = docx.Document()
            for text, _style in paragraphs:
                document.add_paragraph(text)
            for rows in tables:
                table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
                for r, cells in enumerate(rows):
                    for c, text in enumerate(cells):
                        table.cell(r, c).text = text
            document.save(str(bare_output))

        bare()
        floor, mine = _interleaved_medians(bare, ours, repeats)
    finally:
        database.close()
    figure = _ratio_figure(f"Word minutes, {items}-item meeting", floor, mine, 1.5)
    figure.note = (
        f"{len(paragraphs)} paragraphs, {len(tables)} tables; the first export in the "
        f"process (template prepared, SQL compiled) {_ms(first_export)}"
    )
    return figure


def excel_figure(archive: Path, scratch: Path, repeats: int) -> Figure:
    import openpyxl

    from csp_desktop.exports.actions_xlsx import write_tracker
    from csp_desktop.services.export_data import tracker_data
    from csp_desktop.storage import open_database

    database = open_database(archive, read_only=True)
    output = scratch / "tracker.xlsx"
    exported = dt.datetime(2026, 1, 1, 12, 0)
    try:

        def ours() -> int:
            with database.session() as session:
                data = tracker_data(session, exported_at=exported)
            write_tracker(data, output)
            return len(data.rows)

        rows = ours()
        workbook = openpyxl.load_workbook(output)
        sheets = [
            (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
            for sheet in workbook.worksheets
        ]
        bare_output = scratch / "bare.xlsx"

        def bare() -> None:
            book = openpyxl.Workbook()
            book.remove(book.active)
            for title, values in sheets:
                sheet = book.create_sheet(title)
                for row in values:
                    sheet.append(row)
            book.save(str(bare_output))

        bare()
        floor, mine = _interleaved_medians(bare, ours, repeats)
    finally:
        database.close()
    figure = _ratio_figure(f"Excel tracker, {rows} actions", floor, mine, 1.3)
    figure.note = "ours includes reading the actions"
    return figure


SEARCH_WORDS = (
    "referrals",
    "housing",
    "knife crime",
    "domestic abuse",
    "Opie",
    "evaluation",
    "town centre",
    "funding bid",
    "hate crime",
    "victim satisfaction",
    "strategy",
    "outreach",
    "schools police",
    "MARAC",
    "consultation responses",
    "ward",
)


def search_figure(archive: Path, repeats: int) -> Figure:
    from csp_desktop.services.search import search
    from csp_desktop.storage import open_database

    database = open_database(archive, read_only=True)
    times = []
    try:
        with database.session() as session:
            search(session, "warm up")
            for _ in range(repeats):
                for words in SEARCH_WORDS:
                    started = time.perf_counter()
                    search(session, words)
                    times.append((time.perf_counter() - started) * 1000)
    finally:
        database.close()
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return _absolute_figure("Search all minutes (p95)", p95, 50, f"{len(times)} searches")


# --- the table -------------------------------------------------------------------------


def render(figures: list[Figure]) -> str:
    header = ("Figure", "Floor", "Ours", "Ratio", "Target", "Result")
    rows = [
        (
            f.name,
            f.floor,
            f.ours,
            "—" if f.ratio is None else f"{f.ratio:.2f}×",
            f.target,
            "PASS" if f.met else "MISS",
        )
        for f in figures
    ]
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        lines.append(
            "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        )
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def _compile_the_app() -> None:
    """Measure the app as it ships, with its bytecode compiled (the bundle's is; pip
    compiles an install). Where PYTHONDONTWRITEBYTECODE is set, as on the machines here,
    an edited source file is otherwise compiled again on every start-up."""
    import compileall

    compileall.compile_dir(str(REPO / "csp_desktop"), quiet=1)


# The four start-up and responsiveness targets of issue 13, printed first.
ISSUE_13_TARGETS = (
    "Start-up: latest meeting painted (vs ORM window)",
    "Peak memory, max RSS (vs ORM window)",
    "Every tab switch",
    "stall p99",
)


def headline(figures: list[Figure]) -> str:
    """The issue 13 targets, one line each: ratio or figure, target, PASS or MISS."""
    lines = ["Issue 13 targets (ratios against the floor measured in this run):"]
    for wanted in ISSUE_13_TARGETS:
        for f in figures:
            if wanted in f.name:
                value = f"{f.ratio:.2f}×" if f.ratio is not None else f.ours
                lines.append(
                    f"  {'PASS' if f.met else 'MISS'}  {f.name}: {value} (target {f.target})"
                )
                break
    return "\n".join(lines)


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min), {os.cpu_count()} CPUs"


def write_report(
    path: Path, figures: list[Figure], profile: str, argv: list[str], loads: list[str]
) -> None:
    """The run as Markdown: when, how, on what load, the targets, the table, the profile."""
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join(["QT_QPA_PLATFORM=offscreen python benchmarks/run.py", *argv])
    text = "\n".join(
        [
            "# Benchmarks: the latest run",
            "",
            f"`{command}`, {when}; at the start {loads[0]}, at the end {loads[-1]}.",
            "Written by `benchmarks/run.py --report`; see `docs/benchmarks.md` for what each",
            "figure means and how it is measured.",
            "",
            "```",
            headline(figures),
            "```",
            "",
            render(figures),
            "",
            "```",
            profile,
            "```",
            "",
        ]
    )
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(description="CSP Desktop benchmarks against their floors.")
    parser.add_argument("--quick", action="store_true", help="small archive, few repetitions (CI)")
    parser.add_argument(
        "--archive", type=Path, help="the large archive (default: 10 years, cached)"
    )
    parser.add_argument("--small-archive", type=Path, help="the 1-year archive for switch counts")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--report", type=Path, help="also write the results as Markdown here")
    args = parser.parse_args(arguments)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    loads = [_load()]
    _compile_the_app()
    small = ensure_archive(1, args.small_archive)
    large = small if args.quick and args.archive is None else ensure_archive(10, args.archive)
    runs = 3 if args.quick else 11  # start-ups: the floor alone moves 120-190 ms run to run
    repeats = 2 if args.quick else 7
    figures: list[Figure] = []
    raw: dict[str, Any] = {}
    stages: list[str] = []

    def stage(name: str, since: float) -> None:
        stages.append(f"{name} {time.perf_counter() - since:.0f} s")

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        print("Start-up and memory…", file=sys.stderr, flush=True)
        since = time.perf_counter()
        startup, profile = startup_figures(large, scratch, runs)
        figures += startup[:2]
        memory = startup[2]
        stage("start-up", since)
        print("Typing…", file=sys.stderr, flush=True)
        since = time.perf_counter()
        typing, raw["typing"] = typing_figures(large, scratch, args.quick)
        figures += typing
        stage("typing", since)
        print("Switching…", file=sys.stderr, flush=True)
        since = time.perf_counter()
        archives = {"1 year": small} if large == small else {"1 year": small, "10 years": large}
        switching, raw["switching"] = switching_figures(archives, scratch, args.quick)
        figures += switching
        stage("switching", since)
        print("Exports and search…", file=sys.stderr, flush=True)
        since = time.perf_counter()
        figures.append(word_figure(large, scratch, 3 * repeats))  # a 25 ms task: more runs
        figures.append(excel_figure(large, scratch, max(1, repeats // 2)))
        figures.append(search_figure(large, 1 if args.quick else 5))
        stage("exports and search", since)
        from benchmarks.dashboard_figures import figures as dashboard_figures

        since = time.perf_counter()
        figures += dashboard_figures(large, small, scratch)  # issue 17
        stage("dashboard", since)
        figures.append(memory)
    loads.append(_load())
    print(headline(figures))
    print()
    print(render(figures))
    print()
    print(profile)
    print(
        f"\n({time.perf_counter() - started:.0f} s: {', '.join(stages)}; archive {large.name}; "
        f"at the start {loads[0]}, at the end {loads[-1]})"
    )
    if args.json:
        raw["figures"] = [f.__dict__ for f in figures]
        raw["import_profile"] = profile
        raw["load"] = loads
        args.json.write_text(json.dumps(raw, indent=2, default=str), encoding="utf-8")
    if args.report:
        write_report(args.report, figures, profile, arguments, loads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
