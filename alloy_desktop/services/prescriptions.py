"""Prescribed loads for planned sets: e1RM and the RTS chart, rounded to the lifter's plates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from alloy_desktop.domain.catalog import MovementInfo, is_lifting
from alloy_desktop.domain.enums import (
    E1RMFormula,
    Equipment,
    ExerciseRole,
    MovementPattern,
    ProgressionStyle,
    WeightUnit,
)
from alloy_desktop.domain.metrics import from_display, to_display
from alloy_desktop.domain.plates import (
    Load,
    Loading,
    PlateSetup,
    closest_load,
    load_bar,
    loading_for,
    next_heavier,
    plate_words,
    warmup_ramp,
)
from alloy_desktop.domain.prescription import (
    LAYOFF_DISCOUNT,
    RELATED_MARGIN,
    WINDOW_DAYS,
    DayBest,
    LastSession,
    LoadChange,
    Source,
    after_layoff,
    autoregulate,
    calibrated_load,
    calibration_text,
    current_e1rm,
    from_related,
    in_window,
    progression_start,
    related_ratio,
    rpe_words,
    target_load,
)
from alloy_desktop.services import history, schemas, validate
from alloy_desktop.services.context import Catalog, UserContext
from alloy_desktop.services.errors import NotFound, ValidationError, domain_errors
from alloy_desktop.services.presenters import effective_exercises
from alloy_desktop.services.schemas import (
    ExercisePrescription,
    LastTime,
    PlateBreakdown,
    PlatePairs,
    SessionPrescription,
    SetPrescription,
    WarmupSet,
)
from alloy_desktop.services.settings import plate_setup
from alloy_desktop.services.user_state import fetch_rows
from alloy_desktop.store import tables
from alloy_desktop.store.lazy import lazy_module

if TYPE_CHECKING:
    from alloy_desktop.services.context import Reader
    from alloy_desktop.store import models
else:
    models = lazy_module("alloy_desktop.store.models")

MAX_LOAD_KG = 1000.0
MAX_REPS = 100
MAX_SETS = 20
MAX_REST_SECONDS = 3600
# Rest when the lifter set none for the movement and the plan names none: heavy compound
# work needs about three minutes to repeat its quality, isolation and bodyweight work less.
REST_COMPOUND = 180
REST_OTHER = 90
REST_BODYWEIGHT = 60
NO_SESSION = "That session was not found."
NO_MOVEMENT = "That movement was not found."


@dataclass(frozen=True)
class _Prefs:
    formula: E1RMFormula
    unit: WeightUnit
    setup: PlateSetup

    def words(self, value: float) -> str:
        """A weight in the lifter's unit as text: "102.5 kg"."""
        return f"{round(value, 2):g} {self.unit.value.lower()}"

    def kg_words(self, kg: float) -> str:
        return self.words(to_display(kg, self.unit))

    def e1rm_words(self, kg: float) -> str:
        # Whole numbers read best for an estimate; the exact value is in the result.
        return f"{round(to_display(kg, self.unit)):g} {self.unit.value.lower()}"


@dataclass(frozen=True)
class _Slot:
    """One planned exercise as a prescription needs it."""

    session_exercise_id: int | None
    movement: MovementInfo
    role: ExerciseRole | None
    order: int
    sets: int
    reps: int
    reps_max: int | None
    rpe: float | None
    rest_seconds: int | None
    superset_group: int | None


@dataclass(frozen=True)
class _LastDay:
    """The last training day of one movement: its best set and every (reps, RPE) group."""

    day: date
    e1rm_kg: float
    weight_kg: float
    reps: int
    rpe: float | None
    groups: tuple[history.SetGroup, ...]


@dataclass(frozen=True)
class _Basis:
    """The e1RM a slot's loads are read from, where it came from, and those words."""

    source: Source
    e1rm_kg: float | None
    text: str
    related_id: int | None = None


