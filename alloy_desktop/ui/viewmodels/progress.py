"""Progress screen state: e1RM trend per movement, weekly hard sets per muscle, adherence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.api.errors import AlloyError, NotFound
from alloy_desktop.domain.enums import E1RMFormula, MuscleGroup, WeightUnit
from alloy_desktop.domain.metrics import to_display
from alloy_desktop.domain.planner import DEFAULT_MEV_MRV
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.recovery import MUSCLE_NAMES
from alloy_desktop.ui.viewmodels.session import LOGS, MOVEMENTS, PROGRAMS, SETTINGS, AppSession

FORMULA_NAMES: dict[E1RMFormula, str] = {
    E1RMFormula.EPLEY: "Epley",
    E1RMFormula.BRZYCKI: "Brzycki",
    E1RMFormula.LOMBARDI: "Lombardi",
    E1RMFormula.OCONNER: "O'Conner",
}
DAY_SECONDS = 86400
WEEK_SECONDS = 7 * DAY_SECONDS


class Span(StrEnum):
    """How far back the charts look."""

    THREE_MONTHS = "3M"
    YEAR = "1Y"
    ALL = "ALL"


SPAN_NAMES: dict[Span, str] = {
    Span.THREE_MONTHS: "3 months",
    Span.YEAR: "1 year",
    Span.ALL: "All",
}
SPAN_DAYS: dict[Span, int | None] = {Span.THREE_MONTHS: 91, Span.YEAR: 365, Span.ALL: None}
# Weekly hard sets: 13 weeks ~ 3 months; "all" asks for the api's maximum (10 years).
SPAN_WEEKS: dict[Span, int] = {Span.THREE_MONTHS: 13, Span.YEAR: 52, Span.ALL: 520}

Floats = NDArray[np.float64]


def _empty() -> Floats:
    return np.zeros(0, dtype=np.float64)


@dataclass(frozen=True)
class Trend:
    """One movement's daily best e1RM, ready to plot: x in epoch seconds, y in the user's unit."""

    movement_id: int | None = None
    movement_name: str = ""
    formula: E1RMFormula = E1RMFormula.EPLEY
    unit: WeightUnit = WeightUnit.KG
    span: Span = Span.YEAR
    points: tuple[schemas.E1RMPoint, ...] = ()
    x: Floats = field(default_factory=_empty)
    y: Floats = field(default_factory=_empty)
    pr_x: Floats = field(default_factory=_empty)
    pr_y: Floats = field(default_factory=_empty)

    @property
    def unit_label(self) -> str:
        return self.unit.value.lower()


@dataclass(frozen=True)
class WeeklyVolume:
    """Hard sets per week for one muscle group, every week of the span (zero weeks included)."""

    group: MuscleGroup | None
    x: Floats  # the Monday of each week, epoch seconds (UTC midnight)
    sets: Floats
    landmarks: tuple[int, int] | None  # (MEV, MRV) weekly hard sets, when known for the group
    groups: tuple[MuscleGroup, ...]  # groups with any hard sets in the span, most first


@dataclass(frozen=True)
class AdherenceView:
    """The adherence card: the api's numbers, or why there are none."""

    data: schemas.AdherenceResponse | None
    message: str = ""


@dataclass(frozen=True)
class _Page:
    settings: schemas.SettingsResponse
    movements: tuple[tuple[int, str], ...]
    trend: Trend
    adherence: AdherenceView


def epoch(day: date) -> float:
    """Midnight UTC of a date as epoch seconds (the charts' x, shown with utcOffset=0)."""
    return datetime.combine(day, time(0), tzinfo=UTC).timestamp()


def weight_text(value: float) -> str:
    """A weight without needless decimals: 120, 102.5, 264.6."""
    rounded = round(value, 1)
    return f"{rounded:.0f}" if rounded.is_integer() else f"{rounded:.1f}"


