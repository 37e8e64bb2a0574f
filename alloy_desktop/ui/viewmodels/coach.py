"""Coach chat state: a transcript of (role, text) messages that can grow chunk by chunk."""

from __future__ import annotations

from collections.abc import Callable
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

# A coach proposal's decision, as the Adapt panel words its own.
PENDING = "pending"
ACCEPTED = "accepted"
REJECTED = "rejected"

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


@dataclass(frozen=True)
class ProposalView:
    """The LLM coach's changes as the pane lists them, waiting for Accept or Reject."""

    thread_id: int
    summary: str
    changes: tuple[str, ...]  # valid changes, worded
    dropped: tuple[str, ...]  # why each invalid one was left out
    status: str = PENDING

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING

    @property
    def can_accept(self) -> bool:
        return self.is_pending and bool(self.changes)


class CoachViewModel(QObject):
    """The chat pane's state; producers (rule-based, or the LLM worker) feed it text.

    Streaming protocol: begin_assistant_message(), append_chunk(text) any number of
    times, end_message(). Views repaint on `message_updated` and may coalesce.
    The LLM coach adds a Stop while it generates, a proposal to accept or reject, and a
    one-line notice (with the rule-based plan as the way on) when it can't answer; the
    pane only raises the *_requested signals, whoever drives the coach acts on them.
    """

    messages_reset = Signal()
    message_added = Signal(int)  # index of the new message
    message_updated = Signal(int)  # index of the message whose text grew or settled
    status_changed = Signal(str)
    send_requested = Signal(str)  # the lifter's text, for whoever answers it
    input_enabled_changed = Signal(bool)
    generating_changed = Signal(bool)  # the LLM is answering: Stop is offered
    proposal_changed = Signal(object)  # ProposalView | None
    notice_changed = Signal(str, bool)  # one line for the lifter, offer the rule-based plan
    stop_requested = Signal()
    accept_requested = Signal()
    reject_requested = Signal()
    fallback_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages: list[ChatMessage] = []
        self._status = READY
        self._input_enabled = True
        self._open: int | None = None  # index of the message being streamed
        self._generating = False
        self._proposal: ProposalView | None = None
        self._notice = ("", False)
        self._responder: Callable[[str], None] | None = None

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

    @property
    def generating(self) -> bool:
        return self._generating

    @property
    def proposal(self) -> ProposalView | None:
        return self._proposal

    @property
    def notice(self) -> tuple[str, bool]:
        """(text, offer the rule-based plan); ("", False) when there is nothing to say."""
        return self._notice

    # --- whole transcript -------------------------------------------------------------

    def clear(self) -> None:
        """Empties the transcript (a new day, or a new thread)."""
        self._messages.clear()
        self._open = None
        self.messages_reset.emit()
        self.set_proposal(None)
        self.set_notice("")

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
        if self._responder is not None:
            self._responder(text)  # an open LLM conversation answers in its own thread
        else:
            self.send_requested.emit(text)
        return True

    def set_responder(self, responder: Callable[[str], None] | None) -> None:
        """Who answers typed messages instead of `send_requested` (None: the default again)."""
        self._responder = responder

    # --- the LLM coach's extras -------------------------------------------------------

    def set_generating(self, generating: bool) -> None:
        if generating != self._generating:
            self._generating = generating
            self.generating_changed.emit(generating)

    def set_proposal(self, proposal: ProposalView | None) -> None:
        if proposal != self._proposal:
            self._proposal = proposal
            self.proposal_changed.emit(proposal)

    def set_notice(self, text: str, offer_fallback: bool = False) -> None:
        notice = (text, offer_fallback and bool(text))
        if notice != self._notice:
            self._notice = notice
            self.notice_changed.emit(*notice)

    def request_stop(self) -> None:
        if self._generating:
            self.stop_requested.emit()

    def request_accept(self) -> None:
        if self._proposal is not None and self._proposal.can_accept:
            self.accept_requested.emit()

    def request_reject(self) -> None:
        if self._proposal is not None and self._proposal.is_pending:
            self.reject_requested.emit()

    def request_fallback(self) -> None:
        self.fallback_requested.emit()

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
