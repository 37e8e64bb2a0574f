"""A small hand-made movement catalog for planner tests, and a loader for the real library."""

from __future__ import annotations

import json
from pathlib import Path

from alloy_desktop.domain.catalog import MovementInfo
from alloy_desktop.domain.enums import Equipment, Level, MovementPattern, MuscleGroup

P = MovementPattern
E = Equipment
L = Level
G = MuscleGroup

REPO = Path(__file__).resolve().parents[3]
MOVEMENTS_JSON = REPO / "seed_data" / "movements.json"
HEURISTICS_JSON = REPO / "seed_data" / "heuristics.json"


def mv(
    id: int,
    name: str,
    pattern: MovementPattern,
    equipment: Equipment,
    primary: tuple[MuscleGroup, ...],
    secondary: tuple[MuscleGroup, ...] = (),
    *,
    level: Level = L.BEGINNER,
    category: str = "strength",
    compound: bool = True,
) -> MovementInfo:
    return MovementInfo(
        id=id,
        name=name,
        pattern=pattern,
        equipment=equipment,
        level=level,
        category=category,
        is_compound=compound,
        primary=frozenset(primary),
        secondary=frozenset(secondary),
    )


def stretch(id: int, name: str, primary: tuple[MuscleGroup, ...]) -> MovementInfo:
    return mv(id, name, P.MOBILITY, E.NONE, primary, category="stretching", compound=False)


def iso(
    id: int,
    name: str,
    pattern: MovementPattern,
    equipment: Equipment,
    primary: tuple[MuscleGroup, ...],
    secondary: tuple[MuscleGroup, ...] = (),
) -> MovementInfo:
    return mv(id, name, pattern, equipment, primary, secondary, compound=False)


LEGS_2 = (G.GLUTES, G.HAMSTRINGS)
PRESS_2 = (G.FRONT_DELTS, G.TRICEPS)
ROW_2 = (G.LATS, G.BICEPS, G.REAR_DELTS)

