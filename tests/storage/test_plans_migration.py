"""0006_plans: a file with priorities from before plans gets a plan record per label."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from csp_desktop.storage import open_database
from csp_desktop.storage.migrate import alembic_config


def test_priorities_from_before_plans_get_plan_records(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_search_index")
        for number, plan in ((1, "2019-2022"), (2, "2019-2022"), (1, "2022-25"), (1, "Draft")):
            connection.execute(
                text(
                    "INSERT INTO priority (plan, number, title, description) "
                    "VALUES (:plan, :number, 'A priority', '')"
                ),
                {"plan": plan, "number": number},
            )
    engine.dispose()
    database = open_database(path)  # upgrades to head, as the app does
    with database.engine.connect() as connection:
        plans = connection.execute(
            text("SELECT label, year_from, year_to FROM plan ORDER BY label")
        ).all()
        unlinked = connection.execute(
            text("SELECT count(*) FROM priority WHERE plan_id IS NULL")
        ).scalar()
    database.close()
    assert [tuple(row) for row in plans] == [
        ("2019-2022", 2019, 2022),
        ("2022-25", 2022, 2025),
        ("Draft", 1990, 1990),
    ]
    assert unlinked == 0
