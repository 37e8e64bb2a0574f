"""One exercise in the logger: a header, then rows of sets, a run's minutes, or holds to tick."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.logger_loads import (
    SET_TYPE_MARKS,
    SET_TYPE_WORDS,
    SET_TYPES,
    WeightUnit,
    unit_word,
)
from alloy_desktop.ui.viewmodels.rest_timer import clock_text
from alloy_desktop.ui.viewmodels.work import CARDIO, DRILL, HOLD, LIFT
from alloy_desktop.ui.viewmodels.workout_logger import (
    DISTANCE,
    ENTRY_FIELDS,
    FIELDS,
    MAX_REST_SECONDS,
    MINUTES,
    NOTE,
    REPS,
    RPE,
    WEIGHT,
    ExerciseState,
    SetState,
    has_targets,
    row_note,
)
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import label

# Column widths shared by the header line and every row, so the numbers line up.
COLUMNS = {
    "set": 44, "last": 214, WEIGHT: 108, REPS: 84, RPE: 84, "e1rm": 128, "done": 64,
    NOTE: 34, MINUTES: 118, DISTANCE: 118,
}  # fmt: skip
DONE = "done"  # the one stop of a row with nothing to type (a stretch to tick)
# The column heads of each kind of row: (column, text); "{unit}" is the weight unit.
HEADS: dict[str, tuple[tuple[str, str], ...]] = {
    LIFT: (("set", "SET"), ("last", "{last}"), (WEIGHT, "{UNIT}"), (REPS, "REPS"),
           (RPE, "RPE"), ("e1rm", "e1RM {unit}"), (DONE, "DONE"), (NOTE, "")),
    CARDIO: ((MINUTES, "MINUTES"), (DISTANCE, "KM"), ("e1rm", "PACE"), (DONE, "DONE")),
    HOLD: (("set", "SET"), ("last", "HOLD"), (DONE, "DONE")),
    DRILL: (("set", "SET"), ("last", "DO"), (DONE, "DONE")),
}  # fmt: skip
PLACEHOLDERS = {RPE: "RPE", REPS: "reps", MINUTES: "min", DISTANCE: "km"}
ENTRY_HEIGHT = 46
FORWARD, BACK = 1, -1
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Typed in a set's field, these jump as a lifter writes a set down: "100 x 5 @ 8".
JUMPS = {"x": REPS, "X": REPS, "*": REPS, "×": REPS, "@": RPE}
TYPE_KEYS = ("t", "T")
NOTE_KEYS = ("n", "N")
WARMUP_KEYS = ("w", "W")
W = TypeVar("W", bound=QWidget)
BODYWEIGHT = ("BODY_ONLY", "NONE")
REST_STEP = 15


def card_style(c: theme.Colours) -> str:
    """The logger's local style: big numbers, a green tint on done sets, a gold PR badge."""
    return f"""
    QLabel#exerciseName {{ font-size: 15pt; font-weight: 600; }}
    QLabel#exerciseTarget {{ font-size: 12pt; }}
    QLabel#exerciseLast {{ font-size: 10.5pt; color: {c.muted}; }}
    QLabel#supersetBadge {{ background: {c.accent}; color: #ffffff; border-radius: 6px;
        padding: 1px 7px; font-size: 11pt; font-weight: 700; }}
    QLabel#adjustment {{ font-size: 12pt; font-weight: 600; color: {c.accent};
        border-left: 3px solid {c.accent}; padding: 4px 10px; }}
    QFrame#warmupRamp {{ border: 1px dashed {c.grid}; border-radius: 6px; }}
    QLabel#rampTitle {{ font-size: 9.5pt; font-weight: 600; color: {c.muted}; }}
    QLabel#rampStep {{ font-size: 12pt; font-weight: 600; }}
    QLabel#rampStep[done="true"] {{ color: {c.good}; }}
    QLabel#rampPlates {{ font-size: 9.5pt; color: {c.muted}; }}
    QLabel#columnHead {{ font-size: 9.5pt; font-weight: 600; color: {c.muted}; }}
    QToolButton#setNumber {{ font-size: 14pt; font-weight: 600; color: {c.muted};
        border: none; background: transparent; }}
    QToolButton#setNumber[marked="true"] {{ color: {c.warn}; }}
    QToolButton#setNumber::menu-indicator {{ image: none; width: 0; }}
    QLabel#setNumber {{ font-size: 14pt; font-weight: 600; color: {c.muted}; }}
    QLabel#setPrevious {{ font-size: 11.5pt; color: {c.muted}; }}
    QLabel#setTarget {{ font-size: 11.5pt; font-weight: 600; }}
    QLabel#setPlates {{ font-size: 9.5pt; color: {c.muted}; }}
    QLabel#setPlates[off="true"] {{ color: {c.warn}; }}
    QLabel#setE1rm {{ font-size: 14pt; font-weight: 600; }}
    QLabel#prBadge {{ background: {c.warn}; color: #1d2127; border-radius: 6px;
        padding: 2px 8px; font-size: 10.5pt; font-weight: 700; }}
    QLineEdit#setEntry {{ font-size: 17pt; font-weight: 600; padding: 2px 6px;
        border: 1px solid {c.grid}; border-radius: 6px; background: {c.surface}; }}
    QLineEdit#setEntry:focus {{ border: 2px solid {c.accent}; }}
    QLineEdit#setEntry[invalid="true"] {{ border: 2px solid {c.bad}; }}
    QLineEdit#setNote {{ font-size: 10.5pt; border: 1px solid {c.grid}; border-radius: 4px;
        padding: 2px 6px; background: {c.surface}; }}
    QToolButton#noteButton {{ font-size: 13pt; color: {c.muted}; border: none; }}
    QToolButton#noteButton[has_note="true"] {{ color: {c.accent}; }}
    QFrame#setRow {{ border-radius: 6px; }}
    QFrame#setRow[done="true"] {{ background: {_tint(c.good)}; }}
    QFrame#setRow[done="true"] QLineEdit#setEntry {{ background: transparent; }}
    QPushButton#doneButton {{ font-size: 16pt; font-weight: 700; border: 1px solid {c.grid};
        border-radius: 6px; background: {c.surface}; color: {c.muted}; }}
    QPushButton#doneButton:checked {{ background: {c.good}; color: #ffffff; border: none; }}
    QPushButton#doneButton:focus {{ border: 2px solid {c.accent}; }}
    QLabel#setAmount {{ font-size: 14pt; font-weight: 600; }}
    QLabel#rowError {{ color: {c.bad}; font-size: 10.5pt; }}
    QLabel#plateNote {{ color: {c.warn}; font-size: 10.5pt; font-weight: 600; }}
    """


