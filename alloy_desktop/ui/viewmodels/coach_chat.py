"""The LLM coach on a day plan: ask, stream, stop, reply, accept or reject; its status line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from alloy_desktop.api import CoachStream, UserApi, schemas
from alloy_desktop.api.errors import AlloyError
from alloy_desktop.domain.enums import BodyPart, RecoverySignalLevel
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.coach import (
    ACCEPTED,
    ASSISTANT,
    READY,
    REJECTED,
    USER,
    CoachViewModel,
    ProposalView,
)
from alloy_desktop.ui.viewmodels.coach_worker import ChunkBuffer, CoachStreamWorker
from alloy_desktop.ui.viewmodels.day_plan import DayPlanViewModel, adaptation_request
from alloy_desktop.ui.viewmodels.session import PLAN, SETTINGS, AppSession

ANSWERING = "The coach is answering…"
PROPOSING = "Turning the advice into changes you can accept…"
REVIEW = "Review the coach's changes, then Accept or Reject."
STOPPED = "Stopped. The partial answer is kept."
NO_CHANGES = "The coach proposed no changes that fit your rules; the plan stands."
ALL_DROPPED = "None of the coach's changes could be used. The rule-based plan can adapt today."
STATUS_REFRESH_MS = 5 * 60 * 1000  # the status bar asks Ollama again every five minutes

Inputs = tuple[dict[BodyPart, int], RecoverySignalLevel | str | None, str]


def request_words(day: date, request: schemas.AdaptationRequest) -> str:
    """The lifter's side of the conversation, worded as the stored thread words it."""
    parts = [f"Please adapt my session for {day:%A} {day.day} {day:%B %Y}."]
    sore = ", ".join(f"{str(s.body_part).lower()} {s.level}/10" for s in request.soreness)
    parts.append(f"Soreness: {sore}." if sore else "Nothing is sore.")
    if request.recovery_signal:
        parts.append(f"Recovery feels {str(request.recovery_signal).lower()}.")
    if request.notes:
        parts.append(f"Notes: {request.notes}")
    return " ".join(parts)


def proposal_view(proposal: schemas.CoachProposalResponse) -> ProposalView:
    return ProposalView(
        thread_id=proposal.thread_id,
        summary=proposal.summary,
        changes=tuple(change.description for change in proposal.changes),
        dropped=proposal.dropped,
    )


