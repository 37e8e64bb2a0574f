"""Retries with exponential backoff: three tries, 0.5 s then 1 s, and no retry when offline."""

from __future__ import annotations

import pytest

from alloy_desktop.coach.errors import CoachError, CoachErrorKind, invalid_output, offline
from alloy_desktop.coach.retry import backoff_delays, with_retries


class Flaky:
    """Fails with the given errors in turn, then answers."""

    def __init__(self, *errors: CoachError) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "answer"


def test_the_delays_double() -> None:
    assert backoff_delays() == [0.5, 1.0]
    assert backoff_delays(4, 0.25) == [0.25, 0.5, 1.0]


def test_a_second_try_can_succeed_after_a_pause() -> None:
    slept: list[float] = []
    retried: list[tuple[int, CoachErrorKind, float]] = []
    call = Flaky(invalid_output("not json"))
    result = with_retries(
        call, sleep=slept.append, on_retry=lambda n, e, d: retried.append((n, e.kind, d))
    )
    assert (result, call.calls, slept) == ("answer", 2, [0.5])
    assert retried == [(1, CoachErrorKind.INVALID_OUTPUT, 0.5)]


def test_three_failures_give_up_with_the_last_error() -> None:
    slept: list[float] = []
    last = CoachError(CoachErrorKind.TIMEOUT, "slow")
    call = Flaky(invalid_output("a"), invalid_output("b"), last, invalid_output("never asked"))
    with pytest.raises(CoachError) as caught:
        with_retries(call, sleep=slept.append)
    assert caught.value is last
    assert (call.calls, slept) == (3, [0.5, 1.0])


def test_offline_is_not_retried() -> None:
    slept: list[float] = []
    call = Flaky(offline("http://localhost:11434"))
    with pytest.raises(CoachError):
        with_retries(call, sleep=slept.append)
    assert (call.calls, slept) == (1, [])
