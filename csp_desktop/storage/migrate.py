"""Alembic, driven from code with the scripts shipped inside the package (and the bundle)."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text


def migrations_dir() -> Path:
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root:  # PyInstaller one-folder build ships the scripts as data
        return Path(bundle_root) / "csp_desktop" / "storage" / "migrations"
    return Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


# pg_advisory_xact_lock key for schema upgrades ("CSPD" in ASCII): every client takes it
# before reading the schema version, so two clients starting together upgrade once.
MIGRATION_LOCK_KEY = 0x43535044


def upgrade_to_head(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        _upgrade_sqlite(engine)
        return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends; PostgreSQL runs the DDL in it too, so a
            # client waiting here then finds the schema at head and does nothing.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _upgrade_sqlite(engine: Engine) -> None:
    """Upgrade with foreign keys off, every key checked before the commit.

    SQLite's batch mode rebuilds a table by copying it and dropping the old one. With
    foreign keys on, that DROP first deletes the old rows and runs their ON DELETE
    actions: an upgrade of a real archive lost every action owner, action update and
    report-priority link (tests/storage/test_upgrade_keeps_rows.py). The pragma cannot
    change inside a transaction, so it is set around it.
    """
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the upgrade left {len(broken)} rows pointing nowhere")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
