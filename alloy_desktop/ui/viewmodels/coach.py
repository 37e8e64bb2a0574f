"""Coach chat state: a transcript of (role, text) messages that can grow chunk by chunk."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import ConversationRole

USER = "user"
ASSISTANT = "assistant"
SYSTEM = "system"

READY = "Rule-based coach · works offline"
IDLE_HINT = (
    "Tell me how you feel in the Adapt panel, or type a note below, and I'll adjust "
    "the session and explain why."
)

_ROLE_NAMES = {
    ConversationRole.USER: USER,
    ConversationRole.ASSISTANT: ASSISTANT,
    ConversationRole.SYSTEM: SYSTEM,
}


@dataclass(frozen=True)
class ChatMessage:
    """One message of the transcript; `partial` while an answer is still arriving."""

    role: str  # USER, ASSISTANT or SYSTEM
    text: str
    partial: bool = False


class CoachViewModel(QObject):
    """The chat pane's state; producers (rule-based now, an LLM worker later) feed it text.

    Streaming protocol: begin_assistant_message(), append_chunk(text) any number of
    times, end_message(). Views repaint on `message_updated` and may coalesce.
    """

    messages_reset = Signal()
    message_added = Signal(int)  # index of the new message
    message_updated = Signal(int)  # index of the message whose text grew or settled
    status_changed = Signal(str)
    send_requested = Signal(str)  # the lifter's text, for whoever answers it
    input_enabled_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages: list[ChatMessage] = []
        self._status = READY
        self._input_enabled = True
        self._open: int | None = None  # index of the message being streamed

    @property
    def messages(self) -> tuple[ChatMessage, ...]:
        return tuple(self._messages)

    @property
    def status(self) -> str:
        return self._status

    @property
    def input_enabled(self) -> bool:
        return self._input_enabled

    @property
    def is_streaming(self) -> bool:
        return self._open is not None

    # --- whole transcript -------------------------------------------------------------

    def clear(self) -> None:
        """Empties the transcript (a new day, or a new thread)."""
        self._messages.clear()
        self._open = None
        self.messages_reset.emit()

    def set_messages(self, messages: list[ChatMessage]) -> None:
        """Replaces the transcript in one go."""
        self._messages = list(messages)
        self._open = None
        self.messages_reset.emit()

    def show_conversation(self, conversation: schemas.ConversationResponse) -> None:
        """Shows a stored thread's turns; system turns (prompts) stay hidden from the lifter."""
        turns = sorted(conversation.turns, key=lambda turn: turn.sequence)
        self.set_messages(
            [
                ChatMessage(_ROLE_NAMES.get(turn.role, ASSISTANT), turn.content, turn.is_partial)
                for turn in turns
                if turn.role != ConversationRole.SYSTEM and turn.content.strip()
            ]
        )

    # --- single messages --------------------------------------------------------------

    def add_message(self, role: str, text: str) -> int:
        """Appends a finished message and returns its index."""
        self._close_open()
        self._messages.append(ChatMessage(role, text))
        index = len(self._messages) - 1
        self.message_added.emit(index)
        return index

    def begin_assistant_message(self) -> int:
        """Starts an empty assistant message that append_chunk fills."""
        self._close_open()
        self._messages.append(ChatMessage(ASSISTANT, "", partial=True))
        self._open = len(self._messages) - 1
        self.message_added.emit(self._open)
        return self._open

    def append_chunk(self, text: str) -> None:
        """Adds streamed text to the open message (opening one if needed)."""
        if not text:
            return
        if self._open is None:
            self.begin_assistant_message()
        assert self._open is not None
        message = self._messages[self._open]
        self._messages[self._open] = ChatMessage(message.role, message.text + text, True)
        self.message_updated.emit(self._open)

    def end_message(self) -> None:
        """Marks the open message finished."""
        self._close_open()

    # --- input and status -------------------------------------------------------------

    def send(self, text: str) -> bool:
        """Adds the lifter's message and asks for an answer; False for blank text."""
        text = text.strip()
        if not text or not self._input_enabled:
            return False
        self.add_message(USER, text)
        self.send_requested.emit(text)
        return True

    def set_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    def set_input_enabled(self, enabled: bool) -> None:
        if enabled != self._input_enabled:
            self._input_enabled = enabled
            self.input_enabled_changed.emit(enabled)

    def _close_open(self) -> None:
        if self._open is None:
            return
        index, self._open = self._open, None
        message = self._messages[index]
        self._messages[index] = ChatMessage(message.role, message.text, False)
        self.message_updated.emit(index)
