"""A countdown between sets: starts at the planned rest, +30 s and skip, ticks once a second."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal

EXTRA_SECONDS = 30
TICK_MS = 1000


def clock_text(seconds: int) -> str:
    """Seconds as m:ss (or h:mm:ss past an hour): 95 -> "1:35"."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


class RestTimer(QObject):
    """Counts a rest down; a QTimer drives it in the app, tests call `tick()` instead."""

    changed = Signal()  # remaining, total, running or label changed
    finished = Signal()  # the rest ran out on its own (not skipped)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._remaining = 0
        self._total = 0
        self._label = ""
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        # A precise timer keeps a 3-minute rest within a second of the wall clock.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def remaining(self) -> int:
        return self._remaining

    @property
    def total(self) -> int:
        return self._total

    @property
    def label(self) -> str:
        """What the rest is for, e.g. "Next: Back Squat, set 3"."""
        return self._label

    @property
    def running(self) -> bool:
        return self._remaining > 0

    @property
    def text(self) -> str:
        return clock_text(self._remaining)

    @property
    def progress(self) -> float:
        """Share of the rest still to go, 1.0 at the start and 0.0 when over."""
        return self._remaining / self._total if self._total else 0.0

    def start(self, seconds: int, label: str = "") -> None:
        """Starts (or restarts) the countdown; zero or less stops it."""
        self._total = max(0, int(seconds))
        self._remaining = self._total
        self._label = label
        if self.running:
            self._timer.start()
        else:
            self._timer.stop()
        self.changed.emit()

    def add(self, seconds: int = EXTRA_SECONDS) -> None:
        """Adds time to a running rest (the +30 s button)."""
        if not self.running:
            return
        self._remaining += seconds
        self._total += seconds
        self.changed.emit()

    def skip(self) -> None:
        """Ends the rest now without announcing it as finished."""
        self._timer.stop()
        self._remaining = 0
        self.changed.emit()

    def tick(self) -> None:
        """One second passes."""
        if not self.running:
            return
        self._remaining -= 1
        if self._remaining <= 0:
            self._remaining = 0
            self._timer.stop()
            self.changed.emit()
            self.finished.emit()
            return
        self.changed.emit()

    def _on_timeout(self) -> None:
        self.tick()
