"""The coach's pick among the ranked substitutes: it must be one of them, with a reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alloy_desktop.coach.errors import invalid_output

REASON_LENGTH = 300


@dataclass(frozen=True)
class Pick:
    """Which candidate (by position in the ranked list) and the coach's one-line reason."""

    index: int
    reason: str


def check_pick(raw: object, candidates: Sequence[str]) -> Pick:
    """The chosen candidate; raises invalid output for a name outside the list (retryable)."""
    if not isinstance(raw, Mapping):
        raise invalid_output("the reply is not an object")
    choice = str(raw.get("choice") or "").strip().lower()
    lowered = [name.strip().lower() for name in candidates]
    if choice not in lowered:
        raise invalid_output(f"picked {choice!r}, which is not a candidate")
    reason = str(raw.get("reason") or "").strip()[:REASON_LENGTH]
    return Pick(lowered.index(choice), reason)
