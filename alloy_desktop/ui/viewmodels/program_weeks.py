"""A program's plan as a table across weeks: one session of the week, a row per exercise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import ExerciseRole
from alloy_desktop.ui.viewmodels.work import LIFT, amount, slot_kind

SAME, UP, DOWN, NEW = "same", "up", "down", "new"
MARKS = {UP: "▲", DOWN: "▼", NEW: "+"}
CHANGE_WORDS = {
    UP: "more than the week before",
    DOWN: "less than the week before",
    NEW: "new this week",
    SAME: "as the week before",
}
LEGEND = "▲ more than the week before · ▼ less · + new that week · bold: changed · amber: deload"
EMPTY = "—"  # the exercise is not in that week's session
CHANGE_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # SAME, UP, DOWN or NEW ("" for no cell)
DELOAD_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # the column is a deload week
CURRENT_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # the column is this week (header only)
R = ExerciseRole
SECTION_OF: dict[ExerciseRole, tuple[int, str]] = {
    R.WARMUP: (0, "Warm-up"),
    R.SKILL: (1, "Main"),
    R.MAIN: (1, "Main"),
    R.ACCESSORY: (2, "Accessory"),
    R.FINISHER: (3, "Finisher"),
    R.COOLDOWN: (4, "Cool-down"),
}
EXTRA_ROLES = frozenset({R.WARMUP, R.COOLDOWN})  # left out unless asked for: they barely move


@dataclass(frozen=True)
class SessionPosition:
    """One session of the training week, the same slot in every week ("Mon · Lower A")."""

    index: int
    text: str


@dataclass(frozen=True)
class WeekColumn:
    """One microcycle as a column: "W4" over "Deload", "This week" or its first day."""

    sequence: int
    title: str  # "W4"
    caption: str  # "Deload", "This week" or "28 Sep"
    dates: str  # "28 Sep – 4 Oct"
    is_deload: bool
    is_current: bool = False


@dataclass(frozen=True)
class WeekCell:
    """One exercise in one week: what to do, and how it moved from the week before."""

    text: str  # "4 × 8 @ 7.5", "1 × 50 min", "2 × 60 s"
    change: str  # SAME, UP, DOWN or NEW
    tooltip: str

    @property
    def shown(self) -> str:
        mark = MARKS.get(self.change)
        return f"{self.text} {mark}" if mark else self.text


@dataclass(frozen=True)
class ExerciseRow:
    """One movement of the session across every week (None where a week has no such slot)."""

    name: str
    section: str
    cells: tuple[WeekCell | None, ...]


@dataclass(frozen=True)
class WeeksTable:
    """The chosen session position across the program's weeks."""

    position: SessionPosition
    columns: tuple[WeekColumn, ...]
    rows: tuple[ExerciseRow, ...]

    def cell(self, row: int, column: int) -> WeekCell | None:
        return self.rows[row].cells[column]


# --- building the table ----------------------------------------------------------------------


def week_sessions(m: schemas.MicrocycleResponse) -> list[schemas.SessionResponse]:
    """A week's sessions in training order."""
    return sorted(m.sessions, key=lambda s: (s.date, s.day_offset))


def session_positions(program: schemas.ProgramResponse) -> tuple[SessionPosition, ...]:
    """The sessions of a typical week, named from the first full training week."""
    weeks = sorted(program.microcycles, key=lambda m: m.sequence_number)
    regular = [m for m in weeks if not m.is_deload] or weeks
    if not regular:
        return ()
    model = max(regular, key=lambda m: len(m.sessions))  # the first of the fullest weeks
    return tuple(
        SessionPosition(i, f"{s.date:%a} · {s.name}") for i, s in enumerate(week_sessions(model))
    )


def prescription_text(ex: schemas.SessionExerciseResponse) -> str:
    """A cell: "4 × 8 @ 7.5" for lifts; runs and holds without RPE (their notes give the zone)."""
    text = amount(ex.sets, ex.reps, ex.reps_max, ex.pattern, ex.role)
    if slot_kind(ex.pattern, ex.role) == LIFT and ex.rpe is not None:
        text += f" @ {ex.rpe:g}"
    return text


def full_text(ex: schemas.SessionExerciseResponse) -> str:
    """The whole prescription for a tooltip: "4 × 8 @ RPE 7.5, rest 2:30"."""
    text = amount(ex.sets, ex.reps, ex.reps_max, ex.pattern, ex.role)
    if ex.rpe is not None:
        text += f" @ RPE {ex.rpe:g}"
    if ex.rest_seconds > 0:
        text += f", rest {ex.rest_seconds // 60}:{ex.rest_seconds % 60:02d}"
    return text


def _work(ex: schemas.SessionExerciseResponse) -> tuple[int, float, int]:
    # Volume first (sets × reps, or × seconds for runs and holds), then effort, then range.
    return ex.sets * ex.reps, ex.rpe or 0.0, ex.reps_max or ex.reps


def change(
    before: schemas.SessionExerciseResponse | None, now: schemas.SessionExerciseResponse
) -> str:
    """How a week's prescription moved from the week before (NEW when it was not there)."""
    if before is None:
        return NEW
    old, new = _work(before), _work(now)
    if new == old:
        return SAME
    return UP if new > old else DOWN


