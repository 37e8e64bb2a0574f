"""The coach's QThread worker and the GUI-side chunk coalescing, without a server."""

from __future__ import annotations

from collections.abc import Iterator

from pytestqt.qtbot import QtBot

from alloy_desktop.api import schemas
from alloy_desktop.api.errors import NotFound
from alloy_desktop.ui.viewmodels.coach_worker import ChunkBuffer, CoachStreamWorker, live_workers


class ListStream:
    """A finished answer as a stream; records whether it was cancelled and closed."""

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.cancelled = False
        self.closed = False

    def __iter__(self) -> Iterator[schemas.CoachStreamEvent]:
        for part in self.parts:
            yield schemas.CoachStreamEvent(part, False, 7)
        status = "cancelled" if self.cancelled else "completed"
        yield schemas.CoachStreamEvent("".join(self.parts), True, 7, status)

    def cancel(self) -> None:
        self.cancelled = True

    def close(self) -> None:
        self.closed = True


def test_chunks_are_handed_on_in_batches(qtbot: QtBot) -> None:
    received: list[str] = []
    buffer = ChunkBuffer(received.append, interval_ms=30)
    for word in ("a ", "b ", "c "):
        buffer.add(word)
    assert received == [] and buffer.pending == "a b c "
    qtbot.waitUntil(lambda: received == ["a b c "], timeout=1000)
    buffer.add("d")
    buffer.flush()
    assert received == ["a b c ", "d"]
    buffer.add("e")
    buffer.discard()
    qtbot.wait(60)
    assert received == ["a b c ", "d"]


def test_the_worker_streams_then_runs_the_follow_up(qtbot: QtBot) -> None:
    stream = ListStream(["Go ", "light ", "today."])
    worker = CoachStreamWorker(lambda: stream, lambda thread_id: f"proposal for {thread_id}")
    chunks: list[str] = []
    ended: list[schemas.CoachStreamEvent] = []
    worker.chunk_received.connect(chunks.append)
    worker.stream_ended.connect(ended.append)
    with qtbot.waitSignal(worker.follow_up_ready, timeout=3000) as follow_up:
        worker.begin()
    assert "".join(chunks) == "Go light today."
    assert ended[0].content == "Go light today." and ended[0].status == "completed"
    assert follow_up.args == ["proposal for 7"] and stream.closed
    qtbot.waitUntil(lambda: not live_workers(), timeout=3000)


def test_a_cancel_before_the_stream_exists_reaches_it(qtbot: QtBot) -> None:
    stream = ListStream(["never shown"])
    follow_ups: list[object] = []
    worker = CoachStreamWorker(lambda: stream, follow_ups.append)
    chunks: list[str] = []
    worker.chunk_received.connect(chunks.append)
    worker.cancel()
    with qtbot.waitSignal(worker.stream_ended, timeout=3000) as ended:
        worker.begin()
    assert stream.cancelled and ended.args[0].status == "cancelled"
    assert chunks == []  # nothing is sent after a cancel
    qtbot.waitUntil(lambda: not live_workers(), timeout=3000)
    assert follow_ups == []


def test_a_failure_to_start_is_an_error_with_a_message(qtbot: QtBot) -> None:
    def produce() -> ListStream:
        raise NotFound("No session is planned for that day: it's a rest day.")

    worker = CoachStreamWorker(produce)
    with qtbot.waitSignal(worker.failed, timeout=3000) as failed:
        worker.begin()
    assert failed.args[0].message == "No session is planned for that day: it's a rest day."
    qtbot.waitUntil(lambda: not live_workers(), timeout=3000)
