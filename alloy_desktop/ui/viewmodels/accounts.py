"""Sign-in and first-run state: create an account with profile basics, or sign in."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import schemas
from alloy_desktop.api.errors import AlloyError, Conflict, ValidationError
from alloy_desktop.domain.enums import Equipment, ExperienceLevel, WeightUnit
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import AppSession

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class NewAccount:
    """Everything the welcome flow asks for."""

    name: str
    email: str
    password: str
    confirm: str
    experience: ExperienceLevel = ExperienceLevel.BEGINNER
    training_days: tuple[int, ...] = (0, 2, 4)
    session_minutes: int = 60
    equipment: tuple[Equipment, ...] = ()
    unit: WeightUnit = WeightUnit.KG


class AccountsViewModel(ViewModel):
    """Drives the welcome and sign-in dialogs; emits `done` once someone is signed in."""

    done = Signal()

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.token: str | None = None
        self.profile_warning: str | None = None

    def has_accounts(self) -> bool:
        return self.session.has_accounts()

    def sign_in(self, email: str, password: str, remember: bool) -> None:
        """Checks the credentials off the GUI thread; errors name the field."""
        days = 30 if remember else None
        self.call(
            lambda: self.session.alloy.auth.login(email, password, days),
            self._on_token,
        )

    def create(self, account: NewAccount) -> None:
        """Registers, then stores the profile basics and unit; one step for the user."""
        if account.password != account.confirm:
            self.error.emit("confirm", "The two passwords don't match.")
            return
        if not account.training_days:
            self.error.emit("training_days", "Pick at least one training day.")
            return
        self.call(lambda: self._register(account), self._on_token, self._on_create_failed)

    def _register(self, account: NewAccount) -> schemas.TokenResponse:
        auth = self.session.alloy.auth
        token = auth.register(account.email, account.password, account.name)
        me = self.session.alloy.for_token(token.access_token)
        days = tuple(sorted(set(account.training_days)))
        try:
            me.settings.update_profile(
                schemas.ProfileUpdate(
                    experience_level=account.experience,
                    scheduling=schemas.SchedulingPreferences(
                        days_per_week=len(days),
                        preferred_days=days,
                        session_minutes=account.session_minutes,
                    ),
                    equipment=account.equipment,
                )
            )
            me.settings.update(schemas.SettingsUpdate(weight_unit=account.unit))
        except ValidationError as exc:
            # The account exists already: sign in anyway and say what to fix in Settings.
            self.profile_warning = f"Your account was created, but {exc.message}"
        return token

    def _on_create_failed(self, exc: AlloyError) -> None:
        if isinstance(exc, Conflict):
            # The only conflict on registering is a taken email: say so beside that field.
            self.error.emit("email", exc.message)
            return
        self.report(exc)

    def _on_token(self, token: schemas.TokenResponse) -> None:
        self.token = token.access_token
        self.session.resume(token.access_token)
        self.done.emit()
