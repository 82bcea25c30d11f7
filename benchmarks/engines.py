"""The same figures on SQLite and on PostgreSQL: switch meeting, tab switches, search,
Word and Excel exports, on the same archive (issue 16).

    python benchmarks/engines.py --postgres-url postgresql+psycopg://user@host/empty_db
        [--archive PATH | --years N] [--quick]

The archive (default: the cached 10-year one from run.py) is copied into the PostgreSQL
database with `move_archive` (the database must be empty, or already hold this archive
with --reuse). Each figure then runs once per engine in the same process, so the two
columns compare like with like; targets are run.py's. The server's distance matters:
on the same machine this measures the engine, across a network add its round trips
(each switch's statement count is printed so they can be multiplied out).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks import run  # noqa: E402


def _load_server(archive: Path, url: str, reuse: bool) -> str:
    from csp_desktop.storage import open_database
    from csp_desktop.storage.engine_copy import is_empty
    from csp_desktop.usecases.move_archive import move_archive

    server = open_database(url)
    try:
        with server.engine.connect() as connection:
            empty = is_empty(connection)
    finally:
        server.close()
    if not empty and reuse:
        return "reused"
    source = open_database(archive, read_only=True)
    try:
        started = time.perf_counter()
        report = move_archive(source, url)
    finally:
        source.close()
    return f"moved {report.total_rows} rows in {time.perf_counter() - started:.1f} s"


def _figures(target: Any, scratch: Path, quick: bool) -> dict[str, run.Figure]:
    """run.py's figures on one database (a file path or a URL)."""
    repeats = 2 if quick else 7
    figures: dict[str, run.Figure] = {}
    switching = run._gui("switch", target, scratch, ["--meetings", "3" if quick else "12"])
    figures["Switch meeting (max)"] = run._absolute_figure(
        "Switch meeting (max)",
        switching["meeting_ms"]["max"],
        100,
        f"median {switching['meeting_ms']['median']:.0f} ms, "
        f"{switching['meeting_statements']['max']} SQL",
    )
    for tab, values in switching["tabs"].items():
        name = f"Switch to {tab} tab (max)"
        figures[name] = run._absolute_figure(
            name, values["max"], 100, f"{values['statements_max']} SQL"
        )
    search = run.search_figure(target, 1 if quick else 5)
    figures["Search all minutes (p95)"] = search
    word = run.word_figure(target, scratch, 3 * repeats)
    figures["Word minutes"] = word
    excel = run.excel_figure(target, scratch, max(1, repeats // 2))
    figures["Excel tracker"] = excel
    return figures


def render(sqlite: dict[str, run.Figure], postgresql: dict[str, run.Figure]) -> str:
    lines = [
        "| figure | SQLite | PostgreSQL | target | met on both |",
        "|---|---|---|---|---|",
    ]
    for name, mine in sqlite.items():
        theirs = postgresql[name]
        both = "yes" if mine.met and theirs.met else "no"
        lines.append(
            f"| {mine.name} | {mine.ours} ({mine.note}) | {theirs.ours} ({theirs.note}) "
            f"| {mine.target} | {both} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--archive", type=Path, help="an archive file (default: cached)")
    parser.add_argument("--years", type=int, default=10, help="cached archive's years")
    parser.add_argument("--quick", action="store_true", help="few repetitions")
    parser.add_argument("--reuse", action="store_true", help="the server holds it already")
    args = parser.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    archive = run.ensure_archive(args.years, args.archive)
    print(f"Loading {archive.name} into the server…", file=sys.stderr, flush=True)
    loaded = _load_server(archive, args.postgres_url, args.reuse)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        local = scratch / "sqlite.db"
        shutil.copyfile(archive, local)
        print("SQLite…", file=sys.stderr, flush=True)
        on_sqlite = _figures(local, scratch, args.quick)
        print("PostgreSQL…", file=sys.stderr, flush=True)
        on_postgresql = _figures(args.postgres_url, scratch, args.quick)
    print(render(on_sqlite, on_postgresql))
    print(f"\n(archive {archive.name}; server {loaded})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
