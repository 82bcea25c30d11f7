"""Opening, migrating, locking and backing up the database file. No Qt here."""

from csp_desktop.storage.database import SCHEMA_HEAD, Database, open_database

__all__ = ["SCHEMA_HEAD", "Database", "open_database"]
