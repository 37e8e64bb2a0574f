"""A 1 ms timer on the GUI thread: the longest gap between its ticks is the worst GUI stall."""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time

from PySide6.QtCore import Qt, QTimer

PROBE_MS = 1
FRAME_MS = 1000 / 60


class StallProbe:
    """Ticks every millisecond; each tick also reads how long the thread sat runnable.

    On a shared machine the OS sometimes runs another process while the GUI thread is
    ready to go; Linux counts that time in /proc/.../schedstat (run-queue wait). A gap
    minus that wait is the stall the app itself caused (its own work, or waiting for the
    GIL, which is sleeping, not runnable). Elsewhere the wait reads as 0.
    """

    def __init__(self) -> None:
        self.ticks: list[tuple[float, float]] = []  # (perf_counter, run-queue wait in ms)
        self._stat = _open_schedstat()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def _on_timer_timeout(self) -> None:
        self.ticks.append((time.perf_counter(), self._waited_ms()))

    def _waited_ms(self) -> float:
        if self._stat is None:
            return 0.0
        try:  # pread on the open file: a fresh reading for a few microseconds
            return int(os.pread(self._stat, 128, 0).split()[1]) / 1e6
        except (OSError, IndexError, ValueError):
            return 0.0

    def close(self) -> None:
        self.timer.stop()
        if self._stat is not None:
            os.close(self._stat)
            self._stat = None

    def worst_ms(self, start: float = 0.0, end: float = float("inf")) -> float:
        """The longest gap between ticks in [start, end], beyond the probe's interval."""
        return max((gap for gap, _ in self._gaps(start, end)), default=0.0)

    def worst_app_ms(self, start: float = 0.0, end: float = float("inf")) -> float:
        """The same, not counting time the OS gave the core to other processes."""
        return max((gap - waited for gap, waited in self._gaps(start, end)), default=0.0)

    def _gaps(self, start: float, end: float) -> list[tuple[float, float]]:
        inside = [t for t in self.ticks if start <= t[0] <= end]
        return [
            ((b - a) * 1000 - PROBE_MS, max(0.0, wb - wa))
            for (a, wa), (b, wb) in itertools.pairwise(inside)
        ]


def _open_schedstat() -> int | None:
    """This thread's scheduler statistics (Linux); None where there are none."""
    with contextlib.suppress(OSError):
        return os.open(f"/proc/self/task/{threading.get_native_id()}/schedstat", os.O_RDONLY)
    return None