def _tint(colour: str) -> str:
    """The colour at low opacity, for a row background that keeps text readable."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, 46)"


def _fixed(widget: W, column: str) -> W:
    widget.setFixedWidth(COLUMNS[column])
    return widget


def set_mark(index: int, set_type: str) -> str:
    """What the SET column says: the number of a working set, W, D or F for the others."""
    return SET_TYPE_MARKS.get(set_type, str(index + 1))


class SetRow(QFrame):
    """One set (or a run's minutes, or a hold).

    Enter logs a set that is ready and untouched (as prescribed) or finished on its last
    field, else moves on, as Tab does; Space or Ctrl+D marks it done or not. In a lift's
    fields x jumps to the reps, @ to the RPE; t changes the set type, n opens its note,
    w logs the exercise's warm-ups.
    """

    edited = Signal(str, str)  # field, text
    move_requested = Signal(str, int)  # field it left, FORWARD or BACK
    done_requested = Signal()  # toggle
    log_requested = Signal()  # mark done (Enter on a set ready to go)
    remove_requested = Signal()
    type_cycle_requested = Signal()
    type_chosen = Signal(str)
    warmups_requested = Signal()

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
        self._ready = False  # a lift with its reps (and weight) in: Enter can log it
        self._typed = False  # the lifter typed in this row since it was shown
        self._marked = False
        self._has_note = False
        self._looks: dict[QWidget, tuple[str, bool]] = {}  # style-sheet state, restyled on change
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 3, 4, 3)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(8)
        outer.addLayout(row)
        self.number = _fixed(self._number(), "set")
        self.previous = label("")
        # Beside a lift: its target (or last time's set); for a stretch: what to hold.
        self.previous.setObjectName("setPrevious" if kind == LIFT else "setAmount")
        self.plates = label("")
        self.plates.setObjectName("setPlates")
        hints = {**PLACEHOLDERS, WEIGHT: weight_hint}
        self.edits = {name: self._entry(name, hints[name]) for name in ENTRY_FIELDS[kind]}
        self.e1rm = label("")
        self.e1rm.setObjectName("setE1rm")
        self.badge = label("PR")
        self.badge.setObjectName("prBadge")
        self.badge.setVisible(False)
        self.done_button = self._done_button()
        self.note_button = self._note_button()
        self.note_edit = self._note_edit()
        for column, _text in HEADS[kind]:
            row.addWidget(self._cell(column))
        row.addStretch(1)
        outer.addWidget(self.note_edit)
        for unused in (self.number, self.previous, self.plates, self.e1rm, self.badge):
            if unused.parent() is None:
                # Not in this kind of row; parented so that showing one never makes a window.
                unused.setParent(self)
                unused.hide()
        if self.note_button.parent() is None:
            self.note_button.setParent(self)
            self.note_button.hide()
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_custom_context_menu_requested)

    @property
    def fields(self) -> tuple[str, ...]:
        """The stops of this row for Tab and Enter, in order."""
        return ENTRY_FIELDS[self.kind] or (DONE,)

    def widget(self, name: str) -> QWidget:
        """The widget of one stop: a line edit, or the done button of a row to tick."""
        return self.done_button if name == DONE else self.edits[name]

    # --- building -------------------------------------------------------------------------

    def _number(self) -> QWidget:
        if self.kind != LIFT:
            number = label(str(self.index + 1))
            number.setObjectName("setNumber")
            return number
        # A lift's number doubles as its type: click for the menu, or t in a field.
        button = QToolButton()
        button.setObjectName("setNumber")
        button.setText(str(self.index + 1))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolTip("Set type: working, warm-up, drop or failure (t in the row)")
        menu = QMenu(button)
        for set_type in SET_TYPES:
            action = QAction(SET_TYPE_WORDS[set_type], menu)
            action.triggered.connect(lambda _checked=False, t=set_type: self.type_chosen.emit(t))
            menu.addAction(action)
        button.setMenu(menu)
        return button

    def _cell(self, column: str) -> QWidget:
        if column in self.edits:
            return self.edits[column]
        cells: dict[str, QWidget] = {"set": self.number, DONE: self.done_button}
        if column in cells:
            return cells[column]
        if column == "last":
            return self._last_cell()
        if column == NOTE:
            return self.note_button
        return self._e1rm_cell()

    def _last_cell(self) -> QWidget:
        if self.kind != LIFT:
            return _fixed(self.previous, "last")
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.previous.setWordWrap(True)
        box.addStretch(1)
        box.addWidget(self.previous)
        box.addWidget(self.plates)
        box.addStretch(1)
        return _fixed(cell, "last")

    def _done_button(self) -> QPushButton:
        button = QPushButton("✓")
        button.setObjectName("doneButton")
        button.setCheckable(True)
        button.setFixedSize(COLUMNS["done"], ENTRY_HEIGHT)
        button.setToolTip("Mark it done (Space or Ctrl+D in the row; Enter logs a set as shown)")
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

    def _note_button(self) -> QToolButton:
        button = QToolButton()
        button.setObjectName("noteButton")
        button.setText("✎")
        button.setFixedSize(COLUMNS[NOTE], ENTRY_HEIGHT)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setToolTip("A note for this set (n in the row)")
        button.setAccessibleName(f"Set {self.index + 1} note")
        button.clicked.connect(self.open_note)
        return button

    def _note_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName("setNote")
        edit.setPlaceholderText("Note for this set, e.g. belt on, felt the left knee")
        edit.setAccessibleName(f"Set {self.index + 1} note")
        edit.setMaxLength(500)
        edit.hide()
        edit.textEdited.connect(lambda text: self.edited.emit(NOTE, text))
        edit.installEventFilter(self)
        return edit

    def _entry(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName("setEntry")
        edit.setPlaceholderText(placeholder)
        edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        edit.setFixedSize(COLUMNS[name], ENTRY_HEIGHT)
        edit.setAccessibleName(f"Set {self.index + 1} {name}")
        self._names[edit] = name
        edit.installEventFilter(self)
        edit.textEdited.connect(lambda text, n=name: self._on_entry_text_edited(n, text))
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

    # --- showing --------------------------------------------------------------------------

    def show_state(
        self, s: SetState, texts: bool = False, note: str = "", ready: bool = False
    ) -> None:
        """Shows a set's e1RM, PR, done mark and errors; `texts` rewrites the fields too.

        `note` is what the row says beside the fields (the view-model's row_note); `ready`
        whether Enter may log the set as it stands.
        """
        if texts:
            self._typed = False
        self._ready = ready
        for name, edit in self.edits.items():
            self._show_text(edit, s.text(name), texts)
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
            self._show_extras(s)
        self.badge.setVisible(s.is_pr)
        self.done_button.setChecked(s.done)
        if self._done != s.done:
            self._done = s.done
            self.setProperty("done", s.done)
            _repolish(self)
            for edit in self.edits.values():
                _repolish(edit)

    def _show_text(self, edit: QLineEdit, text: str, texts: bool) -> None:
        if edit.text() == text:
            return
        focused = edit.hasFocus()
        # A field being typed in keeps its text; an untouched one follows the view-model
        # (an adjusted load lands in the set the cursor already waits in).
        if texts or not focused or not self._typed:
            edit.setText(text)
            if focused:
                edit.selectAll()

    def _show_extras(self, s: SetState) -> None:
        """The set type, plates a side and the note of a lift."""
        self._restyle(self.previous, "setTarget" if s.target else "setPrevious", False)
        self.previous.setToolTip(s.target)
        plates = s.plates if s.weight else ""
        self.plates.setText(f"≈ {plates}" if plates and s.plate_note else plates)
        self.plates.setToolTip(s.plate_note)
        self._restyle(self.plates, "setPlates", bool(s.plate_note))
        self.plates.setVisible(bool(plates))
        if isinstance(self.number, QToolButton):
            marked = s.set_type in SET_TYPE_MARKS
            self.number.setText(set_mark(self.index, s.set_type))
            self.number.setToolTip(f"{SET_TYPE_WORDS.get(s.set_type, '')} (t in the row)")
            if marked != self._marked:
                self._marked = marked
                self.number.setProperty("marked", marked)
                _repolish(self.number)
        if not self.note_edit.hasFocus() and self.note_edit.text() != s.note:
            self.note_edit.setText(s.note)
        self.note_edit.setVisible(bool(s.note) or self.note_edit.hasFocus())
        if self._has_note != bool(s.note):
            self._has_note = bool(s.note)
            self.note_button.setProperty("has_note", self._has_note)
            _repolish(self.note_button)

    def _restyle(self, widget: QWidget, name: str, off: bool) -> None:
        """A label's object name and "off" flag, repolished only when they change."""
        if self._looks.get(widget) != (name, off):
            self._looks[widget] = (name, off)
            widget.setObjectName(name)
            widget.setProperty("off", off)
            _repolish(widget)

    def open_note(self) -> None:
        """Shows the note field and puts the cursor in it."""
        if self.kind != LIFT:
            return
        self.note_edit.show()
        self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- keys -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note_edit:
            return self._on_note_event(event)
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
        if key in _ENTER_KEYS and plain:
            self._on_enter(name)
            return True
        if key == Qt.Key.Key_Tab and plain:
            self.move_requested.emit(name, FORWARD)
            return True
        if key == Qt.Key.Key_Backtab:
            self.move_requested.emit(name, BACK)
            return True
        if (key == Qt.Key.Key_Space and plain) or _is_done_key(event):
            self.done_requested.emit()
            return True
        return self.kind == LIFT and self._on_letter(event.text())

    def _on_enter(self, name: str) -> None:
        """Logs a set ready to go when it is as shown or finished on its last field."""
        if not self._done and self._ready and (not self._typed or name == self.fields[-1]):
            self.log_requested.emit()
        else:
            self.move_requested.emit(name, FORWARD)

    def _on_letter(self, text: str) -> bool:
        if text in JUMPS:
            edit = self.edits[JUMPS[text]]
            edit.setFocus(Qt.FocusReason.TabFocusReason)
            edit.selectAll()
        elif text in TYPE_KEYS:
            self.type_cycle_requested.emit()
        elif text in NOTE_KEYS:
            self.open_note()
        elif text in WARMUP_KEYS:
            self.warmups_requested.emit()
        else:
            return False
        return True

    def _on_note_event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.FocusOut and not self.note_edit.text():
                self.note_edit.hide()
            return False
        if event.key() in (*_ENTER_KEYS, Qt.Key.Key_Escape):
            # Back to the set, ready for Enter or Space.
            first = self.edits[self.fields[0]]
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            first.selectAll()
            return True
        return False

    def _on_entry_text_edited(self, name: str, text: str) -> None:
        self._typed = True
        self.edited.emit(name, text)

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


class RestSpin(QSpinBox):
    """A rest in m:ss, 15 s a step; typing "2:30", "150" or "2" (minutes) all work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, MAX_REST_SECONDS)
        self.setSingleStep(REST_STEP)
        self.setAccelerated(True)
        self.setKeyboardTracking(False)  # "2:30" is one rest, not 2, 2:3 and 2:30
        self.setAccessibleName("Rest between sets")

    def textFromValue(self, value: int) -> str:
        return clock_text(value)

    def valueFromText(self, text: str) -> int:
        return _rest_seconds(text, self.value())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        cleaned = text.strip()
        if all(ch.isdigit() or ch == ":" for ch in cleaned) and cleaned.count(":") <= 1:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Invalid, text, pos


def _rest_seconds(text: str, fallback: int) -> int:
    """ "2:30" -> 150, "150" -> 150, "2" -> 120 (a lone small number is minutes)."""
    cleaned = text.strip()
    try:
        if ":" in cleaned:
            minutes, _, seconds = cleaned.partition(":")
            return int(minutes or 0) * 60 + int(seconds or 0)
        value = int(cleaned)
    except ValueError:
        return fallback
    return value * 60 if value < 10 else value


class WarmupRamp(QFrame):
    """The warm-up ramp to the first working set, each step with its plates, and one button."""

    log_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warmupRamp")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.setSpacing(16)
        title = label("WARM-UP")
        title.setObjectName("rampTitle")
        row.addWidget(title, 0, Qt.AlignmentFlag.AlignVCenter)
        self.steps = QHBoxLayout()
        self.steps.setSpacing(18)
        row.addLayout(self.steps)
        row.addStretch(1)
        self.button = QPushButton("")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # w in a set's field does it
        self.button.clicked.connect(self.log_requested.emit)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.step_labels: list[str] = []

    def show_ramp(self, ex: ExerciseState, unit: WeightUnit) -> None:
        _clear(self.steps)
        self.step_labels = []
        for step in ex.warmup:
            load = step.load_text(unit)
            text = f"✓ {load}" if ex.warmup_done else load
            self.step_labels.append(text)
            self.steps.addWidget(_ramp_step(text, step.detail_text(), ex.warmup_done))
        self.button.setText("Undo warm-ups (w)" if ex.warmup_done else "Log warm-ups (w)")
        self.button.setToolTip(
            "Take the warm-up sets back out"
            if ex.warmup_done
            else "Log every step as a warm-up set: no record, no hard set (w in a set's field)"
        )


def _ramp_step(text: str, detail: str, done: bool) -> QWidget:
    step = QWidget()
    box = QVBoxLayout(step)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    load = label(text)
    load.setObjectName("rampStep")
    load.setProperty("done", done)
    box.addWidget(load)
    if detail:
        small = label(detail)
        small.setObjectName("rampPlates")
        box.addWidget(small)
    return step


class ExerciseCard(QFrame):
    """A card for one exercise; every signal carries the set index where one applies."""

    edited = Signal(int, str, str)  # index, field, text
    move_requested = Signal(int, str, int)  # index, field, FORWARD / BACK
    done_requested = Signal(int)
    log_requested = Signal(int)
    type_cycle_requested = Signal(int)
    type_chosen = Signal(int, str)
    remove_set_requested = Signal(int)
    add_set_requested = Signal()
    swap_requested = Signal()
    remove_requested = Signal()
    warmups_requested = Signal()
    rest_changed = Signal(int)  # seconds

    def __init__(self, ex: ExerciseState, unit: WeightUnit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.key = ex.key
        self.kind = ex.kind
        self.unit = unit
        self.unit_label = unit_word(unit)
        self._weight_hint = self.unit_label
        self._bodyweight = False
        self.rows: list[SetRow] = []
        self.rest_spin = RestSpin()  # made anew with each header
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(6)
        self._header = QVBoxLayout()
        self._header.setSpacing(2)
        self.adjustment = label("", word_wrap=True)
        self.adjustment.setObjectName("adjustment")
        self.ramp = WarmupRamp()
        self.ramp.log_requested.connect(self.warmups_requested.emit)
        self._heads = QVBoxLayout()
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(4)
        outer.addLayout(self._header)
        outer.addWidget(self.adjustment)
        outer.addWidget(self.ramp)
        outer.addLayout(self._heads)
        outer.addLayout(self._rows_box)
        outer.addLayout(self._footer())
        self.show_exercise(ex)

    # --- building -------------------------------------------------------------------------

    def show_exercise(self, ex: ExerciseState) -> None:
        """Rebuilds the header and every set row from the view-model's state."""
        # A blank weight on a bodyweight movement means bodyweight, and says so.
        self._bodyweight = ex.equipment in BODYWEIGHT
        self._weight_hint = "BW" if self._bodyweight else self.unit_label
        _clear(self._header)
        self._header.addLayout(self._title_line(ex))
        for text, name in (
            (_target_line(ex), "exerciseTarget"),
            (ex.detail, "exerciseLast"),
            (ex.notes, "exerciseLast"),
            (ex.source_text, "exerciseLast"),
            (ex.last_text, "exerciseLast"),
        ):
            if text:
                line = label(text, word_wrap=True)
                line.setObjectName(name)
                self._header.addWidget(line)
        _clear(self._heads)
        self._heads.addWidget(self._column_heads(ex))
        self.show_notice(ex)
        self._build_rows(ex)

    def show_notice(self, ex: ExerciseState) -> None:
        """The lines between header and sets: the last adjustment, the warm-up ramp, rest."""
        self.adjustment.setText(ex.adjustment)
        self.adjustment.setVisible(bool(ex.adjustment))
        self.ramp.setVisible(bool(ex.warmup))
        if ex.warmup:
            self.ramp.show_ramp(ex, self.unit)
        self.rest_spin.blockSignals(True)
        self.rest_spin.setValue(ex.rest_seconds)
        self.rest_spin.blockSignals(False)

    def _title_line(self, ex: ExerciseState) -> QHBoxLayout:
        line = QHBoxLayout()
        if ex.superset:
            badge = label(ex.superset)
            badge.setObjectName("supersetBadge")
            badge.setToolTip("Superset: alternate with its partner, one rest after each round")
            line.addWidget(badge)
        self.name_label = label(ex.name)
        self.name_label.setObjectName("exerciseName")
        line.addWidget(self.name_label)
        if ex.swapped_from:
            line.addWidget(label(f"instead of {ex.swapped_from}", "muted"))
        line.addStretch(1)
        self.rest_spin = RestSpin()
        self.rest_spin.setValue(ex.rest_seconds)
        self.rest_spin.setToolTip("Rest after each set of this exercise, remembered for next time")
        self.rest_spin.valueChanged.connect(self.rest_changed.emit)
        if ex.kind != CARDIO:  # a run's rests sit inside its minutes
            rest = label("Rest", "muted")
            rest.setBuddy(self.rest_spin)
            line.addWidget(rest)
            line.addWidget(self.rest_spin)
            line.addSpacing(10)
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

    def _column_heads(self, ex: ExerciseState) -> QWidget:
        heads = QWidget()
        row = QHBoxLayout(heads)
        row.setContentsMargins(4, 6, 4, 0)
        row.setSpacing(8)
        last = "TARGET" if has_targets(ex) else "LAST TIME"
        for column, text in HEADS[self.kind]:
            words = text.format(unit=self.unit_label, UNIT=self.unit_label.upper(), last=last)
            head = _fixed(label(words), column)
            head.setObjectName("columnHead")
            if column in (*FIELDS, MINUTES, DISTANCE, DONE):
                head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            elif column == "e1rm":
                head.setContentsMargins(6, 0, 0, 0)
            row.addWidget(head)
        row.addStretch(1)
        return heads

    def _footer(self) -> QVBoxLayout:
        footer = QVBoxLayout()
        footer.setSpacing(2)
        line = QHBoxLayout()
        self.add_set_button = QPushButton("+ Add set")
        self.add_set_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.add_set_button.clicked.connect(self.add_set_requested.emit)
        if self.kind == CARDIO:
            self.add_set_button.hide()  # one row holds a whole run
        self.error_label = label("")
        self.error_label.setObjectName("rowError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        line.addWidget(self.add_set_button, 0)
        line.addWidget(self.error_label, 1)
        self.plate_note = label("", word_wrap=True)
        self.plate_note.setObjectName("plateNote")
        self.plate_note.hide()
        footer.addWidget(self.plate_note)
        footer.addLayout(line)
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
            row.log_requested.connect(lambda i=index: self.log_requested.emit(i))
            row.type_cycle_requested.connect(lambda i=index: self.type_cycle_requested.emit(i))
            row.type_chosen.connect(lambda kind, i=index: self.type_chosen.emit(i, kind))
            row.warmups_requested.connect(self.warmups_requested.emit)
            row.remove_requested.connect(lambda i=index: self.remove_set_requested.emit(i))
            row.show_state(s, texts=True, note=row_note(ex, s), ready=self._ready(ex, s))
            self._rows_box.addWidget(row)
            self.rows.append(row)
        self._show_errors(ex)

    # --- updating -------------------------------------------------------------------------

    def show_set(self, ex: ExerciseState, index: int) -> None:
        """Refreshes one row without touching the field being typed in."""
        if 0 <= index < len(self.rows) and index < len(ex.sets):
            s = ex.sets[index]
            self.rows[index].show_state(s, note=row_note(ex, s), ready=self._ready(ex, s))
        self._show_errors(ex)

    def _ready(self, ex: ExerciseState, s: SetState) -> bool:
        """A lift Enter can log as shown: reps in, and a weight unless it is bodyweight."""
        has_load = s.weight is not None or self._bodyweight
        return ex.kind == LIFT and s.reps is not None and has_load and not s.errors

    def _show_errors(self, ex: ExerciseState) -> None:
        numbered = ex.kind != CARDIO  # a run has one row: no set number to point at
        messages = [
            f"Set {i + 1}: {message}" if numbered else message
            for i, s in enumerate(ex.sets)
            for message in s.errors.values()
        ]
        self.error_label.setText(messages[0] if messages else "")
        self.error_label.setVisible(bool(messages))
        # The plates can't make a weight still to lift: say what they can make.
        off = [f"Set {i + 1}: {s.plate_note}" for i, s in enumerate(ex.sets) if _off(s)]
        self.plate_note.setText(off[0] if off else "")
        self.plate_note.setVisible(bool(off))

    def entry(self, index: int, name: str) -> QLineEdit:
        """The line edit of a set's field."""
        return self.rows[index].edits[name]

    def field(self, index: int, name: str) -> QWidget:
        """Any stop of a row: a field, or the done button of a stretch."""
        return self.rows[index].widget(name)

    def visible_text(self) -> str:
        """Every label the card shows, top to bottom (tests and screen readers)."""
        return "\n".join(
            lab.text() for lab in self.findChildren(QLabel) if lab.isVisibleTo(self) and lab.text()
        )


def _off(s: SetState) -> bool:
    return bool(s.plate_note and s.weight and not s.done)


def _target_line(ex: ExerciseState) -> str:
    return f"Plan {ex.target}" if ex.target else ""


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
