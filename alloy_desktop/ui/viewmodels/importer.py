"""Import dialog state: preview another app's export, adjust the mappings, commit with progress."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from alloy_desktop.api import schemas
from alloy_desktop.api.errors import AlloyError, ImportCancelled
from alloy_desktop.domain.catalog import join_words
from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.ui.viewmodels.base import GENERAL, ViewModel
from alloy_desktop.ui.viewmodels.session import (
    ACTIVITIES,
    LOGS,
    MOVEMENTS,
    PLAN,
    RECOVERY,
    AppSession,
)

# Fuzzy matches below this are shown as "check": a wrong match would feed another
# movement's e1RM chart and records (the service already refuses anything under 0.78).
LOW_CONFIDENCE = 0.9

HOW_REMEMBERED = "remembered"
HOW_MATCHED = "matched"
HOW_CUSTOM = "custom"
HOW_ACTIVITY = "activity"

# What a row of the mapping table is, for the view's colours (FLAG_ROLE).
FLAG_OK = ""
FLAG_LOW = "low"  # an unsure match: check it
FLAG_NEW = "new"  # becomes a new custom exercise
FLAG_ACTIVITY = "activity"  # logged as an activity, not as sets
FLAG_CHOSEN = "chosen"  # the lifter picked it here

FLAG_ROLE = Qt.ItemDataRole.UserRole + 1
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 2
CHANGEABLE_ROLE = Qt.ItemDataRole.UserRole + 3
_ROOT = QModelIndex()  # the table's invisible root: rows and columns are counted under it


class Stage(StrEnum):
    """Where the dialog is: no file, reading one, showing its preview, writing, finished."""

    EMPTY = "empty"
    READING = "reading"
    READY = "ready"
    IMPORTING = "importing"
    DONE = "done"


@dataclass(frozen=True)
class MappingRow:
    """One exercise name of the file and what it will become, as the table shows it."""

    source_name: str
    sets: int
    target: str
    match: str
    flag: str
    changeable: bool
    tooltip: str


@dataclass(frozen=True)
class PreviewFacts:
    """The preview in words and numbers for the dialog."""

    file_text: str  # "strong.csv · Strong"
    numbers: tuple[tuple[str, str], ...]  # ("312", "workouts"), ...
    range_text: str  # "From 5 Mar 2021 to 2 Dec 2026"
    duplicates_text: str  # "" or "12 workouts were imported before and will be skipped."
    unit_question: str  # "" when the file says its unit
    unit: WeightUnit
    problems: tuple[str, ...]  # "Line 42 · Reps: Reps "10000" is more than 100."
    more_problems: str  # "… and 213 more" or ""
    new_workouts: int  # what Import would write (duplicates left out)
    activities: int

    @property
    def has_anything_new(self) -> bool:
        return self.new_workouts > 0 or self.activities > 0


def day_text(day: date) -> str:
    """5 Mar 2021."""
    return f"{day.day} {day:%b %Y}"


def counted(n: int, one: str, many: str | None = None) -> str:
    """1 workout, 4,210 sets."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def range_text(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return ""
    if first == last:
        return f"On {day_text(first)}"
    return f"From {day_text(first)} to {day_text(last)}"


def problem_text(problem: schemas.ImportProblem) -> str:
    """'Line 42 · Reps: Reps "10000" is more than 100.' (line 1 is the header)."""
    where = f"Line {problem.line}" + (f" · {problem.field}" if problem.field else "")
    kept = "" if problem.skipped else " The rest of the line was imported."
    return f"{where}: {problem.message}{kept}"


def unit_question(format_label: str) -> str:
    app = format_label.split()[0] if format_label.strip() else "This app"
    return f"{app} does not record the unit: which did you use?"


