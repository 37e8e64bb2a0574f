"""Recovery screen state: every muscle's recovery now, its recent history, and check-in logging."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    MuscleGroup,
    RecoverySignalLevel,
)
from alloy_desktop.domain.recovery import DEFAULT_DECAY_HOURS, MAX_LEVEL
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import LOGS, RECOVERY, SETTINGS, AppSession

MUSCLE_NAMES: dict[MuscleGroup, str] = {
    MuscleGroup.QUADS: "Quads",
    MuscleGroup.HAMSTRINGS: "Hamstrings",
    MuscleGroup.GLUTES: "Glutes",
    MuscleGroup.CALVES: "Calves",
    MuscleGroup.ADDUCTORS: "Adductors",
    MuscleGroup.ABDUCTORS: "Abductors",
    MuscleGroup.CHEST: "Chest",
    MuscleGroup.LATS: "Lats",
    MuscleGroup.UPPER_BACK: "Upper back",
    MuscleGroup.LOWER_BACK: "Lower back",
    MuscleGroup.TRAPS: "Traps",
    MuscleGroup.FRONT_DELTS: "Front delts",
    MuscleGroup.SIDE_DELTS: "Side delts",
    MuscleGroup.REAR_DELTS: "Rear delts",
    MuscleGroup.BICEPS: "Biceps",
    MuscleGroup.TRICEPS: "Triceps",
    MuscleGroup.FOREARMS: "Forearms",
    MuscleGroup.ABS: "Abs",
    MuscleGroup.OBLIQUES: "Obliques",
    MuscleGroup.NECK: "Neck",
}
BODY_PART_NAMES: dict[BodyPart, str] = {
    BodyPart.CHEST: "Chest",
    BodyPart.BACK: "Back",
    BodyPart.LEGS: "Legs",
    BodyPart.SHOULDERS: "Shoulders",
    BodyPart.ARMS: "Arms",
    BodyPart.CORE: "Core",
}
SIGNAL_NAMES: dict[RecoverySignalLevel, str] = {
    RecoverySignalLevel.POOR: "Poor",
    RecoverySignalLevel.FAIR: "Fair",
    RecoverySignalLevel.GOOD: "Good",
    RecoverySignalLevel.EXCELLENT: "Excellent",
}

SORENESS_DAYS = 30  # how far back the detail panel lists soreness reports
WORKOUT_DAYS = 14  # and workouts; older ones no longer weigh on today's recovery
MAX_WORKOUTS = 20  # at most this many recent workouts are opened for their muscles
MAX_WORKOUT_LINES = 5  # the detail panel lists this many, newest first
SIGNAL_COUNT = 5  # recent check-ins shown under the form
NEEDS_REST_BELOW = 7.0  # muscles under this level are named in the "needs rest" line
PRIMARY_SHARE = 1.0  # hard sets count fully where a movement trains the muscle primarily
SECONDARY_SHARE = 0.5  # and half where it is a secondary mover (as in weekly hard sets)


@dataclass(frozen=True)
class MuscleState:
    """One muscle group's recovery at the moment the page was loaded."""

    group: MuscleGroup
    body_part: BodyPart
    level: float  # 0..10 with rest credited up to now
    stored_level: float  # as recorded after the last workout or soreness report
    updated_at: datetime | None  # None: never trained or rated, so fully recovered

    @property
    def name(self) -> str:
        return MUSCLE_NAMES[self.group]


@dataclass(frozen=True)
class MuscleWorkout:
    """A recent workout that worked one muscle group."""

    workout_id: int
    performed_at: datetime
    name: str
    hard_sets: float  # primary sets count 1, secondary 0.5
    movements: tuple[str, ...]


@dataclass(frozen=True)
class SorenessEntry:
    """One soreness rating of a body part."""

    logged_at: datetime
    body_part: BodyPart
    level: int


