"""The coach chat pane: message bubbles that grow as text arrives, proposals, Stop, an input."""

from __future__ import annotations

import math

from PySide6.QtCore import QSizeF, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.coach import (
    ACCEPTED,
    REJECTED,
    USER,
    ChatMessage,
    CoachViewModel,
    ProposalView,
)
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import label
from alloy_desktop.ui.widgets.day_plan_widget import clear_layout, tint

REPAINT_MS = 40  # coalesce streamed chunks: repaint a growing message at most ~25 times a second

_SPEAKERS = {USER: "You"}


class BubbleText(QTextEdit):
    """A message's words: wrapped, selectable, exactly as tall as the text.

    Streamed text is appended to the document, which re-lays out only its last
    paragraph; a QLabel lays the whole answer out again on every update, which at a
    few thousand characters stalls the window for tens of milliseconds.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(0)
        layout = self.document().documentLayout()
        layout.documentSizeChanged.connect(self._on_document_size_changed)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text == self._text:
            return
        if self._text and text.startswith(self._text):
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(text[len(self._text) :])
        else:
            self.setPlainText(text)
        self._text = text

    def _on_document_size_changed(self, size: QSizeF) -> None:
        height = math.ceil(size.height())
        if height != self.height():
            self.setFixedHeight(height)


class MessageBubble(QFrame):
    """One message: who said it, and the text (selectable, wrapped)."""

    def __init__(self, message: ChatMessage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userBubble" if message.role == USER else "coachBubble")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        self.speaker = label(_SPEAKERS.get(message.role, "Coach"), "muted", parent=self)
        self.text = BubbleText(self)
        layout.addWidget(self.speaker)
        layout.addWidget(self.text)
        self.set_message(message)

    def set_message(self, message: ChatMessage) -> None:
        name = _SPEAKERS.get(message.role, "Coach")
        self.speaker.setText(f"{name} · writing…" if message.partial else name)
        self.text.set_text(message.text)


class ProposalBox(QFrame):
    """The coach's changes, the ones it had to leave out and why, and Accept / Reject."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coachProposal")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(4)
        self.title = label("The coach proposes", "subtitle", parent=self)
        self.summary = label("", "muted", word_wrap=True, parent=self)
        self.changes = QVBoxLayout()
        self.changes.setSpacing(2)
        self.dropped = QVBoxLayout()
        self.dropped.setSpacing(2)
        self.outcome = label("", "good", word_wrap=True, parent=self)
        self.accept_button = QPushButton("Accept changes", self)
        self.accept_button.setProperty("role", "primary")
        self.accept_button.setToolTip("Make the coach's changes this day's plan")
        self.reject_button = QPushButton("Reject", self)
        self.reject_button.setToolTip("Keep the plan as it is")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        for part in (self.title, self.summary):
            layout.addWidget(part)
        layout.addLayout(self.changes)
        layout.addLayout(self.dropped)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.hide()

    def show_proposal(self, view: ProposalView | None) -> None:
        self.setVisible(view is not None)
        if view is None:
            return
        self.summary.setText(view.summary)
        self.summary.setVisible(bool(view.summary))
        changes = view.changes or ("No changes that fit your rules: the plan stands.",)
        self._fill(self.changes, [f"• {text}" for text in changes], "")
        self._fill(self.dropped, list(view.dropped), "warning")
        outcome = {
            ACCEPTED: "Accepted: the coach's changes are the plan now.",
            REJECTED: "Rejected: the original plan stands.",
        }.get(view.status, "")
        self.outcome.setText(outcome)
        self.outcome.setVisible(bool(outcome))
        self.accept_button.setVisible(view.is_pending)
        self.reject_button.setVisible(view.is_pending)
        self.accept_button.setEnabled(view.can_accept)

    def change_texts(self) -> list[str]:
        return _texts(self.changes)

    def dropped_texts(self) -> list[str]:
        return _texts(self.dropped)

    def _fill(self, layout: QVBoxLayout, lines: list[str], role: str) -> None:
        clear_layout(layout)
        for line in lines:
            layout.addWidget(label(line, role, word_wrap=True, parent=self))


