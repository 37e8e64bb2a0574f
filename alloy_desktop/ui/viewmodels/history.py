"""History screen state: a lazily fetched workout list, one workout's sets, edits and their undo."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.api.errors import AlloyError
from alloy_desktop.domain.enums import SetType, WeightUnit
from alloy_desktop.domain.metrics import from_display, to_display
from alloy_desktop.ui.viewmodels.base import GENERAL, ViewModel
from alloy_desktop.ui.viewmodels.session import (
    LOGS,
    MOVEMENTS,
    RECOVERY,
    ROUTINES,
    SETTINGS,
    AppSession,
)
from alloy_desktop.ui.viewmodels.workout_logger import (
    format_number,
    format_volume,
    parse_reps,
    parse_rpe,
    parse_weight,
)

PAGE_SIZE = 100  # rows per fetch: a screenful and more, in a few milliseconds
COLUMNS = ("Date", "Workout", "Duration", "Sets", "Volume", "PRs")
NUMERIC = frozenset({2, 3, 4, 5})
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SET_TYPE_NAMES: dict[SetType, str] = {
    SetType.NORMAL: "Working",
    SetType.WARMUP: "Warm-up",
    SetType.DROP: "Drop set",
    SetType.FAILURE: "To failure",
}
ANY_MOVEMENT = 0

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root every top-level row hangs from


def date_text(moment: datetime, with_time: bool = True) -> str:
    """ "Mon 2 Nov 2026 · 17:30" (or the day alone) in the lifter's local time."""
    local = moment.astimezone()
    day = f"{local:%a} {local.day} {local:%b %Y}"
    return f"{day} · {local:%H:%M}" if with_time else day


def short_duration(seconds: int | None) -> str:
    """ "57 min", "1 h 02" for a narrow column; "—" when unknown."""
    if not seconds:
        return "—"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d}"


def row_from_detail(detail: schemas.WorkoutDetail) -> schemas.HistoryRow:
    """A list row from a workout just edited, counted as the api's list counts it."""
    working = [s for ex in detail.exercises for s in ex.sets if s.set_type is not SetType.WARMUP]
    return schemas.HistoryRow(
        id=detail.id,
        name=detail.name,
        performed_at=detail.performed_at,
        duration_seconds=detail.duration_seconds,
        sets=len(working),
        exercises=len({ex.movement_id for ex in detail.exercises}),
        total_volume_kg=detail.total_volume_kg,
        records=len(detail.personal_records),
        session_id=detail.session_id,
        routine_id=detail.routine_id,
    )


# --- the list -------------------------------------------------------------------------------


class HistoryTableModel(QAbstractTableModel):
    """Workouts newest first; rows arrive a page at a time as the view scrolls (fetchMore)."""

    fetch_requested = Signal(int)  # offset of the page the view wants next

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[schemas.HistoryRow] = []
        self._complete = True
        self._waiting = False
        self.unit = WeightUnit.KG

    # --- what the view reads ----------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(index.column())
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, index.column())
        return None

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and not self._complete and not self._waiting

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if self.canFetchMore(parent):
            self._waiting = True  # one page at a time, however fast the view scrolls
            self.fetch_requested.emit(len(self._rows))

    # --- what the view-model feeds it -----------------------------------------------------

    @property
    def rows(self) -> tuple[schemas.HistoryRow, ...]:
        return tuple(self._rows)

    def reset(self, rows: Sequence[schemas.HistoryRow], complete: bool) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._complete = complete
        self._waiting = False
        self.endResetModel()

    def append(self, offset: int, rows: Sequence[schemas.HistoryRow], complete: bool) -> None:
        """A page arrived; one for an older list (offset no longer the end) is dropped."""
        self._waiting = False
        if offset != len(self._rows):
            return
        self._complete = complete
        if rows:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def replace_row(self, row: schemas.HistoryRow) -> bool:
        """Shows a workout's new figures in place; False when it is not loaded."""
        position = self.position(row.id)
        if position is None:
            return False
        self._rows[position] = row
        first, last = self.index(position, 0), self.index(position, len(COLUMNS) - 1)
        self.dataChanged.emit(first, last)
        return True

    def remove(self, workout_id: int) -> None:
        position = self.position(workout_id)
        if position is not None:
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._rows[position]
            self.endRemoveRows()

    def position(self, workout_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == workout_id), None)

    def _text(self, row: schemas.HistoryRow, column: int) -> str:
        if column == 0:
            return date_text(row.performed_at, with_time=False)
        if column == 1:
            return row.name
        if column == 2:
            return short_duration(row.duration_seconds)
        if column == 3:
            return str(row.sets)
        if column == 4:
            volume = to_display(row.total_volume_kg, self.unit)
            return f"{format_volume(volume)} {self.unit.value.lower()}"
        return f"★ {row.records}" if row.records else ""

    def _tip(self, row: schemas.HistoryRow, column: int) -> str | None:
        if column == 5 and row.records:
            return f"{row.records} personal record{'s' if row.records != 1 else ''}"
        if column in (0, 1):
            return f"{row.name} · {date_text(row.performed_at)}"
        return None


