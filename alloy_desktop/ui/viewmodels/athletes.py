"""The coach's page: athletes at a glance, invitations both ways, one athlete opened read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import UserApi
from alloy_desktop.api.schemas import AthleteSummary, CoachLinkResponse, CoachLinks, LiftTrend
from alloy_desktop.domain.enums import CoachLinkStatus
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.day_plan import relative_days
from alloy_desktop.ui.viewmodels.recovery import MUSCLE_NAMES, NEEDS_REST_BELOW
from alloy_desktop.ui.viewmodels.session import LOGS, PROGRAMS, AppSession

SUBTITLE = "Open an athlete to see their Today, Progress and History (read-only) and plan for them."


class AthleteSession(AppSession):
    """A session on one athlete for their coach: the same pages, reading the athlete's data.

    Changes the coach makes to the athlete's program reach every page of this session (and
    the athlete's own window on the shared server the next time it refreshes).
    """

    def __init__(self, owner: AppSession, athlete: UserApi) -> None:
        super().__init__(owner.alloy, owner.runner, owner)
        self._me = athlete


@dataclass(frozen=True)
class AthleteRow:
    """One line of the athlete table, as words a coach reads at a glance."""

    athlete_id: int
    name: str
    email: str
    last_workout: str
    adherence: str
    streak: str
    needs_rest: str
    lifts: tuple[tuple[str, str, tuple[float, ...]], ...]  # name, "142 kg ▲ 6", e1RM points


def rows_of(athletes: list[AthleteSummary], today: date) -> list[AthleteRow]:
    """The summaries in the table's words."""
    return [_row(a, today) for a in athletes]


def _row(a: AthleteSummary, today: date) -> AthleteRow:
    last = "No workouts yet"
    if a.last_workout is not None:
        when = relative_days(a.last_workout.performed_at.astimezone().date(), today)
        last = f"{a.last_workout.name}, {when}"
    adherence, streak = "No program", "–"
    if a.adherence is not None:
        adherence = f"{round(a.adherence.completion_rate * 100)} %"
        adherence += f" of {a.adherence.completed_sessions + a.adherence.missed_sessions} due"
        streak = f"{a.adherence.current_streak} in a row"
    tired = [m for m in a.least_recovered if m.recovery_level < NEEDS_REST_BELOW]
    needs_rest = ", ".join(
        f"{MUSCLE_NAMES[m.muscle_group]} {round(m.recovery_level * 10)} %" for m in tired
    )
    return AthleteRow(
        athlete_id=a.athlete_id,
        name=a.name,
        email=a.email,
        last_workout=last,
        adherence=adherence,
        streak=streak,
        needs_rest=needs_rest or "Recovered",
        lifts=tuple(_lift(lift) for lift in a.lifts),
    )


def _lift(lift: LiftTrend) -> tuple[str, str, tuple[float, ...]]:
    latest = lift.latest_kg
    text = "no sets in 12 weeks" if latest is None else f"{latest:.0f} kg"
    change = lift.change_kg
    if change is not None and abs(change) >= 0.5:
        text += f"  {'▲' if change > 0 else '▼'} {abs(change):.0f}"
    return lift.name, text, tuple(p.e1rm_kg for p in lift.points)


class AthletesViewModel(ViewModel):
    """Loads the athlete list and both sides' invitations; invites, answers, ends, opens."""

    changed = Signal()
    invited = Signal(str)  # a sentence for the status line
    opened = Signal(object)  # AthleteSession

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.rows: list[AthleteRow] = []
        self.links = CoachLinks((), ())
        self.loaded = False
        self.active = False  # set by the page while it is shown
        session.changed.connect(self._on_changed)

    @property
    def invitations_to_me(self) -> list[CoachLinkResponse]:
        """Coaches waiting for this lifter's answer."""
        return [x for x in self.links.as_athlete if x.status is CoachLinkStatus.PENDING]

    @property
    def my_coaches(self) -> list[CoachLinkResponse]:
        return [x for x in self.links.as_athlete if x.status is CoachLinkStatus.ACCEPTED]

    @property
    def sent(self) -> list[CoachLinkResponse]:
        """Invitations this coach sent that are not answered yet."""
        return [x for x in self.links.as_coach if x.status is CoachLinkStatus.PENDING]

    def _on_changed(self, topic: str) -> None:
        # The list costs a few queries per athlete: reload only while someone sees it (the
        # page reloads on every visit anyway, as athletes change it from other computers),
        # and once for a sync pull, which announces every topic: LOGS stands for them all.
        if self.active and topic == LOGS:
            self.refresh()

    def _on_athlete_changed(self, topic: str) -> None:
        # A program the coach made in an athlete's window moves that athlete's adherence.
        if self.active and topic == PROGRAMS:
            self.refresh()

    def refresh(self) -> None:
        me, today = self.session.me, self.session.today()

        def load() -> tuple[list[AthleteRow], CoachLinks]:
            return rows_of(me.coaching.athletes(), today), me.coaching.links()

        self.call(load, self._loaded)

    def invite(self, email: str) -> None:
        me = self.session.me

        def done(link: CoachLinkResponse) -> None:
            self.invited.emit(f"Invitation sent to {link.athlete_name}.")
            self.refresh()

        self.call(lambda: me.coaching.invite(email), done)

    def answer(self, link_id: int, accept: bool) -> None:
        me = self.session.me
        self.call(lambda: me.coaching.answer(link_id, accept), lambda _: self.refresh())

    def end(self, link_id: int) -> None:
        me = self.session.me
        self.call(lambda: me.coaching.end(link_id), lambda _: self.refresh())

    def open_athlete(self, athlete_id: int) -> None:
        me = self.session.me

        def opened(api: UserApi) -> None:
            athlete = AthleteSession(self.session, api)
            athlete.changed.connect(self._on_athlete_changed)
            self.opened.emit(athlete)

        self.call(lambda: me.athlete(athlete_id), opened)

    def _loaded(self, result: tuple[list[AthleteRow], CoachLinks]) -> None:
        self.rows, self.links = result
        self.loaded = True
        self.changed.emit()