@dataclass(frozen=True)
class _Evidence:
    """Everything read from the log for one prescription: daily bests per movement (the
    window's, or the last day before it), each movement's last day, related lifts, rests."""

    points: dict[int, list[DayBest]]
    last: dict[int, _LastDay]
    related: dict[int, int]  # movement without history -> the related movement used
    rests: dict[int, int]
    today: date


class PrescriptionService:
    """`me.prescriptions`: what to put on the bar for every planned set, and the tools around it.

    Loads come from the lifter's current e1RM (recent daily bests, recent ones weighted
    more) read through the RTS chart for each set's reps and RPE, then rounded to what
    their plates, dumbbells or stack can make. Read-only except set_rest_seconds.
    """

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    # --- prescriptions --------------------------------------------------------------------

    def for_session(self, session_id: int) -> SessionPrescription:
        """Every planned exercise of one of the lifter's sessions (adapted, if accepted)."""
        sid = validate.identifier(session_id, "session_id")
        with self._ctx.connect() as s:
            session = self._session(s, sid)
            planned = fetch_rows(
                s,
                select(tables.session_exercises).where(
                    tables.session_exercises.c.session_id == sid
                ),
            )
            rows, _ = effective_exercises(session, planned)
            prefs = self._prefs(s)
            slots = self._slots(rows)
            style = ProgressionStyle(session["progression_style"])
            exercises = self._prescribe(s, prefs, slots, style)
        return SessionPrescription(
            session_id=sid,
            name=str(session["name"]),
            date=session["session_date"],
            unit=prefs.unit,
            is_deload=bool(session["is_deload"]),
            progression_style=style,
            exercises=exercises,
        )

    def for_exercise(
        self, movement_id: int, reps: int = 5, rpe: float | None = 8.0, sets: int = 3
    ) -> ExercisePrescription:
        """A prescription for any movement outside a plan (an added or custom exercise)."""
        movement = self._movement(movement_id)
        slot = _Slot(
            session_exercise_id=None,
            movement=movement,
            role=None,
            order=1,
            sets=validate.whole(sets, "sets", 1, MAX_SETS),
            reps=validate.whole(reps, "reps", 1, MAX_REPS),
            reps_max=None,
            rpe=validate.optional_number(rpe, "rpe", 1, 10),
            rest_seconds=None,
            superset_group=None,
        )
        with self._ctx.read() as s:
            prefs = self._prefs(s)
            return self._prescribe(s, prefs, [slot], None)[0]

    # --- between sets ---------------------------------------------------------------------

    def adjust(
        self,
        movement_id: int,
        planned_reps: int,
        planned_rpe: float | None,
        planned_load_kg: float | None,
        logged_reps: int,
        logged_rpe: float | None,
        logged_load_kg: float,
    ) -> schemas.Adjustment:
        """The next sets' load after a logged set, RTS-style, with a one-line reason.

        Each RPE point above (below) plan takes 4 % off (puts 4 % on) the load just lifted,
        missed or extra reps counting a point each, at most 10 % per set. With no planned
        load (a calibration set) the remaining sets' load is read from the logged set
        through the RTS chart.
        """
        movement = self._movement(movement_id)
        plan_reps = validate.whole(planned_reps, "planned_reps", 1, MAX_REPS)
        plan_rpe = validate.optional_number(planned_rpe, "planned_rpe", 1, 10)
        if planned_load_kg is not None:
            _load_kg(planned_load_kg, "planned_load_kg")
        done_reps = validate.whole(logged_reps, "logged_reps", 1, MAX_REPS)
        done_rpe = validate.optional_number(logged_rpe, "logged_rpe", 1, 10)
        done_kg = _load_kg(logged_load_kg, "logged_load_kg", allow_zero=True)
        with self._ctx.read() as s:
            prefs = self._prefs(s)
        loading = _loading(movement)
        if loading is Loading.BODYWEIGHT or done_kg <= 0:
            reason = (
                "Bodyweight work: aim for the planned reps at the planned RPE."
                if loading is Loading.BODYWEIGHT
                else "No load was logged, so there is nothing to adjust."
            )
            shown = to_display(done_kg, prefs.unit)
            return schemas.Adjustment(
                movement.id, done_kg, shown, prefs.unit, 0.0, False, reason, None
            )
        with domain_errors():
            if planned_load_kg is None:
                change = _after_calibration(
                    plan_reps, plan_rpe, done_kg, done_reps, done_rpe, prefs
                )
            else:
                change = autoregulate(plan_reps, plan_rpe, done_kg, done_reps, done_rpe)
            load = closest_load(to_display(change.load, prefs.unit), loading, prefs.setup)
        return schemas.Adjustment(
            movement_id=movement.id,
            load_kg=from_display(load.total, prefs.unit),
            load=load.total,
            unit=prefs.unit,
            percent=round(change.percent, 2),
            capped=change.capped,
            reason=change.reason,
            plates=_loaded(load, prefs) if load.bar is not None else None,
        )

    def plates(self, load_kg: float) -> PlateBreakdown:
        """Plates per side for a load on the lifter's bar, or the closest loadable weight."""
        kg = _load_kg(load_kg, "load_kg", allow_zero=True)
        with self._ctx.read() as s:
            prefs = self._prefs(s)
        with domain_errors():
            return _breakdown(load_bar(to_display(kg, prefs.unit), prefs.setup), prefs)

    def warmup(self, movement_id: int, working_load_kg: float) -> list[WarmupSet]:
        """The warm-up ramp to a first working set of `working_load_kg` on this movement."""
        movement = self._movement(movement_id)
        kg = _load_kg(working_load_kg, "working_load_kg")
        with self._ctx.read() as s:
            prefs = self._prefs(s)
        return list(_warmup(_loading(movement), to_display(kg, prefs.unit), prefs))

    # --- rest timer -----------------------------------------------------------------------

    def rest_seconds(self, movement_id: int) -> int | None:
        """The rest the lifter chose for this movement, or None when they never set one."""
        movement = self._movement(movement_id)
        with self._ctx.read() as s:
            return self._rests(s, [movement.id]).get(movement.id)

    def set_rest_seconds(self, movement_id: int, seconds: int | None) -> int | None:
        """Remembers the rest for this movement (0-3600 s); None forgets it."""
        movement = self._movement(movement_id)
        rest = validate.optional_whole(seconds, "seconds", 0, MAX_REST_SECONDS)
        mine = (models.MovementRestTime.user_id == self._ctx.user_id) & (
            models.MovementRestTime.movement_id == movement.id
        )
        with self._ctx.write() as s:
            if rest is None:
                s.execute(delete(models.MovementRestTime).where(mine))
                return None
            row = s.scalar(select(models.MovementRestTime).where(mine))
            if row is None:
                s.add(
                    models.MovementRestTime(
                        user_id=self._ctx.user_id,
                        movement_id=movement.id,
                        rest_seconds=rest,
                        updated_at=self._ctx.now(),
                    )
                )
            else:
                row.rest_seconds = rest
                row.updated_at = self._ctx.now()
        return rest

    # --- reading --------------------------------------------------------------------------

    def _session(self, s: Reader, session_id: int) -> dict[str, Any]:
        found = (
            s.execute(
                select(
                    tables.sessions,
                    tables.programs.c.progression_style,
                    tables.microcycles.c.is_deload,
                )
                .join(tables.programs, tables.programs.c.id == tables.sessions.c.program_id)
                .join(
                    tables.microcycles, tables.microcycles.c.id == tables.sessions.c.microcycle_id
                )
                .where(
                    tables.sessions.c.id == session_id,
                    tables.programs.c.user_id == self._ctx.user_id,
                )
            )
            .mappings()
            .first()
        )
        if found is None:
            raise NotFound(NO_SESSION)
        return dict(found)

    def _prefs(self, s: Reader) -> _Prefs:
        row = s.execute(
            select(
                tables.user_settings.c.active_e1rm_formula,
                tables.user_settings.c.weight_unit,
                tables.user_settings.c.bar_weight_kg,
                tables.user_settings.c.plates_kg,
                tables.user_settings.c.collar_weight_kg,
            ).where(tables.user_settings.c.user_id == self._ctx.user_id)
        ).first()
        # Reads never write: an account without a settings row gets the defaults.
        formula, unit_value, bar, plates, collar = row or (
            E1RMFormula.EPLEY, WeightUnit.KG, None, None, None
        )  # fmt: skip
        unit = WeightUnit(unit_value)
        return _Prefs(E1RMFormula(formula), unit, plate_setup(bar, plates, collar, unit))

    def _movement(self, movement_id: object) -> MovementInfo:
        info = self._ctx.catalog.by_id.get(validate.identifier(movement_id, "movement_id"))
        if info is None:
            raise NotFound(NO_MOVEMENT)
        return info

    def _slots(self, rows: Sequence[Mapping[str, Any]]) -> list[_Slot]:
        catalog = self._ctx.catalog
        slots = []
        for row in sorted(rows, key=lambda r: r["order_in_session"]):
            movement = catalog.by_id.get(row["movement_id"])
            if movement is None:  # an adapted plan naming a movement since deleted
                continue
            slots.append(
                _Slot(
                    session_exercise_id=row.get("id"),
                    movement=movement,
                    role=ExerciseRole(row["exercise_role"]),
                    order=int(row["order_in_session"]),
                    sets=int(row["sets"]),
                    reps=int(row["reps"]),
                    reps_max=row.get("reps_max"),
                    rpe=None if row.get("rpe") is None else float(row["rpe"]),
                    rest_seconds=row.get("rest_seconds"),
                    superset_group=row.get("superset_group"),
                )
            )
        return slots

    def _rests(self, s: Reader, movement_ids: Sequence[int]) -> dict[int, int]:
        rows = s.execute(
            select(
                tables.movement_rest_times.c.movement_id, tables.movement_rest_times.c.rest_seconds
            ).where(
                tables.movement_rest_times.c.user_id == self._ctx.user_id,
                tables.movement_rest_times.c.movement_id.in_(sorted(set(movement_ids))),
            )
        )
        return {int(m): int(sec) for m, sec in rows}

    def _evidence(self, s: Reader, prefs: _Prefs, slots: Sequence[_Slot]) -> _Evidence:
        """The log behind a whole session in a few queries: recent daily bests of every
        planned movement, the last day of each (or the last before the window for those
        without recent work), and related lifts for movements with no history at all."""
        now = self._ctx.now().astimezone(UTC)
        since = now - timedelta(days=WINDOW_DAYS)
        uid = self._ctx.user_id
        ids = sorted({slot.movement.id for slot in slots})
        points = self._points(s, prefs, ids, since)
        ranges = {m: history.day_range(days[-1].day) for m, days in points.items()}
        idle = [m for m in ids if m not in points]
        if idle:
            before = history.last_set_before(s, uid, idle, since)
            ranges.update(
                {m: history.day_range(at.astimezone(UTC).date()) for m, at in before.items()}
            )
        last = _last_days(history.set_groups_on(s, uid, ranges), prefs.formula)
        for m in idle:
            if m in last:  # the day before the window stands in for recent history
                points[m] = [DayBest(last[m].day, last[m].e1rm_kg)]
        unknown = [
            slot.movement
            for slot in slots
            if _loading(slot.movement) is not Loading.BODYWEIGHT
            and not any(p.e1rm > 0 for p in points.get(slot.movement.id, ()))
        ]
        related = self._related(s, prefs, unknown, since, now.date(), points)
        return _Evidence(points, last, related, self._rests(s, ids), now.date())

    def _points(
        self, s: Reader, prefs: _Prefs, ids: Sequence[int], since: datetime
    ) -> dict[int, list[DayBest]]:
        """Per movement its daily best e1RMs since `since`, oldest first."""
        best: dict[tuple[int, date], float] = {}
        for m, at, e1rm in history.workout_best_e1rm(
            s, self._ctx.user_id, ids, prefs.formula, since
        ):
            key = (m, at.astimezone(UTC).date())
            best[key] = max(e1rm, best.get(key, e1rm))
        points: dict[int, list[DayBest]] = {}
        for (m, day), e1rm in sorted(best.items()):
            points.setdefault(m, []).append(DayBest(day, e1rm))
        return points

    def _related(
        self,
        s: Reader,
        prefs: _Prefs,
        movements: Sequence[MovementInfo],
        since: datetime,
        today: date,
        points: dict[int, list[DayBest]],
    ) -> dict[int, int]:
        """For each movement without history, the related one with the most recent evidence:
        most days in the window, then the latest day."""
        if not movements:
            return {}
        candidates = _related_candidates(self._ctx.catalog, movements)
        # Planned movements were read already; only the other candidates are fetched.
        wanted = sorted({c for ids in candidates.values() for c in ids} - points.keys())
        points.update(self._points(s, prefs, wanted, since))
        chosen: dict[int, int] = {}
        for movement in movements:
            scored = [
                (sum(1 for p in points[c] if p.e1rm > 0), points[c][-1].day, -c)
                for c in candidates.get(movement.id, ())
                if c in points and current_e1rm(points[c], today) is not None
            ]
            if scored:
                chosen[movement.id] = -max(scored)[2]
        return chosen

    # --- building -------------------------------------------------------------------------

    def _prescribe(
        self,
        s: Reader,
        prefs: _Prefs,
        slots: Sequence[_Slot],
        style: ProgressionStyle | None,
    ) -> tuple[ExercisePrescription, ...]:
        evidence = self._evidence(s, prefs, slots)
        labels = _superset_labels(slots)
        with domain_errors():
            return tuple(
                self._exercise(slot, prefs, evidence, style, labels.get(i, ""))
                for i, slot in enumerate(slots)
            )

    def _exercise(
        self,
        slot: _Slot,
        prefs: _Prefs,
        evidence: _Evidence,
        style: ProgressionStyle | None,
        label: str,
    ) -> ExercisePrescription:
        movement = slot.movement
        loading = _loading(movement)
        own = evidence.points.get(movement.id, [])
        last = evidence.last.get(movement.id)
        basis = self._basis(slot, loading, own, evidence, prefs)
        first, progression = _first_load(slot, loading, basis, last, evidence.today, style, prefs)
        rest, remembered = _rest(slot, loading, evidence.rests)
        return ExercisePrescription(
            session_exercise_id=slot.session_exercise_id,
            movement_id=movement.id,
            movement_name=movement.name,
            equipment=Equipment(movement.equipment),
            loading=loading,
            role=slot.role,
            order=slot.order,
            superset_group=slot.superset_group,
            superset_label=label,
            sets=_sets(slot, basis, first, prefs),
            source=basis.source,
            source_text=basis.text,
            progression=progression,
            e1rm_kg=basis.e1rm_kg,
            related_movement_id=basis.related_id,
            plates=None if first is None or first.bar is None else _loaded(first, prefs),
            warmup=_warmup(loading, first.total, prefs) if first and _ramps(slot) else (),
            last_time=None if last is None else _last_time(last, prefs),
            rest_seconds=rest,
            rest_remembered=remembered,
        )

    def _basis(
        self,
        slot: _Slot,
        loading: Loading,
        own: Sequence[DayBest],
        evidence: _Evidence,
        prefs: _Prefs,
    ) -> _Basis:
        """The fallback chain: own history, own older history, a related lift, calibration."""
        if loading is Loading.BODYWEIGHT:
            return _Basis(Source.BODYWEIGHT, None, "Bodyweight work: reps, not load.")
        recent = current_e1rm(own, evidence.today)
        if recent is not None:
            count = sum(1 for p in own if p.e1rm > 0 and in_window(p.day, evidence.today))
            weighting = ", the latest counting most" if count > 1 else ""
            sessions = f"{count} session{'s' if count > 1 else ''}"
            return _Basis(
                Source.HISTORY,
                recent,
                f"From your e1RM of {prefs.e1rm_words(recent)} "
                f"({sessions} in the last {WINDOW_DAYS // 7} weeks{weighting}).",
            )
        old = [p for p in own if p.e1rm > 0]
        if old:
            last = old[-1]
            weeks = (evidence.today - last.day).days // 7
            return _Basis(
                Source.LAYOFF,
                after_layoff(last.e1rm),
                f"From your e1RM of {prefs.e1rm_words(last.e1rm)} on "
                f"{_day_words(last.day)}, less {LAYOFF_DISCOUNT:.0%} after {weeks} weeks away.",
            )
        related_id = evidence.related.get(slot.movement.id)
        if related_id is not None:
            return self._related_basis(slot.movement, related_id, evidence, prefs)
        return _Basis(
            Source.CALIBRATION,
            None,
            f"No history for this lift or a similar one yet. "
            f"{calibration_text(slot.reps, slot.rpe)}, then use that load for the other sets.",
        )

    def _related_basis(
        self, movement: MovementInfo, related_id: int, evidence: _Evidence, prefs: _Prefs
    ) -> _Basis:
        related = self._ctx.catalog.by_id[related_id]
        base = current_e1rm(evidence.points[related_id], evidence.today) or 0.0
        ratio = related_ratio(movement.name, related.name, MovementPattern(movement.pattern))
        margin = 1 - RELATED_MARGIN
        return _Basis(
            Source.RELATED,
            from_related(base, ratio),
            f"Estimated from your {related.name} (e1RM {prefs.e1rm_words(base)}): "
            f"about {ratio:.0%} of it, less {margin:.0%} for a new movement.",
            related_id,
        )