CATALOG: tuple[MovementInfo, ...] = (
    # squat
    mv(1, "Barbell Squat", P.SQUAT, E.BARBELL, (G.QUADS,), (*LEGS_2, G.LOWER_BACK)),
    mv(2, "Front Barbell Squat", P.SQUAT, E.BARBELL, (G.QUADS,), LEGS_2, level=L.EXPERT),
    mv(3, "Goblet Squat", P.SQUAT, E.KETTLEBELLS, (G.QUADS,), LEGS_2),
    mv(4, "Dumbbell Squat", P.SQUAT, E.DUMBBELL, (G.QUADS,), LEGS_2),
    mv(5, "Leg Press", P.SQUAT, E.MACHINE, (G.QUADS,), LEGS_2),
    mv(6, "Bodyweight Squat", P.SQUAT, E.BODY_ONLY, (G.QUADS,), LEGS_2),
    # hinge
    mv(10, "Barbell Deadlift", P.HINGE, E.BARBELL, (G.LOWER_BACK,), (*LEGS_2, G.QUADS, G.TRAPS)),
    mv(11, "Romanian Deadlift", P.HINGE, E.BARBELL, (G.HAMSTRINGS,), (G.GLUTES, G.LOWER_BACK)),
    mv(12, "Stiff-Legged Dumbbell Deadlift", P.HINGE, E.DUMBBELL, (G.HAMSTRINGS,), (G.GLUTES,)),
    mv(13, "Barbell Hip Thrust", P.HINGE, E.BARBELL, (G.GLUTES,), (G.HAMSTRINGS,)),
    mv(14, "Single Leg Glute Bridge", P.HINGE, E.BODY_ONLY, (G.GLUTES,), (G.HAMSTRINGS,)),
    mv(15, "One-Arm Kettlebell Swings", P.HINGE, E.KETTLEBELLS, (G.HAMSTRINGS,), (G.GLUTES,)),
    # lunge
    mv(20, "Dumbbell Lunges", P.LUNGE, E.DUMBBELL, (G.QUADS,), LEGS_2),
    mv(21, "Barbell Lunge", P.LUNGE, E.BARBELL, (G.QUADS,), LEGS_2, level=L.INTERMEDIATE),
    mv(22, "Bodyweight Walking Lunge", P.LUNGE, E.NONE, (G.QUADS,), LEGS_2),
    # horizontal push
    mv(30, "Barbell Bench Press - Medium Grip", P.HORIZONTAL_PUSH, E.BARBELL, (G.CHEST,), PRESS_2),
    mv(31, "Dumbbell Bench Press", P.HORIZONTAL_PUSH, E.DUMBBELL, (G.CHEST,), PRESS_2),
    mv(32, "Incline Dumbbell Press", P.HORIZONTAL_PUSH, E.DUMBBELL, (G.CHEST,), PRESS_2),
    mv(33, "Pushups", P.HORIZONTAL_PUSH, E.BODY_ONLY, (G.CHEST,), PRESS_2),
    mv(
        34,
        "Close-Grip Barbell Bench Press",
        P.HORIZONTAL_PUSH,
        E.BARBELL,
        (G.TRICEPS,),
        (G.CHEST, G.FRONT_DELTS),
    ),
    mv(35, "Machine Bench Press", P.HORIZONTAL_PUSH, E.MACHINE, (G.CHEST,), PRESS_2),
    # vertical push
    mv(40, "Standing Military Press", P.VERTICAL_PUSH, E.BARBELL, (G.FRONT_DELTS,), (G.TRICEPS,)),
    mv(41, "Dumbbell Shoulder Press", P.VERTICAL_PUSH, E.DUMBBELL, (G.FRONT_DELTS,), (G.TRICEPS,)),
    mv(
        42,
        "Handstand Push-Ups",
        P.VERTICAL_PUSH,
        E.BODY_ONLY,
        (G.FRONT_DELTS,),
        (G.TRICEPS,),
        level=L.EXPERT,
    ),
    # horizontal pull
    mv(50, "Bent Over Barbell Row", P.HORIZONTAL_PULL, E.BARBELL, (G.UPPER_BACK,), ROW_2),
    mv(51, "One-Arm Dumbbell Row", P.HORIZONTAL_PULL, E.DUMBBELL, (G.UPPER_BACK,), ROW_2),
    mv(52, "Seated Cable Rows", P.HORIZONTAL_PULL, E.CABLE, (G.UPPER_BACK,), ROW_2),
    mv(53, "Inverted Row", P.HORIZONTAL_PULL, E.BODY_ONLY, (G.UPPER_BACK,), ROW_2),
    # vertical pull
    mv(60, "Pullups", P.VERTICAL_PULL, E.BODY_ONLY, (G.LATS,), (G.BICEPS, G.UPPER_BACK)),
    mv(61, "Wide-Grip Lat Pulldown", P.VERTICAL_PULL, E.CABLE, (G.LATS,), (G.BICEPS, G.UPPER_BACK)),
    mv(62, "Chin-Up", P.VERTICAL_PULL, E.BODY_ONLY, (G.LATS,), (G.BICEPS,)),
    # upper isolation
    iso(70, "Side Lateral Raise", P.ISOLATION_UPPER, E.DUMBBELL, (G.SIDE_DELTS,)),
    iso(71, "Cable Seated Lateral Raise", P.ISOLATION_UPPER, E.CABLE, (G.SIDE_DELTS,)),
    iso(72, "Reverse Flyes", P.ISOLATION_UPPER, E.DUMBBELL, (G.REAR_DELTS,), (G.UPPER_BACK,)),
    iso(73, "Dumbbell Bicep Curl", P.ISOLATION_UPPER, E.DUMBBELL, (G.BICEPS,), (G.FOREARMS,)),
    iso(74, "Hammer Curls", P.ISOLATION_UPPER, E.DUMBBELL, (G.BICEPS,), (G.FOREARMS,)),
    iso(75, "Barbell Curl", P.ISOLATION_UPPER, E.BARBELL, (G.BICEPS,), (G.FOREARMS,)),
    iso(76, "Triceps Pushdown", P.ISOLATION_UPPER, E.CABLE, (G.TRICEPS,)),
    iso(77, "Standing Dumbbell Triceps Extension", P.ISOLATION_UPPER, E.DUMBBELL, (G.TRICEPS,)),
    iso(78, "Dumbbell Flyes", P.ISOLATION_UPPER, E.DUMBBELL, (G.CHEST,)),
    iso(79, "Cable Crossover", P.ISOLATION_UPPER, E.CABLE, (G.CHEST,), (G.FRONT_DELTS,)),
    iso(80, "Straight-Arm Pulldown", P.ISOLATION_UPPER, E.CABLE, (G.LATS,)),
    iso(81, "Straight-Arm Dumbbell Pullover", P.ISOLATION_UPPER, E.DUMBBELL, (G.LATS,), (G.CHEST,)),
    # lower isolation
    iso(90, "Leg Extensions", P.ISOLATION_LOWER, E.MACHINE, (G.QUADS,)),
    iso(91, "Lying Leg Curls", P.ISOLATION_LOWER, E.MACHINE, (G.HAMSTRINGS,)),
    iso(92, "Standing Calf Raises", P.ISOLATION_LOWER, E.MACHINE, (G.CALVES,)),
    iso(93, "Standing Dumbbell Calf Raise", P.ISOLATION_LOWER, E.DUMBBELL, (G.CALVES,)),
    iso(94, "Floor Glute-Ham Raise", P.ISOLATION_LOWER, E.BODY_ONLY, (G.HAMSTRINGS,), (G.GLUTES,)),
    # core, carry
    iso(100, "Plank", P.CORE, E.BODY_ONLY, (G.ABS,)),
    iso(101, "Cable Crunch", P.CORE, E.CABLE, (G.ABS,)),
    iso(102, "Russian Twist", P.ROTATION, E.BODY_ONLY, (G.OBLIQUES,)),
    mv(103, "Farmer's Walk", P.CARRY, E.DUMBBELL, (G.FOREARMS,), (G.TRAPS, G.ABS)),
    # olympic, plyometric, conditioning
    mv(
        110,
        "Power Clean",
        P.OLYMPIC,
        E.BARBELL,
        (G.HAMSTRINGS,),
        (G.QUADS, G.GLUTES, G.TRAPS),
        level=L.INTERMEDIATE,
        category="olympic weightlifting",
    ),
    mv(
        111,
        "Box Jump (Multiple Response)",
        P.PLYOMETRIC,
        E.OTHER,
        (G.QUADS,),
        LEGS_2,
        category="plyometrics",
    ),
    mv(112, "Plyo Push-up", P.PLYOMETRIC, E.BODY_ONLY, (G.CHEST,), PRESS_2, category="plyometrics"),
    mv(
        113,
        "Rowing, Stationary",
        P.CONDITIONING,
        E.MACHINE,
        (G.QUADS,),
        (G.UPPER_BACK,),
        category="cardio",
    ),
    mv(114, "Rope Jumping", P.CONDITIONING, E.OTHER, (G.CALVES,), (G.QUADS,), category="cardio"),
    mv(115, "Burpee", P.CONDITIONING, E.BODY_ONLY, (G.QUADS,), (G.CHEST,), category="cardio"),
    # stretches and mobility drills
    stretch(120, "Arm Circles", (G.FRONT_DELTS,)),
    stretch(121, "Standing Hip Circles", (G.ABDUCTORS,)),
    stretch(122, "World's Greatest Stretch", (G.HAMSTRINGS,)),
    stretch(123, "Cat Stretch", (G.LOWER_BACK,)),
    stretch(124, "Quad Stretch", (G.QUADS,)),
    stretch(125, "Hamstring Stretch", (G.HAMSTRINGS,)),
    stretch(126, "Chest And Front Of Shoulder Stretch", (G.CHEST,)),
    stretch(127, "One Arm Against Wall", (G.LATS,)),
    stretch(128, "Triceps Stretch", (G.TRICEPS,)),
    stretch(129, "Standing Biceps Stretch", (G.BICEPS,)),
    stretch(130, "Calf Stretch Hands Against Wall", (G.CALVES,)),
    stretch(131, "Knee Across The Body", (G.GLUTES,)),
    stretch(132, "Upper Back Stretch", (G.UPPER_BACK,)),
    stretch(133, "Groiners", (G.ADDUCTORS,)),
    stretch(134, "Shoulder Stretch", (G.SIDE_DELTS,)),
)

