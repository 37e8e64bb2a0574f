"""The Log page: start or resume a workout, log sets by keyboard, rest, finish with a summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCommandLinkButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.logger_loads import blocks, superset_group
from alloy_desktop.ui.viewmodels.rest_timer import AlertPrefs
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.workout_logger import (
    ExerciseState,
    FinishSummary,
    LibrarySearchViewModel,
    MovementChoice,
    Phase,
    RecordLine,
    StartOffer,
    WorkoutLoggerViewModel,
)
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.alerts import RestAlerts, window_settings
from alloy_desktop.ui.widgets.common import Card, label
from alloy_desktop.ui.widgets.exercise_card import FORWARD, ExerciseCard, card_style
from alloy_desktop.ui.widgets.library_picker import LibraryPicker, SubstitutePicker

RECORD_BANNER_MS = 10000
CONTENT_WIDTH = 980
KEY_HINTS = (
    "Enter: log the set as shown   ·   Tab: next field   ·   x reps  ·  @ RPE  ·  t set type  ·  "
    "n note  ·  w warm-ups   ·   Space or Ctrl+D: done / undo   ·   "
    "Ctrl+Shift+A: add exercise   ·   Ctrl+Shift+S: swap   ·   Ctrl+Enter: finish"
)
REST_IDLE = "Starts when you mark a set done"
COMMAND_PADDING = 14  # the start page's big buttons, as page_style pads them
Entry = tuple[int, int, str]  # exercise key, set index, field
Picker = LibraryPicker | SubstitutePicker


def page_style(c: theme.Colours) -> str:
    """Big type for the numbers a lifter reads from a step away."""
    return (
        card_style(c)
        + f"""
    QLabel#workoutName {{ font-size: 18pt; font-weight: 600; }}
    QLineEdit#workoutNameEdit {{ font-size: 18pt; font-weight: 600; border: none;
        border-bottom: 1px dashed {c.grid}; background: transparent; }}
    QLabel#workoutTotals {{ font-size: 13pt; font-weight: 600; }}
    QLabel#restTime {{ font-size: 34pt; font-weight: 700; }}
    QLabel#restTime[running="true"] {{ color: {c.accent}; }}
    QLabel#restTime[over="true"] {{ color: {c.good}; }}
    QLabel#restCaption {{ font-size: 11pt; color: {c.muted}; }}
    QFrame#restPanel {{ border-left: 1px solid {c.grid}; border-right: 1px solid {c.grid}; }}
    QProgressBar#restBar {{ border: none; background: {c.grid}; border-radius: 3px; }}
    QProgressBar#restBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
    QLabel#recordBanner {{ background: {c.warn}; color: #1d2127; border-radius: 8px;
        padding: 8px 14px; font-size: 13pt; font-weight: 700; }}
    QLabel#errorBanner {{ color: {c.bad}; font-size: 11.5pt; font-weight: 600; }}
    QLabel#statValue {{ font-size: 24pt; font-weight: 700; }}
    QLabel#statCaption {{ font-size: 10.5pt; color: {c.muted}; }}
    QLabel#recordLine {{ font-size: 13pt; }}
    QLabel#summaryTitle {{ font-size: 22pt; font-weight: 700; }}
    QFrame#superset {{ border-left: 4px solid {c.accent}; border-radius: 0; }}
    QLabel#supersetTitle {{ font-size: 11pt; font-weight: 600; color: {c.accent}; }}
    QLineEdit#workoutNotes {{ font-size: 10.5pt; border: none;
        border-bottom: 1px dashed {c.grid}; background: transparent; }}
    QCommandLinkButton {{ font-size: 14pt; padding: 14px; border: 1px solid {c.grid};
        border-radius: 8px; background: {c.surface}; }}
    QCommandLinkButton:hover {{ border-color: {c.accent}; }}
    QCommandLinkButton:focus {{ border: 2px solid {c.accent}; }}
    """
    )


def _named(widget: QLabel, name: str) -> QLabel:
    widget.setObjectName(name)
    return widget


def _centered(inner: QWidget) -> QWidget:
    """Keeps a column at a readable width in the middle of a wide window."""
    outer = QWidget()
    row = QHBoxLayout(outer)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    inner.setMaximumWidth(CONTENT_WIDTH)
    row.addWidget(inner, 100)
    row.addStretch(1)
    return outer


def _record_row(record: RecordLine) -> QWidget:
    """A gold PR badge, then the movement and the record in words."""
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    badge = _named(label("PR"), "prBadge")
    line.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
    line.addWidget(_named(label(f"{record.movement_name}: {record.text}"), "recordLine"), 1)
    row.setAccessibleName(f"PR {record.movement_name}: {record.text}")
    return row


class LoggerView(QWidget):
    """Three faces: how to start, the workout itself, and the finish summary."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = WorkoutLoggerViewModel(session, self)
        self.library_vm = LibrarySearchViewModel(session, self)
        self.cards: dict[int, ExerciseCard] = {}
        self._blocks: list[QWidget] = []  # what the cards sit in: themselves, or a superset
        self.picker: Picker | None = None
        # The chime and the notification when a rest runs out (tests replace their hooks).
        self.alerts = RestAlerts(AlertPrefs(window_settings(self), self))
        self._entries: dict[QWidget, Entry] = {}
        self._chain: list[Entry] = []
        self._library_on_start = False  # an empty workout opens the library straight away
        self._pending_focus: Entry | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_start_page())
        self.stack.addWidget(self._build_run_page())
        self.stack.addWidget(self._build_summary_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(self.stack)
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.setInterval(RECORD_BANNER_MS)
        self._banner_timer.timeout.connect(self.record_banner.hide)
        self._connect_vm()
        self._add_shortcuts()
        self._on_rest_changed()
        self.restyle()

    # --- the page's contract with the main window --------------------------------------

    def activate(self) -> None:
        """Shown: offer the ways to start, or put the cursor back in the workout."""
        self.vm.activate()
        if self.vm.is_running:
            self._focus_next_open()

    def start_session(self, day: date) -> None:
        """Starts (or resumes) the planned session of `day` (the Today page calls this)."""
        self.vm.start_session(day)

    def start_custom(self) -> None:
        """Starts an empty workout and opens the library to add the first exercise."""
        if self.vm.offer and self.vm.offer.draft_text and not self._confirm_replace():
            return
        self._library_on_start = True
        self.vm.start_custom()

    def start_routine(self, routine_id: int) -> bool:
        """Starts a hand-built routine (the Routines page calls this); False if declined."""
        unfinished = self.vm.is_running or bool(self.vm.offer and self.vm.offer.draft_text)
        if unfinished and not self._confirm_replace():
            return False
        self.vm.start_routine(routine_id)
        return True

    def restyle(self) -> None:
        self.setStyleSheet(page_style(theme.current()))

    def can_close(self) -> bool:
        """The draft is saved as the lifter goes; write any last change and let the app close.

        When even that write fails (a full or read-only disk), the lifter decides: closing
        now loses the sets entered since the last good save.
        """
        if self.vm.flush_draft():
            return True
        return self.confirm(
            "Close without saving?",
            "The workout in progress could not be saved (the disk refused the write). "
            "Closing now loses the sets entered since the last save. Free some space or "
            "fix the folder's permissions, then keep logging to save them.",
            "Close anyway",
        )

    def confirm(self, title: str, text: str, yes: str) -> bool:
        """Asks a yes/no question (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept

    # --- building: start ----------------------------------------------------------------

    def _build_start_page(self) -> QWidget:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setSpacing(14)
        box.addWidget(_named(label("Log a workout"), "summaryTitle"))
        self.start_day = label("", "muted")
        box.addWidget(self.start_day)
        self.resume_button = QCommandLinkButton("Resume workout")
        self.resume_button.clicked.connect(self.vm.resume_draft)
        self.session_button = QCommandLinkButton("Start today's session")
        self.session_button.clicked.connect(self._on_session_button_clicked)
        self.custom_button = QCommandLinkButton(
            "Start an empty workout", "Add exercises from the library as you go."
        )
        self.custom_button.clicked.connect(self.start_custom)
        for button in (self.resume_button, self.session_button, self.custom_button):
            _fit(button)
            # The style's arrow is drawn dark on dark in the dark palette: no icon at all.
            button.setIcon(QIcon())
            button.setIconSize(QSize(0, 0))
            box.addWidget(button)
        self.resume_button.hide()
        self.start_error = _named(label("", word_wrap=True), "errorBanner")
        self.start_error.hide()
        box.addWidget(self.start_error)
        box.addStretch(1)
        return _centered(column)

    # --- building: the workout -----------------------------------------------------------

    def _build_run_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        box.addWidget(self._build_header())
        self.record_banner = _named(label("", word_wrap=True), "recordBanner")
        self.record_banner.hide()
        self.error_banner = _named(label("", word_wrap=True), "errorBanner")
        self.error_banner.hide()
        box.addWidget(self.record_banner)
        box.addWidget(self.error_banner)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        self.cards_box = QVBoxLayout(holder)
        self.cards_box.setContentsMargins(0, 0, 8, 0)
        self.cards_box.setSpacing(12)
        self.empty_hint = label(
            "No exercises yet. Add one from the library (Ctrl+Shift+A).", "muted", word_wrap=True
        )
        self.cards_box.addWidget(self.empty_hint)
        self.cards_box.addStretch(1)
        self.scroll_area.setWidget(_centered(holder))
        box.addWidget(self.scroll_area, 1)
        box.addWidget(label(KEY_HINTS, "muted", word_wrap=True))
        return page

    def _build_header(self) -> QWidget:
        header = Card()
        row = QHBoxLayout()
        row.setSpacing(18)
        header.body.addLayout(row)
        row.addLayout(self._header_text(), 3)
        row.addWidget(self._build_rest_panel(), 2)
        row.addLayout(self._header_buttons())
        return header

    def _header_text(self) -> QVBoxLayout:
        text = QVBoxLayout()
        text.setSpacing(4)
        self.name_label = _named(label(""), "workoutName")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("workoutNameEdit")
        self.name_edit.setToolTip("Name this workout")
        self.name_edit.editingFinished.connect(self._on_name_edit_editing_finished)
        self.name_edit.hide()
        self.clock_label = label("", "muted")
        self.totals_label = _named(label(""), "workoutTotals")
        self.saved_label = label("", "muted")
        self.notes_edit = QLineEdit()
        self.notes_edit.setObjectName("workoutNotes")
        self.notes_edit.setPlaceholderText("Notes for this workout…")
        self.notes_edit.setAccessibleName("Workout notes")
        self.notes_edit.setMaxLength(2000)
        self.notes_edit.editingFinished.connect(self._on_notes_edit_editing_finished)
        for widget in (self.name_label, self.name_edit, self.totals_label, self.clock_label):
            text.addWidget(widget)
        text.addWidget(self.notes_edit)
        text.addWidget(self.saved_label)
        text.addStretch(1)
        return text

    def _build_rest_panel(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("restPanel")
        box = QVBoxLayout(panel)
        box.setContentsMargins(16, 0, 16, 0)
        box.setSpacing(4)
        self.rest_time = _named(label("0:00"), "restTime")
        self.rest_time.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rest_caption = _named(label("", word_wrap=True), "restCaption")
        self.rest_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rest_bar = QProgressBar()
        self.rest_bar.setObjectName("restBar")
        self.rest_bar.setRange(0, 1000)
        self.rest_bar.setTextVisible(False)
        self.rest_bar.setFixedHeight(6)
        buttons = QHBoxLayout()
        self.rest_add = QPushButton("+30 s")
        self.rest_add.clicked.connect(self._on_rest_add_clicked)
        self.rest_skip = QPushButton("Skip rest")
        self.rest_skip.clicked.connect(self.vm.rest.skip)
        buttons.addWidget(self.rest_add)
        buttons.addWidget(self.rest_skip)
        box.addWidget(label("REST", "muted"), 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.rest_time)
        box.addWidget(self.rest_bar)
        box.addWidget(self.rest_caption)
        box.addLayout(buttons)
        return panel

    def _header_buttons(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.finish_button = QPushButton("Finish  (Ctrl+Enter)")
        self.finish_button.setProperty("role", "primary")
        self.finish_button.clicked.connect(self._on_finish_button_clicked)
        self.add_button = QPushButton("Add exercise…")
        self.add_button.setToolTip("Add an exercise from the library (Ctrl+Shift+A)")
        self.add_button.clicked.connect(self.open_library)
        self.discard_button = QPushButton("Discard")
        self.discard_button.setProperty("role", "danger")
        self.discard_button.clicked.connect(self._on_discard_button_clicked)
        for button in (self.finish_button, self.add_button, self.discard_button):
            button.setMinimumHeight(36)
            column.addWidget(button)
        column.addStretch(1)
        return column

    # --- building: summary ---------------------------------------------------------------

    def _build_summary_page(self) -> QWidget:
        card = Card()
        card.body.setSpacing(12)
        card.body.addWidget(_named(label("Workout complete"), "summaryTitle"))
        self.summary_name = label("", "subtitle")
        card.body.addWidget(self.summary_name)
        stats = QHBoxLayout()
        self.stat_values: dict[str, QLabel] = {}
        self.stat_tiles: dict[str, QWidget] = {}
        for key, caption in (
            ("duration", "DURATION"),
            ("sets", "SETS"),
            ("volume", "VOLUME"),
            ("cardio", "CARDIO"),
            ("records", "RECORDS"),
        ):
            tile = QWidget()
            box = QVBoxLayout(tile)
            box.setContentsMargins(0, 0, 0, 0)
            self.stat_values[key] = _named(label(""), "statValue")
            box.addWidget(self.stat_values[key])
            box.addWidget(_named(label(caption), "statCaption"))
            self.stat_tiles[key] = tile
            stats.addWidget(tile, 1)
        card.body.addLayout(stats)
        self.records_title = label("Personal records", "subtitle")
        card.body.addWidget(self.records_title)
        self.records_box = QVBoxLayout()
        card.body.addLayout(self.records_box)
        self.done_button = QPushButton("Done")
        self.done_button.setMinimumSize(140, 40)
        self.done_button.setProperty("role", "primary")
        self.done_button.clicked.connect(self.vm.close_summary)
        card.body.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        column = QWidget()
        box = QVBoxLayout(column)
        box.addWidget(card)
        box.addStretch(1)
        return _centered(column)

    # --- wiring --------------------------------------------------------------------------

    def _connect_vm(self) -> None:
        vm = self.vm
        vm.phase_changed.connect(self._on_phase_changed)
        vm.offer_ready.connect(self._on_offer_ready)
        vm.workout_changed.connect(self._on_workout_changed)
        vm.exercise_changed.connect(self._on_exercise_changed)
        vm.set_changed.connect(self._on_set_changed)
        vm.totals_changed.connect(self._on_totals_changed)
        vm.record_broken.connect(self._on_record_broken)
        vm.substitutes_ready.connect(self._on_substitutes_ready)
        vm.finished.connect(self._on_finished)
        vm.draft_saved.connect(self.saved_label.setText)
        vm.elapsed_changed.connect(self._on_elapsed_changed)
        vm.focus_requested.connect(self._on_focus_requested)
        vm.draft_conflict.connect(self._on_draft_conflict)
        vm.error.connect(self._on_error)
        vm.errors_cleared.connect(self._on_errors_cleared)
        vm.busy_changed.connect(self._on_busy_changed)
        vm.notice_changed.connect(self._on_notice_changed)
        vm.rest.changed.connect(self._on_rest_changed)
        vm.rest.finished.connect(self._on_rest_finished)

    def _add_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+D", self._on_done_shortcut),
            ("Ctrl+Shift+A", self.open_library),
            ("Ctrl+Shift+S", self._on_swap_shortcut),
            ("Ctrl+Return", self._on_finish_button_clicked),
            ("Ctrl+Enter", self._on_finish_button_clicked),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # --- start page --------------------------------------------------------------------------

    def _on_offer_ready(self, offer: StartOffer) -> None:
        self.start_day.setText(f"{offer.day:%A %-d %B}")
        self.resume_button.setVisible(offer.draft_text is not None)
        if offer.draft_text:
            self.resume_button.setText(offer.draft_text)
            self.resume_button.setDescription("Every set you entered is still there.")
        has_session = offer.session_title is not None
        self.session_button.setEnabled(has_session and not offer.draft_is_today)
        self.session_button.setText(
            f"Start today's session: {offer.session_title}" if has_session else "No session today"
        )
        self.session_button.setDescription(
            "It is the workout you can resume above."
            if offer.draft_is_today
            else offer.session_text
        )
        for button in (self.resume_button, self.session_button):
            _fit(button)
        first = self.resume_button if offer.draft_text else self.session_button
        (first if first.isEnabled() else self.custom_button).setFocus()

    def _on_session_button_clicked(self) -> None:
        offer = self.vm.offer
        if offer is None:
            return
        if offer.draft_text and not self._confirm_replace():
            return
        self.vm.start_session(offer.day, replace=True)

    def _confirm_replace(self) -> bool:
        return self.confirm(
            "Start a new workout?",
            "You have an unfinished workout. Starting a new one replaces it.",
            "Start new",
        )

    def _on_draft_conflict(self, day: date, what: str) -> None:
        text = f"{what}.\n\nDiscard it and start the session of {day:%A %-d %B}?"
        if self.confirm("Unfinished workout", text, "Discard and start"):
            self.vm.start_session(day, replace=True)
        elif not self.vm.is_running:
            self.vm.resume_draft()

    # --- the workout ----------------------------------------------------------------------

    def _on_phase_changed(self, phase: str) -> None:
        index = {Phase.IDLE: 0, Phase.RUNNING: 1, Phase.FINISHED: 2}[Phase(phase)]
        self.stack.setCurrentIndex(index)
        self.record_banner.hide()

    def _on_workout_changed(self) -> None:
        for block in self._blocks:
            self.cards_box.removeWidget(block)
            block.deleteLater()
        self._blocks, self.cards = [], {}
        for position, members in enumerate(blocks(self.vm.exercises)):
            cards = [self._card(ex) for ex in members]
            block = _superset_box(members, cards) if len(cards) > 1 else cards[0]
            self.cards_box.insertWidget(position + 1, block)
            self._blocks.append(block)
        self.empty_hint.setVisible(not self.cards)
        self._show_name()
        workout = self.vm.workout
        if workout is not None and not self.notes_edit.hasFocus():
            self.notes_edit.setText(workout.notes)
        self._index_entries()
        if self._library_on_start and self.vm.is_running:
            self._library_on_start = False
            if not self.cards:
                QTimer.singleShot(0, self.open_library)

    def _card(self, ex: ExerciseState) -> ExerciseCard:
        card = ExerciseCard(ex, self.vm.unit)
        self._wire_card(card)
        self.cards[ex.key] = card
        return card

    def _wire_card(self, card: ExerciseCard) -> None:
        key, vm = card.key, self.vm
        card.edited.connect(lambda i, name, text: vm.enter(key, i, name, text))
        card.done_requested.connect(lambda i: vm.toggle_done(key, i))
        card.log_requested.connect(lambda i: vm.set_done(key, i, True))
        card.type_cycle_requested.connect(lambda i: vm.cycle_set_type(key, i))
        card.type_chosen.connect(lambda i, kind: vm.set_set_type(key, i, kind))
        card.warmups_requested.connect(lambda: vm.log_warmups(key))
        card.rest_changed.connect(lambda seconds: vm.set_rest(key, seconds))
        card.move_requested.connect(lambda i, name, step: self._move(key, i, name, step))
        card.add_set_requested.connect(lambda: vm.add_set(key))
        card.remove_set_requested.connect(lambda i: vm.remove_set(key, i))
        card.swap_requested.connect(lambda: vm.request_substitutes(key))
        card.remove_requested.connect(lambda: self._remove_exercise(key))

    def _on_exercise_changed(self, key: int) -> None:
        card = self.cards.get(key)
        if card is not None:
            card.show_exercise(self.vm.exercise(key))
            self._index_entries()

    def _on_notice_changed(self, key: int) -> None:
        card = self.cards.get(key)
        if card is not None:
            card.show_notice(self.vm.exercise(key))

    def _on_notes_edit_editing_finished(self) -> None:
        self.vm.set_notes(self.notes_edit.text())

    def _on_set_changed(self, key: int, index: int) -> None:
        card = self.cards.get(key)
        if card is not None:
            card.show_set(self.vm.exercise(key), index)

    def _on_totals_changed(self) -> None:
        self.totals_label.setText(self.vm.totals_text())

    def _show_name(self) -> None:
        workout = self.vm.workout
        custom = workout is not None and workout.kind == "custom"
        self.name_label.setText(self.vm.name)
        self.name_label.setVisible(not custom)
        self.name_edit.setVisible(custom)
        if custom and not self.name_edit.hasFocus():
            self.name_edit.setText(self.vm.name)

    def _on_name_edit_editing_finished(self) -> None:
        self.vm.rename(self.name_edit.text())

    def _on_elapsed_changed(self, text: str) -> None:
        workout = self.vm.workout
        started = f"Started {workout.started_at:%H:%M}   ·   " if workout else ""
        self.clock_label.setText(f"{started}{text} elapsed")

    def _on_record_broken(self, _key: int, _index: int, text: str) -> None:
        self.record_banner.setText(text)
        self.record_banner.show()
        self._banner_timer.start()

    def _remove_exercise(self, key: int) -> None:
        ex = self.vm.exercise(key)
        if ex.done_count and not self.confirm(
            "Remove exercise?",
            f"{ex.name} has {ex.done_count} set(s) done. They will not be logged.",
            "Remove",
        ):
            return
        self.vm.remove_exercise(key)

    # --- keyboard ---------------------------------------------------------------------------

    def _index_entries(self) -> None:
        """Maps every stop of every row to its place, in the order Tab and Enter walk them."""
        self._entries = {}
        self._chain = []
        for ex in self.vm.exercises:
            card = self.cards.get(ex.key)
            if card is None:
                continue
            for index, row in enumerate(card.rows):
                for name in row.fields:
                    self._entries[row.widget(name)] = (ex.key, index, name)
                    self._chain.append((ex.key, index, name))

    def focused_entry(self) -> Entry | None:
        """The set field (or a stretch's done button) holding the keyboard focus, if any."""
        widget = QApplication.focusWidget()
        return self._entries.get(widget) if widget is not None else None

    def entry(self, key: int, index: int, name: str) -> QLineEdit:
        """One set field's line edit."""
        return self.cards[key].entry(index, name)

    def _first_field(self, key: int, index: int) -> str | None:
        card = self.cards.get(key)
        if card is None or not 0 <= index < len(card.rows):
            return None
        return card.rows[index].fields[0]

    def _move(self, key: int, index: int, name: str, step: int) -> None:
        try:
            position = self._chain.index((key, index, name)) + step
        except ValueError:
            return
        if 0 <= position < len(self._chain):
            self._focus(*self._chain[position])
        elif step == FORWARD:
            self.finish_button.setFocus(Qt.FocusReason.TabFocusReason)

    def _focus(self, key: int, index: int, name: str, retry: bool = True) -> None:
        card = self.cards.get(key)
        if card is None or index >= len(card.rows):
            return
        widget = card.field(index, name)
        if not widget.isVisible() and retry:
            # A card just added is shown by the layout on the next event-loop turn.
            QTimer.singleShot(0, lambda: self._focus(key, index, name, retry=False))
            return
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(widget, QLineEdit):
            # Tab focus selects the whole number, so typing replaces the prefilled value.
            widget.selectAll()
        self.scroll_area.ensureWidgetVisible(widget, 0, 80)

    def _on_focus_requested(self, key: int, index: int) -> None:
        name = self._first_field(key, index)
        if name is None:
            return
        self._pending_focus = (key, index, name)
        if self.picker is None:
            self._focus(*self._pending_focus)
        # With a dialog up, the focus moves once it has closed (see _on_dialog_finished).

    def _focus_next_open(self) -> None:
        for ex in self.vm.exercises:
            for index, s in enumerate(ex.sets):
                name = self._first_field(ex.key, index)
                if not s.done and name is not None:
                    self._focus(ex.key, index, name)
                    return

    def _on_done_shortcut(self) -> None:
        entry = self.focused_entry()
        if entry is not None:
            self.vm.toggle_done(entry[0], entry[1])
            return
        for ex in self.vm.exercises:  # nothing focused: the next open set
            for index, s in enumerate(ex.sets):
                if not s.done:
                    self.vm.toggle_done(ex.key, index)
                    return

    def _focused_key(self) -> int | None:
        entry = self.focused_entry()
        if entry is not None:
            return entry[0]
        keys = [ex.key for ex in self.vm.exercises]
        return keys[0] if keys else None

    def _on_swap_shortcut(self) -> None:
        key = self._focused_key()
        if key is not None and self.vm.is_running:
            self.vm.request_substitutes(key)

    # --- dialogs ------------------------------------------------------------------------------

    def open_library(self) -> LibraryPicker | None:
        """Opens the library to add an exercise (Ctrl+Shift+A)."""
        if not self.vm.is_running:
            return None
        picker = LibraryPicker(self.library_vm, "Add exercise", self)
        picker.picked.connect(self.vm.add_exercise)
        self._show_dialog(picker)
        return picker

    def _on_substitutes_ready(self, key: int, choices: Sequence[MovementChoice]) -> None:
        name = self.vm.exercise(key).name
        dialog = SubstitutePicker(name, choices, self)
        dialog.picked.connect(lambda choice: self.vm.swap(key, choice))
        dialog.library_requested.connect(lambda: self._swap_from_library(key, name))
        self._show_dialog(dialog)

    def _swap_from_library(self, key: int, name: str) -> None:
        picker = LibraryPicker(self.library_vm, f"Swap {name} for…", self)
        picker.set_action_text("Swap")
        picker.picked.connect(lambda choice: self.vm.swap(key, choice))
        QTimer.singleShot(0, lambda: self._show_dialog(picker))

    def _show_dialog(self, dialog: Picker) -> Picker:
        # open(), not exec(): the rest timer and the clock keep running behind the dialog.
        self.picker = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()
        return dialog

    def _on_dialog_finished(self, dialog: QWidget) -> None:
        if self.picker is dialog:
            self.picker = None
        pending = self._pending_focus
        if pending is not None and self.picker is None:
            # After the dialog's window has given the focus back, not before.
            QTimer.singleShot(0, lambda: self._focus(*pending))

    # --- finishing ------------------------------------------------------------------------------

    def _on_finish_button_clicked(self) -> None:
        if not self.vm.is_running:
            return
        open_sets = self.vm.open_sets()
        if (
            open_sets
            and self.vm.totals()[0]
            and not self.confirm(
                "Finish workout?",
                f"{open_sets} set(s) are not marked done and will not be logged.",
                "Finish",
            )
        ):
            return
        self.vm.finish()

    def _on_discard_button_clicked(self) -> None:
        done = self.vm.totals()[0]
        if self.confirm(
            "Discard workout?",
            f"Throw away this workout and the {done} set(s) marked done? This cannot be undone.",
            "Discard",
        ):
            self.vm.discard()

    def _on_finished(self, summary: FinishSummary) -> None:
        self.summary_name.setText(f"{summary.name} · {summary.exercises} exercises")
        self.stat_values["duration"].setText(summary.duration_text)
        self.stat_values["sets"].setText(str(summary.sets))
        self.stat_values["volume"].setText(summary.volume_text)
        self.stat_values["cardio"].setText(summary.cardio_text)
        self.stat_values["records"].setText(str(len(summary.records)))
        # A run alone moved no weight; a workout without one has no cardio to show.
        self.stat_tiles["volume"].setVisible(bool(summary.volume_text))
        self.stat_tiles["cardio"].setVisible(bool(summary.cardio_text))
        while self.records_box.count():
            item = self.records_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for record in summary.records:
            self.records_box.addWidget(_record_row(record))
        if not summary.records:
            self.records_box.addWidget(
                label("No new records this time. Consistency wins.", "muted")
            )
        self.done_button.setFocus()

    def summary_text(self) -> str:
        """Everything the finish card says, in reading order."""
        parts = [self.summary_name.text()]
        parts += [f"{k}: {v.text()}" for k, v in self.stat_values.items() if v.text()]
        for i in range(self.records_box.count()):
            item = self.records_box.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                parts.append(widget.text())
            elif widget is not None:
                parts.append(widget.accessibleName())
        return "\n".join(parts)

    # --- rest timer and messages ----------------------------------------------------------------

    def _on_rest_changed(self) -> None:
        rest = self.vm.rest
        self.rest_time.setText(rest.text)
        self.rest_time.setProperty("running", rest.running)
        self.rest_time.setProperty("over", False)
        self.rest_time.style().polish(self.rest_time)
        self.rest_bar.setValue(round(rest.progress * 1000))
        self.rest_caption.setText(rest.label or REST_IDLE)
        self.rest_add.setEnabled(rest.running)
        self.rest_skip.setEnabled(rest.running)

    def _on_rest_finished(self) -> None:
        self.rest_caption.setText("Rest over: time for the next set")
        self.rest_time.setProperty("over", True)
        self.rest_time.style().polish(self.rest_time)
        self.alerts.rest_over(self.vm.rest.label or "Time for the next set.")

    def _on_rest_add_clicked(self) -> None:
        self.vm.rest.add()

    def _on_error(self, field: str, message: str) -> None:
        if field.startswith("set:"):
            return  # the card shows it beside the set
        target = self.error_banner if self.vm.is_running else self.start_error
        target.setText(message)
        target.show()

    def _on_busy_changed(self, busy: bool) -> None:
        # One finish at a time: a second press while the log is being written does nothing.
        self.finish_button.setEnabled(not busy)

    def _on_errors_cleared(self) -> None:
        self.error_banner.hide()
        self.start_error.hide()


def _fit(button: QCommandLinkButton) -> None:
    """Tall enough for its title and every line of its description at the page's big type
    (the button's own size hint leaves out the style sheet's padding)."""
    lines = 1 + (button.description().count("\n") + 1 if button.description() else 0)
    spacing = button.fontMetrics().lineSpacing()
    button.setMinimumHeight(max(84, lines * spacing + 2 * COMMAND_PADDING + 8))


def _superset_box(members: Sequence[ExerciseState], cards: Sequence[ExerciseCard]) -> QWidget:
    """A superset's cards together under one line saying how they go."""
    box = QFrame()
    box.setObjectName("superset")
    column = QVBoxLayout(box)
    column.setContentsMargins(10, 2, 0, 2)
    column.setSpacing(8)
    names = " and ".join(f"{ex.superset} {ex.name}" for ex in members)
    title = label(
        f"Superset {superset_group(members[0])}: alternate {names}, one rest after each round",
        word_wrap=True,
    )
    title.setObjectName("supersetTitle")
    column.addWidget(title)
    for card in cards:
        column.addWidget(card)
    return box