# --- pure helpers ---------------------------------------------------------------------------


def _loading(movement: MovementInfo) -> Loading:
    return loading_for(Equipment(movement.equipment), loaded=is_lifting(movement))


def _load_kg(value: object, field: str, allow_zero: bool = False) -> float:
    kg = validate.number(value, field, 0, MAX_LOAD_KG)
    if kg <= 0 and not allow_zero:
        raise ValidationError(field, "The load must be more than zero.")
    return kg


def _last_days(groups: Sequence[history.SetGroup], formula: E1RMFormula) -> dict[int, _LastDay]:
    """Per movement its (one) day in `groups`, with the best set: e1RM, then weight."""
    by_movement: dict[int, list[history.SetGroup]] = {}
    for group in groups:
        by_movement.setdefault(group.movement_id, []).append(group)
    last: dict[int, _LastDay] = {}
    for movement_id, items in by_movement.items():
        scored = [(history.python_e1rm(g.weight_kg, g.reps, g.rpe, formula), g) for g in items]
        e1rm, top = max(scored, key=lambda pair: (pair[0], pair[1].weight_kg))
        last[movement_id] = _LastDay(top.day, e1rm, top.weight_kg, top.reps, top.rpe, tuple(items))
    return last


def _related_candidates(
    catalog: Catalog, movements: Sequence[MovementInfo]
) -> dict[int, list[int]]:
    """Same pattern and equipment, lifting work, not the movement itself."""
    keys = {(m.pattern, m.equipment) for m in movements}
    pool: dict[tuple[MovementPattern, Equipment], list[int]] = {key: [] for key in keys}
    for info in catalog.movements:
        key = (info.pattern, info.equipment)
        if key in pool and is_lifting(info):
            pool[key].append(info.id)
    return {m.id: [c for c in pool[(m.pattern, m.equipment)] if c != m.id] for m in movements}


