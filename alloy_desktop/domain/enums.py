"""Enumerations from the spec's appendix, plus the vocabulary the desktop app adds."""

from __future__ import annotations

from enum import StrEnum


class Goal(StrEnum):
    STRENGTH = "STRENGTH"
    HYPERTROPHY = "HYPERTROPHY"
    ENDURANCE = "ENDURANCE"
    MOBILITY = "MOBILITY"
    SKILL = "SKILL"
    FAT_LOSS = "FAT_LOSS"


class SplitTemplate(StrEnum):
    HYBRID = "HYBRID"
    UPPER_LOWER = "UPPER_LOWER"
    PPL = "PPL"
    FULL_BODY = "FULL_BODY"
    BODY_PART_SPLIT = "BODY_PART_SPLIT"
    PUSH_PULL = "PUSH_PULL"


class ProgressionStyle(StrEnum):
    SINGLE_PROGRESSION = "SINGLE_PROGRESSION"
    DOUBLE_PROGRESSION = "DOUBLE_PROGRESSION"
    WAVE_LOADING = "WAVE_LOADING"
    BLOCK_PERIODIZATION = "BLOCK_PERIODIZATION"


class SessionType(StrEnum):
    STRENGTH = "STRENGTH"
    HYPERTROPHY = "HYPERTROPHY"
    ENDURANCE = "ENDURANCE"
    MOBILITY = "MOBILITY"
    SKILL = "SKILL"
    CONDITIONING = "CONDITIONING"
    RECOVERY = "RECOVERY"


class MicrocycleStatus(StrEnum):
    PLANNED = "PLANNED"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class ExerciseRole(StrEnum):
    WARMUP = "WARMUP"
    MAIN = "MAIN"
    ACCESSORY = "ACCESSORY"
    FINISHER = "FINISHER"
    COOLDOWN = "COOLDOWN"
    SKILL = "SKILL"


class E1RMFormula(StrEnum):
    EPLEY = "EPLEY"
    BRZYCKI = "BRZYCKI"
    LOMBARDI = "LOMBARDI"
    OCONNER = "OCONNER"


class ExperienceLevel(StrEnum):
    BEGINNER = "BEGINNER"
    INTERMEDIATE = "INTERMEDIATE"
    ADVANCED = "ADVANCED"
    EXPERT = "EXPERT"


class PersonaTone(StrEnum):
    """Union of the spec's two lists (data model section and appendix)."""

    DRILL_SERGEANT = "DRILL_SERGEANT"
    SUPPORTIVE = "SUPPORTIVE"
    ANALYTICAL = "ANALYTICAL"
    MOTIVATIONAL = "MOTIVATIONAL"
    MINIMALIST = "MINIMALIST"
    NEUTRAL = "NEUTRAL"
    DIRECT = "DIRECT"


class PersonaAggression(StrEnum):
    """Union of the spec's two lists, ordered from gentlest to hardest."""

    CONSERVATIVE = "CONSERVATIVE"
    MODERATE_CONSERVATIVE = "MODERATE_CONSERVATIVE"
    BALANCED = "BALANCED"
    MODERATE_AGGRESSIVE = "MODERATE_AGGRESSIVE"
    AGGRESSIVE = "AGGRESSIVE"


class CircuitType(StrEnum):
    METCON = "METCON"
    EMOM = "EMOM"
    AMRAP = "AMRAP"
    TABATA = "TABATA"
    COMPLEX = "COMPLEX"
    CIRCUIT = "CIRCUIT"


class ActivitySource(StrEnum):
    MANUAL = "MANUAL"
    SCHEDULED = "SCHEDULED"
    GENERATED = "GENERATED"


class SetType(StrEnum):
    """How a logged set was done; warm-ups are kept but count for no record, chart or volume."""

    NORMAL = "NORMAL"
    WARMUP = "WARMUP"
    DROP = "DROP"
    FAILURE = "FAILURE"


class BodyPart(StrEnum):
    CHEST = "CHEST"
    BACK = "BACK"
    LEGS = "LEGS"
    SHOULDERS = "SHOULDERS"
    ARMS = "ARMS"
    CORE = "CORE"


class MuscleGroup(StrEnum):
    """Finer muscle groups; each belongs to one BodyPart (see MUSCLE_GROUP_BODY_PART)."""

    QUADS = "QUADS"
    HAMSTRINGS = "HAMSTRINGS"
    GLUTES = "GLUTES"
    CALVES = "CALVES"
    ADDUCTORS = "ADDUCTORS"
    ABDUCTORS = "ABDUCTORS"
    CHEST = "CHEST"
    LATS = "LATS"
    UPPER_BACK = "UPPER_BACK"
    LOWER_BACK = "LOWER_BACK"
    TRAPS = "TRAPS"
    FRONT_DELTS = "FRONT_DELTS"
    SIDE_DELTS = "SIDE_DELTS"
    REAR_DELTS = "REAR_DELTS"
    BICEPS = "BICEPS"
    TRICEPS = "TRICEPS"
    FOREARMS = "FOREARMS"
    ABS = "ABS"
    OBLIQUES = "OBLIQUES"
    NECK = "NECK"