def _column(m: schemas.MicrocycleResponse, today: date | None) -> WeekColumn:
    start, end = m.start_date, m.end_date
    dates = (
        f"{start.day} – {end.day} {end:%b}"
        if start.month == end.month
        else f"{start.day} {start:%b} – {end.day} {end:%b}"
    )
    # By the calendar: the stored status stays where the program was created.
    current = today is not None and start <= today <= end
    caption = "Deload" if m.is_deload else "This week" if current else f"{start.day} {start:%b}"
    title = f"W{m.sequence_number}"
    return WeekColumn(m.sequence_number, title, caption, dates, m.is_deload, current)


RowKey = tuple[int, int]  # (section rank, movement id)


def _slots(
    session: schemas.SessionResponse | None, extras: bool
) -> dict[RowKey, schemas.SessionExerciseResponse]:
    if session is None:
        return {}
    slots: dict[RowKey, schemas.SessionExerciseResponse] = {}
    for ex in sorted(session.exercises, key=lambda e: e.order):
        if ex.role in EXTRA_ROLES and not extras:
            continue
        slots.setdefault((SECTION_OF[ex.role][0], ex.movement_id), ex)
    return slots


def _cell(
    column: WeekColumn,
    ex: schemas.SessionExerciseResponse | None,
    before: schemas.SessionExerciseResponse | None,
    first: bool,
) -> WeekCell | None:
    if ex is None:
        return None
    moved = SAME if first else change(before, ex)
    lines = [f"Week {column.sequence} · {column.dates}: {full_text(ex)}"]
    if before is not None and moved != SAME:
        lines.append(f"Week before: {full_text(before)}")
    if not first:
        lines.append(CHANGE_WORDS[moved].capitalize())
    if ex.notes.strip():
        lines.append(ex.notes.strip())
    return WeekCell(prescription_text(ex), moved, "\n".join(lines))


def weeks_table(
    program: schemas.ProgramResponse,
    position: int,
    extras: bool = False,
    today: date | None = None,
) -> WeeksTable | None:
    """The session at `position` of each week, one row per movement (warm-ups and cool-downs
    only with `extras`); matched by movement so a lift keeps its row while its sets move.
    The week holding `today` is captioned "This week"."""
    positions = session_positions(program)
    if not 0 <= position < len(positions):
        return None
    weeks = sorted(program.microcycles, key=lambda m: m.sequence_number)
    columns = tuple(_column(m, today) for m in weeks)
    per_week = []
    for m in weeks:
        sessions = week_sessions(m)
        per_week.append(_slots(sessions[position] if position < len(sessions) else None, extras))
    first_seen: dict[RowKey, tuple[int, int]] = {}
    for week, slots in enumerate(per_week):
        for key, ex in slots.items():
            first_seen.setdefault(key, (week, ex.order))
    keys = sorted(first_seen, key=lambda k: (k[0], *first_seen[k]))
    rows = tuple(_row(key, columns, per_week) for key in keys)
    return WeeksTable(positions[position], columns, rows)


def _row(
    key: RowKey,
    columns: Sequence[WeekColumn],
    per_week: Sequence[dict[RowKey, schemas.SessionExerciseResponse]],
) -> ExerciseRow:
    cells: list[WeekCell | None] = []
    named = next(slots[key] for slots in per_week if key in slots)
    for week, column in enumerate(columns):
        before = per_week[week - 1].get(key) if week > 0 else None
        cells.append(_cell(column, per_week[week].get(key), before, week == 0))
    return ExerciseRow(named.movement_name, SECTION_OF[named.role][1], tuple(cells))


# --- the Qt model ----------------------------------------------------------------------------


class WeeksTableModel(QAbstractTableModel):
    """Rows are exercises (named in the vertical header), columns are weeks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table: WeeksTable | None = None

    @property
    def table(self) -> WeeksTable | None:
        return self._table

    def set_table(self, table: WeeksTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else len(self._table.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else len(self._table.columns)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        table = self._table
        if table is None or not index.isValid():
            return None
        cell = table.cell(index.row(), index.column())
        column = table.columns[index.column()]
        if role == DELOAD_ROLE:
            return column.is_deload
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.DisplayRole:
            return EMPTY if cell is None else cell.shown
        if role == CHANGE_ROLE:
            return "" if cell is None else cell.change
        if role == Qt.ItemDataRole.ToolTipRole:
            name = table.rows[index.row()].name
            return f"Not in week {column.sequence}" if cell is None else f"{name}\n{cell.tooltip}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return "none" if cell is None else f"{cell.text}, {CHANGE_WORDS[cell.change]}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        table = self._table
        if table is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(table.columns):
            return _column_header(table.columns[section], role)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(table.rows):
            row = table.rows[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return row.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.name} ({row.section.lower()})"
        return None


def _column_header(column: WeekColumn, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return f"{column.title}\n{column.caption}"
    if role == Qt.ItemDataRole.ToolTipRole:
        kind = "Deload week: lighter loads, fewer sets" if column.is_deload else "Training week"
        now = " (this week)" if column.is_current else ""
        return f"Week {column.sequence} · {column.dates}{now}\n{kind}"
    if role == DELOAD_ROLE:
        return column.is_deload
    if role == CURRENT_ROLE:
        return column.is_current
    return None
