"""The import use-case: preview (read, map, check) and commit (one transaction)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from alloy_desktop.domain.catalog import MovementInfo
from alloy_desktop.domain.enums import E1RMFormula, SetType, WeightUnit
from alloy_desktop.domain.exercise_guess import guess_exercise
from alloy_desktop.domain.metrics import from_display, to_display
from alloy_desktop.services import day_bests, validate
from alloy_desktop.services.context import Catalog, UserContext, load_catalog, merged
from alloy_desktop.services.errors import AlloyError, NotFound, ValidationError
from alloy_desktop.services.exercises import create_custom
from alloy_desktop.services.imports import records
from alloy_desktop.services.imports.matching import Matcher, normalise
from alloy_desktop.services.imports.model import (
    MAX_NAME_CHARS,
    MAX_PROBLEMS_SHOWN,
    MAX_WEIGHT_KG,
    ParsedFile,
    ParsedWorkout,
)
from alloy_desktop.services.imports.readers import read_export
from alloy_desktop.services.imports.writer import Batch, WrittenCounts, write_batch
from alloy_desktop.services.schemas import (
    CustomMovementCreate,
    ImportMapping,
    ImportPreview,
    ImportProblem,
    ImportResult,
)
from alloy_desktop.store.models import (
    ActivityDefinition,
    ActivityInstance,
    ExerciseNameMapping,
    UserSettings,
    WorkoutLog,
)

HOW_REMEMBERED = "remembered"
HOW_MATCHED = "matched"
HOW_CUSTOM = "custom"
HOW_ACTIVITY = "activity"
NEW_CUSTOM = "New custom exercise"
PROGRESS_STEPS = 40  # the GUI's bar moves this many times over a commit, whatever its size


class ImportCancelled(AlloyError):
    """The lifter pressed Cancel; nothing was written."""


@dataclass(frozen=True)
class _Plan:
    """What commit will write: the parsed file with its sets' weights in kilograms."""

    parsed: ParsedFile
    unit: WeightUnit


