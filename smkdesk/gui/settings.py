"""Typed settings: one small registry over QSettings.

Each setting is declared once with its type and default; code reads
``settings.get(USER_NAME)`` and never spells a key twice. Tests point the
store at a file in tmp_path with ``Settings(path)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")
SETTINGS_ENV = "SMKDESK_SETTINGS"
MAX_RECENT = 8


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T


USER_NAME = Key("profile/name", "")
USER_ROLE = Key("profile/role", "")  # sales rep | marketer | workshop facilitator
LAST_LIBRARY = Key("library/last", "")
RECENT_LIBRARIES: Key[list[str]] = Key("library/recent", [])
WINDOW_GEOMETRY = Key("window/geometry", QByteArray())
WINDOW_STATE = Key("window/state", QByteArray())
MAIN_SPLITTER = Key("window/main_splitter", QByteArray())
RESULTS_HEADER = Key("results/header", QByteArray())
SEARCH_SORT = Key("results/sort", "relevance")
SHOW_RETIRED = Key("results/show_retired", False)
WORKSPACE = Key("window/workspace", "")
REVIEW_UNUSED_DAYS = Key("review/unused_days", 90)
REVIEW_STALE_DAYS = Key("review/stale_days", 90)
REVIEW_MIN_FEEDBACK = Key("review/min_feedback", 3)
REVIEW_NOT_HELPFUL = Key("review/not_helpful_ratio", 0.6)
REVIEW_DUPLICATE = Key("review/duplicate_threshold", 0.8)
REVIEW_HEADER = Key("review/header", QByteArray())
THEME = Key("view/theme", "system")  # system | light | dark (gui/theme.py)
EXPORT_FOLDER = Key("exports/last_folder", "")  # where the last export was saved
IMPORT_STATUS = Key("import/default_status", "published")  # status of newly imported files
IMPORT_REVIEW_MONTHS = Key("import/review_months", 12)  # review date this far ahead; 0: none


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        env = os.environ.get(SETTINGS_ENV)
        if path is None and env:
            path = Path(env)
        if path is not None:
            self._q = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._q = QSettings("smkdesk", "smkdesk")

    def get(self, key: Key[T]) -> T:
        raw = self._q.value(key.name, None)
        if raw is None:
            return key.default
        default: Any = key.default
        try:
            if isinstance(default, bool):
                return cast(T, raw in (True, "true", "1", 1))
            if isinstance(default, list):
                items = [raw] if isinstance(raw, str) else list(cast(list[Any], raw))
                return cast(T, [str(x) for x in items])
            if isinstance(default, QByteArray):
                return cast(T, raw if isinstance(raw, QByteArray) else QByteArray())
            return cast(T, type(default)(raw))
        except (TypeError, ValueError):
            return key.default

    def set(self, key: Key[T], value: T) -> None:
        self._q.setValue(key.name, value)

    def sync(self) -> None:
        self._q.sync()

    @property
    def has_profile(self) -> bool:
        return bool(self.get(USER_NAME) and self.get(USER_ROLE))

    def add_recent(self, library: Path) -> None:
        path = str(library)
        recent = [p for p in self.get(RECENT_LIBRARIES) if p != path]
        self.set(RECENT_LIBRARIES, [path, *recent][:MAX_RECENT])
        self.set(LAST_LIBRARY, path)
