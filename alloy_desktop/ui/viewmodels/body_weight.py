"""Body weight card state: readings in the lifter's unit, their 7-day average, logging one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.domain.body_weight import AVERAGE_DAYS, trailing_average
from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.domain.metrics import to_display
from alloy_desktop.ui.viewmodels.base import GENERAL, ViewModel
from alloy_desktop.ui.viewmodels.progress import epoch
from alloy_desktop.ui.viewmodels.session import PROFILE, SETTINGS, AppSession
from alloy_desktop.ui.viewmodels.workout_logger import format_number

Floats = NDArray[np.float64]


def _empty() -> Floats:
    return np.zeros(0, dtype=np.float64)


@dataclass(frozen=True)
class WeightChart:
    """Readings ready to plot: x in epoch seconds, values and their average in the unit shown."""

    unit: WeightUnit = WeightUnit.KG
    entries: tuple[schemas.BodyWeightEntry, ...] = ()
    x: Floats = field(default_factory=_empty)
    y: Floats = field(default_factory=_empty)
    average: Floats = field(default_factory=_empty)

    @property
    def unit_label(self) -> str:
        return self.unit.value.lower()


def build_chart(entries: Sequence[schemas.BodyWeightEntry], unit: WeightUnit) -> WeightChart:
    """Arrays for the chart from the api's readings (oldest first)."""
    days = [e.day for e in entries]
    kilos = [e.weight_kg for e in entries]
    x = np.array([epoch(d) for d in days], dtype=np.float64)
    y = np.array([to_display(w, unit) for w in kilos], dtype=np.float64)
    averaged = trailing_average(days, kilos) if entries else []
    average = np.array([to_display(w, unit) for w in averaged], dtype=np.float64)
    return WeightChart(unit, tuple(entries), x, y, average)


class BodyWeightViewModel(ViewModel):
    """Loads the readings, logs one a day, deletes one; the chart follows."""

    chart_changed = Signal(object)  # WeightChart
    status = Signal(str)

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.chart = WeightChart()
        self._announcing = False
        session.changed.connect(self._on_changed)

    @property
    def unit(self) -> WeightUnit:
        return self.chart.unit

    def refresh(self) -> None:
        me = self.session.me
        self.call(lambda: _load(me), self._on_loaded)

    def log(self, text: str, day: date) -> None:
        """Logs the value typed (in the lifter's unit) for a day; the same day is replaced."""
        try:
            value = float(text.strip().replace(",", "."))
        except ValueError:
            self.error.emit("weight", "Type your body weight as a number, e.g. 82.4.")
            return
        me, unit = self.session.me, self.unit
        request = schemas.BodyWeightCreate(value, day, unit)
        self.call(lambda: (me.body_weight.log(request), _load(me)), self._on_logged)

    def delete_on(self, day: date) -> None:
        """Deletes the reading of a day (an error when there is none)."""
        entry = next((e for e in self.chart.entries if e.day == day), None)
        if entry is None:
            self.error.emit(GENERAL, f"No body weight logged on {day.day} {day:%b %Y}.")
            return
        me = self.session.me
        self.call(lambda: _delete(me, entry.id), self._on_deleted)

    def summary(self) -> str:
        """ "82.4 kg on 2 Nov · 7-day average 82.1 kg", or how to start."""
        chart = self.chart
        if not chart.entries:
            return "Log your body weight to see its trend and a 7-day average."
        last = chart.entries[-1]
        unit = chart.unit_label
        return (
            f"{format_number(float(chart.y[-1]))} {unit} on {last.day.day} {last.day:%b} · "
            f"{AVERAGE_DAYS}-day average {format_number(float(chart.average[-1]))} {unit}"
        )

    def latest_text(self, day: date) -> str:
        """The value logged on a day, as the entry field shows it ("" when none)."""
        index = next((i for i, e in enumerate(self.chart.entries) if e.day == day), None)
        return "" if index is None else format_number(float(self.chart.y[index]))

    def _on_loaded(self, chart: WeightChart) -> None:
        self.chart = chart
        self.chart_changed.emit(chart)

    def _on_logged(self, done: tuple[schemas.BodyWeightEntry, WeightChart]) -> None:
        entry, chart = done
        self._on_loaded(chart)
        shown = format_number(to_display(entry.weight_kg, chart.unit))
        self.status.emit(f"Logged {shown} {chart.unit_label} for {entry.day.day} {entry.day:%b}.")
        self._announce()

    def _on_deleted(self, chart: WeightChart) -> None:
        self._on_loaded(chart)
        self.status.emit("Body weight deleted.")
        self._announce()

    def _announce(self) -> None:
        # The profile holds the latest reading: Settings and calories read it again.
        self._announcing = True
        try:
            self.session.notify(PROFILE)
        finally:
            self._announcing = False

    def _on_changed(self, topic: str) -> None:
        if not self._announcing and topic in (PROFILE, SETTINGS) and self.session.is_signed_in:
            self.refresh()


def _load(me: UserApi) -> WeightChart:
    unit = WeightUnit(me.settings.get().weight_unit)
    return build_chart(me.body_weight.entries(), unit)


def _delete(me: UserApi, entry_id: int) -> WeightChart:
    me.body_weight.delete(entry_id)
    return _load(me)
