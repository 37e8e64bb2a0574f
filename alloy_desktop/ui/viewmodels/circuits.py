"""Circuits screen state: benchmark circuits by type, one circuit's detail, and admin edits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.api.errors import ValidationError
from alloy_desktop.domain.enums import CircuitType, WeightUnit
from alloy_desktop.domain.metrics import from_display, to_display
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import CIRCUITS, SETTINGS, AppSession

ALL_TYPES = ""  # the type filter's "All" choice
NOT_GIVEN = "—"
TYPE_NAMES: dict[CircuitType, str] = {
    CircuitType.AMRAP: "AMRAP",
    CircuitType.EMOM: "EMOM",
    CircuitType.METCON: "Metcon",
    CircuitType.TABATA: "Tabata",
    CircuitType.COMPLEX: "Complex",
    CircuitType.CIRCUIT: "Circuit",
}
TYPE_HINTS: dict[CircuitType, str] = {
    CircuitType.AMRAP: "As many rounds as possible",
    CircuitType.EMOM: "Every minute on the minute",
    CircuitType.METCON: "Metabolic conditioning, usually for time",
    CircuitType.TABATA: "20 s on, 10 s off intervals",
    CircuitType.COMPLEX: "Barbell complex",
    CircuitType.CIRCUIT: "Stations in a circuit",
}
UNIT_WORDS = {WeightUnit.KG: "kg", WeightUnit.LB: "lb"}


# --- numbers as a lifter reads them -----------------------------------------------------------


def number_text(value: float | None, decimals: int = 1) -> str:
    """100.0 -> "100", 43.1 -> "43.1", None -> ""."""
    if value is None:
        return ""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def load_text(kg: float | None, unit: WeightUnit) -> str:
    """A load in the user's unit, rounded the way plates are: "95 lb", "43.1 kg"."""
    if kg is None:
        return ""
    return number_text(to_display(kg, unit))


def clock_text(seconds: int) -> str:
    """90 -> "1:30", 45 -> "0:45", 3600 -> "60:00"."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def distance_text(metres: float) -> str:
    """400 -> "400 m", 1609 -> "1.6 km"."""
    if metres >= 1000:
        return f"{number_text(metres / 1000)} km"
    return f"{number_text(metres)} m"


def amount_text(ex: schemas.CircuitExerciseResponse, rep_scheme: Sequence[int] | None) -> str:
    """What one exercise asks for: "15 reps", "400 m", "1:00", "20 cal" (joined if several)."""
    parts: list[str] = []
    if ex.reps is not None:
        parts.append(f"{ex.reps} rep{'s' if ex.reps != 1 else ''}")
    elif rep_scheme:
        parts.append("-".join(str(r) for r in rep_scheme) + " reps")
    if ex.distance_m is not None:
        parts.append(distance_text(ex.distance_m))
    if ex.duration_seconds is not None:
        parts.append(clock_text(ex.duration_seconds))
    if ex.calories is not None:
        parts.append(f"{ex.calories} cal")
    return " · ".join(parts) or NOT_GIVEN


# --- what the page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class CircuitRow:
    """One line of the circuit list."""

    id: int
    name: str
    kind: str  # "AMRAP"
    time_cap: str  # "20 min" or "—"
    category: str  # "Girl", "Hero", "Benchmark" or ""
    description: str


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise of the detail table, loads in the user's unit."""

    movement: str
    amount: str
    load_male: str
    load_female: str
    notes: str


@dataclass(frozen=True)
class CircuitDetail:
    """The detail card of the selected circuit."""

    id: int
    name: str
    kind: str
    kind_hint: str
    category: str
    description: str
    facts: tuple[tuple[str, str], ...]  # ("Time cap", "20 min"), in reading order
    exercises: tuple[ExerciseLine, ...]
    unit: str  # "kg" or "lb", for the load column headers


@dataclass(frozen=True)
class ExerciseDraft:
    """One exercise as the editor shows and returns it: text fields, loads in the user's unit."""

    movement_id: int
    movement_name: str
    reps: str = ""
    distance_m: str = ""
    duration: str = ""  # "1:30" or seconds
    calories: str = ""
    load_male: str = ""
    load_female: str = ""
    notes: str = ""
    source: int | None = None  # index in the saved circuit, so an untouched load keeps its kg


@dataclass(frozen=True)
class CircuitDraft:
    """The admin editor's whole form."""

    description: str
    rounds: str
    time_cap_minutes: str
    exercises: tuple[ExerciseDraft, ...]