@dataclass(frozen=True)
class RecoverySnapshot:
    """Everything the page shows, loaded in one go off the GUI thread."""

    now: datetime
    muscles: tuple[MuscleState, ...]
    soreness: tuple[SorenessEntry, ...] = ()
    signals: tuple[schemas.RecoverySignalResponse, ...] = ()
    workouts: Mapping[MuscleGroup, tuple[MuscleWorkout, ...]] = field(default_factory=dict)
    decay_hours: float = DEFAULT_DECAY_HOURS


@dataclass(frozen=True)
class MuscleDetail:
    """What the detail panel says about the selected muscle group."""

    group: MuscleGroup
    title: str
    level: float
    summary: str
    soreness: tuple[str, ...]
    workouts: tuple[str, ...]


@dataclass(frozen=True)
class SignalForm:
    """The check-in form; None means "not given"."""

    sleep_hours: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    energy: int | None = None
    resting_hr: int | None = None
    hrv_ms: float | None = None
    signal: RecoverySignalLevel | None = None
    notes: str = ""


def ago(moment: datetime, now: datetime) -> str:
    """'just now', '25 min ago', '14 h ago' or '3 days ago'."""
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h ago"
    return f"{hours // 24} days ago"


def when(moment: datetime) -> str:
    """A local date and time short enough for a list: 'Mon 2 Nov 09:00'."""
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def tooltip(state: MuscleState, now: datetime) -> str:
    """The hover text: 'Quads — 4.2 / 10 · updated 14 h ago'."""
    head = f"{state.name} — {state.level:.1f} / 10"
    if state.updated_at is None:
        return f"{head} · no workouts or soreness logged yet"
    return f"{head} · updated {ago(state.updated_at, now)}"


def hours_to_full(state: MuscleState, decay_hours: float) -> float:
    """Hours of rest until the muscle is back at 10 (recovery rises 1 point per decay_hours)."""
    return max(0.0, MAX_LEVEL - state.level) * decay_hours


