"""Window state kept between runs, in an INI file the app owns.

QSettings in IniFormat at `paths.settings_file`: in portable mode that file sits in
`data/` beside the app, so nothing is written to the registry of a locked-down laptop.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """Typed access to the few things the window remembers."""

    def __init__(self, settings_file: Path) -> None:
        settings_file.parent.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(settings_file), QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        return self._settings.fileName()

    def sync(self) -> None:
        self._settings.sync()

    # --- window geometry and state -------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._settings.setValue("window/state", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"splitters/{name}", value)

    # --- per database --------------------------------------------------------------------

    @staticmethod
    def _database_key(database: str) -> str:
        # A path holds characters QSettings treats as group separators; hash it instead.
        return hashlib.sha1(database.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]

    def last_meeting(self, database: str) -> int | None:
        value = self._settings.value(f"last_meeting/{self._database_key(database)}")
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def set_last_meeting(self, database: str, meeting_id: int | None) -> None:
        key = f"last_meeting/{self._database_key(database)}"
        if meeting_id is None:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, meeting_id)

    def current_tab(self) -> str | None:
        value = self._settings.value("window/tab")
        return str(value) if value else None

    def set_current_tab(self, name: str) -> None:
        self._settings.setValue("window/tab", name)

    def last_item(self, database: str) -> tuple[int, int] | None:
        """(meeting id, agenda item id) the note taker was last on in this database."""
        value = self._settings.value(f"last_item/{self._database_key(database)}")
        try:
            meeting, item = str(value).split(":")
            return int(meeting), int(item)
        except (TypeError, ValueError):
            return None

    def set_last_item(self, database: str, meeting_id: int | None, item_id: int | None) -> None:
        key = f"last_item/{self._database_key(database)}"
        if meeting_id is None or item_id is None:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, f"{meeting_id}:{item_id}")

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None
