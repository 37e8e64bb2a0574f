"""One exercise in the logger: a header, then rows of sets, a run's minutes, or holds to tick."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.rest_timer import clock_text
from alloy_desktop.ui.viewmodels.work import CARDIO, DRILL, HOLD, LIFT
from alloy_desktop.ui.viewmodels.workout_logger import (
    DISTANCE,
    ENTRY_FIELDS,
    FIELDS,
    MINUTES,
    REPS,
    RPE,
    WEIGHT,
    ExerciseState,
    SetState,
    row_note,
)
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import label

# Column widths shared by the header line and every row, so the numbers line up.
COLUMNS = {
    "set": 44, "last": 176, WEIGHT: 118, REPS: 92, RPE: 92, "e1rm": 170, "done": 64,
    MINUTES: 118, DISTANCE: 118,
}  # fmt: skip
DONE = "done"  # the one stop of a row with nothing to type (a stretch to tick)
# The column heads of each kind of row: (column, text); "{unit}" is the weight unit.
HEADS: dict[str, tuple[tuple[str, str], ...]] = {
    LIFT: (("set", "SET"), ("last", "LAST TIME"), (WEIGHT, "{UNIT}"), (REPS, "REPS"),
           (RPE, "RPE"), ("e1rm", "e1RM {unit}"), (DONE, "DONE")),
    CARDIO: ((MINUTES, "MINUTES"), (DISTANCE, "KM"), ("e1rm", "PACE"), (DONE, "DONE")),
    HOLD: (("set", "SET"), ("last", "HOLD"), (DONE, "DONE")),
    DRILL: (("set", "SET"), ("last", "DO"), (DONE, "DONE")),
}  # fmt: skip
PLACEHOLDERS = {RPE: "RPE", REPS: "reps", MINUTES: "min", DISTANCE: "km"}
ENTRY_HEIGHT = 46
FORWARD, BACK = 1, -1
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
W = TypeVar("W", bound=QWidget)
BODYWEIGHT = ("BODY_ONLY", "NONE")


def card_style(c: theme.Colours) -> str:
    """The logger's local style: big numbers, a green tint on done sets, a gold PR badge."""
    return f"""
    QLabel#exerciseName {{ font-size: 15pt; font-weight: 600; }}
    QLabel#exerciseTarget {{ font-size: 12pt; }}
    QLabel#exerciseLast {{ font-size: 10.5pt; color: {c.muted}; }}
    QLabel#columnHead {{ font-size: 9.5pt; font-weight: 600; color: {c.muted}; }}
    QLabel#setNumber {{ font-size: 14pt; font-weight: 600; color: {c.muted}; }}
    QLabel#setPrevious {{ font-size: 11.5pt; color: {c.muted}; }}
    QLabel#setE1rm {{ font-size: 14pt; font-weight: 600; }}
    QLabel#prBadge {{ background: {c.warn}; color: #1d2127; border-radius: 6px;
        padding: 2px 8px; font-size: 10.5pt; font-weight: 700; }}
    QLineEdit#setEntry {{ font-size: 17pt; font-weight: 600; padding: 2px 6px;
        border: 1px solid {c.grid}; border-radius: 6px; background: {c.surface}; }}
    QLineEdit#setEntry:focus {{ border: 2px solid {c.accent}; }}
    QLineEdit#setEntry[invalid="true"] {{ border: 2px solid {c.bad}; }}
    QFrame#setRow {{ border-radius: 6px; }}
    QFrame#setRow[done="true"] {{ background: {_tint(c.good)}; }}
    QFrame#setRow[done="true"] QLineEdit#setEntry {{ background: transparent; }}
    QPushButton#doneButton {{ font-size: 16pt; font-weight: 700; border: 1px solid {c.grid};
        border-radius: 6px; background: {c.surface}; color: {c.muted}; }}
    QPushButton#doneButton:checked {{ background: {c.good}; color: #ffffff; border: none; }}
    QPushButton#doneButton:focus {{ border: 2px solid {c.accent}; }}
    QLabel#setAmount {{ font-size: 14pt; font-weight: 600; }}
    QLabel#rowError {{ color: {c.bad}; font-size: 10.5pt; }}
    """


