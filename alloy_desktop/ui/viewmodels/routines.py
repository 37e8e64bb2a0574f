"""Routines screen state: the lifter's routines and the one being edited, as text per cell."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import schemas
from alloy_desktop.api.errors import AlloyError
from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.domain.metrics import from_display, to_display
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import MOVEMENTS, ROUTINES, SETTINGS, AppSession
from alloy_desktop.ui.viewmodels.workout_logger import MovementChoice, format_number

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CELL_FIELDS = ("sets", "reps", "rpe", "load", "rest", "superset", "notes")
REST_COMPOUND = 180
REST_ISOLATION = 90
_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–—]|to)\s*(\d+)\s*$")


@dataclass
class RoutineRow:
    """One exercise of the routine being edited, every cell as the lifter typed it."""

    movement_id: int
    name: str
    sets: str = "3"
    reps: str = "8"  # "8" or a range "8-12"
    rpe: str = ""
    load: str = ""  # in the lifter's unit
    rest: str = "90"  # seconds
    superset: str = ""  # a number shared by exercises done back to back
    notes: str = ""


def summary(routine: schemas.RoutineResponse) -> str:
    """ "5 exercises · Mon, Thu · done 3 times" for the list."""
    count = len(routine.exercises)
    parts = [f"{count} exercise{'s' if count != 1 else ''}"]
    parts.append(
        ", ".join(WEEKDAY_NAMES[d] for d in routine.weekdays) if routine.weekdays else "unscheduled"
    )
    if routine.times_done:
        parts.append(f"done {routine.times_done} time{'s' if routine.times_done != 1 else ''}")
    return " · ".join(parts)


def rows_of(routine: schemas.RoutineResponse, unit: WeightUnit) -> list[RoutineRow]:
    """A stored routine's exercises as editable text."""
    return [
        RoutineRow(
            movement_id=ex.movement_id,
            name=ex.movement_name,
            sets=str(ex.sets),
            reps=f"{ex.reps}-{ex.reps_max}" if ex.reps_max else str(ex.reps),
            rpe=format_number(ex.rpe),
            load="" if ex.load_kg is None else format_number(to_display(ex.load_kg, unit)),
            rest=str(ex.rest_seconds),
            superset="" if ex.superset_group is None else str(ex.superset_group),
            notes=ex.notes,
        )
        for ex in routine.exercises
    ]