def facts_of(preview: schemas.ImportPreview) -> PreviewFacts:
    shown = len(preview.problems)
    more = preview.problems_total - shown
    duplicates = preview.duplicates
    return PreviewFacts(
        file_text=f"{Path(preview.path).name} · {preview.format_label}",
        numbers=(
            (f"{preview.workouts:,}", "workout" if preview.workouts == 1 else "workouts"),
            (f"{preview.sets:,}", "working set" if preview.sets == 1 else "working sets"),
            (f"{preview.warmup_sets:,}", "warm-up" if preview.warmup_sets == 1 else "warm-ups"),
            (f"{preview.activities:,}", "activity" if preview.activities == 1 else "activities"),
            (f"{preview.rows_read:,}", "row read" if preview.rows_read == 1 else "rows read"),
        ),
        range_text=range_text(preview.first_day, preview.last_day),
        duplicates_text=(
            f"{counted(duplicates, 'workout')} {'was' if duplicates == 1 else 'were'} "
            "imported before and will be skipped."
            if duplicates
            else ""
        ),
        unit_question="" if preview.unit_from_file else unit_question(preview.format_label),
        unit=WeightUnit(preview.unit),
        problems=tuple(problem_text(p) for p in preview.problems),
        more_problems=f"… and {more:,} more" if more > 0 else "",
        new_workouts=max(preview.workouts - duplicates, 0),
        activities=preview.activities,
    )


def summary_text(result: schemas.ImportResult) -> str:
    """'Imported 312 workouts, 4,210 sets and 18 activities from 5 Mar 2021 to 2 Dec 2026; …'."""
    parts = [
        counted(n, one, many)
        for n, one, many in (
            (result.workouts, "workout", "workouts"),
            (result.sets, "set", "sets"),
            (result.activities, "activity", "activities"),
        )
        if n
    ]
    skipped = result.duplicates_skipped
    again = (
        f" {counted(skipped, 'workout')} {'was' if skipped == 1 else 'were'} "
        "imported before and skipped."
        if skipped
        else ""
    )
    if not parts:
        return "Nothing new was imported." + again
    span = range_text(result.first_day, result.last_day)
    text = f"Imported {join_words(parts)}" + (f" {span[0].lower()}{span[1:]}" if span else "")
    made = len(result.custom_exercises_created)
    if made:
        text += f"; {counted(made, 'new custom exercise')}"
    return text + "." + again


class MappingTableModel(QAbstractTableModel):
    """The mapping table: name in the file, sets, what it becomes, how sure the match is."""

    NAME, SETS, TARGET, MATCH, CHANGE = range(5)
    HEADERS = ("In your file", "Sets", "Imported as", "Match", "")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MappingRow] = []

    @property
    def rows(self) -> tuple[MappingRow, ...]:
        return tuple(self._rows)

    def set_rows(self, rows: Sequence[MappingRow]) -> None:
        same_names = [r.source_name for r in rows] == [r.source_name for r in self._rows]
        if same_names and rows:
            # Same file, another unit or a changed mapping: keep the view's rows and buttons.
            self._rows = list(rows)
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.CHANGE))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, source_name: str) -> int:
        return next(i for i, r in enumerate(self._rows) if r.source_name == source_name)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SETS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == FLAG_ROLE:
            return row.flag
        if role == SOURCE_ROLE:
            return row.source_name
        if role == CHANGEABLE_ROLE:
            return row.changeable
        return None

    def _text(self, row: MappingRow, column: int) -> str:
        texts = {
            self.NAME: row.source_name,
            self.SETS: f"{row.sets:,}",
            self.TARGET: row.target,
            self.MATCH: row.match,
        }
        return texts.get(column, "")