def readout(point: schemas.E1RMPoint, unit: WeightUnit) -> str:
    """'12 Mar 2026 · 142.5 kg e1RM · 120 × 5', with ' · PR' on a record day."""
    label = unit.value.lower()
    e1rm = to_display(point.e1rm_kg, unit)
    weight = weight_text(to_display(point.weight_kg, unit))
    text = f"{point.day.day} {point.day:%b %Y} · {e1rm:.1f} {label} e1RM · {weight} × {point.reps}"
    return f"{text} · PR" if point.is_pr else text


def build_trend(
    movement_id: int,
    name: str,
    points: Sequence[schemas.E1RMPoint],
    formula: E1RMFormula,
    unit: WeightUnit,
    span: Span,
) -> Trend:
    """Arrays for the chart from the api's daily bests."""
    x = np.array([epoch(p.day) for p in points], dtype=np.float64)
    y = np.array([to_display(p.e1rm_kg, unit) for p in points], dtype=np.float64)
    prs = np.array([p.is_pr for p in points], dtype=bool)
    return Trend(movement_id, name, formula, unit, span, tuple(points), x, y, x[prs], y[prs])


def build_weekly(
    rows: Sequence[schemas.WeeklyHardSets], group: MuscleGroup | None, last_monday: date
) -> WeeklyVolume:
    """One group's weekly sets from the first week with any data up to this week."""
    totals: dict[MuscleGroup, float] = {}
    for row in rows:
        totals[row.muscle_group] = totals.get(row.muscle_group, 0.0) + row.hard_sets
    groups = tuple(sorted(totals, key=lambda g: (-totals[g], MUSCLE_NAMES[g])))
    chosen = group if group in totals else (groups[0] if groups else group)
    if not rows:
        return WeeklyVolume(chosen, _empty(), _empty(), _landmarks(chosen), groups)
    first = min(r.week_start for r in rows)
    weeks = (last_monday - first).days // 7 + 1
    mondays = [first + timedelta(weeks=i) for i in range(weeks)]
    per_week = {r.week_start: r.hard_sets for r in rows if r.muscle_group is chosen}
    x = np.array([epoch(m) for m in mondays], dtype=np.float64)
    sets = np.array([per_week.get(m, 0.0) for m in mondays], dtype=np.float64)
    return WeeklyVolume(chosen, x, sets, _landmarks(chosen), groups)


def nearest(xs: Floats, x: float) -> int | None:
    """Index of the value in sorted xs closest to x; None when xs is empty."""
    if xs.size == 0:
        return None
    i = int(np.searchsorted(xs, x))
    if i <= 0:
        return 0
    if i >= xs.size:
        return int(xs.size - 1)
    return i if xs[i] - x < x - xs[i - 1] else i - 1


def _landmarks(group: MuscleGroup | None) -> tuple[int, int] | None:
    # The planner's defaults; the api exposes no per-user landmarks yet.
    return None if group is None else DEFAULT_MEV_MRV.get(group)