class ImportService:
    """`me.imports`: preview(path) then commit(preview, overrides)."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    # --- Preview --------------------------------------------------------------------------

    def preview(
        self,
        path: str | Path,
        unit: WeightUnit | str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportPreview:
        """Reads the file and says what an import would write; writes nothing."""
        chosen = validate.optional_enum(WeightUnit, unit, "unit")
        file_path = _path(path)
        parsed = read_export(file_path, chosen, progress)
        return self._preview_of(str(file_path), parsed, chosen)

    def with_unit(self, preview: ImportPreview, unit: WeightUnit | str) -> ImportPreview:
        """The same preview read in another unit (Strong files do not say kg or lb)."""
        checked = _preview(preview)
        chosen = validate.enum_value(WeightUnit, unit, "unit", "Unit")
        plan: _Plan = checked.parsed
        return self._preview_of(checked.path, plan.parsed, chosen)

    def _preview_of(
        self, path: str, parsed: ParsedFile, chosen: WeightUnit | None
    ) -> ImportPreview:
        unit = parsed.unit or chosen or self._display_unit()
        checked, late = _checked_weights(parsed, unit)
        problems = sorted(parsed.problems + late, key=lambda p: (p.line, p.field))
        sets = [one for w in checked.workouts for one in w.sets]
        days = [w.started_at.date() for w in checked.workouts]
        return ImportPreview(
            path=path,
            format=checked.format,
            format_label=checked.format_label,
            rows_read=checked.rows_read,
            workouts=sum(1 for w in checked.workouts if w.sets),
            sets=sum(1 for one in sets if one.set_type is not SetType.WARMUP),
            warmup_sets=sum(1 for one in sets if one.set_type is SetType.WARMUP),
            activities=sum(len(w.activities) for w in checked.workouts),
            first_day=min(days) if days else None,
            last_day=max(days) if days else None,
            unit=unit,
            unit_from_file=parsed.unit is not None,
            duplicates=self._duplicates(checked),
            mappings=self._mappings(checked),
            problems=tuple(problems[:MAX_PROBLEMS_SHOWN]),
            problems_total=len(problems),
            parsed=_Plan(parsed, unit),
        )

    def _display_unit(self) -> WeightUnit:
        with self._ctx.read() as s:
            stored = s.scalar(
                select(UserSettings.weight_unit).where(UserSettings.user_id == self._ctx.user_id)
            )
        return WeightUnit(stored or WeightUnit.KG)

    def _duplicates(self, parsed: ParsedFile) -> int:
        keys = {w.key for w in parsed.workouts if w.sets}
        with self._ctx.read() as s:
            return len(keys & _existing_keys(s, self._ctx.user_id, WorkoutLog))

    def _mappings(self, parsed: ParsedFile) -> tuple[ImportMapping, ...]:
        counts = Counter(one.exercise for w in parsed.workouts for one in w.sets)
        cardio = Counter(a.exercise for w in parsed.workouts for a in w.activities)
        with self._ctx.read() as s:
            remembered = _remembered(s, self._ctx.user_id)
        matcher = Matcher(self._ctx.catalog.movements)
        mappings = [self._mapping(name, n, remembered, matcher) for name, n in counts.items()]
        mappings += [_activity_mapping(name, n) for name, n in cardio.items()]
        return tuple(sorted(mappings, key=lambda m: (-m.sets, m.source_name.casefold())))

    def _mapping(
        self, name: str, sets: int, remembered: Mapping[str, int], matcher: Matcher
    ) -> ImportMapping:
        catalog = self._ctx.catalog
        known = remembered.get(normalise(name))
        match = matcher.match(name)
        if known is not None and known in catalog.by_id:
            return ImportMapping(
                name, sets, known, catalog.name(known), 1.0, HOW_REMEMBERED, match.equipment_hint
            )
        if match.movement_id is None:
            return ImportMapping(
                name, sets, None, NEW_CUSTOM, match.confidence, HOW_CUSTOM, match.equipment_hint
            )
        movement = catalog.by_id[match.movement_id]
        how = HOW_CUSTOM if movement.is_custom else HOW_MATCHED
        return ImportMapping(
            name, sets, movement.id, movement.name, match.confidence, how, match.equipment_hint
        )

    # --- Commit ---------------------------------------------------------------------------

    def commit(
        self,
        preview: ImportPreview,
        overrides: Mapping[str, int | None] | None = None,
        unit: WeightUnit | str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportResult:
        """Writes the previewed file in one transaction; duplicates of earlier imports skipped.

        `overrides` maps a source name to a movement id (or None: make it a new custom
        exercise). Those choices are remembered for the next import. Cancel or any failure
        writes nothing.
        """
        checked = _preview(preview)
        if unit is not None:
            checked = self.with_unit(checked, unit)
        plan: _Plan = checked.parsed
        parsed, _ = _checked_weights(plan.parsed, plan.unit)
        choices = self._choices(checked, overrides)
        report = _Progress(progress, cancelled, _work(parsed))
        with self._ctx.write() as s:
            created = self._create_customs(s, checked, choices, parsed)
            resolved = {name: created.get(name, mid) for name, mid in choices.items()}
            self._remember(s, checked, resolved, overrides or {})
            catalog = self._ctx.catalog
            if created:  # the cached catalog does not know the movements made just now
                catalog = merged(self._ctx.app.catalog, load_catalog(s, self._ctx.user_id))
            counts = self._write(s, parsed, plan.unit, resolved, report, catalog)
            report(report.total)  # a Cancel pressed during the last rows still writes nothing
        if created:
            self._ctx.app.forget_custom(self._ctx.user_id)
        days = [w.started_at.date() for w in parsed.workouts]
        return ImportResult(
            workouts=counts.workouts,
            sets=counts.sets,
            warmup_sets=counts.warmup_sets,
            activities=counts.activities,
            duplicates_skipped=counts.duplicates,
            custom_exercises_created=tuple(sorted(created, key=str.casefold)),
            first_day=min(days) if days else None,
            last_day=max(days) if days else None,
        )

    def _choices(
        self, preview: ImportPreview, overrides: Mapping[str, int | None] | None
    ) -> dict[str, int | None]:
        """Source name -> movement id (None: create a custom exercise) after the overrides."""
        choices = {m.source_name: m.movement_id for m in preview.mappings if m.how != HOW_ACTIVITY}
        if overrides is None:
            return choices
        if not isinstance(overrides, Mapping):
            raise ValidationError("overrides", "Mapping changes must be a name-to-exercise table.")
        for name, movement_id in overrides.items():
            if name not in choices:
                raise ValidationError(
                    "overrides", f'"{str(name)[:80]}" is not an exercise of this file.'
                )
            if movement_id is None:
                choices[name] = None
                continue
            mid = validate.identifier(movement_id, f"overrides[{name[:40]}]")
            if mid not in self._ctx.catalog.by_id:
                raise NotFound("That movement was not found.")
            choices[name] = mid
        return choices

    def _create_customs(
        self,
        s: Session,
        preview: ImportPreview,
        choices: Mapping[str, int | None],
        parsed: ParsedFile,
    ) -> dict[str, int]:
        """A custom exercise for every name mapped to nothing; name -> new movement id."""
        hints = {m.source_name: m.equipment_hint for m in preview.mappings}
        bodyweight = _bodyweight_names(parsed)
        created: dict[str, int] = {}
        for name, movement_id in choices.items():
            if movement_id is None:
                request = self._custom_request(name, hints.get(name), name in bodyweight)
                created[name] = create_custom(s, self._ctx, request)
        return created

    def _custom_request(
        self, name: str, equipment: object, bodyweight: bool
    ) -> CustomMovementCreate:
        guess = guess_exercise(name)
        if guess is None:
            # Nothing in the name says what it trains: borrow the nearest library movement's.
            nearest = _nearest(self._ctx.catalog.movements, name)
            pattern, primary = nearest.pattern, tuple(nearest.primary)
            secondary = tuple(nearest.secondary)
        else:
            pattern, primary, secondary = guess.pattern, guess.primary, guess.secondary
        kit = equipment or ("BODY_ONLY" if bodyweight else "OTHER")
        return CustomMovementCreate(
            name=name[:MAX_NAME_CHARS].strip() or "Imported exercise",
            pattern=pattern,
            equipment=str(kit),
            primary_muscles=tuple(sorted(primary)),
            secondary_muscles=tuple(sorted(secondary)),
        )

    def _remember(
        self,
        s: Session,
        preview: ImportPreview,
        resolved: Mapping[str, int | None],
        overrides: Mapping[str, int | None],
    ) -> None:
        """Keeps the lifter's choices and the custom exercises made, for the next import."""
        made = {m.source_name for m in preview.mappings if m.movement_id is None}
        keep = {name for name in resolved if name in overrides or name in made}
        rows = [
            {
                "user_id": self._ctx.user_id,
                "source_name": normalise(name)[:MAX_NAME_CHARS],
                "movement_id": resolved[name],
                "updated_at": self._ctx.now(),
            }
            for name in sorted(keep)
            if resolved[name] is not None
        ]
        if not rows:
            return
        names = [row["source_name"] for row in rows]
        s.execute(
            delete(ExerciseNameMapping).where(
                ExerciseNameMapping.user_id == self._ctx.user_id,
                ExerciseNameMapping.source_name.in_(names),
            )
        )
        s.execute(insert(ExerciseNameMapping), rows)

    def _write(
        self,
        s: Session,
        parsed: ParsedFile,
        unit: WeightUnit,
        resolved: Mapping[str, int | None],
        report: _Progress,
        catalog: Catalog,
    ) -> WrittenCounts:
        formula, decay = _prefs(s, self._ctx.user_id)
        seen = _existing_keys(s, self._ctx.user_id, WorkoutLog)
        seen_activities = _existing_keys(s, self._ctx.user_id, ActivityInstance)
        batch = Batch(
            user_id=self._ctx.user_id,
            catalog=catalog,
            movement_of={k: v for k, v in resolved.items() if v is not None},
            unit=unit,
            formula=formula,
            activities=_activity_definitions(s),
            now=self._ctx.now(),
            decay_hours=decay,
        )
        counts = write_batch(s, batch, parsed.workouts, seen, seen_activities, report)
        day_bests.rebuild(s, self._ctx.user_id, counts.movement_ids)
        records.recompute(s, self._ctx.user_id, counts.movement_ids, formula)
        return counts