def _superset_labels(slots: Sequence[_Slot]) -> dict[int, str]:
    """ "A1", "A2", "B1" ... by slot index for exercises sharing a superset group."""
    members: dict[int, list[int]] = {}
    for index, slot in enumerate(slots):
        if slot.superset_group is not None:
            members.setdefault(slot.superset_group, []).append(index)
    labels: dict[int, str] = {}
    groups = [indexes for indexes in members.values() if len(indexes) > 1]
    for letter, indexes in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", groups, strict=False):
        labels.update({index: f"{letter}{n}" for n, index in enumerate(indexes, 1)})
    return labels


def _last_session(last: _LastDay | None, today: date) -> LastSession | None:
    """The last recent day's heaviest load and the reps of each set at it."""
    if last is None or not in_window(last.day, today) or last.e1rm_kg <= 0:
        return None
    top = max(g.weight_kg for g in last.groups)
    return LastSession(top, tuple(g.reps for g in last.groups if g.weight_kg == top))


def _first_load(
    slot: _Slot,
    loading: Loading,
    basis: _Basis,
    last_day: _LastDay | None,
    today: date,
    style: ProgressionStyle | None,
    prefs: _Prefs,
) -> tuple[Load | None, str]:
    """The working sets' load (None: calibrate or bodyweight) and the progression's words."""
    if basis.e1rm_kg is None:
        return None, ""
    wanted = to_display(target_load(basis.e1rm_kg, slot.reps, slot.rpe), prefs.unit)
    last = _last_session(last_day, today) if basis.source is Source.HISTORY else None
    shown = None
    heavier = 0.0
    if last is not None:
        shown = LastSession(to_display(last.load, prefs.unit), last.reps_at_load)
        heavier = next_heavier(shown.load, loading, prefs.setup).total
    start = progression_start(style, wanted, shown, slot.reps_max or slot.reps, heavier)
    return closest_load(start.load, loading, prefs.setup), start.reason