def _tint(colour: str) -> str:
    """The colour at low opacity, for a row background that keeps text readable."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, 46)"


def _fixed(widget: W, column: str) -> W:
    widget.setFixedWidth(COLUMNS[column])
    return widget


class SetRow(QFrame):
    """One set (or a run's minutes, or a hold); Tab/Enter move on, Space or Ctrl+D marks it done."""

    edited = Signal(str, str)  # field, text
    move_requested = Signal(str, int)  # field it left, FORWARD or BACK
    done_requested = Signal()
    remove_requested = Signal()

    def __init__(
        self, index: int, weight_hint: str, kind: str = LIFT, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setRow")
        self.index = index
        self.kind = kind
        # Widget state kept in Python: reading back unset dynamic properties in
        # PySide6 6.12 corrupts reference counts and crashes at exit.
        self._names: dict[QWidget, str] = {}
        self._invalid: dict[str, bool] = dict.fromkeys(ENTRY_FIELDS[kind], False)
        self._done = False
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 3, 4, 3)
        row.setSpacing(8)
        self.number = _fixed(label(str(index + 1)), "set")
        self.number.setObjectName("setNumber")
        self.previous = _fixed(label(""), "last")
        # Beside a lift: last time's set; for a stretch: what to hold (the thing to read).
        self.previous.setObjectName("setPrevious" if kind == LIFT else "setAmount")
        hints = {**PLACEHOLDERS, WEIGHT: weight_hint}
        self.edits = {name: self._entry(name, hints[name]) for name in ENTRY_FIELDS[kind]}
        self.e1rm = label("")
        self.e1rm.setObjectName("setE1rm")
        self.badge = label("PR")
        self.badge.setObjectName("prBadge")
        self.badge.setVisible(False)
        self.done_button = self._done_button()
        for column, _text in HEADS[kind]:
            row.addWidget(self._cell(column))
        row.addStretch(1)
        for unused in (self.number, self.previous, self.e1rm, self.badge):
            if unused.parent() is None:
                # Not in this kind of row; parented so that showing one never makes a window.
                unused.setParent(self)
                unused.hide()
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_custom_context_menu_requested)

    @property
    def fields(self) -> tuple[str, ...]:
        """The stops of this row for Tab and Enter, in order."""
        return ENTRY_FIELDS[self.kind] or (DONE,)

    def widget(self, name: str) -> QWidget:
        """The widget of one stop: a line edit, or the done button of a row to tick."""
        return self.done_button if name == DONE else self.edits[name]

    def _cell(self, column: str) -> QWidget:
        if column in self.edits:
            return self.edits[column]
        cells: dict[str, QWidget] = {
            "set": self.number,
            "last": self.previous,
            DONE: self.done_button,
        }
        return cells[column] if column in cells else self._e1rm_cell()

    def _done_button(self) -> QPushButton:
        button = QPushButton("✓")
        button.setObjectName("doneButton")
        button.setCheckable(True)
        button.setFixedSize(COLUMNS["done"], ENTRY_HEIGHT)
        button.setToolTip("Mark it done (Space or Ctrl+D in the row)")
        button.clicked.connect(self._on_done_button_clicked)
        if ENTRY_FIELDS[self.kind]:
            # The keyboard marks sets with Space / Ctrl+D, so Tab never stops on this button.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        else:
            # Nothing to type: the button is the row's one stop, so Tab walks through holds.
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(f"Set {self.index + 1} done")
            self._names[button] = DONE
            button.installEventFilter(self)
        return button

    def _entry(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName("setEntry")
        edit.setPlaceholderText(placeholder)
        edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        edit.setFixedSize(COLUMNS[name], ENTRY_HEIGHT)
        edit.setAccessibleName(f"Set {self.index + 1} {name}")
        self._names[edit] = name
        edit.installEventFilter(self)
        edit.textEdited.connect(lambda text, n=name: self.edited.emit(n, text))
        return edit

    def _e1rm_cell(self) -> QWidget:
        cell = QWidget()
        box = QHBoxLayout(cell)
        box.setContentsMargins(6, 0, 0, 0)
        box.setSpacing(8)
        box.addWidget(self.e1rm, 0, Qt.AlignmentFlag.AlignVCenter)
        box.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        box.addStretch(1)
        return _fixed(cell, "e1rm")

    def show_state(self, s: SetState, texts: bool = False, note: str = "") -> None:
        """Shows a set's e1RM, PR, done mark and errors; `texts` rewrites the fields too.

        `note` is what the row says beside the fields (the view-model's row_note).
        """
        for name, edit in self.edits.items():
            if texts or (not edit.hasFocus() and edit.text() != s.text(name)):
                edit.setText(s.text(name))
            error = s.errors.get(name, "")
            edit.setToolTip(error)
            if self._invalid[name] != bool(error):
                self._invalid[name] = bool(error)
                edit.setProperty("invalid", bool(error))
                _repolish(edit)
        shown = note or s.previous or "—"
        (self.e1rm if self.kind == CARDIO else self.previous).setText(shown)
        if self.kind == LIFT:
            self.e1rm.setText(_e1rm_text(s))
        self.badge.setVisible(s.is_pr)
        self.done_button.setChecked(s.done)
        if self._done != s.done:
            self._done = s.done
            self.setProperty("done", s.done)
            _repolish(self)
            for edit in self.edits.values():
                _repolish(edit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        name = self._names.get(watched) if isinstance(watched, QWidget) else None
        if name is None:
            return False
        if event.type() == QEvent.Type.ShortcutOverride and _is_done_key(event):
            event.accept()  # keep Ctrl+D away from the line edit's own bindings
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._on_key(name, event)
        if (
            event.type() == QEvent.Type.FocusIn
            and _clicked(event)
            and isinstance(watched, QLineEdit)
        ):
            # A click selects the whole number, so typing replaces it.
            QTimer.singleShot(0, watched.selectAll)
        return False

    def _on_key(self, name: str, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if (key == Qt.Key.Key_Tab and plain) or (key in _ENTER_KEYS and plain):
            self.move_requested.emit(name, FORWARD)
            return True
        if key == Qt.Key.Key_Backtab:
            self.move_requested.emit(name, BACK)
            return True
        if (key == Qt.Key.Key_Space and plain) or _is_done_key(event):
            self.done_requested.emit()
            return True
        return False

    def _on_done_button_clicked(self) -> None:
        # The view-model decides; until it answers, the button shows the old state.
        self.done_button.setChecked(not self.done_button.isChecked())
        self.done_requested.emit()

    def _on_custom_context_menu_requested(self, position: QPoint) -> None:
        if self.kind == CARDIO:
            return  # one row is the whole run: nothing to remove but the exercise
        menu = QMenu(self)
        menu.addAction(f"Remove set {self.index + 1}", self.remove_requested.emit)
        menu.exec(self.mapToGlobal(position))


def _clicked(event: QEvent) -> bool:
    return isinstance(event, QFocusEvent) and event.reason() == Qt.FocusReason.MouseFocusReason


def _is_done_key(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    return event.key() == Qt.Key.Key_D and event.modifiers() == Qt.KeyboardModifier.ControlModifier


def _e1rm_text(s: SetState) -> str:
    return "—" if s.e1rm is None else f"{s.e1rm:.1f}"


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ExerciseCard(QFrame):
    """A card for one exercise; every signal carries the set index where one applies."""

    edited = Signal(int, str, str)  # index, field, text
    move_requested = Signal(int, str, int)  # index, field, FORWARD / BACK
    done_requested = Signal(int)
    remove_set_requested = Signal(int)
    add_set_requested = Signal()
    swap_requested = Signal()
    remove_requested = Signal()

    def __init__(self, ex: ExerciseState, unit_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.key = ex.key
        self.kind = ex.kind
        self.unit_label = unit_label
        self._weight_hint = unit_label
        self.rows: list[SetRow] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(6)
        self._header = QVBoxLayout()
        self._header.setSpacing(2)
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(4)
        outer.addLayout(self._header)
        outer.addWidget(self._column_heads())
        outer.addLayout(self._rows_box)
        outer.addLayout(self._footer())
        self.show_exercise(ex)

    # --- building -------------------------------------------------------------------------

    def show_exercise(self, ex: ExerciseState) -> None:
        """Rebuilds the header and every set row from the view-model's state."""
        # A blank weight on a bodyweight movement means bodyweight, and says so.
        self._weight_hint = "BW" if ex.equipment in BODYWEIGHT else self.unit_label
        _clear(self._header)
        self._header.addLayout(self._title_line(ex))
        for text, name in (
            (_target_line(ex), "exerciseTarget"),
            (ex.detail, "exerciseLast"),
            (ex.notes, "exerciseLast"),
            (ex.last_text, "exerciseLast"),
        ):
            if text:
                line = label(text, word_wrap=True)
                line.setObjectName(name)
                self._header.addWidget(line)
        self._build_rows(ex)

    def _title_line(self, ex: ExerciseState) -> QHBoxLayout:
        line = QHBoxLayout()
        self.name_label = label(ex.name)
        self.name_label.setObjectName("exerciseName")
        line.addWidget(self.name_label)
        if ex.swapped_from:
            line.addWidget(label(f"instead of {ex.swapped_from}", "muted"))
        line.addStretch(1)
        self.swap_button = QPushButton("Swap…")
        self.swap_button.setToolTip("Swap for a similar exercise (Ctrl+Shift+S)")
        self.swap_button.clicked.connect(self.swap_requested.emit)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setProperty("role", "danger")
        self.remove_button.setToolTip("Take this exercise out of the workout")
        self.remove_button.clicked.connect(self.remove_requested.emit)
        line.addWidget(self.swap_button)
        line.addWidget(self.remove_button)
        return line

    def _column_heads(self) -> QWidget:
        heads = QWidget()
        row = QHBoxLayout(heads)
        row.setContentsMargins(4, 6, 4, 0)
        row.setSpacing(8)
        for column, text in HEADS[self.kind]:
            words = text.format(unit=self.unit_label, UNIT=self.unit_label.upper())
            head = _fixed(label(words), column)
            head.setObjectName("columnHead")
            if column in (*FIELDS, MINUTES, DISTANCE, DONE):
                head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            elif column == "e1rm":
                head.setContentsMargins(6, 0, 0, 0)
            row.addWidget(head)
        row.addStretch(1)
        return heads

    def _footer(self) -> QHBoxLayout:
        footer = QHBoxLayout()
        self.add_set_button = QPushButton("+ Add set")
        self.add_set_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.add_set_button.clicked.connect(self.add_set_requested.emit)
        if self.kind == CARDIO:
            self.add_set_button.hide()  # one row holds a whole run
        self.error_label = label("")
        self.error_label.setObjectName("rowError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        footer.addWidget(self.add_set_button, 0)
        footer.addWidget(self.error_label, 1)
        footer.addStretch(0)
        return footer

    def _build_rows(self, ex: ExerciseState) -> None:
        _clear(self._rows_box)
        self.rows = []
        for index, s in enumerate(ex.sets):
            row = SetRow(index, self._weight_hint, ex.kind, self)
            row.edited.connect(lambda name, text, i=index: self.edited.emit(i, name, text))
            row.move_requested.connect(
                lambda name, step, i=index: self.move_requested.emit(i, name, step)
            )
            row.done_requested.connect(lambda i=index: self.done_requested.emit(i))
            row.remove_requested.connect(lambda i=index: self.remove_set_requested.emit(i))
            row.show_state(s, texts=True, note=row_note(ex, s))
            self._rows_box.addWidget(row)
            self.rows.append(row)
        self._show_errors(ex)

    # --- updating -------------------------------------------------------------------------

    def show_set(self, ex: ExerciseState, index: int) -> None:
        """Refreshes one row without touching the field being typed in."""
        if 0 <= index < len(self.rows) and index < len(ex.sets):
            s = ex.sets[index]
            self.rows[index].show_state(s, note=row_note(ex, s))
        self._show_errors(ex)

    def _show_errors(self, ex: ExerciseState) -> None:
        numbered = ex.kind != CARDIO  # a run has one row: no set number to point at
        messages = [
            f"Set {i + 1}: {message}" if numbered else message
            for i, s in enumerate(ex.sets)
            for message in s.errors.values()
        ]
        self.error_label.setText(messages[0] if messages else "")
        self.error_label.setVisible(bool(messages))

    def entry(self, index: int, name: str) -> QLineEdit:
        """The line edit of a set's field."""
        return self.rows[index].edits[name]

    def field(self, index: int, name: str) -> QWidget:
        """Any stop of a row: a field, or the done button of a stretch."""
        return self.rows[index].widget(name)


def _target_line(ex: ExerciseState) -> str:
    parts = [f"Plan {ex.target}"] if ex.target else []
    if ex.kind != CARDIO and ex.rest_seconds > 0:  # a run's rests sit inside its minutes
        parts.append(f"rest {clock_text(ex.rest_seconds)}")
    return " · ".join(parts)


def _clear(layout: QVBoxLayout | QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        child = item.layout()
        if child is not None:
            _clear(child)  # type: ignore[arg-type]
            child.deleteLater()
