"""Command-line entry: parses options, opens the data folder's database and shows the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from alloy_desktop import __version__


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options every way of starting Alloy shares."""
    parser = argparse.ArgumentParser(prog="alloy", description="Alloy, an offline strength coach.")
    parser.add_argument(
        "--data-dir", type=Path, help="folder holding alloy.db (default: user data)"
    )
    parser.add_argument("--exit-after-paint", action="store_true", help="quit after first paint")
    parser.add_argument("--version", action="version", version=f"Alloy {__version__}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Starts the desktop app; returns the process exit code."""
    args = parse_args(argv)
    from alloy_desktop.paths import data_dir, database_path
    from alloy_desktop.store.database import open_database

    folder = data_dir(args.data_dir)
    database = open_database(database_path(folder))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from alloy_desktop.ui.shell import ShellWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Alloy")
    window = ShellWindow(database_path(folder), database.reference_counts())
    window.show()
    if args.exit_after_paint:
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    database.close()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
