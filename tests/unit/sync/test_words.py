"""A failed sync reads as one plain sentence, never a traceback."""

from __future__ import annotations

from alloy_desktop.services.sync import words
from alloy_desktop.services.sync.service import with_password, without_password


def _chained(outer: Exception, inner: Exception) -> Exception:
    outer.__cause__ = inner
    return outer


def test_known_failures_get_their_sentence() -> None:
    cases = {
        "connection failed: Connection refused\n\tIs the server running?": words.OFFLINE,
        'FATAL:  password authentication failed for user "alloy"': words.DB_PASSWORD,
        'FATAL:  database "nope" does not exist': words.NO_DATABASE,
        "server closed the connection unexpectedly": words.INTERRUPTED,
        'relation "sync_changes" does not exist': words.SERVER_BEHIND,
    }
    for message, sentence in cases.items():
        assert words.plain_words(_chained(RuntimeError("wrapped"), OSError(message))) == sentence


def test_anything_else_is_one_short_line() -> None:
    text = words.plain_words(ValueError("first line\nsecond line"))
    assert "first line" in text and "second line" not in text and "\n" not in text
    assert words.plain_words(words.SyncError("As said.")) == "As said."


def test_the_stored_url_never_holds_the_password() -> None:
    url = "postgresql+psycopg://alloy:s3cret@db.example:5432/alloy"
    stored = without_password(url)
    assert "s3cret" not in stored and stored.startswith("postgresql+psycopg://alloy@db.example")
    assert with_password(stored, "s3cret") == url