class CoachChatViewModel(ViewModel):
    """Drives the LLM coach for one DayPlanViewModel; the pane talks to `coach` only.

    Nothing here blocks: the stream runs on a CoachStreamWorker, decisions on the task
    runner. When the coach can't answer, the pane shows one line and the rule-based
    adaptation of the same inputs is a click away.
    """

    working_changed = Signal(bool)  # a stream or proposal is under way: no new question

    def __init__(self, day_vm: DayPlanViewModel) -> None:
        super().__init__(day_vm.session.runner, day_vm)
        self.day_vm = day_vm
        self.session: AppSession = day_vm.session
        self.coach: CoachViewModel = day_vm.coach
        self._buffer = ChunkBuffer(self.coach.append_chunk, parent=self)
        self._worker: CoachStreamWorker | None = None
        self._stopped = False  # Stop pressed: the screen is settled, the worker winds down
        self._abandoned = False  # the conversation was dropped: ignore this worker entirely
        self._thread_id: int | None = None
        self._day: date | None = None
        self._inputs: Inputs | None = None
        self._queued: str | None = None  # a reply typed while a stopped stream winds down
        self.coach.stop_requested.connect(self._on_stop_requested)
        self.coach.accept_requested.connect(self._on_accept_requested)
        self.coach.reject_requested.connect(self._on_reject_requested)
        self.coach.fallback_requested.connect(self._on_fallback_requested)
        day_vm.plan_changed.connect(self._on_plan_changed)
        day_vm.adaptation_changed.connect(self._on_adaptation_changed)

    # --- state ------------------------------------------------------------------------

    @property
    def working(self) -> bool:
        """A stream (or its proposal) is still running, perhaps winding down after Stop."""
        return self._worker is not None

    @property
    def thread_id(self) -> int | None:
        return self._thread_id

    # --- asking and replying ----------------------------------------------------------

    def ask(
        self,
        soreness: Mapping[BodyPart, int] | Mapping[str, int],
        signal: RecoverySignalLevel | str | None = None,
        notes: str = "",
    ) -> None:
        """Starts a conversation about the day on show with the lifter's inputs."""
        day = self.day_vm.day
        if day is None or self.working or self.day_vm.adapting:
            return
        if not self.day_vm.can_adapt():
            self.day_vm.error.emit("", self.day_vm.why_not_adaptable())
            return
        try:
            request = adaptation_request(soreness, signal, notes)
        except ValueError:
            self.day_vm.error.emit("recovery_signal", "Pick a recovery signal from the list.")
            return
        superseded = self._pending_thread()
        levels = {BodyPart(part): int(level) for part, level in soreness.items()}
        self._inputs = (levels, request.recovery_signal, notes)
        self._day, self._thread_id = day, None
        self.coach.clear()  # a new conversation (its proposal and notice go too)
        self.coach.add_message(USER, request_words(day, request))
        self._start(lambda: self._open_stream(day, request, superseded))
        self.coach.set_responder(self.reply)

    def reply(self, text: str) -> None:
        """The lifter's typed answer (already in the transcript) continues the thread."""
        if self.working:
            # Stop was pressed and the old stream is still saving its text: answer after it.
            self._buffer.discard()
            self._queued = text
            return
        thread_id = self._thread_id
        if thread_id is None:
            self.coach.add_message(ASSISTANT, "Ask the coach from the Adapt panel first.")
            return
        self.coach.set_proposal(None)
        self.coach.set_notice("")
        self._start(lambda: self.session.me.days.continue_stream(thread_id, text))

    def stop(self) -> None:
        """Stops the answer at once; the worker saves the partial text and ends in moments.

        Chunks already on their way (sent before the cancel) still land, so the pane ends
        with exactly the partial text that is saved in the thread.
        """
        if self._worker is None or self._stopped:
            return
        self._stopped = True
        self._worker.cancel()
        self._set_generating(False)
        self.coach.set_status(STOPPED)

    # --- plumbing ---------------------------------------------------------------------

    def _open_stream(
        self, day: date, request: schemas.AdaptationRequest, superseded: int | None
    ) -> CoachStream:
        """Runs on the worker: closes a thread the new question replaces, then streams."""
        if superseded is not None:
            with suppress(AlloyError):
                self.session.me.coach.reject(superseded)
        return self.session.me.days.adapt_stream(day, request)

    def _start(self, produce: Callable[[], CoachStream]) -> None:
        worker = CoachStreamWorker(produce, self.session.me.coach.propose_changes)
        worker.chunk_received.connect(self._on_chunk_received)
        worker.stream_ended.connect(self._on_stream_ended)
        worker.follow_up_ready.connect(self._on_follow_up_ready)
        worker.failed.connect(self._on_worker_failed)
        worker.finished.connect(self._on_worker_finished)
        self._worker, self._stopped, self._abandoned = worker, False, False
        self._set_generating(True)
        self.coach.set_status(ANSWERING)
        self.working_changed.emit(True)
        worker.begin()

    def _set_generating(self, generating: bool) -> None:
        self.coach.set_generating(generating)
        self.coach.set_input_enabled(not generating)

    def _pending_thread(self) -> int | None:
        proposal = self.coach.proposal
        if proposal is not None and proposal.is_pending:
            return proposal.thread_id
        return self._thread_id

    def _is_current(self) -> bool:
        return self.sender() is self._worker and not self._stopped and not self._abandoned

    def _catch_up(self, saved: str) -> None:
        """Shows saved words that never reached the screen (the worker sends none after Stop).

        So the pane ends with exactly the text stored in the thread, partial or not.
        """
        messages = self.coach.messages
        shown = messages[-1].text if self.coach.is_streaming and messages else ""
        shown += self._buffer.pending
        if len(saved) > len(shown) and saved.startswith(shown):
            self._buffer.add(saved[len(shown) :])

    def _settle(self) -> None:
        """Shows the last buffered words and closes the coach's message."""
        if self._queued is not None:
            self._buffer.discard()  # the lifter already wrote again: don't open a new bubble
        else:
            self._buffer.flush()
        self.coach.end_message()

    def _abandon(self) -> None:
        """The day changed or the rule-based coach took over: drop this conversation."""
        if self._worker is not None:
            self._worker.cancel()
            self._abandoned = True
        self._buffer.discard()
        self._thread_id, self._day, self._inputs, self._queued = None, None, None, None
        self.coach.set_responder(None)
        self._set_generating(False)

    # --- slots: the worker ------------------------------------------------------------

    def _on_chunk_received(self, text: str) -> None:
        if self.sender() is self._worker and not self._abandoned and self._queued is None:
            self._buffer.add(text)

    def _on_stream_ended(self, event: schemas.CoachStreamEvent) -> None:
        if self.sender() is not self._worker or self._abandoned:
            return
        self._thread_id = event.thread_id
        if self._queued is None:
            self._catch_up(event.content)
        self._settle()
        if self._stopped:
            return  # Stop already settled the controls and the status
        self._set_generating(False)
        if event.status == "completed":
            self.coach.set_status(PROPOSING)
        else:
            self.coach.set_status(READY)
            self.coach.set_notice(event.error or "The coach stopped answering.", True)

    def _on_follow_up_ready(self, proposal: schemas.CoachProposalResponse) -> None:
        if not self._is_current():
            return
        view = proposal_view(proposal)
        self.coach.set_proposal(view)
        self.coach.set_status(REVIEW if view.changes else NO_CHANGES)
        if view.dropped and not view.changes:
            # The coach meant to change something but none of it fits: the soreness still
            # deserves an answer, so the rule-based plan is a click away.
            self.coach.set_notice(ALL_DROPPED, True)

    def _on_worker_failed(self, exc: AlloyError) -> None:
        if not self._is_current():
            return
        self._settle()
        self._set_generating(False)
        self.coach.set_status(READY)
        kind = getattr(exc, "kind", None)
        prefix = "The coach couldn't turn its advice into changes: " if kind else ""
        self.coach.set_notice(prefix + exc.message, True)

    def _on_worker_finished(self) -> None:
        if self.sender() is not self._worker:
            return
        self._worker = None
        self.working_changed.emit(False)
        queued, self._queued = self._queued, None
        if queued is not None and self._thread_id is not None:
            self.reply(queued)

    # --- slots: the pane --------------------------------------------------------------

    def _on_stop_requested(self) -> None:
        self.stop()

    def _on_accept_requested(self) -> None:
        proposal = self.coach.proposal
        if proposal is None or not proposal.can_accept:
            return
        tid = proposal.thread_id
        self.call(
            lambda: self.session.me.coach.accept(tid),
            lambda _: self._on_decided(ACCEPTED, "Accepted. The coach's changes are the plan now."),
            self._on_decision_failed,
        )

    def _on_reject_requested(self) -> None:
        proposal = self.coach.proposal
        if proposal is None or not proposal.is_pending:
            return
        tid = proposal.thread_id
        self.call(
            lambda: self.session.me.coach.reject(tid),
            lambda _: self._on_decided(REJECTED, "Rejected. The original plan stands."),
            self._on_decision_failed,
        )

    def _on_decided(self, status: str, message: str) -> None:
        proposal = self.coach.proposal
        if proposal is not None:
            self.coach.set_proposal(
                ProposalView(
                    proposal.thread_id, proposal.summary, proposal.changes, proposal.dropped, status
                )
            )
        self.coach.add_message(ASSISTANT, message)
        self.coach.set_status(message)
        self.coach.set_responder(None)  # the thread is closed; typing goes back to the rules
        self._thread_id = None
        if status == ACCEPTED:
            self.session.notify(PLAN)

    def _on_decision_failed(self, exc: AlloyError) -> None:
        self.coach.set_notice(exc.message)

    def _on_fallback_requested(self) -> None:
        """The rule-based adaptation of the same inputs, in place of the coach."""
        inputs = self._inputs
        superseded = self._thread_id
        self._abandon()
        self.coach.set_notice("")
        if superseded is not None:
            self._tidy(lambda: self.session.me.coach.reject(superseded))
        soreness, signal, notes = inputs if inputs is not None else ({}, None, "")
        self.day_vm.adapt(soreness, signal, notes)

    def _tidy(self, fn: Callable[[], object]) -> None:
        """Tidies up in the background; a failure there changes nothing the lifter sees."""
        self._runner.submit(fn, lambda _: None, lambda _: None)

    # --- slots: the day plan ----------------------------------------------------------

    def _on_plan_changed(self, _view: object) -> None:
        if self._day is not None and self.day_vm.day != self._day:
            self._abandon()

    def _on_adaptation_changed(self, view: object) -> None:
        # A rule-based adaptation now owns the transcript; the LLM thread steps aside.
        if view is not None and (self._day is not None or self.working):
            self._abandon()
            self.coach.set_proposal(None)


