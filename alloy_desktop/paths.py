"""Where the user's data lives: the platform data folder, ALLOY_DATA_DIR, or --data-dir."""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "alloy.db"


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder, created if missing; an explicit override beats the environment."""
    if override:
        folder = Path(override).expanduser()
    elif os.environ.get("ALLOY_DATA_DIR"):
        folder = Path(os.environ["ALLOY_DATA_DIR"]).expanduser()
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("Alloy", "Alloy"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def database_path(folder: Path) -> Path:
    """The embedded SQLite file inside a data folder."""
    return folder / DB_FILENAME
