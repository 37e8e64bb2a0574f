"""The plate calculator's bar, plates and collars, as the Settings page edits them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import schemas
from alloy_desktop.api.errors import AlloyError
from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import SETTINGS, AppSession

SAVED = "Bar and plates saved: the logger loads with them from now on."
RESET = "Back to the standard set."


@dataclass(frozen=True)
class PlateRow:
    """One plate the lifter owns, and how many pairs of it (in their unit)."""

    weight: float
    pairs: int


@dataclass(frozen=True)
class PlatesForm:
    """What the card shows: everything in `unit` ("KG" or "LB")."""

    unit: str
    bar: float
    collar: float  # each of two; 0 for none
    plates: tuple[PlateRow, ...]
    is_default: bool = False

    @property
    def unit_word(self) -> str:
        return "kg" if self.unit == WeightUnit.KG else "lb"

    def same_values(self, other: PlatesForm) -> bool:
        """Equal as saved: the default flag is the api's to say."""
        return (self.unit, self.bar, self.collar, self.plates) == (
            other.unit,
            other.bar,
            other.collar,
            other.plates,
        )


def plates_form(s: schemas.SettingsResponse) -> PlatesForm:
    return PlatesForm(
        unit=WeightUnit(s.weight_unit).value,
        bar=s.bar_weight,
        collar=s.collar_weight,
        plates=tuple(PlateRow(p.weight, p.pairs) for p in s.plates),
        is_default=s.plates_are_default,
    )


def plates_update(form: PlatesForm) -> schemas.SettingsUpdate:
    """The whole setup as one update (the api checks every plate, naming the bad one)."""
    return schemas.SettingsUpdate(
        bar_weight=form.bar,
        collar_weight=form.collar,
        plates=tuple(schemas.PlatePairs(p.weight, p.pairs) for p in form.plates),
    )


class PlatesViewModel(ViewModel):
    """Loads and saves the lifter's bar, plates and collars; errors name the plate."""

    loaded = Signal(object)  # PlatesForm
    saved = Signal(str)  # a confirmation for the card's status line

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.form: PlatesForm | None = None
        self._saving = False
        session.changed.connect(self._on_session_changed)

    def refresh(self) -> None:
        self.call(self.session.me.settings.get, self._on_loaded)

    def has_changes(self, shown: PlatesForm) -> bool:
        return self.form is not None and not shown.same_values(self.form)

    def save(self, form: PlatesForm) -> None:
        """Saves the setup as shown; a bad plate comes back as an error on its row."""
        self._update(plates_update(form), SAVED)

    def reset(self) -> None:
        """Back to the standard bar, plates and no collars of the lifter's unit."""
        self._update(schemas.SettingsUpdate(reset_plates=True), RESET)

    def _update(self, update: schemas.SettingsUpdate, message: str) -> None:
        self._saving = True
        self.call(
            lambda: self.session.me.settings.update(update),
            lambda result: self._on_saved(result, message),
            self._on_save_failed,
        )

    def _on_loaded(self, settings: schemas.SettingsResponse) -> None:
        self.form = plates_form(settings)
        self.loaded.emit(self.form)

    def _on_saved(self, settings: schemas.SettingsResponse, message: str) -> None:
        self._on_loaded(settings)
        self.saved.emit(message)
        self.session.notify(SETTINGS)  # every prescribed load is rounded to these plates
        self._saving = False

    def _on_save_failed(self, exc: AlloyError) -> None:
        self._saving = False
        self.report(exc)

    def _on_session_changed(self, topic: str) -> None:
        # The unit may have changed on the same page: the plates come back converted.
        if topic == SETTINGS and not self._saving and self.session.is_signed_in:
            self.refresh()