class ProgressViewModel(ViewModel):
    """Fetches trend, weekly volume and adherence off the GUI thread; keeps the chosen view."""

    movements_changed = Signal()
    trend_changed = Signal(object)  # Trend
    weekly_loading = Signal()  # a span's weekly sets are being fetched
    weekly_changed = Signal(object)  # WeeklyVolume
    adherence_changed = Signal(object)  # AdherenceView

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.movements: tuple[tuple[int, str], ...] = ()
        self.movement_id: int | None = None
        self.default_formula = E1RMFormula.EPLEY  # the settings' formula, until loaded
        self._chosen_formula: E1RMFormula | None = None  # picked on this page, if any
        self.span = Span.YEAR
        self.unit = WeightUnit.KG
        self.trend = Trend()
        self.weekly_group: MuscleGroup | None = None
        self.weekly = WeeklyVolume(None, _empty(), _empty(), None, ())
        self.adherence = AdherenceView(None, "")
        self.active = True  # the view clears this while hidden; changes then only mark stale
        self._weekly_rows: tuple[schemas.WeeklyHardSets, ...] = ()
        # Weekly sets per span until the logs change: only the trend depends on the movement.
        self._weekly_cache: dict[Span, tuple[schemas.WeeklyHardSets, ...]] = {}
        self._request = 0  # only the newest trend request may update the chart
        self._stale = True
        session.changed.connect(self._on_changed)

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reloads the page: settings, movements, the trend and adherence, then weekly sets.

        Weekly sets come in a second call, after the chart is drawn: over years of logs
        they take longest, and running them side by side would slow the chart down.
        """
        me, span, today = self.session.me, self.span, self.session.today()
        movement, formula = self.movement_id, self._chosen_formula
        self._stale = False
        self._weekly_cache.clear()
        self._request += 1
        request = self._request
        self.call(
            lambda: _load_page(me, movement, formula, span, today),
            lambda page: self._on_page(request, page),
        )

    def ensure_fresh(self) -> None:
        if self._stale:
            self.refresh()

    def select_movement(self, movement_id: int) -> None:
        if movement_id != self.movement_id:
            self.movement_id = movement_id
            self._load_trend()

    @property
    def formula(self) -> E1RMFormula:
        """The formula shown: picked here, else the one chosen in Settings."""
        return self._chosen_formula or self.default_formula

    def set_formula(self, formula: E1RMFormula | str) -> None:
        chosen = E1RMFormula(formula)
        if chosen is not self.formula:
            self._chosen_formula = chosen
            self._load_trend()

    def set_span(self, span: Span | str) -> None:
        chosen = Span(span)
        if chosen is self.span:
            return
        self.span = chosen
        self._load_trend(then=self._load_weekly)

    def set_weekly_group(self, group: MuscleGroup | str) -> None:
        """Shows another muscle group's weekly sets (no fetch: every group is loaded)."""
        self.weekly_group = MuscleGroup(group)
        self._publish_weekly()

    # --- reading ------------------------------------------------------------------------

    def nearest_index(self, x: float) -> int | None:
        """Index of the trend point closest in time to x (epoch seconds); None when empty."""
        return nearest(self.trend.x, x)

    def readout_at(self, index: int | None) -> str:
        if index is None or not self.trend.points:
            return ""
        return readout(self.trend.points[index], self.trend.unit)

    def weekly_readout(self, x: float | None = None) -> str:
        """'Week of 2 Nov 2026 · 12 hard sets of quads' for the week nearest x (default: latest)."""
        w = self.weekly
        index = nearest(w.x, w.x[-1] if x is None and w.x.size else (x or 0.0))
        if index is None or w.group is None:
            return ""
        monday = datetime.fromtimestamp(float(w.x[index]), UTC).date()
        count = w.sets[index]
        sets = f"{count:g} hard set" if count == 1 else f"{count:g} hard sets"
        return f"Week of {monday.day} {monday:%b %Y} · {sets} of {MUSCLE_NAMES[w.group].lower()}"

    def weekly_zones(self) -> list[str]:
        """Per week: "low" under MEV, "high" over MRV, else "ok" (all "ok" without landmarks).

        This week is still under way, so it is only ever flagged for going past MRV.
        """
        w = self.weekly
        if w.landmarks is None:
            return ["ok"] * int(w.sets.size)
        mev, mrv = w.landmarks
        this_week = epoch(_monday(self.session.now()))
        return [
            "high" if n > mrv else "low" if n < mev and x < this_week else "ok"
            for x, n in zip(w.x.tolist(), w.sets.tolist(), strict=True)
        ]

    def summary(self) -> str:
        """Best, latest and change over the span, in the user's unit."""
        t = self.trend
        if not t.points:
            return ""
        unit = t.unit_label
        best = int(np.argmax(t.y))
        best_day = t.points[best].day
        parts = [
            f"Best {t.y[best]:.1f} {unit} on {best_day.day} {best_day:%b %Y}",
            f"latest {t.y[-1]:.1f} {unit}",
        ]
        if len(t.points) > 1:
            first = t.points[0].day
            parts.append(f"{t.y[-1] - t.y[0]:+.1f} {unit} since {first.day} {first:%b %Y}")
        prs = int(t.pr_x.size)
        parts.append(f"{prs} PR day" if prs == 1 else f"{prs} PR days")
        return " · ".join(parts)

    # --- slots --------------------------------------------------------------------------

    def _on_page(self, request: int, page: _Page) -> None:
        self.unit = page.settings.weight_unit
        self.default_formula = page.settings.e1rm_formula
        self.movements = page.movements
        current = request == self._request  # else a newer pick is already loading
        if current:
            self.movement_id = page.trend.movement_id
        self.movements_changed.emit()
        if current:
            self._publish_trend(page.trend)
        self._on_adherence(page.adherence)
        self._load_weekly()

    def _on_trend(self, request: int, trend: Trend, then: Callable[[], None] | None) -> None:
        if request == self._request:
            self._publish_trend(trend)
        if then is not None:
            then()

    def _on_weekly(self, span: Span, rows: list[schemas.WeeklyHardSets]) -> None:
        self._weekly_cache[span] = tuple(rows)
        if span is self.span:  # else the lifter has moved on to another range
            self._weekly_rows = self._weekly_cache[span]
            self._publish_weekly()

    def _on_adherence(self, adherence: AdherenceView) -> None:
        self.adherence = adherence
        self.adherence_changed.emit(adherence)

    def _on_changed(self, topic: str) -> None:
        if topic not in (LOGS, SETTINGS, PROGRAMS, MOVEMENTS) or not self.session.is_signed_in:
            return
        self._stale = True
        if self.active:
            self.refresh()

    # --- helpers ------------------------------------------------------------------------

    def _load_trend(self, then: Callable[[], None] | None = None) -> None:
        """Fetches the chosen movement's trend; `then` runs once it is shown."""
        if self.movement_id is None:
            if then is not None:
                then()
            return
        me, movement, unit, span = self.session.me, self.movement_id, self.unit, self.span
        formula = self.formula
        name = dict(self.movements).get(movement, "")
        since = _since(span, self.session.today())
        self._request += 1
        request = self._request
        self.call(
            lambda: build_trend(
                movement, name, me.logs.e1rm_trend(movement, formula, since), formula, unit, span
            ),
            lambda trend: self._on_trend(request, trend, then),
        )

    def _load_weekly(self) -> None:
        span = self.span
        cached = self._weekly_cache.get(span)
        if cached is not None:
            self._on_weekly(span, list(cached))
            return
        me, weeks = self.session.me, SPAN_WEEKS[span]
        self.weekly_loading.emit()
        self.call(lambda: me.logs.weekly_hard_sets(weeks), lambda rows: self._on_weekly(span, rows))

    def _publish_trend(self, trend: Trend) -> None:
        self.trend = trend
        self.trend_changed.emit(trend)

    def _publish_weekly(self) -> None:
        monday = _monday(self.session.now())
        self.weekly = build_weekly(self._weekly_rows, self.weekly_group, monday)
        self.weekly_changed.emit(self.weekly)