def _sets(
    slot: _Slot, basis: _Basis, load: Load | None, prefs: _Prefs
) -> tuple[SetPrescription, ...]:
    reps = (
        f"{slot.reps}-{slot.reps_max}"
        if slot.reps_max and slot.reps_max > slot.reps
        else str(slot.reps)
    )
    sets = []
    for number in range(1, slot.sets + 1):
        load_kg = None if load is None else from_display(load.total, prefs.unit)
        if load is not None:
            text = f"{prefs.words(load.total)} × {reps}{_at_rpe(slot.rpe)}"
        elif slot.role is ExerciseRole.COOLDOWN:  # a cool-down's reps are seconds held
            text = f"Hold {slot.reps} s"
        elif basis.source is Source.BODYWEIGHT:
            text = f"{reps} reps{_at_rpe(slot.rpe)}"
        elif number == 1:
            text = calibration_text(slot.reps, slot.rpe)
        else:
            text = f"{reps}{_at_rpe(slot.rpe)} with the load you worked up to"
        sets.append(
            SetPrescription(
                set_number=number,
                reps=slot.reps,
                reps_max=slot.reps_max,
                rpe=slot.rpe,
                load_kg=load_kg,
                load=None if load is None else load.total,
                unit=prefs.unit,
                text=text,
            )
        )
    return tuple(sets)