BY_ID: dict[int, MovementInfo] = {m.id: m for m in CATALOG}
BY_NAME: dict[str, MovementInfo] = {m.name: m for m in CATALOG}


def named(name: str) -> MovementInfo:
    return BY_NAME[name]


def _muscles(entry: dict[str, object], role: str) -> frozenset[MuscleGroup]:
    muscles = entry.get("muscles") or []
    assert isinstance(muscles, list)
    return frozenset(
        MuscleGroup(str(m["muscle_group"])) for m in muscles if str(m.get("role")) == role
    )


def load_library() -> tuple[MovementInfo, ...] | None:
    """The real library (seed_data/movements.json) as MovementInfo, or None if not built yet.

    Ids are 1-based positions in the file, as a fresh database would number them.
    """
    if not MOVEMENTS_JSON.exists():
        return None
    raw = json.loads(MOVEMENTS_JSON.read_text(encoding="utf-8"))
    entries = raw["movements"] if isinstance(raw, dict) else raw
    library = []
    for number, entry in enumerate(entries, start=1):
        library.append(
            MovementInfo(
                id=number,
                name=str(entry["name"]),
                pattern=MovementPattern(entry["pattern"]),
                equipment=Equipment(entry.get("equipment") or "NONE"),
                level=Level(entry["level"]),
                category=str(entry.get("category") or ""),
                is_compound=bool(entry.get("is_compound")),
                primary=_muscles(entry, "PRIMARY"),
                secondary=_muscles(entry, "SECONDARY"),
            )
        )
    return tuple(library)


def load_landmarks() -> dict[MuscleGroup, tuple[int, int]]:
    """MEV/MRV per muscle group from seed_data/heuristics.json, or {} if not built yet."""
    if not HEURISTICS_JSON.exists():
        return {}
    raw = json.loads(HEURISTICS_JSON.read_text(encoding="utf-8"))
    table = raw.get("mev_mrv", {})
    return {MuscleGroup(group): (int(v["mev"]), int(v["mrv"])) for group, v in table.items()}
