"""One resource locator for data shipped with the app, from source or from a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding resources/, migrations/ and seed_data/ (the bundle dir when frozen)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def migrations_dir() -> Path:
    """Alembic's script location."""
    return app_root() / "migrations"


def seed_dir() -> Path:
    """Reference data loaded on first start."""
    return app_root() / "seed_data"


def resources_dir() -> Path:
    """Icons, body-map drawings and style sheets."""
    return app_root() / "resources"
