"""The api's face of offline-first sync: checked inputs, and errors typed and tied to a field."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from alloy_desktop.services.auth import WRONG_CREDENTIALS
from alloy_desktop.services.context import AppContext
from alloy_desktop.services.errors import AlloyError, Conflict, Forbidden, ValidationError
from alloy_desktop.services.sync import SyncError, SyncReport, SyncService, SyncStatus, words
from alloy_desktop.services.sync.service import with_password

__all__ = ["SyncApi", "SyncReport", "SyncStatus"]

# Only PostgreSQL: any other URL would have SQLAlchemy open whatever it names (a SQLite file
# path creates one), and a shared server is PostgreSQL.
SCHEMES = ("postgresql", "postgresql+psycopg")
MAX_TEXT = 500  # the stored URL's column; passwords and emails are far shorter
BAD_URL = "Enter the server address as postgresql+psycopg://user@host/database."
UNLIKELY = "That can't be right: check it and try again."
MISSING = {
    "email": "Enter the email of your Alloy account.",
    "alloy_password": "Enter your Alloy password.",
}

# The sync's sentences that are about one field of the link form.
_FIELD_OF = {
    words.OFFLINE: "server_url",
    words.NO_DATABASE: "server_url",
    words.DB_PASSWORD: "db_password",
    WRONG_CREDENTIALS: "alloy_password",
    "Link the server account with the same email as this one.": "email",
    "That account is deactivated on the server.": "email",
}


class SyncApi:
    """Link this account to its account on a coach's shared server, then sync it.

    A link or sync never raises anything but an AlloyError: a field's problem is a
    ValidationError naming it (server_url, db_password, email, alloy_password); a sync's
    failure comes back as `SyncReport.error`, one plain sentence.
    """

    def __init__(self, app: AppContext, user_id: int, read_only: bool = False) -> None:
        self._service = SyncService(app, user_id)
        self._read_only = read_only

    def status(self) -> SyncStatus:
        """Linked server (no password), last sync, changes waiting, last error; offline."""
        return self._service.status()

    def link(
        self, server_url: str, db_password: str | None, email: str, alloy_password: str
    ) -> SyncStatus:
        """Links to the server account with the same email, once its password checks out."""
        self._writable()
        url = _server_url(server_url)
        password = _optional("db_password", db_password)
        mail = _text("email", email)
        secret = _text("alloy_password", alloy_password)
        if password is None and urlsplit(url).password is None:
            raise ValidationError("db_password", "Enter the database password from your coach.")
        try:
            return self._service.link(url, password, mail, secret)
        except SyncError as exc:
            raise _typed(str(exc)) from None

    def sync_now(self, db_password: str | None = None) -> SyncReport:
        """Pulls the coach's changes, then pushes this laptop's; an error comes back in words.

        `db_password` is the database password this session holds (the stored URL has none).
        """
        self._writable()
        password = _optional("db_password", db_password)
        if password is None:
            return self._service.sync_now()
        stored = self._service.status().linked_server
        if stored is None:
            return SyncReport(error=words.NOT_LINKED)
        return self._service.sync_now(with_password(stored, password))

    def conflicts(self) -> list[dict[str, Any]]:
        """Every recorded conflict of this account, oldest first."""
        return self._service.conflicts()

    def _writable(self) -> None:
        if self._read_only:
            raise Forbidden("Only the athlete links and syncs their own account.")


def _server_url(value: object) -> str:
    url = _text("server_url", value)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValidationError("server_url", BAD_URL) from None
    if parts.scheme not in SCHEMES or not parts.hostname or parts.path.strip("/") == "":
        raise ValidationError("server_url", BAD_URL)
    return url


def _text(field: str, value: object) -> str:
    """A required field's text as given (passwords keep their spaces)."""
    text = _optional(field, value)
    if text is None or not text.strip():
        raise ValidationError(field, MISSING.get(field, BAD_URL))
    return text


def _optional(field: str, value: object) -> str | None:
    """A field's text, or None when left empty; refuses what isn't text a driver can send."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
        raise ValidationError(field, UNLIKELY)
    try:
        value.encode()
    except UnicodeEncodeError:  # a lone surrogate
        raise ValidationError(field, UNLIKELY) from None
    return value


def _typed(message: str) -> AlloyError:
    field = _FIELD_OF.get(message)
    return ValidationError(field, message) if field else Conflict(message)