def mapping_row(
    mapping: schemas.ImportMapping, override: tuple[int | None, str] | None
) -> MappingRow:
    """A preview's mapping as a table row, after the lifter's own choice if any."""
    name, target = mapping.source_name, mapping.movement_name
    if mapping.how == HOW_ACTIVITY:
        why = f"Rows of {name} have a distance or time, so they become activities."
        return _row(mapping, target, "activity", FLAG_ACTIVITY, why, changeable=False)
    if override is not None:
        movement_id, chosen = override
        if movement_id is None:
            return _new_custom(mapping, "You chose to make it a new custom exercise.")
        return _row(mapping, chosen, "your choice", FLAG_CHOSEN, f"You chose {chosen}.")
    if mapping.movement_id is None:
        return _new_custom(mapping, "Nothing in the library is close enough.")
    if mapping.how == HOW_REMEMBERED:
        why = "You chose this the last time you imported this name."
        return _row(mapping, target, "remembered", FLAG_OK, why)
    if mapping.how == HOW_CUSTOM:
        return _row(mapping, target, "your exercise", FLAG_OK, "One of your custom exercises.")
    percent = f"{round(mapping.confidence * 100)}%"
    if mapping.confidence < LOW_CONFIDENCE:
        why = f"Only a {percent} match: check that {target} is right."
        return _row(mapping, target, f"{percent} · check", FLAG_LOW, why)
    return _row(mapping, target, percent, FLAG_OK, f"A {percent} match by name.")


def _new_custom(mapping: schemas.ImportMapping, why: str) -> MappingRow:
    name = mapping.source_name
    tip = f"{why} A custom exercise called {name} will be made."
    return _row(mapping, name, "new custom exercise", FLAG_NEW, tip)


def _row(
    mapping: schemas.ImportMapping,
    target: str,
    match: str,
    flag: str,
    tooltip: str,
    changeable: bool = True,
) -> MappingRow:
    return MappingRow(mapping.source_name, mapping.sets, target, match, flag, changeable, tooltip)


