"""Who is signed in, and the change bus that tells every screen what to refresh."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.tasks import TaskRunner

# Topics announced on the change bus (Anki's trick: operations say what changed).
PROGRAMS = "programs"
LOGS = "logs"
RECOVERY = "recovery"
SETTINGS = "settings"
PROFILE = "profile"
ACTIVITIES = "activities"
CIRCUITS = "circuits"
PLAN = "plan"
MOVEMENTS = "movements"  # the lifter's custom exercises (names shown on many pages)
ROUTINES = "routines"  # hand-built routines (made on their page or copied from History)
ALL_TOPICS = (
    PROGRAMS, LOGS, RECOVERY, SETTINGS, PROFILE, ACTIVITIES, CIRCUITS, PLAN, MOVEMENTS, ROUTINES,
)  # fmt: skip


class AppSession(ViewModel):
    """Owns the api and the signed-in user's services; screens read `me` and listen to `changed`."""

    signed_in = Signal(object)  # schemas.UserResponse
    signed_out = Signal()
    changed = Signal(str)  # one of the topics above

    def __init__(self, alloy: Alloy, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(runner, parent)
        self.alloy = alloy
        self.runner = runner
        self._me: UserApi | None = None
        self._token: str | None = None

    @property
    def me(self) -> UserApi:
        """The signed-in user's api; screens exist only while someone is signed in."""
        if self._me is None:
            raise RuntimeError("no user is signed in")
        return self._me

    @property
    def is_signed_in(self) -> bool:
        return self._me is not None

    @property
    def read_only(self) -> bool:
        """True where pages show someone else's training (a coach's view of an athlete)."""
        return self._me is not None and self._me.read_only

    def now(self) -> datetime:
        """The api's clock (fixed in tests), in local time."""
        return self.alloy.context.now().astimezone()

    def today(self) -> date:
        """The lifter's local date: every screen's idea of "today" comes from here."""
        return self.now().date()

    @property
    def token(self) -> str | None:
        return self._token

    def has_accounts(self) -> bool:
        """Whether any account exists (first start shows the welcome flow instead of sign-in)."""
        return self.alloy.auth.user_count() > 0

    def register(self, email: str, password: str, name: str) -> None:
        """Creates an account and signs in."""
        self.call(lambda: self.alloy.auth.register(email, password, name), self._on_token)

    def login(self, email: str, password: str, remember: bool = False) -> None:
        """Signs in; remember-me keeps the session for 30 days."""
        days = 30 if remember else None
        self.call(lambda: self.alloy.auth.login(email, password, days), self._on_token)

    def resume(self, token: str) -> bool:
        """Signs in from a remembered token; False if it has expired."""
        try:
            self._adopt(token)
        except Exception:  # noqa: BLE001 - an old token is simply not used
            return False
        return True

    def logout(self) -> None:
        self._me = None
        self._token = None
        self.signed_out.emit()

    def notify(self, *topics: str) -> None:
        """Announces that data of these topics changed."""
        for topic in topics:
            self.changed.emit(topic)

    def _on_token(self, token: schemas.TokenResponse) -> None:
        self._adopt(token.access_token)

    def _adopt(self, token: str) -> None:
        self._me = self.alloy.for_token(token)
        self._token = token
        self.signed_in.emit(self._me.user)
