"""Activities screen state: the activity types, logging a run or ride, and the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.api.errors import AlloyError, ValidationError
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import ACTIVITIES, AppSession

HISTORY_LIMIT = 200
SUMMARY_DAYS = 7
FUTURE_SLACK = timedelta(minutes=5)  # clocks differ a little; a run "in 2 minutes" is a typo
NOT_GIVEN = "—"
HISTORY = "history"  # error field for failures of the history (loading, deleting), not the form
# Riders think in speed and swimmers per 100 m; everyone else in minutes per kilometre.
SPEED_ACTIVITIES = frozenset({"cycling"})
SWIM_ACTIVITIES = frozenset({"swimming"})
DIFFICULTY_WORDS = ("Very easy", "Easy", "Moderate", "Hard", "Very hard")
ENJOYMENT_WORDS = ("Didn't enjoy it", "Meh", "It was OK", "Enjoyed it", "Loved it")


# --- numbers as a lifter reads them -----------------------------------------------------------


def hours_minutes(seconds: int) -> str:
    """1800 -> "0:30", 4500 -> "1:15" (whole minutes, rounded)."""
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def km_text(km: float) -> str:
    """5.0 -> "5 km", 1.25 -> "1.25 km"."""
    text = f"{km:.2f}".rstrip("0").rstrip(".")
    return f"{text} km"


def pace_text(seconds: int, km: float | None, activity: str) -> str:
    """Pace: "6:00 /km" running, "25.0 km/h" riding, "2:30 /100 m" swimming; "" if no km."""
    if not km or km <= 0 or seconds <= 0:
        return ""
    kind = activity.casefold()
    if kind in SPEED_ACTIVITIES:
        return f"{km / (seconds / 3600):.1f} km/h"
    if kind in SWIM_ACTIVITIES:
        return f"{_clock(round(seconds / (km * 10)))} /100 m"
    return f"{_clock(round(seconds / km))} /km"


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def rating_text(value: int | None) -> str:
    return f"{value}/5" if value is not None else NOT_GIVEN


def when_text(moment: datetime, now: datetime) -> str:
    """A local date and time for a table: 'Mon 2 Nov, 09:00' (with the year if not this year)."""
    local = moment.astimezone()
    year = "" if local.year == now.astimezone().year else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year}, {local:%H:%M}"


# --- what the page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityChoice:
    """One entry of the activity combo; id None is "Other", named by the lifter."""

    id: int | None
    name: str
    tracks_distance: bool
    category: str = ""
    description: str = ""


OTHER = ActivityChoice(None, "Other (name it below)", tracks_distance=True)


@dataclass(frozen=True)
class ActivityForm:
    """The log form as the view reads it."""

    definition_id: int | None
    name: str
    start: datetime  # local, timezone-aware
    duration_minutes: float
    distance_km: float | None = None
    difficulty: int | None = None
    enjoyment: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class HistoryRow:
    """One logged activity, as the history table shows it."""

    id: int
    when: str
    activity: str
    kind: str  # the activity type's name ("Cycling" for "Evening ride")
    duration: str
    distance: str
    pace: str
    difficulty: str
    enjoyment: str
    notes: str
    energy: str = NOT_GIVEN  # "540 kcal": MET x the body weight logged for that day x hours


def history_row(
    a: schemas.ActivityInstanceResponse, kinds: dict[int, str], now: datetime
) -> HistoryRow:
    """A logged activity in words; pace follows the activity's type, or its own name."""
    kind = kinds.get(a.activity_definition_id or 0, a.activity_name)
    return HistoryRow(
        id=a.id,
        when=when_text(a.performed_start, now),
        activity=a.activity_name,
        kind=kind,
        duration=hours_minutes(a.duration_seconds),
        distance=km_text(a.distance_km) if a.distance_km else NOT_GIVEN,
        pace=pace_text(a.duration_seconds, a.distance_km, kind) or NOT_GIVEN,
        difficulty=rating_text(a.perceived_difficulty),
        enjoyment=rating_text(a.enjoyment_rating),
        notes=a.notes,
        energy=NOT_GIVEN if a.calories_kcal is None else f"{round(a.calories_kcal):,} kcal",
    )


def summary_text(items: Sequence[schemas.ActivityInstanceResponse], now: datetime) -> str:
    """'Last 7 days: 3 activities · 2:15 · 18.5 km' (or that there were none)."""
    since = now - timedelta(days=SUMMARY_DAYS)
    recent = [a for a in items if a.performed_start >= since]
    if not recent:
        return f"Nothing logged in the last {SUMMARY_DAYS} days."
    seconds = sum(a.duration_seconds for a in recent)
    km = sum(a.distance_km or 0.0 for a in recent)
    parts = [f"{len(recent)} activit{'ies' if len(recent) != 1 else 'y'}", hours_minutes(seconds)]
    if km:
        parts.append(km_text(round(km, 2)))
    return f"Last {SUMMARY_DAYS} days: " + " · ".join(parts)


@dataclass(frozen=True)
class _Loaded:
    definitions: tuple[schemas.ActivityDefinitionResponse, ...]
    history: tuple[schemas.ActivityInstanceResponse, ...]


def _load(me: UserApi) -> _Loaded:
    return _Loaded(tuple(me.activities.definitions()), tuple(me.activities.history(HISTORY_LIMIT)))