class _Progress:
    """Calls the GUI's progress callback now and then and raises if Cancel was pressed."""

    def __init__(
        self,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        total: int,
    ) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self.total = max(total, 1)
        self._step = max(self.total // PROGRESS_STEPS, 1)
        self._next = 0

    def __call__(self, done: int) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled("The import was cancelled; nothing was written.")
        if self._progress is not None and (done >= self._next or done >= self.total):
            self._progress(min(done, self.total), self.total)
            self._next = done + self._step


# --- Helpers --------------------------------------------------------------------------------


def _path(value: object) -> Path:
    if isinstance(value, Path):
        return value
    text = validate.text(value, "path", 4096, required=True)
    return Path(text).expanduser()


def _preview(value: object) -> ImportPreview:
    preview = validate.request(value, ImportPreview, "preview", "An import preview")
    if not isinstance(preview.parsed, _Plan):
        raise ValidationError("preview", "Preview the file again before importing it.")
    return preview


def _work(parsed: ParsedFile) -> int:
    return sum(len(w.sets) + len(w.activities) for w in parsed.workouts)


def _checked_weights(
    parsed: ParsedFile, unit: WeightUnit
) -> tuple[ParsedFile, list[ImportProblem]]:
    """Drops sets heavier than anyone lifts once the unit is known; reports each."""
    limit = to_display(MAX_WEIGHT_KG, unit)
    problems: list[ImportProblem] = []
    workouts: list[ParsedWorkout] = []
    for workout in parsed.workouts:
        kept = [one for one in workout.sets if from_display(one.weight, unit) <= MAX_WEIGHT_KG]
        for one in workout.sets:
            if from_display(one.weight, unit) > MAX_WEIGHT_KG:
                message = (
                    f"Weight {one.weight:g} {unit.value.lower()} is more than "
                    f"{limit:.0f} {unit.value.lower()}; the set was left out."
                )
                problems.append(ImportProblem(one.line, "Weight", message))
        if kept or workout.activities:
            workouts.append(replace(workout, sets=kept))
    return replace(parsed, workouts=workouts), problems


def _existing_keys(
    s: Session, user_id: int, table: type[WorkoutLog] | type[ActivityInstance]
) -> set[str]:
    rows = s.execute(
        select(table.import_key).where(table.user_id == user_id, table.import_key.is_not(None))
    ).scalars()
    return {str(key) for key in rows}


def _remembered(s: Session, user_id: int) -> dict[str, int]:
    rows = s.execute(
        select(ExerciseNameMapping.source_name, ExerciseNameMapping.movement_id).where(
            ExerciseNameMapping.user_id == user_id
        )
    ).all()
    return {str(name): int(mid) for name, mid in rows}


def _activity_mapping(name: str, count: int) -> ImportMapping:
    return ImportMapping(name, count, None, name, 1.0, HOW_ACTIVITY)


def _bodyweight_names(parsed: ParsedFile) -> set[str]:
    loaded: dict[str, bool] = {}
    for workout in parsed.workouts:
        for one in workout.sets:
            loaded[one.exercise] = loaded.get(one.exercise, False) or one.weight > 0
    return {name for name, any_load in loaded.items() if not any_load}


def _nearest(movements: tuple[MovementInfo, ...] | list[MovementInfo], name: str) -> MovementInfo:
    from rapidfuzz import fuzz, process

    library = [m for m in movements if not m.is_custom and m.primary]
    found = process.extractOne(
        normalise(name), [normalise(m.name) for m in library], scorer=fuzz.token_set_ratio
    )
    return library[found[2]] if found else library[0]


def _prefs(s: Session, user_id: int) -> tuple[E1RMFormula, float]:
    row = s.execute(
        select(UserSettings.active_e1rm_formula, UserSettings.soreness_decay_hours).where(
            UserSettings.user_id == user_id
        )
    ).first()
    if row is None:
        return E1RMFormula.EPLEY, 48.0
    return E1RMFormula(row[0]), float(row[1])


def _activity_definitions(s: Session) -> dict[str, tuple[int, str]]:
    rows = s.execute(select(ActivityDefinition.id, ActivityDefinition.name)).all()
    return {normalise(name): (int(aid), str(name)) for aid, name in rows}