def _alignment(column: int) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignRight if column in NUMERIC else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter


# --- edits as undoable changes ----------------------------------------------------------------


@dataclass
class WorkoutRef:
    """The id a workout has now: undoing its delete brings it back under a new one."""

    id: int


@dataclass
class Change:
    """One edit the undo stack holds: redone by the api call that made it (the first time)
    or by writing the workout as it was after it; undone by writing the workout as it was
    before (or, for a delete, restoring the snapshot)."""

    text: str  # "Edit set 2 of Barbell Squat": the Edit menu shows "Undo …"
    ref: WorkoutRef
    first: Callable[[UserApi, int], Any]
    before: schemas.WorkoutEdit
    after: schemas.WorkoutEdit | None = None
    deletes: bool = False
    done: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class SetForm:
    """A set as the edit form shows it: text in the lifter's unit."""

    weight: str
    reps: str
    rpe: str
    set_type: SetType
    note: str


@dataclass(frozen=True)
class _Outcome:
    change: Change
    detail: schemas.WorkoutDetail | None  # None: the workout is deleted
    undoing: bool
    old_id: int


class HistoryViewModel(ViewModel):
    """Filters, the list model, the open workout, and edits run in order off the GUI thread."""

    movements_changed = Signal()
    total_changed = Signal(int)
    detail_changed = Signal(object)  # WorkoutDetail | None
    status = Signal(str)  # "Done: edit set 2 of …" and the like, for a self-clearing line
    applied = Signal(object)  # a Change saved for the first time: the view's undo stack takes it
    undo_failed = Signal(str)  # an undo or redo the database refused: the stack is cleared
    routine_made = Signal(object)  # RoutineResponse copied from the open workout

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.model = HistoryTableModel(self)
        self.model.fetch_requested.connect(self._on_model_fetch_requested)
        self.query = schemas.HistoryQuery()
        self.movements: tuple[tuple[int, str], ...] = ()
        self.unit = WeightUnit.KG
        self.total = 0
        self.detail: schemas.WorkoutDetail | None = None
        self.active = True  # the view clears this while hidden; changes then only mark stale
        self._stale = True
        self._generation = 0  # pages of an older query are dropped
        self._refs: dict[int, WorkoutRef] = {}
        self._queue: deque[Callable[[], None]] = deque()
        self._running = False
        self._announcing = False
        session.changed.connect(self._on_changed)

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reloads the unit, the movement filter's choices and the first page of the list."""
        me, query = self.session.me, self.query
        self._stale = False
        self._generation += 1
        generation = self._generation
        self.call(lambda: _load_first(me, query), lambda page: self._on_first(generation, page))

    def ensure_fresh(self) -> None:
        if self._stale:
            self.refresh()

    def search(self, text: str) -> None:
        self._filter(replace(self.query, text=text.strip()))

    def filter_movement(self, movement_id: int | None) -> None:
        chosen = movement_id or None  # ANY_MOVEMENT (0) shows every movement
        self._filter(replace(self.query, movement_id=chosen))

    def filter_dates(self, since: date | None, until: date | None) -> None:
        self._filter(replace(self.query, since=since, until=until))

    def open_workout(self, workout_id: int | None) -> None:
        """Loads one workout's sets (None closes the detail)."""
        if workout_id is None:
            self._show(None)
            return
        me = self.session.me
        self.call(lambda: me.history.workout(workout_id), self._show)

    # --- edits: each returns a Change for the view's undo stack -----------------------------

    def set_form(self, s: schemas.HistorySet) -> SetForm:
        """The edit form's text for a set, in the lifter's unit."""
        weight = format_number(round(to_display(s.weight_kg, self.unit), 2), 2)
        return SetForm(weight, str(s.reps), format_number(s.rpe), s.set_type, s.note)

    def edit_set(self, set_id: int, form: SetForm) -> Change | None:
        """The set as typed; None (and an error by field) when something can't be read."""
        found = self._find_set(set_id)
        edit = self._read_form(form)
        if found is None or edit is None:
            return None
        exercise, one = found
        return self._change(
            f"Edit set {one.set_number} of {exercise.movement_name}",
            lambda me, wid: me.history.update_set(set_id, edit),
        )

    def add_set(self, exercise_index: int, form: SetForm) -> Change | None:
        """Adds a set (as typed in the form) at the end of one exercise of the open workout."""
        exercise = self._exercise(exercise_index)
        edit = self._read_form(form)
        if exercise is None or edit is None:
            return None
        movement, slot = exercise.movement_id, exercise.session_exercise_id
        return self._change(
            f"Add a set of {exercise.movement_name}",
            lambda me, wid: me.history.add_set(wid, movement, edit, slot),
        )

    def remove_set(self, set_id: int) -> Change | None:
        found = self._find_set(set_id)
        if found is None:
            return None
        if self._set_count() <= 1:
            self.error.emit(GENERAL, "A workout needs at least one set: delete it instead.")
            return None
        exercise, one = found
        return self._change(
            f"Remove set {one.set_number} of {exercise.movement_name}",
            lambda me, wid: me.history.remove_set(set_id),
        )

    def add_exercise(self, movement_id: int, name: str, form: SetForm) -> Change | None:
        """Adds a movement to the open workout with one set, as typed in the form."""
        edit = self._read_form(form)
        if self.detail is None or edit is None:
            return None
        return self._change(
            f"Add {name}", lambda me, wid: me.history.add_exercise(wid, movement_id, (edit,))
        )

    def remove_exercise(self, exercise_index: int) -> Change | None:
        exercise = self._exercise(exercise_index)
        if exercise is None or self.detail is None:
            return None
        if len(self.detail.exercises) <= 1:
            self.error.emit(GENERAL, "A workout needs at least one exercise: delete it instead.")
            return None
        movement, slot = exercise.movement_id, exercise.session_exercise_id
        return self._change(
            f"Remove {exercise.movement_name}",
            lambda me, wid: me.history.remove_exercise(wid, movement, slot),
        )

    def move_to(self, day: date, at: time | None = None) -> Change | None:
        """Moves the open workout to another day (keeping its time of day unless given)."""
        if self.detail is None:
            return None
        local = self.detail.performed_at.astimezone()
        moment = datetime.combine(day, at or local.time().replace(tzinfo=None)).astimezone()
        if moment == self.detail.performed_at:
            return None
        return self._change(
            f"Move {self.detail.name} to {day.day} {day:%b %Y}",
            lambda me, wid: me.history.set_workout_date(wid, moment),
        )

    def delete_workout(self) -> Change | None:
        if self.detail is None:
            return None
        change = self._change(
            f"Delete {self.detail.name}", lambda me, wid: me.history.delete_workout(wid)
        )
        change.deletes = True
        return change

    def delete_question(self) -> str:
        """What deleting the open workout loses, in a sentence for the confirmation."""
        d = self.detail
        if d is None:
            return ""
        sets = sum(len(ex.sets) for ex in d.exercises)
        volume = f"{format_volume(to_display(d.total_volume_kg, self.unit))} {self._unit_word()}"
        lost = f"its {sets} set{'s' if sets != 1 else ''} ({volume} lifted)"
        records = len(d.personal_records)
        if records:
            lost += f" and the {records} personal record{'s' if records != 1 else ''} it set"
        when = d.performed_at.astimezone()
        return (
            f"Delete {d.name} of {when:%A} {when.day} {when:%B %Y}? This removes {lost}; "
            "records after it are worked out again and recovery follows. "
            "Edit > Undo (Ctrl+Z) brings it back until you close Alloy."
        )

    def copy_to_routine(self) -> None:
        """Makes a routine of the open workout (the Routines page shows it)."""
        if self.detail is None:
            return
        me, workout_id = self.session.me, self.detail.id
        self.call(lambda: me.routines.from_workout(workout_id), self._on_routine_made)

    # --- running changes ------------------------------------------------------------------
    #
    # A change is done once by `perform`; only when the database took it does `applied` hand
    # it to the view's undo stack, so a refused edit never sits there. The stack then calls
    # `revert` and `apply`. Every call waits for the one before: Ctrl+Z pressed twice fast
    # undoes two edits in order, never side by side on the thread pool.

    def perform(self, change: Change) -> None:
        """Does a change for the first time; `applied` follows when it is saved."""
        self._enqueue(lambda: self._run(change, undoing=False))

    def apply(self, change: Change) -> None:
        """Redoes a change the undo stack holds."""
        self._enqueue(lambda: self._run(change, undoing=False))

    def revert(self, change: Change) -> None:
        """Undoes a change the undo stack holds."""
        self._enqueue(lambda: self._run(change, undoing=True))

    # --- internals -------------------------------------------------------------------------

    def _change(self, text: str, first: Callable[[UserApi, int], Any]) -> Change:
        assert self.detail is not None  # every caller checked
        ref = self._refs.setdefault(self.detail.id, WorkoutRef(self.detail.id))
        return Change(text, ref, first, self.detail.snapshot())

    def _run(self, change: Change, undoing: bool) -> None:
        me, old_id, first = self.session.me, change.ref.id, not change.done
        self.call(
            lambda: _perform(me, change, undoing),
            lambda detail: self._on_done(_Outcome(change, detail, undoing, old_id), first),
            lambda exc: self._on_failed(exc, from_stack=not first),
        )

    def _enqueue(self, job: Callable[[], None]) -> None:
        self._queue.append(job)
        if not self._running:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._running = False
            return
        self._running = True
        self._queue.popleft()()

    def _on_done(self, outcome: _Outcome, first: bool) -> None:
        change, detail = outcome.change, outcome.detail
        if detail is not None and detail.id != outcome.old_id:
            self._refs.pop(outcome.old_id, None)  # restored under a new id: every change follows
            change.ref.id = detail.id
            self._refs[detail.id] = change.ref
        if detail is not None and first:
            change.after = detail.snapshot()
        change.done = True
        self._after_edit(outcome)
        if first:
            self.applied.emit(change)
        self._next()

    def _on_failed(self, exc: AlloyError, from_stack: bool) -> None:
        self._queue.clear()
        self._running = False
        if from_stack:
            self.undo_failed.emit(exc.message)
        self.report(exc)
        self.refresh()

    def _after_edit(self, outcome: _Outcome) -> None:
        detail, change = outcome.detail, outcome.change
        if detail is None:
            self.model.remove(outcome.old_id)
            self._set_total(self.total - 1)
            self._show(None)
        else:
            row = row_from_detail(detail)
            moved = row.performed_at != self._loaded_time(row.id)
            if moved or not self.model.replace_row(row):
                self.refresh()  # it moved, or came back: its place in the list is new
            self._show(detail)
        verb = "Undone" if outcome.undoing else "Done"
        self.status.emit(f"{verb}: {change.text[0].lower()}{change.text[1:]}.")
        self._announce()

    def _loaded_time(self, workout_id: int) -> datetime | None:
        position = self.model.position(workout_id)
        return None if position is None else self.model.rows[position].performed_at

    def _announce(self) -> None:
        # Every page built on the log refreshes; this one knows already.
        self._announcing = True
        try:
            self.session.notify(LOGS, RECOVERY)
        finally:
            self._announcing = False

    def _filter(self, query: schemas.HistoryQuery) -> None:
        if query != self.query:
            self.query = query
            self.refresh()

    def _show(self, detail: schemas.WorkoutDetail | None) -> None:
        self.detail = detail
        self.detail_changed.emit(detail)

    def _set_total(self, total: int) -> None:
        self.total = max(0, total)
        self.total_changed.emit(self.total)

    def _find_set(self, set_id: int) -> tuple[schemas.HistoryExercise, schemas.HistorySet] | None:
        for exercise in self.detail.exercises if self.detail else ():
            for one in exercise.sets:
                if one.id == set_id:
                    return exercise, one
        return None

    def _exercise(self, index: int) -> schemas.HistoryExercise | None:
        exercises = self.detail.exercises if self.detail else ()
        return exercises[index] if 0 <= index < len(exercises) else None

    def _set_count(self) -> int:
        return sum(len(ex.sets) for ex in self.detail.exercises) if self.detail else 0

    def _read_form(self, form: SetForm) -> schemas.SetEdit | None:
        try:
            weight = parse_weight(form.weight, self.unit)
            reps = parse_reps(form.reps)
            rpe = parse_rpe(form.rpe)
        except ValueError as exc:
            self.error.emit(GENERAL, str(exc))
            return None
        if reps is None:
            self.error.emit("reps", "Type the reps.")
            return None
        kg = from_display(weight or 0.0, self.unit)
        return schemas.SetEdit(kg, reps, rpe, form.set_type, form.note.strip())

    def _unit_word(self) -> str:
        return self.unit.value.lower()

    def _on_first(self, generation: int, page: _FirstPage) -> None:
        if generation != self._generation:
            return
        self.unit = page.unit
        self.model.unit = page.unit
        self.movements = page.movements
        self.movements_changed.emit()
        self.model.reset(page.rows, complete=len(page.rows) < PAGE_SIZE)
        self._set_total(page.total)

    def _on_model_fetch_requested(self, offset: int) -> None:
        me, query, generation = self.session.me, self.query, self._generation
        self.call(
            lambda: me.history.search(query, PAGE_SIZE, offset),
            lambda rows: self._on_page(generation, offset, rows),
        )

    def _on_page(self, generation: int, offset: int, rows: list[schemas.HistoryRow]) -> None:
        if generation == self._generation:
            self.model.append(offset, rows, complete=len(rows) < PAGE_SIZE)

    def _on_routine_made(self, routine: schemas.RoutineResponse) -> None:
        self.status.emit(f"Routine “{routine.name}” made: find it on the Routines page.")
        self.routine_made.emit(routine)
        self.session.notify(ROUTINES)

    def _on_changed(self, topic: str) -> None:
        if self._announcing or topic not in (LOGS, SETTINGS, MOVEMENTS):
            return
        if not self.session.is_signed_in:
            return
        self._stale = True
        if self.active:
            self.refresh()
            if self.detail is not None:  # logged or changed elsewhere: read it again
                self.open_workout(self.detail.id)


# --- work done off the GUI thread ---------------------------------------------------------


@dataclass(frozen=True)
class _FirstPage:
    unit: WeightUnit
    movements: tuple[tuple[int, str], ...]
    rows: list[schemas.HistoryRow]
    total: int


def _load_first(me: UserApi, query: schemas.HistoryQuery) -> _FirstPage:
    unit = WeightUnit(me.settings.get().weight_unit)
    movements = tuple(me.logs.logged_movements())
    rows = me.history.search(query, PAGE_SIZE, 0)
    total = len(rows) if len(rows) < PAGE_SIZE else me.history.count(query)
    return _FirstPage(unit, movements, rows, total)


def _perform(me: UserApi, change: Change, undoing: bool) -> schemas.WorkoutDetail | None:
    """The api call for a change: its own the first time, then whole-workout writes."""
    wid = change.ref.id
    if undoing:
        if change.deletes:
            return me.history.restore_workout(change.before)
        return me.history.update_workout(wid, change.before)
    if not change.done:
        result = change.first(me, wid)
        return None if change.deletes else result
    if change.deletes:
        me.history.delete_workout(wid)
        return None
    assert change.after is not None  # set when the change was first done
    return me.history.update_workout(wid, change.after)