def row_of(c: schemas.CircuitResponse) -> CircuitRow:
    cap = f"{c.time_cap_minutes} min" if c.time_cap_minutes else NOT_GIVEN
    category = (c.category or "").capitalize()
    return CircuitRow(c.id, c.name, TYPE_NAMES[c.circuit_type], cap, category, c.description)


def facts_of(c: schemas.CircuitResponse) -> tuple[tuple[str, str], ...]:
    """The circuit's structure in reading order; missing parts are left out, not shown blank."""
    facts: list[tuple[str, str]] = []
    if c.rounds:
        facts.append(("Rounds", str(c.rounds)))
    if c.rep_scheme:
        facts.append(("Rep scheme", "-".join(str(r) for r in c.rep_scheme)))
    if c.interval_seconds:
        facts.append(("Interval", f"every {clock_text(c.interval_seconds)}"))
    if c.time_cap_minutes:
        facts.append(("Time cap", f"{c.time_cap_minutes} min"))
    if c.scoring:
        facts.append(("Score", c.scoring[:1].upper() + c.scoring[1:]))
    return tuple(facts)


def detail_of(c: schemas.CircuitResponse, unit: WeightUnit) -> CircuitDetail:
    lines = tuple(
        ExerciseLine(
            movement=ex.movement_name,
            amount=amount_text(ex, c.rep_scheme),
            load_male=_with_unit(load_text(ex.load_male_kg, unit), unit),
            load_female=_with_unit(load_text(ex.load_female_kg, unit), unit),
            notes=ex.notes or "",
        )
        for ex in c.exercises
    )
    return CircuitDetail(
        id=c.id,
        name=c.name,
        kind=TYPE_NAMES[c.circuit_type],
        kind_hint=TYPE_HINTS[c.circuit_type],
        category=(c.category or "").capitalize(),
        description=c.description,
        facts=facts_of(c),
        exercises=lines,
        unit=UNIT_WORDS[unit],
    )


def _with_unit(text: str, unit: WeightUnit) -> str:
    return f"{text} {UNIT_WORDS[unit]}" if text else NOT_GIVEN


def draft_of(c: schemas.CircuitResponse, unit: WeightUnit) -> CircuitDraft:
    """The editor's starting form for a circuit."""
    exercises = tuple(
        ExerciseDraft(
            movement_id=ex.movement_id,
            movement_name=ex.movement_name,
            reps="" if ex.reps is None else str(ex.reps),
            distance_m=number_text(ex.distance_m),
            duration="" if ex.duration_seconds is None else clock_text(ex.duration_seconds),
            calories="" if ex.calories is None else str(ex.calories),
            load_male=load_text(ex.load_male_kg, unit),
            load_female=load_text(ex.load_female_kg, unit),
            notes=ex.notes or "",
            source=i,
        )
        for i, ex in enumerate(c.exercises)
    )
    return CircuitDraft(
        description=c.description,
        rounds="" if c.rounds is None else str(c.rounds),
        time_cap_minutes="" if c.time_cap_minutes is None else str(c.time_cap_minutes),
        exercises=exercises,
    )


def raw_text(raw: dict[str, Any] | None) -> str:
    """The source workout as indented JSON, or a sentence when there is none."""
    if raw is None:
        return "No source workout was recorded for this circuit."
    return json.dumps(raw, indent=2, ensure_ascii=False)


# --- reading the editor's text ----------------------------------------------------------------