def _texts(layout: QVBoxLayout) -> list[str]:
    items = (layout.itemAt(i) for i in range(layout.count()))
    widgets = (item.widget() for item in items if item is not None)
    return [w.text() for w in widgets if isinstance(w, QLabel)]


class CoachPane(QWidget):
    """Shows a CoachViewModel's transcript and sends what the lifter types to it."""

    def __init__(self, coach: CoachViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coach = coach
        self._bubbles: list[MessageBubble] = []
        self._holders: list[QWidget] = []
        self._dirty: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._build()
        self.restyle()
        coach.messages_reset.connect(self._on_messages_reset)
        coach.message_added.connect(self._on_message_added)
        coach.message_updated.connect(self._on_message_updated)
        coach.status_changed.connect(self.status.setText)
        coach.input_enabled_changed.connect(self._on_input_enabled_changed)
        coach.generating_changed.connect(self._on_generating_changed)
        coach.proposal_changed.connect(self.proposal.show_proposal)
        coach.notice_changed.connect(self._on_notice_changed)
        self._on_messages_reset()
        self.proposal.show_proposal(coach.proposal)
        self._on_notice_changed(*coach.notice)
        self._on_generating_changed(coach.generating)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        header = QHBoxLayout()
        # Every widget is made under the one that holds it: reparenting it later, under the
        # app's style sheet, costs as much again as making it.
        header.addWidget(label("Coach", "subtitle", parent=self))
        header.addStretch(1)
        layout.addLayout(header)
        self.status = label(self.coach.status, "muted", word_wrap=True, parent=self)
        layout.addWidget(self.status)
        self.scroller = QScrollArea(self)
        self.scroller.setObjectName("coachTranscript")
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget(self.scroller.viewport())
        holder.setObjectName("coachHolder")
        self.transcript = QVBoxLayout(holder)
        self.transcript.setContentsMargins(8, 8, 8, 8)
        self.transcript.setSpacing(8)
        self.transcript.addStretch(1)
        self.scroller.setWidget(holder)
        layout.addWidget(self.scroller, 1)
        self.proposal = ProposalBox(self)
        layout.addWidget(self.proposal)
        layout.addWidget(self._build_notice())
        row = QHBoxLayout()
        self.input = QLineEdit(self)
        self.input.setPlaceholderText("Message the coach")
        self.input.setAccessibleName("Message to the coach")
        self.send_button = QPushButton("Send", self)
        self.send_button.setToolTip("Send (Enter)")
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setToolTip("Stop the coach's answer; what it said so far is kept (Esc)")
        self.stop_button.setShortcut("Esc")
        self.stop_button.hide()
        row.addWidget(self.input, 1)
        row.addWidget(self.send_button)
        row.addWidget(self.stop_button)
        layout.addLayout(row)
        self.input.returnPressed.connect(self._on_send_clicked)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.stop_button.clicked.connect(self.coach.request_stop)
        self.proposal.accept_button.clicked.connect(self.coach.request_accept)
        self.proposal.reject_button.clicked.connect(self.coach.request_reject)
        self.fallback_button.clicked.connect(self.coach.request_fallback)

    def _build_notice(self) -> QWidget:
        """One line when the LLM coach can't answer, and the rule-based plan as the way on."""
        self.notice_row = QFrame(self)
        self.notice_row.setObjectName("coachNotice")
        column = QVBoxLayout(self.notice_row)
        column.setContentsMargins(10, 6, 10, 8)
        column.setSpacing(6)
        self.notice = label("", word_wrap=True, parent=self.notice_row)
        self.fallback_button = QPushButton("Use the rule-based plan", self.notice_row)
        self.fallback_button.setToolTip("Adapt the session with Alloy's own rules instead")
        column.addWidget(self.notice)
        column.addWidget(self.fallback_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.notice_row.hide()
        return self.notice_row

    def restyle(self) -> None:
        """Bubble colours follow the palette; called after a light/dark switch."""
        c = theme.current()
        self.setStyleSheet(
            f"""
            QWidget#coachHolder {{ background: {c.window}; }}
            QFrame#coachBubble {{ background: {c.surface}; border: 1px solid {c.grid};
                border-radius: 10px; }}
            QFrame#userBubble {{ background: {tint(c.accent, c.surface, 0.28).name()};
                border: 1px solid {c.accent}; border-radius: 10px; }}
            QFrame#coachBubble QTextEdit, QFrame#userBubble QTextEdit {{ font-size: 11.5pt;
                background: transparent; border: none; }}
            QFrame#coachProposal {{ background: {c.surface}; border: 1px solid {c.accent};
                border-radius: 10px; }}
            QFrame#coachNotice {{ background: {tint(c.warn, c.surface, 0.16).name()};
                border: 1px solid {c.warn}; border-radius: 8px; }}
            """
        )

    # --- reading (tests) --------------------------------------------------------------

    def message_texts(self) -> list[str]:
        """What the transcript shows, one string per bubble."""
        return [b.text.text() for b in self._bubbles]

    def speakers(self) -> list[str]:
        """Each bubble's heading ("You", "Coach", "Coach · writing…" while it streams)."""
        return [b.speaker.text() for b in self._bubbles]

    # --- slots ------------------------------------------------------------------------

    def _on_send_clicked(self) -> None:
        if self.coach.send(self.input.text()):
            self.input.clear()

    def _on_messages_reset(self) -> None:
        for holder in self._holders:
            self.transcript.removeWidget(holder)
            holder.hide()  # deletion waits for the event loop; don't paint it meanwhile
            holder.deleteLater()
        self._holders.clear()
        self._bubbles.clear()
        self._dirty.clear()
        for index in range(len(self.coach.messages)):
            self._on_message_added(index)

    def _on_message_added(self, index: int) -> None:
        message = self.coach.messages[index]
        holder = QWidget(self.transcript.parentWidget())
        bubble = MessageBubble(message, holder)
        self._bubbles.append(bubble)
        row = QHBoxLayout()
        # The lifter's words sit on the right, the coach's on the left, as in any chat.
        if message.role == USER:
            row.addStretch(1)
            row.addWidget(bubble, 4)
        else:
            row.addWidget(bubble, 6)
            row.addStretch(0)
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self._holders.append(holder)
        self.transcript.insertWidget(self.transcript.count() - 1, holder)
        self._scroll_to_end()

    def _on_message_updated(self, index: int) -> None:
        self._dirty.add(index)
        if not self._timer.isActive():
            self._timer.start()
        if not self.coach.is_streaming:
            self._on_timer_timeout()  # a finished message shows at once

    def _on_timer_timeout(self) -> None:
        messages = self.coach.messages
        for index in sorted(self._dirty):
            if index < len(self._bubbles) and index < len(messages):
                self._bubbles[index].set_message(messages[index])
        self._dirty.clear()
        self._scroll_to_end()

    def _on_input_enabled_changed(self, enabled: bool) -> None:
        self.input.setEnabled(enabled)
        self.send_button.setEnabled(enabled)

    def _on_generating_changed(self, generating: bool) -> None:
        self.stop_button.setVisible(generating)
        self.send_button.setVisible(not generating)
        if not generating:
            self._on_timer_timeout()  # the last words show at once

    def _on_notice_changed(self, text: str, offer_fallback: bool) -> None:
        self.notice.setText(text)
        self.fallback_button.setVisible(offer_fallback)
        self.notice_row.setVisible(bool(text))

    def _scroll_to_end(self) -> None:
        # After the layout has grown, hence the zero-delay timer bound to this widget.
        QTimer.singleShot(0, self, self._on_scroll_timeout)

    def _on_scroll_timeout(self) -> None:
        bar = self.scroller.verticalScrollBar()
        bar.setValue(bar.maximum())
