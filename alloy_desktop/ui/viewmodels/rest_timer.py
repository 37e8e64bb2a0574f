"""A countdown between sets: starts at the planned rest, +30 s and skip, ticks once a second."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal

EXTRA_SECONDS = 30
TICK_MS = 1000
SOUND_KEY = "rest/sound"  # QSettings keys: this computer's choice, not the account's
NOTIFY_KEY = "rest/notify"


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
        """What the rest is for, e.g. "Next: Back Squat, set 3"; with no rest running, what
        comes next without one ("Superset: straight on to …"), or ""."""
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
        """Starts (or restarts) the countdown; zero or less stops it, keeping the label."""
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

    def relabel(self, label: str) -> None:
        """Says what the running rest is for anew (the next set's load was adjusted)."""
        if label != self._label:
            self._label = label
            self.changed.emit()

    def skip(self) -> None:
        """Ends the rest now without announcing it as finished."""
        self._timer.stop()
        self._remaining = 0
        self._label = ""
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


class AlertPrefs(QObject):
    """Whether a rest's end plays a sound and shows a desktop notification (both on at first).

    Kept in the window's QSettings when there is one, so the Settings page and the logger
    read the same answer; without one (tests, scripts) only for as long as the app runs.
    """

    changed = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._memory: dict[str, bool] = {}

    @property
    def sound(self) -> bool:
        return self._read(SOUND_KEY)

    @property
    def notify(self) -> bool:
        return self._read(NOTIFY_KEY)

    def set_sound(self, on: bool) -> None:
        self._write(SOUND_KEY, on)

    def set_notify(self, on: bool) -> None:
        self._write(NOTIFY_KEY, on)

    def _read(self, key: str) -> bool:
        if self._settings is None:
            return self._memory.get(key, True)
        # QSettings hands back "true"/"false" strings from an ini file.
        return str(self._settings.value(key, "true")).lower() == "true"

    def _write(self, key: str, on: bool) -> None:
        if on == self._read(key):
            return
        if self._settings is None:
            self._memory[key] = on
        else:
            self._settings.setValue(key, "true" if on else "false")
        self.changed.emit()
