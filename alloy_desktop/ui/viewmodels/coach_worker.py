"""Streams the coach's answer on a QThread; chunks reach the GUI by queued signals, batched."""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

from alloy_desktop.api import schemas
from alloy_desktop.ui.viewmodels.tasks import as_alloy_error

COALESCE_MS = 40  # hand streamed text on at most ~25 times a second: smooth, yet live
QUIT_WAIT_MS = 2000  # on quit, how long a cancelled stream may take to save its partial text
# While a worker runs Python (building the prompt, parsing lines), the GUI thread waits for the
# GIL for up to the interpreter's switch interval per slot it runs; 5 ms by default adds up to
# visible stutter, 1 ms does not (measured with bench/bench_coach_stream.py).
GIL_SWITCH_SECONDS = 0.001
# The worker sends text on at most every 10 ms: at 500 tokens a second that is 100 queued
# signals instead of 500, each of which makes the GUI thread take the GIL. A slow stream
# still sends every token at once.
BATCH_SECONDS = 0.01


class CancellableStream(Protocol):
    """What `me.days.adapt_stream` returns: events, cancel() from any thread, close()."""

    def __iter__(self) -> Iterator[schemas.CoachStreamEvent]: ...

    def cancel(self) -> None: ...

    def close(self) -> None: ...


Produce = Callable[[], CancellableStream]
FollowUp = Callable[[int], Any]

_live: set[CoachStreamWorker] = set()  # running workers: Qt must not delete a running thread
_quit_hooked = False
_modules_at_freeze = 0


class CoachStreamWorker(QThread):
    """Produces a stream (api calls included) and iterates it off the GUI thread.

    Signals are emitted from the worker thread and, the receivers living on the GUI
    thread, delivered queued. When the stream completes, `follow_up(thread_id)` (the
    proposal) runs on the same thread and its result arrives as `follow_up_ready`.
    """

    chunk_received = Signal(str)
    stream_ended = Signal(object)  # the final schemas.CoachStreamEvent
    follow_up_ready = Signal(object)
    failed = Signal(object)  # an AlloyError with a message for a person

    def __init__(self, produce: Produce, follow_up: FollowUp | None = None) -> None:
        super().__init__()
        self._produce = produce
        self._follow_up = follow_up
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._stream: CancellableStream | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def begin(self) -> None:
        """Starts the thread and keeps the worker alive until it has finished."""
        _hook_quit()
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_SECONDS))
        _settle_heap()
        _live.add(self)
        self.finished.connect(self._on_finished)
        self.start()

    def cancel(self) -> None:
        """From the GUI thread: the stream stops at once and saves what it has."""
        self._cancel.set()
        with self._lock:
            stream = self._stream
        if stream is not None:
            stream.cancel()

    def run(self) -> None:
        try:
            stream = self._produce()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the window
            self.failed.emit(as_alloy_error(exc))
            return
        with self._lock:
            self._stream = stream
        if self._cancel.is_set():
            stream.cancel()
        final = self._drain(stream)
        if final is None:
            return
        self.stream_ended.emit(final)
        if final.status == "completed" and self._follow_up is not None and not self.cancelled:
            self._run_follow_up(final.thread_id)

    def _drain(self, stream: CancellableStream) -> schemas.CoachStreamEvent | None:
        final = None
        batch: list[str] = []
        sent = 0.0
        try:
            for event in stream:
                if event.done:
                    final = event
                    continue
                batch.append(event.content)
                if time.monotonic() - sent >= BATCH_SECONDS:
                    self._send(batch)
                    batch, sent = [], time.monotonic()
        except BaseException as exc:  # noqa: BLE001
            self._send(batch)
            self.failed.emit(as_alloy_error(exc))
            return None
        finally:
            stream.close()
        self._send(batch)
        return final

    def _send(self, batch: list[str]) -> None:
        # Nothing goes out after a cancel: what is on screen then is what the lifter keeps.
        if batch and not self._cancel.is_set():
            self.chunk_received.emit("".join(batch))

    def _run_follow_up(self, thread_id: int) -> None:
        assert self._follow_up is not None
        try:
            result = self._follow_up(thread_id)
        except BaseException as exc:  # noqa: BLE001
            self.failed.emit(as_alloy_error(exc))
            return
        if not self.cancelled:
            self.follow_up_ready.emit(result)

    def _on_finished(self) -> None:
        # `finished` is emitted just before the thread exits: wait out that last moment so
        # the QThread is never destroyed while running, then let Python drop it.
        self.wait()
        _live.discard(self)


def live_workers() -> tuple[CoachStreamWorker, ...]:
    """Workers still running or not yet cleaned up (tests wait for none)."""
    return tuple(_live)


def stop_all(wait_ms: int = QUIT_WAIT_MS) -> None:
    """Cancels every stream and waits briefly so partial answers are saved (app quit)."""
    for worker in list(_live):
        worker.cancel()
    for worker in list(_live):
        worker.wait(wait_ms)


def _settle_heap() -> None:
    """Hides the objects alive now from the garbage collector, when libraries were loaded.

    A full collection walks every object while all threads wait: with Qt, SQLAlchemy and a
    model client's types loaded that took 0.2 s here and froze the window once per session
    (bench/bench_llm_real.py). What is alive just after a library loaded is mostly modules
    and types that live as long as the app, so gc.freeze() moves them where collections no
    longer look; only when sys.modules grew, so little else is pinned.
    """
    global _modules_at_freeze
    if len(sys.modules) != _modules_at_freeze:
        gc.freeze()
        _modules_at_freeze = len(sys.modules)


def _hook_quit() -> None:
    global _quit_hooked
    app = QCoreApplication.instance()
    if app is not None and not _quit_hooked:
        app.aboutToQuit.connect(stop_all)
        _quit_hooked = True


class ChunkBuffer(QObject):
    """Collects streamed chunks on the GUI thread and hands them on in ~40 ms batches."""

    def __init__(
        self,
        sink: Callable[[str], None],
        interval_ms: int = COALESCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sink = sink
        self._parts: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def pending(self) -> str:
        return "".join(self._parts)

    def add(self, text: str) -> None:
        self._parts.append(text)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Hands on whatever is waiting now (the stream ended, or Stop)."""
        self._timer.stop()
        if self._parts:
            text, self._parts = "".join(self._parts), []
            self._sink(text)

    def discard(self) -> None:
        self._timer.stop()
        self._parts.clear()

    def _on_timer_timeout(self) -> None:
        self.flush()
