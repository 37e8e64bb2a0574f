"""The first window: proves the app opens on a migrated, seeded database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget


class ShellWindow(QMainWindow):
    """A minimal main window naming the database and its reference data."""

    def __init__(self, db_path: Path, counts: dict[str, int]) -> None:
        super().__init__()
        self.setWindowTitle("Alloy")
        self.resize(1280, 800)
        body = QWidget()
        layout = QVBoxLayout(body)
        title = QLabel("Alloy")
        title.setStyleSheet("font-size: 28pt; font-weight: 600;")
        layout.addWidget(title)
        loaded = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.summary = QLabel(f"Database: {db_path}\nLoaded: {loaded}.")
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setCentralWidget(body)
