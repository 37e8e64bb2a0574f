"""Custom exercise editor state: a new or existing movement's name, pattern, kit and muscles."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import Equipment, MovementPattern, MuscleGroup
from alloy_desktop.domain.exercise_guess import guess_exercise
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.recovery import MUSCLE_NAMES
from alloy_desktop.ui.viewmodels.session import MOVEMENTS, AppSession
from alloy_desktop.ui.viewmodels.workout_logger import MovementChoice, choice_from_movement

PATTERN_NAMES: dict[MovementPattern, str] = {
    MovementPattern.SQUAT: "Squat",
    MovementPattern.HINGE: "Hinge (deadlift, hip thrust)",
    MovementPattern.LUNGE: "Lunge or split squat",
    MovementPattern.HORIZONTAL_PUSH: "Horizontal push (bench, push-up)",
    MovementPattern.VERTICAL_PUSH: "Vertical push (overhead press)",
    MovementPattern.HORIZONTAL_PULL: "Horizontal pull (rows)",
    MovementPattern.VERTICAL_PULL: "Vertical pull (pull-up, pulldown)",
    MovementPattern.CARRY: "Carry",
    MovementPattern.CORE: "Core",
    MovementPattern.ROTATION: "Rotation",
    MovementPattern.PLYOMETRIC: "Jumps and throws",
    MovementPattern.CONDITIONING: "Conditioning",
    MovementPattern.MOBILITY: "Mobility or stretch",
    MovementPattern.ISOLATION_UPPER: "Upper-body isolation (curls, raises)",
    MovementPattern.ISOLATION_LOWER: "Lower-body isolation (leg curl, calf raise)",
    MovementPattern.OLYMPIC: "Olympic lift",
}
EQUIPMENT_NAMES: dict[Equipment, str] = {
    Equipment.BARBELL: "Barbell",
    Equipment.DUMBBELL: "Dumbbells",
    Equipment.KETTLEBELLS: "Kettlebells",
    Equipment.CABLE: "Cable",
    Equipment.MACHINE: "Machine",
    Equipment.BANDS: "Bands",
    Equipment.BODY_ONLY: "Bodyweight",
    Equipment.EZ_CURL_BAR: "EZ-curl bar",
    Equipment.MEDICINE_BALL: "Medicine ball",
    Equipment.EXERCISE_BALL: "Exercise ball",
    Equipment.FOAM_ROLL: "Foam roller",
    Equipment.OTHER: "Other",
    Equipment.NONE: "No equipment",
}
# Offered in the editor; NONE stays out because "Bodyweight" says the same to a lifter.
EQUIPMENT_CHOICES = tuple(e for e in Equipment if e is not Equipment.NONE)
# Patterns the api always stores as compound (multi-joint), whatever the tick box says.
COMPOUND_PATTERNS = frozenset(
    {
        MovementPattern.SQUAT,
        MovementPattern.HINGE,
        MovementPattern.LUNGE,
        MovementPattern.HORIZONTAL_PUSH,
        MovementPattern.VERTICAL_PUSH,
        MovementPattern.HORIZONTAL_PULL,
        MovementPattern.VERTICAL_PULL,
        MovementPattern.CARRY,
        MovementPattern.OLYMPIC,
    }
)


@dataclass(frozen=True)
class ExerciseForm:
    """What the editor shows and sends."""

    name: str = ""
    pattern: MovementPattern = MovementPattern.ISOLATION_UPPER
    equipment: Equipment = Equipment.OTHER
    primary: tuple[MuscleGroup, ...] = ()
    secondary: tuple[MuscleGroup, ...] = ()
    is_compound: bool = False

    def request(self) -> schemas.CustomMovementCreate:
        return schemas.CustomMovementCreate(
            name=self.name,
            pattern=self.pattern,
            equipment=self.equipment,
            primary_muscles=self.primary,
            secondary_muscles=tuple(m for m in self.secondary if m not in self.primary),
            is_compound=self.is_compound,
        )


def suggested_form(name: str) -> ExerciseForm:
    """A new exercise named `name`, its pattern and muscles guessed from the words in it."""
    guess = guess_exercise(name) if name.strip() else None
    if guess is None:
        return ExerciseForm(name=name.strip())
    return ExerciseForm(
        name=name.strip(),
        pattern=guess.pattern,
        primary=tuple(guess.primary),
        secondary=tuple(guess.secondary),
        is_compound=guess.pattern in COMPOUND_PATTERNS,
    )


def form_of(movement: schemas.MovementResponse) -> ExerciseForm:
    return ExerciseForm(
        name=movement.name,
        pattern=MovementPattern(movement.pattern),
        equipment=Equipment(movement.equipment),
        primary=tuple(MuscleGroup(m) for m in movement.primary_muscles),
        secondary=tuple(MuscleGroup(m) for m in movement.secondary_muscles),
        is_compound=movement.is_compound,
    )


class CustomExerciseViewModel(ViewModel):
    """Creates a custom exercise, or edits one (`movement_id`); emits `saved` with the result."""

    loaded = Signal(object)  # ExerciseForm
    saved = Signal(object)  # MovementChoice

    def __init__(
        self,
        session: AppSession,
        movement_id: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.movement_id = movement_id
        self.form = ExerciseForm()

    @property
    def is_new(self) -> bool:
        return self.movement_id is None

    def pattern_choices(self) -> list[tuple[MovementPattern, str]]:
        return list(PATTERN_NAMES.items())

    def equipment_choices(self) -> list[tuple[Equipment, str]]:
        return [(e, EQUIPMENT_NAMES[e]) for e in EQUIPMENT_CHOICES]

    def muscle_choices(self) -> list[tuple[MuscleGroup, str]]:
        return list(MUSCLE_NAMES.items())

    def always_compound(self, pattern: MovementPattern | str) -> bool:
        """Whether this pattern is compound whatever the lifter ticks."""
        return MovementPattern(pattern) in COMPOUND_PATTERNS

    def start(self, name: str = "") -> None:
        """Fills the form: the movement being edited, or a guess from the name given."""
        if self.movement_id is None:
            self._on_loaded(suggested_form(name))
            return
        me, movement_id = self.session.me, self.movement_id
        self.call(lambda: form_of(me.library.get(movement_id)), self._on_loaded)

    def save(self, form: ExerciseForm) -> None:
        """Creates or updates the exercise; the api's errors name the field to fix."""
        me, movement_id, request = self.session.me, self.movement_id, form.request()
        if movement_id is None:
            self.call(lambda: me.exercises.create(request), self._on_saved)
        else:
            self.call(lambda: me.exercises.update(movement_id, request), self._on_saved)

    def _on_loaded(self, form: ExerciseForm) -> None:
        self.form = form
        self.loaded.emit(form)

    def _on_saved(self, movement: schemas.MovementResponse) -> None:
        self.movement_id = movement.id
        self.form = form_of(movement)
        # Pages showing the exercise's name (charts, plans) reload it.
        self.session.notify(MOVEMENTS)
        choice: MovementChoice = choice_from_movement(movement)
        self.saved.emit(choice)