# --- work done off the GUI thread ---------------------------------------------------------


def _load_page(
    me: UserApi,
    movement_id: int | None,
    formula: E1RMFormula | None,
    span: Span,
    today: date,
) -> _Page:
    settings = me.settings.get()
    movements = tuple(me.logs.logged_movements())
    chosen = formula or settings.e1rm_formula
    ids = [m for m, _ in movements]
    movement = movement_id if movement_id in ids else (ids[0] if ids else None)
    trend = Trend(formula=chosen, unit=settings.weight_unit, span=span)
    if movement is not None:
        points = me.logs.e1rm_trend(movement, chosen, _since(span, today))
        name = dict(movements)[movement]
        trend = build_trend(movement, name, points, chosen, settings.weight_unit, span)
    return _Page(settings, movements, trend, _adherence(me))


def _adherence(me: UserApi) -> AdherenceView:
    try:
        return AdherenceView(me.logs.adherence())
    except NotFound:
        return AdherenceView(
            None,
            "No active program or scheduled routine yet. Start a program, or tick a routine's "
            "days on the Routines page, to track adherence.",
        )
    except AlloyError as exc:
        return AdherenceView(None, exc.message)


def _since(span: Span, today: date) -> date | None:
    days = SPAN_DAYS[span]
    return None if days is None else today - timedelta(days=days)


def _monday(now: datetime) -> date:
    # The api groups weeks by Monday in UTC, so this week's bar is found the same way.
    day = now.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())