# --- the view-model ---------------------------------------------------------------------------


class ActivitiesViewModel(ViewModel):
    """Loads activity types and history; logs and deletes activities."""

    choices_changed = Signal(object)  # tuple[ActivityChoice, ...]
    history_changed = Signal(object)  # tuple[HistoryRow, ...]
    logged = Signal(str)  # a confirmation for the status line
    deleted = Signal(str)

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.choices: tuple[ActivityChoice, ...] = (OTHER,)
        self.rows: tuple[HistoryRow, ...] = ()
        self.summary = ""
        self.active = True
        self._history: tuple[schemas.ActivityInstanceResponse, ...] = ()
        self._kinds: dict[int, str] = {}
        self._stale = True
        session.changed.connect(self._on_changed)

    # --- reading ------------------------------------------------------------------------

    def choice(self, definition_id: int | None) -> ActivityChoice:
        return next((c for c in self.choices if c.id == definition_id), OTHER)

    def tracks_distance(self, definition_id: int | None) -> bool:
        """Whether the distance field applies ("Other" may have one: a paddle, a skate)."""
        return self.choice(definition_id).tracks_distance

    def usual_definition(self) -> int | None:
        """The type logged last (people repeat their activity), else running, else the first."""
        last = next(
            (a.activity_definition_id for a in self._history if a.activity_definition_id), None
        )
        if last is not None:
            return last
        running = next((c.id for c in self.choices if c.name.casefold() == "running"), None)
        return running if running is not None else self.choices[0].id

    def default_start(self) -> datetime:
        """Now, to the minute, in local time: most activities are logged just after."""
        return self.session.now().replace(second=0, microsecond=0)

    def difficulty_choices(self) -> list[tuple[int, str]]:
        return [(i + 1, f"{i + 1} · {w}") for i, w in enumerate(DIFFICULTY_WORDS)]

    def enjoyment_choices(self) -> list[tuple[int, str]]:
        return [(i + 1, f"{i + 1} · {w}") for i, w in enumerate(ENJOYMENT_WORDS)]

    def describe(self, activity_id: int) -> str:
        """'Running on Mon 2 Nov 2026, 09:00 (0:30)' for the delete question."""
        row = next((r for r in self.rows if r.id == activity_id), None)
        return f"{row.activity} on {row.when} ({row.duration})" if row else "this activity"

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        me = self.session.me
        self._stale = False
        self.call(lambda: _load(me), self._on_loaded, self._report_history)

    def ensure_fresh(self) -> None:
        if self._stale:
            self.refresh()

    # --- changes ------------------------------------------------------------------------

    def log(self, form: ActivityForm) -> None:
        """Logs the activity through the api; errors come back naming the field."""
        if form.start > self.session.now() + FUTURE_SLACK:
            self.errors_cleared.emit()
            self.report(
                ValidationError("performed_start", "That's in the future: log it once it's done.")
            )
            return
        request = schemas.ActivityInstanceCreate(
            activity_name=form.name.strip(),
            duration_minutes=form.duration_minutes,
            activity_definition_id=form.definition_id,
            distance_km=form.distance_km if self.tracks_distance(form.definition_id) else None,
            notes=form.notes.strip(),
            perceived_difficulty=form.difficulty,
            enjoyment_rating=form.enjoyment,
            performed_start=form.start,
        )
        me = self.session.me
        self.call(lambda: me.activities.log(request), self._on_logged)

    def delete(self, activity_id: int) -> None:
        """Deletes a logged activity (the view asks first)."""
        me, words = self.session.me, self.describe(activity_id)
        self.call(
            lambda: me.activities.delete(activity_id),
            lambda _: self._on_deleted(words),
            self._report_history,
        )

    # --- results ------------------------------------------------------------------------

    def _on_loaded(self, loaded: _Loaded) -> None:
        self._kinds = {d.id: d.name for d in loaded.definitions}
        self.choices = (
            *(
                ActivityChoice(d.id, d.name, d.tracks_distance, d.category, d.description)
                for d in loaded.definitions
            ),
            OTHER,
        )
        self._history = loaded.history  # before the choices: the usual type comes from it
        self.choices_changed.emit(self.choices)
        self._set_history(loaded.history)

    def _on_logged(self, activity: schemas.ActivityInstanceResponse) -> None:
        row = history_row(activity, self._kinds, self.session.now())
        self.logged.emit(f"Logged {row.activity}, {row.duration}.")
        self._after_change()

    def _on_deleted(self, words: str) -> None:
        self.deleted.emit(f"Deleted {words}.")
        self._after_change()

    def _after_change(self) -> None:
        self.session.notify(ACTIVITIES)  # other pages (and this one, below) reload
        if self._stale:
            self.refresh()

    def _on_changed(self, topic: str) -> None:
        if topic != ACTIVITIES or not self.session.is_signed_in:
            return
        self._stale = True
        if self.active:
            self.refresh()

    def _report_history(self, exc: AlloyError) -> None:
        self.error.emit(HISTORY, exc.message)

    def _set_history(self, history: Sequence[schemas.ActivityInstanceResponse]) -> None:
        self._history = tuple(history)
        self.rows = tuple(history_row(a, self._kinds, self.session.now()) for a in history)
        self.summary = summary_text(history, self.session.now())
        self.history_changed.emit(self.rows)