def _whole(text: str, field: str, what: str) -> int | None:
    """Blank -> None; anything but a whole number is a field error (the api checks the range)."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError(field, f"{what} must be a whole number.") from None


def _decimal(text: str, field: str, what: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError(field, f"{what} must be a number.") from None


def _seconds(text: str, field: str, what: str) -> int | None:
    """Reads "90" or "1:30" as 90 seconds."""
    text = text.strip()
    if ":" not in text:
        return _whole(text, field, what)
    minutes, _, seconds = text.partition(":")
    try:
        whole_minutes, whole_seconds = int(minutes or "0"), int(seconds)
    except ValueError:
        raise ValidationError(field, f"{what} must look like 1:30 or 90.") from None
    if not 0 <= whole_seconds < 60:
        raise ValidationError(field, f"{what} must look like 1:30 or 90.")
    return whole_minutes * 60 + whole_seconds


def _load_kg(
    text: str, field: str, what: str, unit: WeightUnit, kept: float | None
) -> float | None:
    """A load typed in the user's unit, in kg; text still showing the saved load keeps its kg.

    Without this, saving an untouched 95 lb (43.1 kg) row would store 43.09 kg.
    """
    if kept is not None and text.strip() == load_text(kept, unit):
        return kept
    value = _decimal(text, field, what)
    return None if value is None else round(from_display(value, unit), 2)


def exercise_input(
    d: ExerciseDraft, index: int, unit: WeightUnit, saved: Sequence[schemas.CircuitExerciseResponse]
) -> schemas.CircuitExerciseInput:
    """One editor row as the api's input; unreadable text raises a field error for that row."""
    field = f"exercises[{index}]"
    name = f"Exercise {index + 1}:"
    before = saved[d.source] if d.source is not None and d.source < len(saved) else None
    return schemas.CircuitExerciseInput(
        movement_id=d.movement_id,
        reps=_whole(d.reps, f"{field}.reps", f"{name} reps"),
        distance_m=_decimal(d.distance_m, f"{field}.distance_m", f"{name} distance"),
        duration_seconds=_seconds(d.duration, f"{field}.duration_seconds", f"{name} time"),
        calories=_whole(d.calories, f"{field}.calories", f"{name} calories"),
        load_male_kg=_load_kg(
            d.load_male, f"{field}.load_male_kg", f"{name} men's load", unit,
            before.load_male_kg if before else None,
        ),
        load_female_kg=_load_kg(
            d.load_female, f"{field}.load_female_kg", f"{name} women's load", unit,
            before.load_female_kg if before else None,
        ),
        notes=d.notes.strip() or None,
    )  # fmt: skip


def update_of(
    draft: CircuitDraft, unit: WeightUnit, saved: schemas.CircuitResponse
) -> schemas.CircuitTemplateUpdate:
    """The editor's form as the api's update (blank rounds or cap leave them as they are)."""
    return schemas.CircuitTemplateUpdate(
        exercises=tuple(
            exercise_input(d, i, unit, saved.exercises) for i, d in enumerate(draft.exercises)
        ),
        description=draft.description.strip(),
        rounds=_whole(draft.rounds, "rounds", "Rounds"),
        time_cap_minutes=_whole(draft.time_cap_minutes, "time_cap_minutes", "Time cap"),
    )


# --- the view-model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Loaded:
    unit: WeightUnit
    circuits: tuple[schemas.CircuitResponse, ...]


def _load(me: UserApi, kind: str) -> _Loaded:
    unit = me.settings.get().weight_unit
    return _Loaded(unit, tuple(me.circuits.list(kind or None)))