class ImportViewModel(ViewModel):
    """Reads a file into a preview, keeps the lifter's mapping changes, then imports it."""

    stage_changed = Signal(str)  # Stage
    preview_changed = Signal(object)  # PreviewFacts
    progress_changed = Signal(int, int)  # done, total
    notice = Signal(str)  # a sentence that is not an error ("cancelled; nothing written")
    imported = Signal(str)  # the summary sentence
    _worker_progress = Signal(int, int)  # emitted on the worker thread, delivered on ours

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.mappings = MappingTableModel(self)
        self.stage = Stage.EMPTY
        self.path = ""
        self.preview: schemas.ImportPreview | None = None
        self.facts: PreviewFacts | None = None
        self.result: schemas.ImportResult | None = None
        self.summary = ""
        self._overrides: dict[str, tuple[int | None, str]] = {}
        self._cancel = threading.Event()
        self._worker_progress.connect(self._on_worker_progress)

    # --- reading --------------------------------------------------------------------------

    def read(self, path: str) -> None:
        """Previews the file off the GUI thread; nothing is written."""
        if self.stage is Stage.IMPORTING or not path:
            return
        self.path = path
        self._overrides.clear()
        self._set_stage(Stage.READING)
        me = self.session.me
        self.call(lambda: me.imports.preview(path), self._on_preview, self._on_read_failed)

    def set_unit(self, unit: WeightUnit | str) -> None:
        """Reads the weights again in the unit the lifter says they used."""
        preview = self.preview
        chosen = WeightUnit(unit)
        if preview is None or self.stage is not Stage.READY or preview.unit == chosen:
            return
        self._set_stage(Stage.READING)
        me = self.session.me
        self.call(lambda: me.imports.with_unit(preview, chosen), self._on_preview, self._on_failed)

    # --- mappings -------------------------------------------------------------------------

    def map_to(self, source_name: str, movement_id: int, name: str) -> None:
        """Imports this name's sets as the chosen movement."""
        self._override(source_name, (movement_id, name))

    def map_to_new(self, source_name: str) -> None:
        """Makes this name a new custom exercise of the same name."""
        self._override(source_name, (None, source_name))

    def reset_mapping(self, source_name: str) -> None:
        """Back to what the import suggested."""
        if self._overrides.pop(source_name, None) is not None:
            self._publish_rows()

    def is_overridden(self, source_name: str) -> bool:
        return source_name in self._overrides

    def overrides(self) -> dict[str, int | None]:
        """What commit is told: source name -> movement id (None: new custom exercise)."""
        return {name: movement_id for name, (movement_id, _) in self._overrides.items()}

    def unsure_count(self) -> int:
        return sum(1 for row in self.mappings.rows if row.flag == FLAG_LOW)

    # --- importing ------------------------------------------------------------------------

    @property
    def can_import(self) -> bool:
        facts = self.facts
        return self.stage is Stage.READY and facts is not None and facts.has_anything_new

    def start(self) -> None:
        """Writes the previewed file off the GUI thread, reporting progress; Cancel stops it."""
        preview = self.preview
        if preview is None or not self.can_import:
            return
        self._cancel = threading.Event()
        cancel, overrides, me = self._cancel, self.overrides(), self.session.me
        self._set_stage(Stage.IMPORTING)
        self.progress_changed.emit(0, 0)
        self.call(
            lambda: me.imports.commit(
                preview,
                overrides,
                progress=self._worker_progress.emit,
                cancelled=cancel.is_set,
            ),
            self._on_imported,
            self._on_import_failed,
        )

    def cancel(self) -> None:
        """Asks the running import to stop; it writes nothing and says so."""
        if self.stage is Stage.IMPORTING:
            self._cancel.set()

    @property
    def cancelling(self) -> bool:
        return self.stage is Stage.IMPORTING and self._cancel.is_set()

    # --- slots ----------------------------------------------------------------------------

    def _on_preview(self, preview: schemas.ImportPreview) -> None:
        self.preview = preview
        self.facts = facts_of(preview)
        names = {m.source_name for m in preview.mappings}
        self._overrides = {k: v for k, v in self._overrides.items() if k in names}
        self._publish_rows()
        self.preview_changed.emit(self.facts)
        self._set_stage(Stage.READY)

    def _on_read_failed(self, exc: AlloyError) -> None:
        self.preview = None
        self.facts = None
        self.mappings.set_rows(())
        self._set_stage(Stage.EMPTY)
        self.error.emit(GENERAL, exc.message)

    def _on_failed(self, exc: AlloyError) -> None:
        self._set_stage(Stage.READY if self.preview is not None else Stage.EMPTY)
        self.error.emit(GENERAL, exc.message)

    def _on_worker_progress(self, done: int, total: int) -> None:
        if self.stage is Stage.IMPORTING:
            self.progress_changed.emit(done, total)

    def _on_imported(self, result: schemas.ImportResult) -> None:
        self.result = result
        self.summary = summary_text(result)
        self._set_stage(Stage.DONE)
        # Every page that shows history reloads (when shown, or on its next visit).
        self.session.notify(LOGS, RECOVERY, PLAN, ACTIVITIES, MOVEMENTS)
        self.imported.emit(self.summary)

    def _on_import_failed(self, exc: AlloyError) -> None:
        self._set_stage(Stage.READY)
        if isinstance(exc, ImportCancelled):
            self.notice.emit(exc.message)
        else:
            self.error.emit(GENERAL, exc.message)

    # --- helpers --------------------------------------------------------------------------

    def _override(self, source_name: str, choice: tuple[int | None, str]) -> None:
        if self.preview is None or self.stage is not Stage.READY:
            return
        self._overrides[source_name] = choice
        self._publish_rows()

    def _publish_rows(self) -> None:
        preview = self.preview
        mappings = preview.mappings if preview is not None else ()
        self.mappings.set_rows(
            [mapping_row(m, self._overrides.get(m.source_name)) for m in mappings]
        )

    def _set_stage(self, stage: Stage) -> None:
        if stage is not self.stage:
            self.stage = stage
            self.stage_changed.emit(stage.value)