class RoutinesViewModel(ViewModel):
    """The list of routines, one open in the editor, save/delete/start."""

    routines_changed = Signal()
    draft_changed = Signal()  # another routine opened, or rows added, removed or moved
    status = Signal(str)
    start_requested = Signal(int)  # a saved routine to start in the logger

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.routines: tuple[schemas.RoutineResponse, ...] = ()
        self.unit = WeightUnit.KG
        self.selected_id: int | None = None
        self.name = ""
        self.notes = ""
        self.weekdays: set[int] = set()
        self.rows: list[RoutineRow] = []
        self.dirty = False
        self.active = True
        self._stale = True
        self._start_after_save = False
        self._announcing = False
        session.changed.connect(self._on_changed)

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        me = self.session.me
        self._stale = False
        self.call(lambda: (me.routines.list(), me.settings.get()), self._on_loaded)

    def ensure_fresh(self) -> None:
        if self._stale:
            self.refresh()

    def select(self, routine_id: int | None) -> None:
        """Opens a routine in the editor (None: a new, empty one)."""
        found = next((r for r in self.routines if r.id == routine_id), None)
        self.selected_id = found.id if found else None
        self.name = found.name if found else ""
        self.notes = found.notes if found else ""
        self.weekdays = set(found.weekdays) if found else set()
        self.rows = rows_of(found, self.unit) if found else []
        self.dirty = False
        self.draft_changed.emit()

    def new_routine(self) -> None:
        self.select(None)

    @property
    def selected(self) -> schemas.RoutineResponse | None:
        return next((r for r in self.routines if r.id == self.selected_id), None)

    # --- editing --------------------------------------------------------------------------

    def set_name(self, name: str) -> None:
        self.name = name
        self.dirty = True

    def set_notes(self, notes: str) -> None:
        self.notes = notes
        self.dirty = True

    def set_weekday(self, day: int, scheduled: bool) -> None:
        (self.weekdays.add if scheduled else self.weekdays.discard)(day)
        self.dirty = True

    def set_cell(self, index: int, name: str, text: str) -> None:
        if 0 <= index < len(self.rows) and name in CELL_FIELDS:
            setattr(self.rows[index], name, text)
            self.dirty = True

    def add_exercise(self, choice: MovementChoice) -> None:
        """Appends a movement with three sets of eight and the usual rest for its kind."""
        rest = REST_COMPOUND if choice.is_compound else REST_ISOLATION
        self.rows.append(RoutineRow(choice.movement_id, choice.name, rest=str(rest)))
        self._edited()

    def remove_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            del self.rows[index]
            self._edited()

    def move_row(self, index: int, delta: int) -> int:
        """Moves an exercise up (-1) or down (+1); returns where it is now."""
        target = index + delta
        if not (0 <= index < len(self.rows) and 0 <= target < len(self.rows)):
            return index
        self.rows[index], self.rows[target] = self.rows[target], self.rows[index]
        self._edited()
        return target

    # --- saving, deleting, starting -------------------------------------------------------

    def save(self) -> None:
        """Creates or updates the routine; errors name the cell ("exercises[2].reps")."""
        request = self._request()
        if request is None:
            return
        me, routine_id = self.session.me, self.selected_id
        if routine_id is None:
            self.call(lambda: me.routines.create(request), self._on_saved)
        else:
            self.call(lambda: me.routines.update(routine_id, request), self._on_saved)

    def delete(self) -> None:
        routine_id = self.selected_id
        if routine_id is None:
            self.new_routine()
            return
        me = self.session.me
        self.call(lambda: me.routines.delete(routine_id), lambda _: self._on_deleted(routine_id))

    def start(self) -> None:
        """Asks for the routine in the logger, saving it first when it has changes."""
        if self.dirty or self.selected_id is None:
            self._start_after_save = True
            self.save()
            return
        self.start_requested.emit(self.selected_id)

    def delete_question(self) -> str:
        found = self.selected
        if found is None:
            return ""
        kept = (
            f" The {found.times_done} workout{'s' if found.times_done != 1 else ''} logged from "
            "it stay in your history."
            if found.times_done
            else ""
        )
        return f"Delete the routine {found.name}?{kept}"

    # --- internals --------------------------------------------------------------------------

    def _request(self) -> schemas.RoutineCreate | None:
        exercises = []
        for index, row in enumerate(self.rows):
            parsed = self._exercise(index, row)
            if parsed is None:
                return None
            exercises.append(parsed)
        return schemas.RoutineCreate(
            self.name, tuple(exercises), self.notes, tuple(sorted(self.weekdays))
        )

    def _exercise(self, index: int, row: RoutineRow) -> schemas.RoutineExerciseInput | None:
        field = f"exercises[{index}]"
        try:
            reps, reps_max = _reps(row.reps)
            load = _optional_number(row.load, "Load")
            return schemas.RoutineExerciseInput(
                movement_id=row.movement_id,
                sets=_whole(row.sets, "Sets"),
                reps=reps,
                reps_max=reps_max,
                rpe=_optional_number(row.rpe, "RPE"),
                load_kg=None if load is None else from_display(load, self.unit),
                rest_seconds=_whole(row.rest, "Rest"),
                superset_group=_optional_whole(row.superset, "Superset"),
                notes=row.notes,
            )
        except ValueError as exc:
            self.error.emit(field, f"{row.name}: {exc}")
            return None

    def report(self, exc: AlloyError) -> None:
        """Api errors name cells by index: put the exercise's name in front of the message."""
        field = getattr(exc, "field", "")
        match = re.match(r"exercises\[(\d+)\]", field or "")
        if match and int(match.group(1)) < len(self.rows):
            self.error.emit(field, f"{self.rows[int(match.group(1))].name}: {exc.message}")
            return
        super().report(exc)

    def _edited(self) -> None:
        self.dirty = True
        self.draft_changed.emit()

    def _on_loaded(
        self, loaded: tuple[Sequence[schemas.RoutineResponse], schemas.SettingsResponse]
    ) -> None:
        routines, settings = loaded
        self.routines = tuple(routines)
        self.unit = WeightUnit(settings.weight_unit)
        self.routines_changed.emit()
        if not self.dirty:
            keep = self.selected_id if self.selected is not None else None
            first = self.routines[0].id if self.routines else None
            self.select(keep if keep is not None else first)

    def _on_saved(self, routine: schemas.RoutineResponse) -> None:
        others = [r for r in self.routines if r.id != routine.id]
        self.routines = tuple(sorted([*others, routine], key=lambda r: r.name))
        self.routines_changed.emit()
        self.select(routine.id)
        self.status.emit(f"{routine.name} saved.")
        self._announce()
        if self._start_after_save:
            self._start_after_save = False
            self.start_requested.emit(routine.id)

    def _on_deleted(self, routine_id: int) -> None:
        self.routines = tuple(r for r in self.routines if r.id != routine_id)
        self.routines_changed.emit()
        self.select(self.routines[0].id if self.routines else None)
        self.status.emit("Routine deleted.")
        self._announce()

    def _announce(self) -> None:
        # Adherence counts scheduled routines: the Progress page reads them again.
        self._announcing = True
        try:
            self.session.notify(ROUTINES)
        finally:
            self._announcing = False

    def _on_changed(self, topic: str) -> None:
        if self._announcing or topic not in (ROUTINES, SETTINGS, MOVEMENTS):
            return
        if not self.session.is_signed_in:
            return
        self._stale = True
        if self.active:
            self.refresh()

    def show_routine(self, routine_id: int) -> None:
        """Opens a routine made elsewhere (History's "Save as routine") once it is loaded."""
        self.dirty = False
        self.selected_id = routine_id
        self.refresh()


def _whole(text: str, what: str) -> int:
    cleaned = text.strip()
    if not cleaned.isdigit():
        raise ValueError(f"{what} must be a whole number.")
    return int(cleaned)


def _optional_whole(text: str, what: str) -> int | None:
    return None if not text.strip() else _whole(text, what)


def _optional_number(text: str, what: str) -> float | None:
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{what} must be a number.") from None


def _reps(text: str) -> tuple[int, int | None]:
    """ "8" -> (8, None); "8-12" or "8–12" -> (8, 12)."""
    match = _RANGE.match(text)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        return low, (high if high != low else None)
    return _whole(text, "Reps"), None