def _after_calibration(
    planned_reps: int,
    planned_rpe: float | None,
    logged_kg: float,
    logged_reps: int,
    logged_rpe: float | None,
    prefs: _Prefs,
) -> LoadChange:
    """The remaining sets' load read off the RPE chart from a calibration set (no cap)."""
    load = calibrated_load(logged_kg, logged_reps, logged_rpe, planned_reps, planned_rpe)
    reason = (
        f"From your calibration set ({prefs.kg_words(logged_kg)} × {logged_reps}"
        f"{_at_rpe(logged_rpe)}): the remaining sets read off the RPE chart."
    )
    return LoadChange(load, (load / logged_kg - 1) * 100, 0.0, False, reason)


def _at_rpe(rpe: float | None) -> str:
    return "" if rpe is None else f" @ RPE {rpe_words(rpe)}"


def _ramps(slot: _Slot) -> bool:
    """Compound and main lifts get a ramp; isolation work warms up with its first set."""
    if slot.role in (ExerciseRole.WARMUP, ExerciseRole.COOLDOWN):
        return False
    return slot.movement.is_compound or slot.role is ExerciseRole.MAIN


def _warmup(loading: Loading, working: float, prefs: _Prefs) -> tuple[WarmupSet, ...]:
    with domain_errors():
        steps = warmup_ramp(working, loading, prefs.setup)
    sets = []
    for number, step in enumerate(steps, 1):
        percent = None if step.share is None else round(step.share * 100)
        if percent is None:
            text = f"Bar × {step.reps}"
        else:
            text = f"{prefs.words(step.load.total)} × {step.reps} ({percent}%)"
        sets.append(
            WarmupSet(
                set_number=number,
                load_kg=from_display(step.load.total, prefs.unit),
                load=step.load.total,
                unit=prefs.unit,
                reps=step.reps,
                percent=percent,
                per_side_text=plate_words(step.load.per_side),
                text=text,
            )
        )
    return tuple(sets)


