"""The coach chat pane: a transcript of message bubbles that grow as text arrives, and an input."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.coach import USER, ChatMessage, CoachViewModel
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import label
from alloy_desktop.ui.widgets.day_plan_widget import tint

REPAINT_MS = 40  # coalesce streamed chunks: repaint a growing message at most ~25 times a second

_SPEAKERS = {USER: "You"}


class MessageBubble(QFrame):
    """One message: who said it, and the text (selectable, wrapped)."""

    def __init__(self, message: ChatMessage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userBubble" if message.role == USER else "coachBubble")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        self.speaker = label(_SPEAKERS.get(message.role, "Coach"), "muted")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.speaker)
        layout.addWidget(self.text)
        self.set_message(message)

    def set_message(self, message: ChatMessage) -> None:
        self.text.setText(message.text + (" …" if message.partial else ""))


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
        self._on_messages_reset()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        header = QHBoxLayout()
        header.addWidget(label("Coach", "subtitle"))
        header.addStretch(1)
        layout.addLayout(header)
        self.status = label(self.coach.status, "muted", word_wrap=True)
        layout.addWidget(self.status)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("coachTranscript")
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder.setObjectName("coachHolder")
        self.transcript = QVBoxLayout(holder)
        self.transcript.setContentsMargins(8, 8, 8, 8)
        self.transcript.setSpacing(8)
        self.transcript.addStretch(1)
        self.scroller.setWidget(holder)
        layout.addWidget(self.scroller, 1)
        row = QHBoxLayout()
        self.input = QLineEdit()
        self.input.setPlaceholderText("Message the coach")
        self.input.setAccessibleName("Message to the coach")
        self.send_button = QPushButton("Send")
        self.send_button.setToolTip("Send (Enter)")
        row.addWidget(self.input, 1)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.input.returnPressed.connect(self._on_send_clicked)
        self.send_button.clicked.connect(self._on_send_clicked)

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
            QFrame#coachBubble QLabel, QFrame#userBubble QLabel {{ font-size: 11.5pt; }}
            """
        )

    # --- reading (tests) --------------------------------------------------------------

    def message_texts(self) -> list[str]:
        """What the transcript shows, one string per bubble."""
        return [b.text.text() for b in self._bubbles]

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
        bubble = MessageBubble(message)
        self._bubbles.append(bubble)
        row = QHBoxLayout()
        # The lifter's words sit on the right, the coach's on the left, as in any chat.
        if message.role == USER:
            row.addStretch(1)
            row.addWidget(bubble, 4)
        else:
            row.addWidget(bubble, 6)
            row.addStretch(0)
        holder = QWidget()
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

    def _scroll_to_end(self) -> None:
        # After the layout has grown, hence the zero-delay timer bound to this widget.
        QTimer.singleShot(0, self, self._on_scroll_timeout)

    def _on_scroll_timeout(self) -> None:
        bar = self.scroller.verticalScrollBar()
        bar.setValue(bar.maximum())
