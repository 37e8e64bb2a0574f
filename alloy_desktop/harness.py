"""The kill -9 proof: a child app enters sets as keys do; a parent kills it and counts them."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from alloy_desktop.ui.views.main_window import MainWindow

READY, ACK, FINISHED = "READY", "ACK", "FINISHED"
EMAIL, PASSWORD = "harness@alloy.local", "harness-password"
MOVEMENT = "Barbell Bench Press - Medium Grip"
SETS_PER_WORKOUT = 8  # then the child finishes the workout: sets move from draft to log
READY_TIMEOUT_S = 60.0


# --- the child: runs inside the real app (alloy --harness) -------------------------------------


def drive(window: MainWindow) -> None:
    """Starts entering sets on the Log page once the window has painted."""
    _Driver(window).start()  # owned by the window, so it lives as long as the window does


class _Driver(QObject):
    """Types a weight and reps, marks the set done, waits for "Saved", prints ACK; repeats.

    One set at a time, and only once no draft write is pending, so the first "Saved"
    after marking a set is the write that holds it.
    """

    def __init__(self, window: MainWindow) -> None:
        from alloy_desktop.ui.viewmodels.workout_logger import Phase
        from alloy_desktop.ui.views.logger_view import LoggerView

        super().__init__(window)
        page = window.show_page("log")
        assert isinstance(page, LoggerView)
        self.vm = page.vm
        self.session = window.session
        self.running = Phase.RUNNING
        self.awaiting_save = False
        self.ready = False  # READY is said once, as the first set is about to be typed
        self.rng = random.Random(os.getpid())
        self.vm.offer_ready.connect(self._on_vm_offer_ready)
        self.vm.phase_changed.connect(self._on_vm_phase_changed)
        self.vm.draft_saved.connect(self._on_vm_draft_saved)
        self.vm.workout_changed.connect(self._soon)
        self.vm.error.connect(self._on_vm_error)

    def start(self) -> None:
        if self.vm.is_running:
            self._soon()
        elif self.vm.offer is not None:
            self._on_vm_offer_ready(self.vm.offer)
        else:
            self.vm.refresh_offer()

    def _on_vm_offer_ready(self, offer: Any) -> None:
        if self.vm.is_running:
            return
        if offer.draft_text:
            self.vm.resume_draft()  # what a lifter does after a crash
        else:
            self.vm.start_custom()

    def _on_vm_phase_changed(self, phase: str) -> None:
        if phase == self.running:
            self._soon()
        elif phase == "finished":
            _say(FINISHED)
            self.vm.close_summary()  # back to the start choices: a new workout follows

    def _on_vm_error(self, where: str, message: str) -> None:
        _say(f"ERROR {where} {message}")

    def _soon(self, delay_ms: int = 0) -> None:
        QTimer.singleShot(delay_ms, self._next)

    def _next(self) -> None:
        vm = self.vm
        if not vm.is_running or self.awaiting_save:
            return
        if vm.draft_pending or vm.busy:
            self._soon(10)
            return
        if not vm.exercises:
            self._add_exercise()
            return
        done = sum(s.done for ex in vm.exercises for s in ex.sets)
        if done >= SETS_PER_WORKOUT:
            vm.finish()
            return
        if not self.ready:
            self.ready = True
            _say(READY)
        self._enter_set(vm.exercises[-1], done)

    def _add_exercise(self) -> None:
        from alloy_desktop.ui.viewmodels.workout_logger import choice_from_movement

        movement = self.session.me.library.search(MOVEMENT, limit=1)[0]
        self.vm.add_exercise(choice_from_movement(movement))  # workout_changed follows

    def _enter_set(self, ex: Any, done: int) -> None:
        index = next((i for i, s in enumerate(ex.sets) if not s.done), None)
        if index is None:
            self.vm.add_set(ex.key)
            index = len(ex.sets) - 1
        # The same calls the set row's fields and its Done key make.
        self.vm.enter(ex.key, index, "weight", f"{60 + 2.5 * done:g}")
        self.vm.enter(ex.key, index, "reps", str(self.rng.randint(3, 8)))
        self.awaiting_save = self.vm.set_done(ex.key, index, True)

    def _on_vm_draft_saved(self, _text: str) -> None:
        if not self.awaiting_save or self.vm.draft_pending:
            return
        self.awaiting_save = False
        _say(ACK)
        self._soon(self.rng.randint(0, 20))


def _say(line: str) -> None:
    # Flushed at once: a line the parent reads was said before the kill.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# --- the parent: prepares a data folder, starts and kills the child, counts --------------------


@dataclass
class KillReport:
    """What the kills did to the data."""

    kills: int = 0
    acknowledged: int = 0
    recovered: int = 0
    lost: int = 0
    corrupt: int = 0
    workouts_finished: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.kills} kills, {self.acknowledged} sets acknowledged, "
            f"{self.lost} lost, {self.corrupt} corrupt"
        )


def prepare(folder: Path) -> None:
    """A data folder with a lifter signed in (remembered) and the Log page open at start."""
    from PySide6.QtCore import QSettings

    from alloy_desktop.api import Alloy
    from alloy_desktop.paths import database_path

    folder.mkdir(parents=True, exist_ok=True)
    alloy = Alloy.open(database_path(folder), data_dir=folder)
    try:
        alloy.auth.register(EMAIL, PASSWORD, "Harness Lifter")
        token = alloy.auth.login(EMAIL, PASSWORD, 30).access_token
    finally:
        alloy.close()
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("auth/token", token)
    settings.setValue("window/last_page", "log")
    settings.sync()


def run_kills(
    folder: Path,
    kills: int,
    seed: int = 1,
    max_wait_s: float = 2.0,
    on_kill: Any = None,
) -> KillReport:
    """Starts the app `kills` times, kill -9s it at a random moment, and checks each time.

    Most kills land while sets are being entered (0 to max_wait_s after READY); every
    fifth lands during start-up instead (opening, locking, the daily backup).
    """
    rng, report = random.Random(seed), KillReport()
    report.recovered = count_sets(folder)[1]
    for number in range(1, kills + 1):
        during_start = number % 5 == 0
        lines = _run_once(folder, rng, max_wait_s, during_start)
        sound, recovered = count_sets(folder)
        acked = lines.count(ACK)
        lost = max(0, report.recovered + acked - recovered)
        report.kills += 1
        report.acknowledged += acked
        report.workouts_finished += lines.count(FINISHED)
        report.lost += lost
        report.corrupt += 0 if sound else 1
        errors = [line for line in lines if line.startswith("ERROR")]
        if lost or not sound or errors:
            report.problems.append(f"kill {number}: {acked} acked, {lost} lost, {errors}")
        report.recovered = recovered
        if on_kill is not None:
            on_kill(number, acked, recovered)
    return report


def count_sets(folder: Path) -> tuple[bool, int]:
    """Whether the file passes `PRAGMA integrity_check`, and the sets it holds (log + draft).

    A plain connection, as the next start makes: it replays the WAL the kill left.
    """
    from alloy_desktop.paths import database_path
    from alloy_desktop.ui.viewmodels.workout_logger import done_sets_in

    with sqlite3.connect(database_path(folder), timeout=10) as conn:
        sound = [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"]
        logged = conn.execute("SELECT count(*) FROM logged_sets").fetchone()[0]
        drafts = [json.loads(row[0]) for row in conn.execute("SELECT payload FROM workout_drafts")]
    conn.close()
    return sound, int(logged) + sum(done_sets_in(payload) for payload in drafts)


def _run_once(folder: Path, rng: random.Random, max_wait_s: float, during_start: bool) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ALLOY_DISABLE_OLLAMA": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "alloy_desktop", "--data-dir", str(folder), "--harness"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: list[str] = []
    ready = threading.Event()
    reader = threading.Thread(target=_read, args=(child, lines, ready), daemon=True)
    reader.start()
    if during_start:
        time.sleep(rng.uniform(0.05, 1.0))
    else:
        if not ready.wait(READY_TIMEOUT_S):
            child.kill()
            raise RuntimeError(f"the app never got ready (exit {child.poll()}): {lines}")
        time.sleep(rng.uniform(0.0, max_wait_s))
    if child.poll() is not None and not during_start:
        raise RuntimeError(f"the app ended on its own with {child.returncode}: {lines[-5:]}")
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(5)
    return lines


def _read(child: subprocess.Popen[str], lines: list[str], ready: threading.Event) -> None:
    assert child.stdout is not None
    for raw in child.stdout:
        line = raw.strip()
        lines.append(line)
        if line == READY:
            ready.set()
