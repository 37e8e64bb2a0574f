"""Request and result dataclasses of the api, named after the spec's schemas; never ORM objects."""

# They live in two modules: `startup` holds what Today's first paint reads (its plan, the
# calendar, prescribed loads, the user), `more` everything else. Creating a frozen dataclass costs
# about a millisecond, so `more` loads on the first use of one of its names rather than at
# every start; to callers this package is one module either way.

# ruff: noqa: F405 - the names of __all__ come from the two modules' star imports

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from alloy_desktop.domain.time_estimation import SessionTimeBreakdown
from alloy_desktop.services.schemas import startup
from alloy_desktop.services.schemas.startup import *  # noqa: F403

if TYPE_CHECKING:
    from alloy_desktop.services.schemas.more import *  # noqa: F403


# Every request and result type: those of `startup`, the time breakdown (re-exported: it is
# part of the contract), and those of `more`, named here so that they resolve unloaded.
__all__ = [
    *startup.__all__,
    "SessionTimeBreakdown",
    "AcceptPlanRequest",
    "AdaptationResponse",
    "AdaptedExerciseResponse",
    "Adjustment",
    "BodyWeightCreate",
    "BodyWeightEntry",
    "CoachStreamEvent",
    "InjuryCreate",
    "InjuryResponse",
    "InterferenceCheck",
    "MicrocycleResponse",
    "MovementRuleCreate",
    "MovementRuleResponse",
    "ProfileResponse",
    "ProfileUpdate",
    "ProgramCreate",
    "ProgramResponse",
    "RemovedExerciseResponse",
    "SchedulingPreferences",
    "SessionDesignReport",
    "SettingsResponse",
    "SettingsUpdate",
    "SorenessInput",
    "SubstituteResponse",
    "SubstitutionResponse",
    "TokenResponse",
    "ActivityDefinitionResponse",
    "ActivityInstanceCreate",
    "ActivityInstanceResponse",
    "AdherenceResponse",
    "AthleteSummary",
    "BackupSummary",
    "CircuitAdminDetail",
    "CircuitExerciseInput",
    "CircuitExerciseResponse",
    "CircuitResponse",
    "CircuitTemplateUpdate",
    "CoachChangeResponse",
    "CoachLinkResponse",
    "CoachLinks",
    "CoachProposalResponse",
    "CompletedExercise",
    "CompletedSet",
    "CustomExercise",
    "CustomMovementCreate",
    "CustomWorkoutLogCreate",
    "E1RMPoint",
    "ExerciseEdit",
    "HealthResponse",
    "HistoryExercise",
    "HistoryQuery",
    "HistoryRow",
    "HistorySet",
    "ImportMapping",
    "ImportPreview",
    "ImportProblem",
    "ImportResult",
    "LLMHealthResponse",
    "LastPerformance",
    "LiftTrend",
    "LoggedExerciseResponse",
    "LoggedSetResponse",
    "MovementResponse",
    "MuscleRecoveryStateResponse",
    "Page",
    "PersonalRecord",
    "RecoverySignalCreate",
    "RecoverySignalResponse",
    "RoutineCreate",
    "RoutineExerciseInput",
    "RoutineExerciseResponse",
    "RoutineResponse",
    "SetEdit",
    "SorenessLogCreate",
    "SorenessLogResponse",
    "SubstitutePickResponse",
    "WeeklyHardSets",
    "WorkoutDetail",
    "WorkoutDraftResponse",
    "WorkoutEdit",
    "WorkoutLogCreate",
    "WorkoutLogResponse",
    "WorkoutSummary",
]


_MORE = "alloy_desktop.services.schemas.more"


def __getattr__(name: str) -> Any:
    """A schema of `more`, loaded (once) when first asked for."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_MORE), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