def _breakdown(load: Load, prefs: _Prefs) -> PlateBreakdown:
    side = plate_words(load.per_side) or "Empty bar"
    text = (
        f"{prefs.words(load.total)}: {side} a side"
        if load.per_side
        else f"{prefs.words(load.total)}: empty bar"
    )
    message = ""
    if not load.is_exact:
        message = (
            f"Closest you can load: {prefs.words(load.total)}, "
            f"{prefs.words(abs(load.difference))} {load.direction} {prefs.words(load.target)}"
        )
        if load.direction == "below" and load.target > load.total and _all_on(load, prefs):
            message += " (every plate you have is on)"
        message += "."
    return PlateBreakdown(
        target_kg=from_display(load.target, prefs.unit),
        load_kg=from_display(load.total, prefs.unit),
        load=load.total,
        unit=prefs.unit,
        bar=load.bar or 0.0,
        collar=load.collar,
        per_side=tuple(PlatePairs(weight, n) for weight, n in load.per_side),
        per_side_text=side,
        direction=load.direction,
        difference=load.difference,
        text=text,
        message=message,
    )


def _loaded(load: Load, prefs: _Prefs) -> PlateBreakdown:
    """The breakdown of a prescribed load: rounding to plates is no news to the lifter, so
    the target is the load itself, unless the plates ran out before the target."""
    ran_out = load.direction == "below" and _all_on(load, prefs)
    return _breakdown(load if ran_out else replace(load, target=load.total), prefs)