class RecoveryViewModel(ViewModel):
    """Loads recovery, soreness, check-ins and recent workouts; logs soreness and check-ins."""

    loaded = Signal()
    selection_changed = Signal(object)  # MuscleGroup | None
    soreness_logged = Signal(str)  # a confirmation for the status line
    check_in_logged = Signal(str)  # likewise

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        now = session.now()
        self.snapshot = RecoverySnapshot(now, _default_muscles(now))
        self.selected: MuscleGroup | None = None
        self.active = True  # the view clears this while hidden; changes then only mark stale
        self._stale = True
        self._has_loaded = False
        session.changed.connect(self._on_changed)

    # --- reading ------------------------------------------------------------------------

    @property
    def muscles(self) -> tuple[MuscleState, ...]:
        return self.snapshot.muscles

    def state(self, group: MuscleGroup) -> MuscleState:
        return next(m for m in self.snapshot.muscles if m.group is group)

    def level(self, group: MuscleGroup) -> float:
        return self.state(group).level

    def levels(self) -> dict[MuscleGroup, float]:
        return {m.group: m.level for m in self.snapshot.muscles}

    def tooltip(self, group: MuscleGroup) -> str:
        return tooltip(self.state(group), self.snapshot.now)

    def tooltips(self) -> dict[MuscleGroup, str]:
        return {m.group: tooltip(m, self.snapshot.now) for m in self.snapshot.muscles}

    def needs_rest(self) -> str:
        """One line naming the most fatigued muscles, lowest first."""
        tired = sorted(
            (m for m in self.snapshot.muscles if m.level < NEEDS_REST_BELOW), key=lambda m: m.level
        )
        if not tired:
            return "Every muscle group is recovered (7 or more out of 10)."
        names = " · ".join(f"{m.name} {m.level:.1f}" for m in tired[:5])
        more = f" and {len(tired) - 5} more" if len(tired) > 5 else ""
        return f"Needs rest: {names}{more}"

    def updated_text(self) -> str:
        return f"As of {self.snapshot.now.astimezone():%H:%M}"

    def detail(self, group: MuscleGroup) -> MuscleDetail:
        """The selected muscle's level, when it was recorded, its soreness and its workouts."""
        state = self.state(group)
        return MuscleDetail(
            group=group,
            title=state.name,
            level=state.level,
            summary=self._summary(state),
            soreness=tuple(
                f"{when(e.logged_at)} · {BODY_PART_NAMES[e.body_part]} sore {e.level}/10"
                for e in self.snapshot.soreness
                if e.body_part is state.body_part
            ),
            workouts=_workout_lines(self.snapshot.workouts.get(group, ())),
        )

    def signals(self) -> tuple[schemas.RecoverySignalResponse, ...]:
        return self.snapshot.signals

    def signal_lines(self) -> list[str]:
        """Recent check-ins, newest first: 'Mon 2 Nov 07:10 · score 72 · sleep 7.5 h · …'."""
        return [_signal_line(s) for s in self.snapshot.signals]

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reloads everything the page shows (off the GUI thread)."""
        now = self.session.now()
        me = self.session.me
        self._stale = False
        self.call(lambda: _load(me, now), self._on_loaded)

    def ensure_fresh(self) -> None:
        """Reloads if anything changed while hidden; otherwise just re-reads the clock."""
        if self._stale or not self._has_loaded:
            self.refresh()
        else:
            self.tick()

    def tick(self) -> None:
        """Recomputes recovery for the current time; muscles recover while the app stays open."""
        now = self.session.now()
        me = self.session.me
        self.call(lambda: _muscles(me, now), lambda result: self._on_ticked(now, result))

    def select(self, group: MuscleGroup | None) -> None:
        if group is self.selected:
            return
        self.selected = group
        self.selection_changed.emit(group)

    # --- logging ------------------------------------------------------------------------

    def log_soreness(self, levels: Mapping[BodyPart, int]) -> None:
        """Logs a soreness rating (1..10) per body part; 0 or a missing part means not rated."""
        entries = tuple(
            schemas.SorenessInput(part, level) for part, level in levels.items() if level > 0
        )
        if not entries:
            self.error.emit("soreness_entries", "Rate at least one body part from 1 to 10.")
            return
        me = self.session.me
        request = schemas.SorenessLogCreate(soreness_entries=entries, logged_at=self.session.now())
        self.call(lambda: me.logs.log_soreness(request), self._on_soreness_logged)

    def log_signal(self, form: SignalForm) -> None:
        """Logs a recovery check-in; at least one value must be given."""
        if _is_empty(form):
            self.error.emit("", "Fill in at least one value before logging a check-in.")
            return
        me = self.session.me
        request = schemas.RecoverySignalCreate(
            logged_at=self.session.now(),
            signal=form.signal,
            sleep_hours=form.sleep_hours,
            sleep_quality=form.sleep_quality,
            stress=form.stress,
            energy=form.energy,
            resting_hr=form.resting_hr,
            hrv_ms=form.hrv_ms,
            notes=form.notes.strip(),
        )
        self.call(lambda: me.logs.log_recovery_signal(request), self._on_signal_logged)

    # --- slots --------------------------------------------------------------------------

    def _on_loaded(self, snapshot: RecoverySnapshot) -> None:
        self.snapshot = snapshot
        self._has_loaded = True
        if self.selected is None:
            self._select_most_fatigued()
        self.loaded.emit()

    def _on_ticked(self, now: datetime, muscles: tuple[MuscleState, ...]) -> None:
        old = self.snapshot
        self.snapshot = RecoverySnapshot(
            now, muscles, old.soreness, old.signals, old.workouts, old.decay_hours
        )
        self.loaded.emit()

    def _on_soreness_logged(self, result: schemas.SorenessLogResponse) -> None:
        parts = ", ".join(
            f"{BODY_PART_NAMES[BodyPart(e.body_part)]} {e.level}" for e in result.entries
        )
        self.soreness_logged.emit(
            f"Soreness logged at {result.logged_at.astimezone():%H:%M}: {parts}."
        )
        self.session.notify(RECOVERY)

    def _on_signal_logged(self, result: schemas.RecoverySignalResponse) -> None:
        self.check_in_logged.emit(
            f"Check-in logged at {result.logged_at.astimezone():%H:%M}: "
            f"recovery score {result.recovery_score:.0f} / 100."
        )
        self.session.notify(RECOVERY)

    def _on_changed(self, topic: str) -> None:
        if topic not in (RECOVERY, LOGS, SETTINGS) or not self.session.is_signed_in:
            return
        self._stale = True
        if self.active:
            self.refresh()

    # --- helpers ------------------------------------------------------------------------

    def _select_most_fatigued(self) -> None:
        lowest = min(self.snapshot.muscles, key=lambda m: m.level)
        if lowest.level < MAX_LEVEL:
            self.select(lowest.group)

    def _summary(self, state: MuscleState) -> str:
        now = self.snapshot.now
        if state.updated_at is None:
            return "No workouts or soreness logged for this muscle yet: counted as fully recovered."
        recorded = f"Recorded {state.stored_level:.1f} / 10 {ago(state.updated_at, now)}"
        hours = hours_to_full(state, self.snapshot.decay_hours)
        if hours <= 0:
            return f"{recorded}; fully recovered now."
        return f"{recorded}; back to 10 in about {_duration(hours)} of rest."


# --- work done off the GUI thread ---------------------------------------------------------


def _load(me: UserApi, now: datetime) -> RecoverySnapshot:
    muscles = _muscles(me, now)
    soreness = _soreness(me.logs.soreness_history(days=SORENESS_DAYS))
    signals = tuple(me.logs.recovery_signals(limit=SIGNAL_COUNT))
    decay = float(me.settings.get().soreness_decay_hours)
    return RecoverySnapshot(now, muscles, soreness, signals, _recent_workouts(me, now), decay)


def _muscles(me: UserApi, now: datetime) -> tuple[MuscleState, ...]:
    states = me.logs.muscle_recovery(now)
    by_group = {MuscleGroup(s.muscle_group): s for s in states}
    return tuple(_muscle_state(group, by_group.get(group), now) for group in _ordered_groups())


def _muscle_state(
    group: MuscleGroup, state: schemas.MuscleRecoveryStateResponse | None, now: datetime
) -> MuscleState:
    part = MUSCLE_GROUP_BODY_PART[group]
    # The api reports a muscle it has no record of as level 10 "updated" at the asked time.
    if state is None or (state.stored_level >= MAX_LEVEL and state.last_updated_at == now):
        return MuscleState(group, part, MAX_LEVEL, MAX_LEVEL, None)
    return MuscleState(group, part, state.recovery_level, state.stored_level, state.last_updated_at)


def _soreness(reports: Iterable[schemas.SorenessLogResponse]) -> tuple[SorenessEntry, ...]:
    return tuple(
        SorenessEntry(report.logged_at, BodyPart(entry.body_part), entry.level)
        for report in reports
        for entry in report.entries
    )


def _recent_workouts(me: UserApi, now: datetime) -> dict[MuscleGroup, tuple[MuscleWorkout, ...]]:
    """Per muscle group, the workouts of the last WORKOUT_DAYS days that gave it hard sets."""
    since = now - timedelta(days=WORKOUT_DAYS)
    summaries = [w for w in me.logs.workouts(limit=MAX_WORKOUTS) if since <= w.performed_at <= now]
    found: dict[MuscleGroup, list[MuscleWorkout]] = {}
    muscles: dict[int, schemas.MovementResponse] = {}
    for summary in summaries:
        workout = me.logs.workout(summary.id)
        for group, item in _workout_hits(me, workout, muscles).items():
            found.setdefault(group, []).append(item)
    return {group: tuple(items) for group, items in found.items()}


def _workout_hits(
    me: UserApi,
    workout: schemas.WorkoutLogResponse,
    cache: dict[int, schemas.MovementResponse],
) -> dict[MuscleGroup, MuscleWorkout]:
    sets: dict[MuscleGroup, float] = {}
    names: dict[MuscleGroup, list[str]] = {}
    for exercise in workout.exercises:
        hard = sum(1 for s in exercise.sets if s.is_hard)
        if not hard:
            continue
        movement = cache.get(exercise.movement_id)
        if movement is None:
            movement = cache[exercise.movement_id] = me.library.get(exercise.movement_id)
        shares = [(g, PRIMARY_SHARE) for g in movement.primary_muscles]
        shares += [(g, SECONDARY_SHARE) for g in movement.secondary_muscles]
        for group, share in shares:
            sets[group] = sets.get(group, 0.0) + hard * share
            names.setdefault(group, []).append(exercise.movement_name)
    return {
        group: MuscleWorkout(
            workout.id,
            workout.performed_at,
            workout.name,
            total,
            tuple(dict.fromkeys(names[group])),
        )
        for group, total in sets.items()
    }


# --- formatting ---------------------------------------------------------------------------


def _ordered_groups() -> list[MuscleGroup]:
    parts = list(BodyPart)
    return sorted(MuscleGroup, key=lambda g: parts.index(MUSCLE_GROUP_BODY_PART[g]))


def _default_muscles(now: datetime) -> tuple[MuscleState, ...]:
    return tuple(
        MuscleState(g, MUSCLE_GROUP_BODY_PART[g], MAX_LEVEL, MAX_LEVEL, None)
        for g in _ordered_groups()
    )


def _duration(hours: float) -> str:
    if hours < 1:
        return "under an hour"
    if hours < 48:
        return f"{round(hours)} h"
    return f"{hours / 24:.1f} days"


def _sets(count: float) -> str:
    text = f"{count:g}"
    return f"{text} hard set" if count == 1 else f"{text} hard sets"


def _workout_line(workout: MuscleWorkout) -> str:
    movements = ", ".join(workout.movements[:3])
    if len(workout.movements) > 3:
        movements += ", …"
    return (
        f"{when(workout.performed_at)} · {workout.name} · {_sets(workout.hard_sets)} ({movements})"
    )


def _workout_lines(workouts: Sequence[MuscleWorkout]) -> tuple[str, ...]:
    lines = [_workout_line(w) for w in workouts[:MAX_WORKOUT_LINES]]
    if len(workouts) > MAX_WORKOUT_LINES:
        lines.append(f"… and {len(workouts) - MAX_WORKOUT_LINES} earlier")
    return tuple(lines)


def _signal_line(s: schemas.RecoverySignalResponse) -> str:
    parts = [when(s.logged_at), f"score {s.recovery_score:.0f}"]
    if s.signal is not None:
        parts.append(SIGNAL_NAMES[s.signal].lower())
    if s.sleep_hours is not None:
        parts.append(f"sleep {s.sleep_hours:g} h")
    if s.sleep_quality is not None:
        parts.append(f"quality {s.sleep_quality}/5")
    if s.stress is not None:
        parts.append(f"stress {s.stress}/5")
    if s.energy is not None:
        parts.append(f"energy {s.energy}/5")
    if s.resting_hr is not None:
        parts.append(f"HR {s.resting_hr}")
    if s.hrv_ms is not None:
        parts.append(f"HRV {s.hrv_ms:g} ms")
    line = " · ".join(parts)
    return f"{line} — {s.notes}" if s.notes else line


def _is_empty(form: SignalForm) -> bool:
    values: Sequence[object] = (
        form.sleep_hours, form.sleep_quality, form.stress, form.energy,
        form.resting_hr, form.hrv_ms, form.signal,
    )  # fmt: skip
    return all(v is None for v in values) and not form.notes.strip()
