"""Shared values of the coach tests: the fixed Monday, the password, a sleep recorder."""

from __future__ import annotations

from datetime import UTC, date, datetime

MONDAY = date(2026, 11, 2)  # Lower Strength (HYBRID, Mon/Wed/Fri), the program's first day
MONDAY_MORNING = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


class Sleeps:
    """An injectable sleep that records the backoff instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