class CircuitsViewModel(ViewModel):
    """Lists circuits (by type and name), shows one, and lets an admin edit it."""

    circuits_changed = Signal(object)  # tuple[CircuitRow, ...]
    detail_changed = Signal(object)  # CircuitDetail | None
    editing_changed = Signal(bool)
    edit_ready = Signal(object, str)  # CircuitDraft, the raw source workout as text
    saved = Signal(str)  # a confirmation for the status line

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.unit = WeightUnit.KG
        self.kind = ALL_TYPES
        self.search_text = ""
        self.rows: tuple[CircuitRow, ...] = ()
        self.detail: CircuitDetail | None = None
        self.editing = False
        self.draft: CircuitDraft | None = None
        self.raw = ""
        self.active = True  # the view clears this while hidden; changes then only mark stale
        self._circuits: tuple[schemas.CircuitResponse, ...] = ()
        self._selected: int | None = None
        self._stale = True
        session.changed.connect(self._on_changed)

    # --- reading ------------------------------------------------------------------------

    @property
    def is_admin(self) -> bool:
        return self.session.me.user.is_admin

    @property
    def selected_id(self) -> int | None:
        return self._selected

    def type_choices(self) -> list[tuple[str, str]]:
        """(value, words) for the type filter, "All" first."""
        return [(ALL_TYPES, "All types")] + [(k.value, name) for k, name in TYPE_NAMES.items()]

    def count_text(self) -> str:
        """'25 circuits', '3 AMRAP circuits', 'No Tabata circuits match "x"'."""
        kind = TYPE_NAMES[CircuitType(self.kind)] + " " if self.kind else ""
        shown = len(self.rows)
        if not shown:
            match = f' match "{self.search_text}"' if self.search_text else ""
            return f"No {kind}circuits{match}."
        return f"{shown} {kind}circuit{'s' if shown != 1 else ''}"

    # --- loading and filtering ----------------------------------------------------------

    def refresh(self) -> None:
        """Reloads the list of the chosen type (off the GUI thread)."""
        me, kind = self.session.me, self.kind
        self._stale = False
        self.call(lambda: _load(me, kind), self._on_loaded)

    def ensure_fresh(self) -> None:
        if self._stale:
            self.refresh()

    def set_kind(self, kind: str) -> None:
        """Filters by circuit type ("" for all), asking the api for that type."""
        if kind == self.kind:
            return
        self.kind = kind
        self.refresh()

    def set_search(self, text: str) -> None:
        """Narrows the loaded list by name as the lifter types (no api call needed)."""
        self.search_text = text.strip()
        self._publish()

    def select(self, circuit_id: int | None) -> None:
        """Shows one circuit's detail (None clears it)."""
        self._selected = circuit_id
        found = self._circuit(circuit_id)
        self.detail = detail_of(found, self.unit) if found else None
        self.detail_changed.emit(self.detail)

    # --- admin editing ------------------------------------------------------------------

    def start_edit(self) -> None:
        """Loads the selected circuit with its source workout and opens the editor."""
        if self._selected is None or not self.is_admin:
            return
        me, circuit_id = self.session.me, self._selected
        self.call(lambda: me.circuits.admin_get(circuit_id), self._on_admin_detail)

    def cancel_edit(self) -> None:
        self._set_editing(False)

    def has_edits(self, draft: CircuitDraft) -> bool:
        """Whether the editor's form differs from what was loaded."""
        return self.editing and draft != self.draft

    def new_exercise(self, movement_id: int, name: str) -> ExerciseDraft:
        """A fresh editor row for a movement picked from the library."""
        return ExerciseDraft(movement_id=movement_id, movement_name=name)

    def swap_movement(self, d: ExerciseDraft, movement_id: int, name: str) -> ExerciseDraft:
        return replace(d, movement_id=movement_id, movement_name=name)

    def save_edit(self, draft: CircuitDraft) -> None:
        """Checks the form, then saves it through the api; errors name the row and field."""
        saved = self._circuit(self._selected)
        if saved is None or not self.editing:
            return
        try:
            update = update_of(draft, self.unit, saved)
        except ValidationError as exc:
            self.errors_cleared.emit()
            self.report(exc)
            return
        me, circuit_id = self.session.me, saved.id
        self.call(lambda: me.circuits.admin_update(circuit_id, update), self._on_updated)

    # --- results ------------------------------------------------------------------------

    def _on_loaded(self, loaded: _Loaded) -> None:
        self.unit = loaded.unit
        self._circuits = loaded.circuits
        self._publish()

    def _on_admin_detail(self, detail: schemas.CircuitAdminDetail) -> None:
        self._replace(detail.circuit)
        self.draft = draft_of(detail.circuit, self.unit)
        self.raw = raw_text(detail.raw_workout)
        self._set_editing(True)
        self.edit_ready.emit(self.draft, self.raw)

    def _on_updated(self, circuit: schemas.CircuitResponse) -> None:
        self._replace(circuit)
        self._set_editing(False)
        self.select(circuit.id)
        self.saved.emit(f"Saved {circuit.name}.")
        self.session.notify(CIRCUITS)

    def _on_changed(self, topic: str) -> None:
        if topic not in (CIRCUITS, SETTINGS) or not self.session.is_signed_in:
            return
        self._stale = True
        if self.active and not self.editing:
            self.refresh()

    # --- helpers ------------------------------------------------------------------------

    def _publish(self) -> None:
        needle = self.search_text.casefold()
        self.rows = tuple(
            row_of(c) for c in self._circuits if not needle or needle in c.name.casefold()
        )
        self.circuits_changed.emit(self.rows)
        if self.editing:
            return
        # The selection survives a reload or filter while its circuit is still listed.
        ids = [row.id for row in self.rows]
        self.select(self._selected if self._selected in ids else (ids[0] if ids else None))

    def _circuit(self, circuit_id: int | None) -> schemas.CircuitResponse | None:
        return next((c for c in self._circuits if c.id == circuit_id), None)

    def _replace(self, circuit: schemas.CircuitResponse) -> None:
        self._circuits = tuple(circuit if c.id == circuit.id else c for c in self._circuits)

    def _set_editing(self, editing: bool) -> None:
        if editing == self.editing:
            return
        self.editing = editing
        if not editing:
            self.draft = None
            self.errors_cleared.emit()
        self.editing_changed.emit(editing)
