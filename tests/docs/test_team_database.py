"""docs/team-database.sql, run as IT would run it, gives what docs/team.md promises: the
owner upgrades the schema, the application role changes rows and nothing else."""

from __future__ import annotations

import glob
import itertools
import os
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from csp_desktop.errors import DatabaseRefused
from csp_desktop.services.search import search
from csp_desktop.storage import open_database
from tests.engines import run_admin
from tests.factories import make_body, make_meeting

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "team-database.sql"
_runs = itertools.count(1)


def _psql() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
    if not found:
        pytest.skip("psql is not installed (apt-get install postgresql)")
    return found[-1]


def test_the_script_makes_an_owner_and_a_least_privilege_app_role(
    postgres_admin_url: str, tmp_path: Path
) -> None:
    suffix = f"{os.getpid()}_{next(_runs)}"
    names = {"csp_owner": f"csp_owner_{suffix}", "csp_app": f"csp_app_{suffix}"}
    script = SCRIPT.read_text(encoding="utf-8")
    for old, new in names.items():
        script = re.sub(rf"\b{old}\b", new, script)
    database = f"csp_{suffix}"
    script = re.sub(r"\bcsp\b", database, script)
    (tmp_path / "team.sql").write_text(script, encoding="utf-8")
    admin = make_url(postgres_admin_url)
    ran = subprocess.run(
        [
            *(_psql(), "-h", str(admin.host), "-p", str(admin.port), "-U", str(admin.username)),
            *("-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-f", str(tmp_path / "team.sql")),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr

    def url(role: str) -> str:
        return admin.set(username=role, database=database).render_as_string()

    try:
        # Before any upgrade the application login cannot make the tables: a plain refusal.
        with pytest.raises(DatabaseRefused, match="ask IT to open it once as the owner"):
            open_database(url(names["csp_app"]))
        open_database(url(names["csp_owner"])).close()  # the owner's first open upgrades

        app = open_database(url(names["csp_app"]))
        with app.transaction() as session:
            meeting = make_meeting(session, make_body(session), items=["Knife crime"])
            meeting.items[0].minutes_text = "Weapons sweeps in the town centre."
        with app.session() as session:
            assert [hit.kind for hit in search(session, "weapons sweeps")] == ["item"]
        app.close()

        engine = create_engine(url(names["csp_app"]))
        for forbidden in ("DROP TABLE meeting", "CREATE TABLE notes (id integer)"):
            with (
                pytest.raises(ProgrammingError, match=r"permission denied|must be owner"),
                engine.begin() as connection,
            ):
                connection.execute(text(forbidden))
        engine.dispose()
    finally:
        run_admin(
            postgres_admin_url,
            f"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
            *(f"DROP ROLE IF EXISTS {role}" for role in names.values()),
        )


def test_a_libpq_service_file_keeps_the_connection_details_out_of_the_url(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = make_url(postgres_url)
    (tmp_path / "pg_service.conf").write_text(
        f"[csp]\nhost={server.host}\nport={server.port}\ndbname={server.database}\n"
        f"user={server.username}\nsslmode=prefer\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "pg_service.conf"))
    monkeypatch.setenv("CSP_DESKTOP_DB", "postgresql+psycopg://?service=csp")
    from csp_desktop.cli import main

    assert main(["check"]) == 0
