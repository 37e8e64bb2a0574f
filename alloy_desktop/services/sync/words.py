"""What went wrong in a sync, in plain words for the status bar: never a traceback."""

from __future__ import annotations

OFFLINE = (
    "The sync server can't be reached right now. Your changes stay on this computer "
    "and go up at the next sync."
)
DB_PASSWORD = "The sync server refused the database password. Check it with your coach."
NO_DATABASE = "The sync server has no such database. Check the server address with your coach."
SERVER_BEHIND = "The sync server runs an older Alloy. Ask your coach to update it."
INTERRUPTED = (
    "The connection to the sync server was lost during the sync. Nothing was lost; "
    "the rest goes up at the next sync."
)
NOT_LINKED = "This account is not linked to a sync server yet."


class SyncError(Exception):
    """A sync problem already put in plain words."""


def plain_words(exc: BaseException) -> str:
    """One sentence for a failed sync, from the exception (and its causes) it raised."""
    if isinstance(exc, SyncError):
        return str(exc)
    text = " ".join(_messages(exc)).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return DB_PASSWORD
    if "database" in text and "does not exist" in text:
        return NO_DATABASE
    if "relation" in text and "does not exist" in text:
        return SERVER_BEHIND
    lost = ("server closed the connection", "terminating connection", "connection lost",
            "consuming input failed", "the connection is closed", "connection is lost")  # fmt: skip
    if any(phrase in text for phrase in lost):
        return INTERRUPTED
    offline = ("connection refused", "could not connect", "timeout expired", "timed out",
               "name or service not known", "could not translate host", "no route to host",
               "network is unreachable", "connection failed")  # fmt: skip
    if any(phrase in text for phrase in offline):
        return OFFLINE
    first = next(iter(_messages(exc)), type(exc).__name__).strip().splitlines()
    detail = first[0] if first else type(exc).__name__
    return f"The sync stopped: {detail[:200]}. Nothing was lost; it is tried again next time."


def _messages(exc: BaseException) -> list[str]:
    out: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        out.append(str(current))
        current = current.__cause__ or current.__context__
    return out