def _all_on(load: Load, prefs: _Prefs) -> bool:
    loading = Loading.BAR if load.bar == prefs.setup.bar else Loading.EZ_BAR
    return next_heavier(load.total, loading, prefs.setup).total <= load.total


def _last_time(last: _LastDay, prefs: _Prefs) -> LastTime:
    weight = to_display(last.weight_kg, prefs.unit)
    load = prefs.words(weight) if last.weight_kg > 0 else "Bodyweight"
    e1rm = f", e1RM {prefs.e1rm_words(last.e1rm_kg)}" if last.e1rm_kg > 0 else ""
    return LastTime(
        date=last.day,
        weight_kg=last.weight_kg,
        weight=weight,
        unit=prefs.unit,
        reps=last.reps,
        rpe=last.rpe,
        e1rm_kg=last.e1rm_kg,
        e1rm=to_display(last.e1rm_kg, prefs.unit),
        text=f"{_day_words(last.day)}: {load} × {last.reps}{_at_rpe(last.rpe)}{e1rm}",
    )


def _day_words(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _rest(slot: _Slot, loading: Loading, remembered: Mapping[int, int]) -> tuple[int, bool]:
    """The lifter's own rest for the movement, else the plan's, else one by kind of work."""
    if slot.movement.id in remembered:
        return remembered[slot.movement.id], True
    if slot.rest_seconds is not None:
        return int(slot.rest_seconds), False
    if loading is Loading.BODYWEIGHT:
        return REST_BODYWEIGHT, False
    return (REST_COMPOUND if slot.movement.is_compound else REST_OTHER), False