def _short(model: str) -> str:
    """ "/models/gemma-3-270m-q4_k_m.gguf" -> "gemma-3-270m-q4_k_m": a server may list paths."""
    name = model.rsplit("/", 1)[-1]
    return name.removesuffix(".gguf")


class CoachStatusViewModel(ViewModel):
    """The window's coach line: ready, model missing or offline, checked off the GUI thread."""

    text_changed = Signal(str, str)  # the status line, a longer tooltip
    _progress_reported = Signal(str)  # from any thread; delivered on the GUI thread

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        # Its own runner of the same kind: a periodic check must not spin the busy bar.
        super().__init__(type(session.runner)(), parent)
        self.session = session
        self.text = ""
        self._health_text = ""
        self._timer = QTimer(self)
        self._timer.setInterval(STATUS_REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._progress_reported.connect(self._on_progress_reported)
        session.signed_in.connect(self._on_signed_in)
        session.signed_out.connect(self._timer.stop)
        session.changed.connect(self._on_changed)
        if session.is_signed_in:  # signed in before the status line was built
            self._follow(session.me)
            # A turn of the event loop later, so the view can connect to text_changed first.
            QTimer.singleShot(0, self, self.refresh)

    def refresh(self) -> None:
        """Asks the lifter's Ollama for its models; the answer arrives on the GUI thread."""
        if not self.session.is_signed_in:
            return
        coach = self.session.me.coach
        self.call(coach.health, self._on_health, self._on_health_failed)

    def _on_signed_in(self, _user: object) -> None:
        self._follow(self.session.me)
        self.refresh()

    def _follow(self, me: UserApi) -> None:
        # The coach reports program-design progress from whatever thread creates programs.
        me.coach.progress = self._progress_reported.emit
        self._timer.start()

    def _on_changed(self, topic: str) -> None:
        if topic == SETTINGS:
            self.refresh()

    def _on_health(self, health: schemas.LLMHealthResponse) -> None:
        if health.status == "healthy":
            # An OpenAI-compatible server with no model named serves its first one.
            model = health.model or next(iter(health.models), "")
            text = f"Coach: ready · {_short(model)}"
        elif health.reachable:
            text = "Coach: model missing"
        else:
            text = "Coach: offline"
        self._health_text = text
        self._show(text, health.detail)

    def _on_health_failed(self, exc: AlloyError) -> None:
        self._health_text = "Coach: offline"
        self._show(self._health_text, exc.message)

    def _on_progress_reported(self, text: str) -> None:
        if text:
            self._show(text, "")
        else:
            self.refresh()  # designing is over: say how the coach is doing now

    def _show(self, text: str, detail: str) -> None:
        self.text = text
        self.text_changed.emit(text, detail)
