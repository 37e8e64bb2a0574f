"""A streamed coach answer as the api hands it out, and the conversation flow that makes one."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import date
from typing import Protocol

from alloy_desktop.coach.cancel import CancelToken
from alloy_desktop.services import schemas
from alloy_desktop.services.schemas import AdaptationRequest


class CoachStream:
    """The events of one streamed answer: iterate it; cancel() from any thread stops it at once.

    Stopping early (cancel, close, or simply leaving the loop) still saves the text so far
    as a partial turn of the thread.
    """

    def __init__(
        self,
        thread_id: int,
        events: Generator[schemas.CoachStreamEvent, None, None],
        token: CancelToken,
    ) -> None:
        self.thread_id = thread_id
        self._events = events
        self._token = token

    def __iter__(self) -> Iterator[schemas.CoachStreamEvent]:
        return self

    def __next__(self) -> schemas.CoachStreamEvent:
        return next(self._events)

    def cancel(self) -> None:
        """Thread-safe: the stream ends at its next step, or at once if it is waiting."""
        self._token.cancel()

    def close(self) -> None:
        """From the consuming thread: ends the stream now, saving any partial text."""
        self._events.close()


class ConversationFlow(Protocol):
    """Who runs the coach's conversations (the coach service); the day service hands over."""

    def adapt_stream(self, target_date: date, request: AdaptationRequest) -> CoachStream: ...

    def continue_stream(self, thread_id: int, message: str) -> CoachStream: ...
