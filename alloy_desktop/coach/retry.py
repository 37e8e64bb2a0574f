"""Retries with exponential backoff for coach calls that fail in ways a second try can fix."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from alloy_desktop.coach.errors import CoachError

T = TypeVar("T")

ATTEMPTS = 3
FIRST_DELAY = 0.5  # seconds; then 1.0: the whole ladder costs 1.5 s before falling back
FACTOR = 2.0

Sleep = Callable[[float], None]
OnRetry = Callable[[int, CoachError, float], None]  # (attempt that failed, why, delay)


def backoff_delays(attempts: int = ATTEMPTS, first: float = FIRST_DELAY) -> list[float]:
    """The pauses between `attempts` tries: [0.5, 1.0] for three."""
    return [first * FACTOR**i for i in range(max(0, attempts - 1))]


def with_retries(
    call: Callable[[], T],
    attempts: int = ATTEMPTS,
    first_delay: float = FIRST_DELAY,
    sleep: Sleep = time.sleep,
    on_retry: OnRetry | None = None,
) -> T:
    """Runs `call`; a retryable CoachError tries again after 0.5 s, 1 s, ... up to `attempts`.

    A non-retryable error (offline, model missing) or the last failure is raised as is,
    so the caller can fall back to the deterministic path at once.
    """
    delays = backoff_delays(attempts, first_delay)
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except CoachError as error:
            if not error.retryable or attempt == attempts:
                raise
            delay = delays[attempt - 1]
            if on_retry is not None:
                on_retry(attempt, error, delay)
            sleep(delay)
    raise AssertionError("unreachable: the loop returns or raises")