MUSCLE_GROUP_BODY_PART: dict[MuscleGroup, BodyPart] = {
    MuscleGroup.QUADS: BodyPart.LEGS,
    MuscleGroup.HAMSTRINGS: BodyPart.LEGS,
    MuscleGroup.GLUTES: BodyPart.LEGS,
    MuscleGroup.CALVES: BodyPart.LEGS,
    MuscleGroup.ADDUCTORS: BodyPart.LEGS,
    MuscleGroup.ABDUCTORS: BodyPart.LEGS,
    MuscleGroup.CHEST: BodyPart.CHEST,
    MuscleGroup.LATS: BodyPart.BACK,
    MuscleGroup.UPPER_BACK: BodyPart.BACK,
    MuscleGroup.LOWER_BACK: BodyPart.BACK,
    MuscleGroup.TRAPS: BodyPart.BACK,
    MuscleGroup.FRONT_DELTS: BodyPart.SHOULDERS,
    MuscleGroup.SIDE_DELTS: BodyPart.SHOULDERS,
    MuscleGroup.REAR_DELTS: BodyPart.SHOULDERS,
    MuscleGroup.BICEPS: BodyPart.ARMS,
    MuscleGroup.TRICEPS: BodyPart.ARMS,
    MuscleGroup.FOREARMS: BodyPart.ARMS,
    MuscleGroup.ABS: BodyPart.CORE,
    MuscleGroup.OBLIQUES: BodyPart.CORE,
    MuscleGroup.NECK: BodyPart.SHOULDERS,
}


class MovementPattern(StrEnum):
    SQUAT = "SQUAT"
    HINGE = "HINGE"
    LUNGE = "LUNGE"
    HORIZONTAL_PUSH = "HORIZONTAL_PUSH"
    VERTICAL_PUSH = "VERTICAL_PUSH"
    HORIZONTAL_PULL = "HORIZONTAL_PULL"
    VERTICAL_PULL = "VERTICAL_PULL"
    CARRY = "CARRY"
    CORE = "CORE"
    ROTATION = "ROTATION"
    PLYOMETRIC = "PLYOMETRIC"
    CONDITIONING = "CONDITIONING"
    MOBILITY = "MOBILITY"
    ISOLATION_UPPER = "ISOLATION_UPPER"
    ISOLATION_LOWER = "ISOLATION_LOWER"
    OLYMPIC = "OLYMPIC"


class MuscleRole(StrEnum):
    PRIMARY = "PRIMARY"
    SECONDARY = "SECONDARY"


class MovementRuleType(StrEnum):
    HARD_NO = "HARD_NO"
    AVOID = "AVOID"
    INJURY = "INJURY"


class RuleTarget(StrEnum):
    """What a movement rule names: one movement, a whole pattern, or a body part."""

    MOVEMENT = "MOVEMENT"
    PATTERN = "PATTERN"
    BODY_PART = "BODY_PART"


class RecoverySignalLevel(StrEnum):
    """The coarse recovery signal of an adaptation request."""

    POOR = "POOR"
    FAIR = "FAIR"
    GOOD = "GOOD"
    EXCELLENT = "EXCELLENT"


class ConversationStatus(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


class ConversationRole(StrEnum):
    USER = "USER"
    ASSISTANT = "ASSISTANT"
    SYSTEM = "SYSTEM"


class Equipment(StrEnum):
    """Equipment labels of the exercise library (free-exercise-db), upper-cased."""

    BARBELL = "BARBELL"
    DUMBBELL = "DUMBBELL"
    KETTLEBELLS = "KETTLEBELLS"
    CABLE = "CABLE"
    MACHINE = "MACHINE"
    BANDS = "BANDS"
    BODY_ONLY = "BODY_ONLY"
    EZ_CURL_BAR = "EZ_CURL_BAR"
    MEDICINE_BALL = "MEDICINE_BALL"
    EXERCISE_BALL = "EXERCISE_BALL"
    FOAM_ROLL = "FOAM_ROLL"
    OTHER = "OTHER"
    NONE = "NONE"


class Level(StrEnum):
    BEGINNER = "BEGINNER"
    INTERMEDIATE = "INTERMEDIATE"
    EXPERT = "EXPERT"


class WeightUnit(StrEnum):
    KG = "KG"
    LB = "LB"


class DayOutcome(StrEnum):
    """How a calendar day turned out, for the calendar and adherence."""

    PLANNED = "PLANNED"
    COMPLETED = "COMPLETED"
    MISSED = "MISSED"
    REST = "REST"
    DELOAD = "DELOAD"


class CoachLinkStatus(StrEnum):
    """Where an invitation between a coach and an athlete stands."""

    PENDING = "PENDING"  # the coach asked; the athlete has not answered
    ACCEPTED = "ACCEPTED"  # the coach sees the athlete's training and plans for them
    DECLINED = "DECLINED"  # the athlete said no
    ENDED = "ENDED"  # either side ended it; the coach sees nothing any more
