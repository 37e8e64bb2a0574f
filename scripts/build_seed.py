"""Builds seed_data/ (movements, circuits, heuristics, activities, manifest) from shared data."""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from alloy_desktop.domain.enums import (  # noqa: E402
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    CircuitType,
    Equipment,
    Goal,
    Level,
    MovementPattern,
    MuscleGroup,
    MuscleRole,
)

Json = dict[str, Any]
P = MovementPattern
SEED_VERSION = 1
FILE_VERSION = 1
DATASET_SIZE = 873
MAX_SCORING_CHARS = 100

# ---------------------------------------------------------------------------------------------
# Movement patterns: explicit overrides, then category, then ordered name rules, then muscles.
# ---------------------------------------------------------------------------------------------

PATTERN_OVERRIDES: dict[str, MovementPattern] = {
    "Frog_Hops": P.PLYOMETRIC,  # filed under stretching, but it is a series of broad jumps
    "Split_Squats": P.PLYOMETRIC,  # filed under stretching, but it is a jumping split squat
    "Isometric_Chest_Squeezes": P.ISOLATION_UPPER,  # filed under plyometrics
    "Medicine_Ball_Full_Twist": P.ROTATION,  # filed under plyometrics
    "Mountain_Climbers": P.CONDITIONING,  # filed under plyometrics
    "Push_Up_to_Side_Plank": P.HORIZONTAL_PUSH,  # a push-up first; "plank" would say CORE
    "Kneeling_Squat": P.HINGE,  # hips sit back to the heels and extend: a kneeling hinge
    "One_Leg_Barbell_Squat": P.LUNGE,  # rear foot on a bench: a Bulgarian split squat
}

CATEGORY_PATTERNS: dict[str, MovementPattern] = {
    "stretching": P.MOBILITY,
    "cardio": P.CONDITIONING,
    "plyometrics": P.PLYOMETRIC,
}


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


NAME_RULES: tuple[tuple[MovementPattern, re.Pattern[str]], ...] = (
    (P.MOBILITY, _rx(r"stretch|-smr\b")),
    (
        P.CONDITIONING,
        _rx(r"(backward|forward|sled) drags?|battling ropes|sled push|prowler|backward walk"),
    ),
    (P.CARRY, _rx(r"farmer|yoke|carry|conan")),
    (P.HINGE, _rx(r"(clean|snatch) deadlift")),
    (P.SQUAT, _rx(r"clean grip")),
    (P.OLYMPIC, _rx(r"\b(clean|snatch|jerk)\b|high pull\b|rack delivery")),
    (P.PLYOMETRIC, _rx(r"jump|plyo|slam|throw")),
    (P.CORE, _rx(r"get-up")),
    (P.LUNGE, _rx(r"lunge|split squat|step[- ]?ups?\b")),
    (
        P.ROTATION,
        _rx(
            r"russian twist|plate twist|barbell twist|oblique twist|wood ?chop|with rotation"
            r"|landmine 180|judo flip|cable lift|spell caster"
        ),
    ),
    (
        P.CORE,
        _rx(
            r"crunch|sit-?ups?\b|plank|\bleg raises?\b|knee/hip raise|hip raise|rollout|ab roller"
            r"|jackknife|\bpike\b|dead bug|pull-in|leg tucks|heel touch|side bend|side bridge"
            r"|windmill|pallof|otis|butt-ups|bottoms up|cocoons|elbow to knee|spider crawl"
            r"|fallout|wind sprints|air bike|pass between|figure 8"
        ),
    ),
    (P.ISOLATION_UPPER, _rx(r"shrug|upright")),
    (
        P.ISOLATION_LOWER,
        _rx(
            r"\bcalf\b|calves|leg curl|hamstring curl|leg extension|glute[- ]ham|adduct|abduct"
            r"|hip flexion|hip extension|glute kickback|legged cable kickback|flutter kick"
            r"|monster walk|hamstring slides"
        ),
    ),
    (
        P.HINGE,
        _rx(
            r"deadlift|\brdl\b|good ?mornings?|hip thrust|glute bridge|hip lift|\bbridge\)?$"
            r"|hip bridge|swings?\b|hyperextension|back extension|pull through|rack pulls?"
            r"|atlas stone|keg load|sandbag load|tire flip|power stairs|stiff[- ]leg"
        ),
    ),
    (P.SQUAT, _rx(r"squat|leg press|\bhack\b|thruster|wall-ball")),
    (
        P.VERTICAL_PUSH,
        _rx(
            r"military|shoulder press|overhead press|push press|handstand|arnold|bradford"
            r"|jammer|see-?saw press|para press|log lift|circus bell|bent press|press.*behind"
        ),
    ),
    (
        P.HORIZONTAL_PULL,
        _rx(
            r"\brows?\b|bench pull|face pull|pull apart|reverse (machine )?fl(y|ye|yes)\b"
            r"|rear delt fly|back flyes|rear lateral|rear delt raise"
            r"|bent over low-pulley side lateral"
        ),
    ),
    (P.ISOLATION_UPPER, _rx(r"tri(cep|ceps)? press|jm press|tate press")),
    (
        P.HORIZONTAL_PUSH,
        _rx(
            r"bench press|push-?ups?\b|pushups|\bdips?\b|chest press|floor press|\bfl(y|ye|yes)\b"
            r"|crossover|cross over|butterfly|cable iron cross|svend|around the worlds"
            r"|isometric wipers|bench to skull"
        ),
    ),
    (P.ISOLATION_UPPER, _rx(r"straight-arm|pullover")),
    (
        P.VERTICAL_PULL,
        _rx(
            r"pull-?ups?\b|pullups?\b|pull ups|\bchins?\b|pulldown|muscle up|rope climb"
            r"|london bridge"
        ),
    ),
    (
        P.ISOLATION_UPPER,
        _rx(
            r"curl|extension|raise|kickback|pushdown|skull ?crusher|lateral|scaption|rotation"
            r"|wrist|finger|pinch|hand squeeze|car drivers|crucifix|body-up|power partials"
            r"|pirate ships|iron cross|deltoid"
        ),
    ),
)

GENERIC_PRESS = _rx(r"\bpress")
UPPER_LABELS = frozenset(
    {"chest", "lats", "middle back", "shoulders", "biceps", "triceps", "forearms", "traps", "neck"}
)
COMPOUND_FALLBACK: dict[str, MovementPattern] = {
    "quadriceps": P.SQUAT,
    "hamstrings": P.HINGE,
    "glutes": P.HINGE,
    "lower back": P.HINGE,
    "chest": P.HORIZONTAL_PUSH,
    "triceps": P.HORIZONTAL_PUSH,
    "shoulders": P.VERTICAL_PUSH,
    "lats": P.VERTICAL_PULL,
    "middle back": P.HORIZONTAL_PULL,
    "traps": P.ISOLATION_UPPER,
    "biceps": P.ISOLATION_UPPER,
    "forearms": P.ISOLATION_UPPER,
    "neck": P.ISOLATION_UPPER,
    "calves": P.ISOLATION_LOWER,
    "adductors": P.ISOLATION_LOWER,
    "abductors": P.ISOLATION_LOWER,
    "abdominals": P.CORE,
}


def name_rule_pattern(name: str) -> MovementPattern | None:
    """The first ordered name rule that matches, or None."""
    lowered = name.lower()
    for pattern, regex in NAME_RULES:
        if regex.search(lowered):
            return pattern
    return None


def muscle_fallback_pattern(ex: Json) -> MovementPattern:
    """Pattern from force, mechanic and the first primary muscle when no name rule matched."""
    primary = ex["primaryMuscles"][0]
    if primary == "abdominals":
        return P.CORE
    if GENERIC_PRESS.search(ex["name"].lower()):
        return P.VERTICAL_PUSH if primary == "shoulders" else P.HORIZONTAL_PUSH
    if ex["mechanic"] == "isolation":
        return P.ISOLATION_UPPER if primary in UPPER_LABELS else P.ISOLATION_LOWER
    if primary == "shoulders" and ex["force"] == "pull":
        return P.HORIZONTAL_PULL
    return COMPOUND_FALLBACK[primary]


def derive_pattern(ex: Json) -> tuple[MovementPattern, str]:
    """The movement pattern of one exercise and which rule decided it."""
    if ex["id"] in PATTERN_OVERRIDES:
        return PATTERN_OVERRIDES[ex["id"]], "override"
    if ex["category"] in CATEGORY_PATTERNS:
        return CATEGORY_PATTERNS[ex["category"]], "category"
    if ex["equipment"] == "foam roll":
        return P.MOBILITY, "category"
    by_name = name_rule_pattern(ex["name"])
    if by_name is not None:
        return by_name, "name"
    return muscle_fallback_pattern(ex), "muscles"


ALWAYS_COMPOUND = frozenset(
    {
        P.SQUAT, P.LUNGE, P.VERTICAL_PUSH, P.VERTICAL_PULL, P.OLYMPIC, P.CARRY,
        P.HORIZONTAL_PUSH, P.HORIZONTAL_PULL,
    }
)  # fmt: skip
NEVER_COMPOUND = frozenset({P.ISOLATION_UPPER, P.ISOLATION_LOWER, P.MOBILITY})
FLY_FAMILY = _rx(
    r"\bfl(y|ye|yes)\b|crossover|cross over|butterfly|iron cross|rear lateral|rear delt raise"
    r"|pull apart|around the worlds|side lateral|isometric wipers"
)


def is_compound(ex: Json, pattern: MovementPattern) -> bool:
    """Multi-joint or not: by pattern, with fly-type and dataset-mechanic exceptions."""
    if pattern in NEVER_COMPOUND:
        return False
    if pattern in (P.HORIZONTAL_PUSH, P.HORIZONTAL_PULL) and FLY_FAMILY.search(ex["name"].lower()):
        return False
    if pattern in ALWAYS_COMPOUND:
        return True
    if pattern is P.HINGE:
        return ex["mechanic"] != "isolation"
    if ex["mechanic"] is not None:
        return bool(ex["mechanic"] == "compound")
    return pattern in (P.PLYOMETRIC, P.CONDITIONING)


# ---------------------------------------------------------------------------------------------
# Muscles: dataset label -> fine MuscleGroup (muscle_map.json default, refined by name rules).
# ---------------------------------------------------------------------------------------------

MUSCLE_FIXES: dict[str, dict[str, list[str]]] = {
    # A hip-adduction exercise whose only primary muscle is listed as quadriceps.
    "Cable_Hip_Adduction": {"primaryMuscles": ["adductors"], "secondaryMuscles": []},
}

SHOULDER_OVERRIDES: dict[str, MuscleGroup] = {
    "Front_Raise_And_Pullover": MuscleGroup.FRONT_DELTS,  # front raise first; "pullover" says rear
    "Wrist_Roller": MuscleGroup.FRONT_DELTS,  # arms held out in front, statically
    "Mountain_Climbers": MuscleGroup.FRONT_DELTS,  # plank support, not a pull
}
SHOULDER_RULES: tuple[tuple[MuscleGroup, re.Pattern[str]], ...] = (
    (MuscleGroup.SIDE_DELTS, _rx(r"upright|high pull\b")),
    (
        MuscleGroup.REAR_DELTS,
        _rx(
            r"rear[ -]delt|reverse fl[yi]|face pull|rear lateral"
            r"|bent[ -]over.*(raise|lateral|fl[yi])|external rotation|back fl[yi]|pull apart"
            r"|pullover|pull-?ups?|pullups?|\bchins?\b|pulldown|\brows?\b"
        ),
    ),
    (MuscleGroup.SIDE_DELTS, _rx(r"lateral|deltoid raise|iron cross")),
    (
        MuscleGroup.FRONT_DELTS,
        _rx(
            r"front|press|arnold|military|push|handstand|jerk|raise|thruster|jammer|log lift"
            r"|circus bell|get-up|snatch|clean|scaption|internal rotation|cable lift"
        ),
    ),
)
OBLIQUE_RULE = _rx(
    r"oblique|side bend|twist|wood ?chop|side plank|side jack|windmill|pallof|side bridge"
    r"|landmine 180|heel touch|cross-body|rotation|judo flip|cable lift|spell caster"
    r"|lateral stretch"
)


def shoulder_group(ex: Json) -> MuscleGroup:
    """Front, side or rear delts for the undivided 'shoulders' label."""
    if ex["id"] in SHOULDER_OVERRIDES:
        return SHOULDER_OVERRIDES[ex["id"]]
    lowered = ex["name"].lower()
    for group, regex in SHOULDER_RULES:
        if regex.search(lowered):
            return group
    return MuscleGroup.REAR_DELTS if ex["force"] == "pull" else MuscleGroup.FRONT_DELTS


def fine_group(label: str, ex: Json, defaults: dict[str, MuscleGroup]) -> MuscleGroup:
    """The fine muscle group of one dataset muscle label on one exercise."""
    if label == "shoulders":
        return shoulder_group(ex)
    if label == "abdominals" and OBLIQUE_RULE.search(ex["name"].lower()):
        return MuscleGroup.OBLIQUES
    return defaults[label]


def muscle_defaults(muscle_map: Json) -> dict[str, MuscleGroup]:
    """Label -> default fine group from the muscle_map.json proposal (validated against enums)."""
    return {
        label: MuscleGroup(spec["fine_default"]) for label, spec in muscle_map["muscles"].items()
    }


def build_muscles(ex: Json, defaults: dict[str, MuscleGroup]) -> list[Json]:
    """Primary then secondary muscles, one entry per fine group (PRIMARY wins a duplicate)."""
    rows: list[Json] = []
    seen: set[MuscleGroup] = set()
    roles = (
        (MuscleRole.PRIMARY, ex["primaryMuscles"]),
        (MuscleRole.SECONDARY, ex["secondaryMuscles"]),
    )
    for role, labels in roles:
        for label in labels:
            group = fine_group(label, ex, defaults)
            if group in seen:
                continue
            seen.add(group)
            rows.append(
                {
                    "muscle": label,
                    "muscle_group": group.value,
                    "body_part": MUSCLE_GROUP_BODY_PART[group].value,
                    "role": role.value,
                }
            )
    return rows


# ---------------------------------------------------------------------------------------------
# Movements
# ---------------------------------------------------------------------------------------------

ALLOY_MOVEMENTS: tuple[Json, ...] = (
    {
        "id": "alloy_run",
        "name": "Run",
        "category": "cardio",
        "equipment": "body only",
        "force": None,
        "mechanic": None,
        "level": "beginner",
        "primaryMuscles": ["quadriceps"],
        "secondaryMuscles": ["calves", "glutes", "hamstrings"],
    },
    {
        "id": "alloy_thruster",
        "name": "Thruster",
        "category": "strength",
        "equipment": "barbell",
        "force": "push",
        "mechanic": "compound",
        "level": "intermediate",
        "primaryMuscles": ["quadriceps", "shoulders"],
        "secondaryMuscles": ["abdominals", "glutes", "hamstrings", "triceps"],
    },
    {
        "id": "alloy_kettlebell_swing",
        "name": "Kettlebell Swing",
        "category": "strength",
        "equipment": "kettlebells",
        "force": "pull",
        "mechanic": "compound",
        "level": "beginner",
        "primaryMuscles": ["glutes", "hamstrings"],
        "secondaryMuscles": ["abdominals", "forearms", "lower back"],
    },
    {
        "id": "alloy_double_under",
        "name": "Double-Under",
        "category": "cardio",
        "equipment": "other",
        "force": None,
        "mechanic": None,
        "level": "intermediate",
        "primaryMuscles": ["calves"],
        "secondaryMuscles": ["forearms", "quadriceps"],
    },
    {
        "id": "alloy_wall_ball_shot",
        "name": "Wall-Ball Shot",
        "category": "strength",
        "equipment": "medicine ball",
        "force": "push",
        "mechanic": "compound",
        "level": "beginner",
        "primaryMuscles": ["quadriceps"],
        "secondaryMuscles": ["glutes", "hamstrings", "shoulders", "triceps"],
    },
    {
        "id": "alloy_pistol_squat",
        "name": "Pistol Squat",
        "category": "strength",
        "equipment": "body only",
        "force": "push",
        "mechanic": "compound",
        "level": "expert",
        "primaryMuscles": ["quadriceps"],
        "secondaryMuscles": ["abdominals", "calves", "glutes", "hamstrings"],
    },
    {
        "id": "alloy_sumo_deadlift_high_pull",
        "name": "Sumo Deadlift High Pull",
        "category": "strength",
        "equipment": "barbell",
        "force": "pull",
        "mechanic": "compound",
        "level": "intermediate",
        "primaryMuscles": ["hamstrings", "traps"],
        "secondaryMuscles": ["forearms", "glutes", "lower back", "quadriceps", "shoulders"],
    },
)


def equipment_value(label: str | None) -> str:
    """Dataset equipment label -> Equipment value ('e-z curl bar' -> EZ_CURL_BAR, None -> NONE)."""
    if label is None:
        return Equipment.NONE.value
    text = label.replace("e-z", "ez").upper()
    return Equipment(re.sub(r"[ -]+", "_", text)).value


def upper_or_none(value: str | None) -> str | None:
    """'push' -> 'PUSH'; None stays None."""
    return value.upper() if value else None


def apply_fixes(ex: Json) -> Json:
    """A copy of the exercise with the documented muscle-label fixes applied."""
    return {**ex, **MUSCLE_FIXES.get(ex["id"], {})}


def build_movement(raw: Json, defaults: dict[str, MuscleGroup], source: str) -> Json:
    """One seed movement from one dataset-shaped exercise."""
    ex = apply_fixes(raw)
    pattern, _ = derive_pattern(ex)
    return {
        "slug": ex["id"],
        "name": ex["name"],
        "category": ex["category"],
        "equipment": equipment_value(ex["equipment"]),
        "level": Level(ex["level"].upper()).value,
        "force": upper_or_none(ex["force"]),
        "mechanic": upper_or_none(ex["mechanic"]),
        "pattern": pattern.value,
        "is_compound": is_compound(ex, pattern),
        "source": source,
        "muscles": build_muscles(ex, defaults),
    }


def build_movements(exercises: list[Json], defaults: dict[str, MuscleGroup]) -> list[Json]:
    """Every dataset exercise, then Alloy's additions."""
    movements = [build_movement(ex, defaults, "free-exercise-db") for ex in exercises]
    movements += [build_movement(ex, defaults, "alloy") for ex in ALLOY_MOVEMENTS]
    check_movements(movements)
    return movements


def check_movements(movements: list[Json]) -> None:
    """Fails loudly on duplicate slugs or a movement without a primary muscle."""
    slugs = [m["slug"] for m in movements]
    duplicates = [s for s, n in Counter(slugs).items() if n > 1]
    if duplicates:
        raise SystemExit(f"duplicate movement slugs: {duplicates}")
    for movement in movements:
        if not any(m["role"] == MuscleRole.PRIMARY.value for m in movement["muscles"]):
            raise SystemExit(f"no PRIMARY muscle on {movement['slug']}")


# ---------------------------------------------------------------------------------------------
# Circuits
# ---------------------------------------------------------------------------------------------

MOVEMENT_ALIASES: dict[str, str] = {
    "Air squat": "Bodyweight_Squat",
    "Back squat": "Barbell_Squat",
    "Bench press": "Barbell_Bench_Press_-_Medium_Grip",
    "Box jump": "Box_Jump_Multiple_Response",
    "Clean": "Clean",
    "Clean and jerk": "Clean_and_Jerk",
    "Deadlift": "Barbell_Deadlift",
    "Double-under": "alloy_double_under",
    "Front squat": "Front_Barbell_Squat",
    "Handstand push-up": "Handstand_Push-Ups",
    "Hang power clean": "Hang_Clean",
    "Kettlebell swing": "alloy_kettlebell_swing",
    "Overhead squat": "Overhead_Squat",
    "Pistol (alternating legs)": "alloy_pistol_squat",
    "Power clean": "Power_Clean",
    "Pull-up": "Pullups",
    "Push jerk": "Power_Jerk",
    "Push press": "Push_Press",
    "Push-up": "Pushups",
    "Ring dip": "Ring_Dips",
    "Row": "Rowing_Stationary",
    "Row (calories)": "Rowing_Stationary",
    "Run": "alloy_run",
    "Sit-up": "Sit-Up",
    "Snatch": "Snatch",
    "Squat clean": "Clean",
    "Sumo deadlift high pull": "alloy_sumo_deadlift_high_pull",
    "Thruster": "alloy_thruster",
    "Wall-ball shot": "alloy_wall_ball_shot",
}

ALIAS_NOTES: dict[str, str] = {
    "Hang power clean": "receive the bar above parallel (power catch)",
    "Push jerk": "push jerk: receive in a partial squat without moving the feet",
    "Squat clean": "receive the bar in a full front squat",
    "Pistol (alternating legs)": "alternate legs",
}

CIRCUIT_DESCRIPTIONS: dict[str, str] = {
    "Fran": "21-15-9 reps for time of barbell thrusters and pull-ups.",
    "Cindy": (
        "As many rounds as possible in 20 minutes of 5 pull-ups, 10 push-ups and 15 air squats."
    ),
    "Chelsea": (
        "Every minute on the minute for 30 minutes, do 5 pull-ups, 10 push-ups and 15 air squats;"
        " the score is the number of rounds finished inside their minute."
    ),
    "Murph": (
        "For time: a 1-mile run, 100 pull-ups, 200 push-ups and 300 air squats split as you like,"
        " then another 1-mile run, optionally wearing a 9.1/6.4 kg vest."
    ),
    "Helen": "Three rounds for time of a 400 m run, 21 kettlebell swings and 12 pull-ups.",
    "Grace": "30 clean and jerks for time.",
    "Isabel": "30 snatches for time.",
    "Annie": "50-40-30-20-10 reps for time of double-unders and sit-ups.",
    "Karen": "150 wall-ball shots for time.",
    "Diane": "21-15-9 reps for time of deadlifts and handstand push-ups.",
    "Elizabeth": "21-15-9 reps for time of squat cleans and ring dips.",
    "Jackie": ("For time, in order: a 1000 m row, 50 light-barbell thrusters and 30 pull-ups."),
    "Nancy": "Five rounds for time of a 400 m run and 15 overhead squats.",
    "Angie": (
        "For time: 100 pull-ups, 100 push-ups, 100 sit-ups and 100 air squats, finishing all"
        " reps of one movement before starting the next."
    ),
    "Barbara": (
        "Five rounds for time of 20 pull-ups, 30 push-ups, 40 sit-ups and 50 air squats, with"
        " exactly 3 minutes of rest between rounds."
    ),
    "Mary": (
        "As many rounds as possible in 20 minutes of 5 handstand push-ups, 10 alternating-leg"
        " pistols and 15 pull-ups."
    ),
    "Linda": (
        "10-9-8-7-6-5-4-3-2-1 reps for time of deadlifts at 1.5x, bench presses at 1x and cleans"
        " at 0.75x body weight (also called Three Bars of Death)."
    ),
    "Kelly": "Five rounds for time of a 400 m run, 30 box jumps and 30 wall-ball shots.",
    "Nicole": (
        "For 20 minutes, alternate a 400 m run with one set of pull-ups to failure; the score is"
        " the pull-ups done in each round."
    ),
    "Eva": "Five rounds for time of an 800 m run, 30 kettlebell swings and 30 pull-ups.",
    "DT": (
        "Five rounds for time of 12 deadlifts, 9 hang power cleans and 6 push jerks, all with"
        " one barbell."
    ),
    "Fight Gone Bad": (
        "Three rounds of one minute at each of five stations (wall-ball shots, sumo deadlift high"
        " pulls, box jumps, push presses, calorie row) with a minute of rest after each round;"
        " the score is total reps plus calories."
    ),
    "Tabata Something Else": (
        "Four Tabata blocks back to back (8 intervals of 20 s work and 10 s rest each) of"
        " pull-ups, push-ups, sit-ups and air squats, 16 minutes in all; the score adds up each"
        " movement's lowest interval."
    ),
    "Tabata This": (
        "Five Tabata blocks (8 intervals of 20 s work and 10 s rest) of air squats, calorie row,"
        " pull-ups, sit-ups and push-ups with a minute of rest between blocks and the clock"
        " running; the score adds up each block's lowest interval."
    ),
    "The Bear (Bear Complex)": (
        "Five rounds of seven unbroken complexes of power clean, front squat, push press, back"
        " squat and push press, adding load each round; the score is the heaviest full round."
    ),
}


def _pair(value: Any) -> str:
    """[61, 51] -> '61/51'; 51 -> '51'."""
    if isinstance(value, list):
        return "/".join(f"{v:g}" for v in value)
    return f"{value:g}"


def exercise_notes(source: Json) -> str | None:
    """The prescription details of one source exercise that have no dedicated field."""
    notes: list[str] = []
    if source["movement"] in ALIAS_NOTES:
        notes.append(ALIAS_NOTES[source["movement"]])
    if "load_original" in source:
        notes.append(f"Rx load {source['load_original']}")
    if "load_original_lb" in source:
        notes.append(source["load_original_lb"])
    if "load_bodyweight_multiplier" in source:
        notes.append(f"load {source['load_bodyweight_multiplier']:g} x body weight")
    if "target_height_m" in source:
        notes.append(f"target {_pair(source['target_height_m'])} m ({source['target_original']})")
    if "box_height_cm" in source:
        notes.append(f"box {_pair(source['box_height_cm'])} cm ({source['box_original']})")
    if source.get("max_reps"):
        notes.append("max reps")
    if source["movement"] == "Row (calories)":
        notes.append("score calories")
    return "; ".join(notes) or None


def build_exercise(source: Json, slugs: set[str]) -> Json:
    """One circuit exercise linked to a movement slug through the alias table."""
    name = source["movement"]
    slug = MOVEMENT_ALIASES.get(name)
    if slug is None:
        raise SystemExit(f"circuit movement not in the alias table: {name!r}")
    if slug not in slugs:
        raise SystemExit(f"alias {name!r} -> {slug!r} names no movement")
    return {
        "movement_slug": slug,
        "source_movement": name,
        "reps": source.get("reps"),
        "distance_m": source.get("distance_m"),
        "duration_seconds": source.get("duration_seconds"),
        "calories": source.get("calories"),
        "load_male_kg": source.get("load_male_kg"),
        "load_female_kg": source.get("load_female_kg"),
        "notes": exercise_notes(source),
    }


def interval_seconds(source: Json) -> int | None:
    """EMOM interval as given; a Tabata interval is its work plus rest."""
    if source.get("interval_seconds") is not None:
        return int(source["interval_seconds"])
    if "work_seconds" in source and "rest_seconds" in source:
        return int(source["work_seconds"]) + int(source["rest_seconds"])
    return None


def scoring_text(scoring: str) -> str:
    """The scoring rule, trimmed at a clause break to fit the database column."""
    if len(scoring) > MAX_SCORING_CHARS:
        scoring = scoring.split("; ")[0]
    if len(scoring) > MAX_SCORING_CHARS:
        raise SystemExit(f"scoring text too long: {scoring!r}")
    return scoring


def build_circuit(index: int, source: Json, slugs: set[str]) -> Json:
    """One seed circuit from one scraped circuit."""
    name = source["name"]
    if name not in CIRCUIT_DESCRIPTIONS:
        raise SystemExit(f"no description written for circuit {name!r}")
    return {
        "name": name,
        "circuit_type": CircuitType(source["circuit_type"]).value,
        "category": source["category"],
        "rounds": source["rounds"],
        "time_cap_minutes": source["time_cap_minutes"],
        "rep_scheme": source["rep_scheme"],
        "scoring": scoring_text(source["scoring"]),
        "interval_seconds": interval_seconds(source),
        "description": CIRCUIT_DESCRIPTIONS[name],
        "source_index": index,
        "exercises": [build_exercise(ex, slugs) for ex in source["exercises"]],
    }


def build_circuits(scraped: list[Json], slugs: set[str]) -> list[Json]:
    """Every scraped circuit, in source order; every Alloy movement must be used by one."""
    circuits = [build_circuit(i, c, slugs) for i, c in enumerate(scraped)]
    used = {ex["movement_slug"] for c in circuits for ex in c["exercises"]}
    unused = [m["id"] for m in ALLOY_MOVEMENTS if m["id"] not in used]
    if unused:
        raise SystemExit(f"Alloy movements no circuit needs: {unused}")
    return circuits


# ---------------------------------------------------------------------------------------------
# Heuristics
# ---------------------------------------------------------------------------------------------

ADJUSTMENT_KEYS: dict[str, str] = {
    "volume_factor": "multiply the planned weekly hard sets of resistance training",
    "rpe_delta": "add to the target RPE of lifting sets (negative = easier)",
    "conditioning_minutes_cap": "longest single conditioning/endurance session, in minutes",
    "min_hours_between_sessions": "fewest hours between a lifting and an endurance session",
    "prefer_low_impact_conditioning": "prefer cycling or rowing to running for conditioning",
    "deficit_kcal_cap": "largest daily energy deficit, in kcal, the plan should assume",
    "skill_work_first": "put skill practice first in the session or on a fresh day",
    "pre_lift_static_stretch_seconds_cap": "longest static hold per muscle right before lifting",
}

INTERFERENCE: dict[tuple[Goal, Goal], tuple[float, str, Json]] = {
    (Goal.STRENGTH, Goal.HYPERTROPHY): (
        0.1,
        "Synergistic: both respond to progressive resistance training and bigger muscles can"
        " produce more force; the only tension is how sessions split heavy low-rep work and"
        " moderate-load volume.",
        {},
    ),
    (Goal.STRENGTH, Goal.ENDURANCE): (
        0.85,
        "Hard conflict when both are primary: frequent endurance training stalled strength gains in"
        " Hickson (1980), and the Wilson et al. (2012) meta-analysis found smaller strength and"
        " especially power gains, more with running than cycling; Schumann et al. (2022) saw little"
        " loss of maximal strength at moderate volumes, so the score reflects the high volume an"
        " endurance goal implies.",
        {
            "volume_factor": 0.8,
            "rpe_delta": -0.5,
            "conditioning_minutes_cap": 45,
            "min_hours_between_sessions": 6,
            "prefer_low_impact_conditioning": True,
        },
    ),
    (Goal.STRENGTH, Goal.MOBILITY): (
        0.1,
        "Largely compatible; the documented cost is acute, since long static holds (about 60 s"
        " or more per muscle) just before lifting can briefly lower force (Behm & Chaouachi"
        " 2011), so longer stretching belongs after lifting.",
        {"pre_lift_static_stretch_seconds_cap": 60},
    ),
    (Goal.STRENGTH, Goal.SKILL): (
        0.25,
        "Heavy lifting leaves fatigue that lowers the quality of technical practice, and skill"
        " work takes time and freshness from lifting (coaching judgement rather than a measured"
        " effect).",
        {"skill_work_first": True, "rpe_delta": -0.5},
    ),
    (Goal.STRENGTH, Goal.FAT_LOSS): (
        0.3,
        "A calorie deficit slows recovery, but the Murphy & Koehler (2022) meta-analysis found"
        " strength gains largely kept in a deficit, and lifting helps keep lean mass while"
        " dieting.",
        {"volume_factor": 0.9, "conditioning_minutes_cap": 40},
    ),
    (Goal.HYPERTROPHY, Goal.ENDURANCE): (
        0.55,
        "Wilson et al. (2012) found smaller muscle-size gains when endurance work was added,"
        " worst with running and frequent or long sessions, while Schumann et al. (2022) found"
        " no whole-muscle difference at moderate volumes: keep conditioning moderate, low-impact"
        " and apart from leg sessions.",
        {
            "volume_factor": 0.85,
            "conditioning_minutes_cap": 45,
            "min_hours_between_sessions": 6,
            "prefer_low_impact_conditioning": True,
        },
    ),
    (Goal.HYPERTROPHY, Goal.MOBILITY): (
        0.05,
        "Compatible: full-range resistance training improves range of motion about as much as"
        " stretching (Afonso et al. 2021), and mobility work costs little recovery.",
        {},
    ),
    (Goal.HYPERTROPHY, Goal.SKILL): (
        0.2,
        "High-volume sessions leave local fatigue and soreness that lower the quality of skill"
        " practice (coaching judgement), so skill work goes first or on its own day.",
        {"skill_work_first": True},
    ),
    (Goal.HYPERTROPHY, Goal.FAT_LOSS): (
        0.6,
        "Muscle gain needs energy: the Murphy & Koehler (2022) meta-analysis found lean-mass gains"
        " impaired in a deficit and roughly cancelled at about 500 kcal a day, so the two goals"
        " mostly need separate phases.",
        {"volume_factor": 0.9, "deficit_kcal_cap": 500},
    ),
    (Goal.ENDURANCE, Goal.MOBILITY): (
        0.05,
        "Compatible: mobility work adds little fatigue and does not hinder aerobic adaptation.",
        {},
    ),
    (Goal.ENDURANCE, Goal.SKILL): (
        0.3,
        "Long or hard endurance sessions leave fatigue that lowers the quality of skill practice,"
        " and both compete for weekly time (coaching judgement).",
        {"skill_work_first": True, "conditioning_minutes_cap": 60},
    ),
    (Goal.ENDURANCE, Goal.FAT_LOSS): (
        0.2,
        "Mostly synergistic because endurance work burns energy, but chronic under-fuelling (low"
        " energy availability, RED-S; Mountjoy et al. 2018) degrades endurance training and"
        " health, so the deficit stays moderate.",
        {"deficit_kcal_cap": 500},
    ),
    (Goal.MOBILITY, Goal.SKILL): (
        0.05,
        "Synergistic: many skills, such as overhead squats, handstands and kicks, depend on range"
        " of motion, and mobility work adds little fatigue.",
        {},
    ),
    (Goal.MOBILITY, Goal.FAT_LOSS): (
        0.05,
        "Independent: mobility work needs little energy and does not get in the way of a"
        " calorie deficit.",
        {},
    ),
    (Goal.SKILL, Goal.FAT_LOSS): (
        0.2,
        "Low energy intake and piled-up conditioning fatigue reduce focus and practice quality"
        " (coaching judgement), so keep the deficit moderate and practise skills fresh.",
        {"skill_work_first": True, "deficit_kcal_cap": 500},
    ),
}

# Renaissance Periodization volume landmarks (Israetel, 2017 hypertrophy-guide series), weekly
# hard sets. RP gives one "back" group (applied to LATS and UPPER_BACK) and one "rear/side delts"
# group (applied to both). Groups RP published no landmark for are left out.
MEV_MRV: dict[MuscleGroup, tuple[int, int]] = {
    MuscleGroup.CHEST: (6, 22),
    MuscleGroup.LATS: (10, 25),
    MuscleGroup.UPPER_BACK: (10, 25),
    MuscleGroup.TRAPS: (0, 26),
    MuscleGroup.FRONT_DELTS: (0, 12),
    MuscleGroup.SIDE_DELTS: (8, 26),
    MuscleGroup.REAR_DELTS: (8, 26),
    MuscleGroup.BICEPS: (8, 26),
    MuscleGroup.TRICEPS: (6, 18),
    MuscleGroup.QUADS: (8, 20),
    MuscleGroup.HAMSTRINGS: (6, 20),
    MuscleGroup.GLUTES: (0, 16),
    MuscleGroup.CALVES: (8, 20),
    MuscleGroup.ABS: (0, 25),
}


def build_interference() -> list[Json]:
    """One entry per unordered pair of goals, in Goal order."""
    rules: list[Json] = []
    for pair in itertools.combinations(list(Goal), 2):
        if pair not in INTERFERENCE:
            raise SystemExit(f"no interference entry for {pair}")
        severity, rationale, adjustments = INTERFERENCE[pair]
        unknown = set(adjustments) - set(ADJUSTMENT_KEYS)
        if unknown or not 0.0 <= severity <= 1.0:
            raise SystemExit(f"bad interference entry for {pair}: {unknown or severity}")
        rules.append(
            {
                "goal_a": pair[0].value,
                "goal_b": pair[1].value,
                "severity": severity,
                "rationale": rationale,
                "adjustments": adjustments,
            }
        )
    return rules


def build_heuristics() -> Json:
    """Goal interference and weekly volume landmarks."""
    landmarks = {g.value: {"mev": mev, "mrv": mrv} for g, (mev, mrv) in MEV_MRV.items()}
    return {"version": FILE_VERSION, "interference": build_interference(), "mev_mrv": landmarks}


# ---------------------------------------------------------------------------------------------
# Activities (MET values: 2011 Compendium of Physical Activities; code kept for SOURCES.md)
# ---------------------------------------------------------------------------------------------

B = BodyPart
ACTIVITIES: tuple[tuple[str, str, float, bool, str, tuple[BodyPart, ...], str, str], ...] = (
    ("Running", "ENDURANCE", 8.0, True, "Running or jogging outdoors or on a treadmill.",
     (B.LEGS, B.CORE), "12150", "running, (Taylor code 200)"),
    ("Cycling", "ENDURANCE", 7.5, True, "Road, commuting or stationary cycling at a steady effort.",
     (B.LEGS,), "01015", "bicycling, general"),
    ("Swimming", "ENDURANCE", 5.8, True, "Lap swimming at a light to moderate effort.",
     (B.BACK, B.SHOULDERS, B.ARMS, B.CORE), "18240",
     "swimming laps, freestyle, front crawl, slow, light or moderate effort"),
    ("Rowing", "ENDURANCE", 7.0, True, "Steady rowing on an ergometer or on the water.",
     (B.BACK, B.LEGS, B.ARMS, B.CORE), "02072", "rowing, stationary, 100 watts, moderate effort"),
    ("Walking", "ENDURANCE", 3.5, True, "Walking at a moderate pace on level ground.",
     (B.LEGS,), "17190", "walking, 2.8 to 3.2 mph, level, moderate pace, firm surface"),
    ("Hiking", "ENDURANCE", 6.0, True, "Walking on trails or hills, off road.",
     (B.LEGS, B.CORE), "17080", "hiking, cross country"),
    ("Yoga", "MOBILITY", 2.5, False, "A Hatha-style yoga class or practice.",
     (B.SHOULDERS, B.LEGS, B.CORE), "02150", "yoga, Hatha"),
    ("Pilates", "MOBILITY", 3.0, False, "Mat or reformer Pilates focused on trunk control.",
     (B.CORE,), "02105", "pilates, general"),
    ("Climbing", "SKILL", 5.8, False, "Indoor or outdoor rock climbing or bouldering.",
     (B.BACK, B.SHOULDERS, B.ARMS, B.CORE), "15537",
     "rock climbing, ascending or traversing rock, low-to-moderate difficulty"),
    ("Martial arts", "SKILL", 10.3, False, "Judo, karate, kickboxing or similar, moderate pace.",
     (B.SHOULDERS, B.ARMS, B.LEGS, B.CORE), "15430",
     "martial arts, different types, moderate pace"),
    ("Dancing", "SKILL", 7.8, False, "Social or class dancing such as folk, line or disco.",
     (B.LEGS, B.CORE), "03031", "general dancing"),
    ("Football (soccer)", "SPORT", 7.0, False, "A casual game or practice of football (soccer).",
     (B.LEGS, B.CORE), "15610", "soccer, casual, general"),
    ("Basketball", "SPORT", 6.5, False, "A game or shoot-around of basketball.",
     (B.LEGS, B.CORE), "15055", "basketball, general"),
    ("Tennis", "SPORT", 7.3, False, "Singles or doubles tennis.",
     (B.SHOULDERS, B.ARMS, B.LEGS, B.CORE), "15675", "tennis, general"),
    ("Skiing", "SPORT", 5.3, False, "Downhill skiing or snowboarding at a moderate effort.",
     (B.LEGS, B.CORE), "19160",
     "skiing, downhill, alpine or snowboarding, moderate effort, general, active time only"),
)  # fmt: skip
ACTIVITY_CATEGORIES = ("ENDURANCE", "MOBILITY", "SKILL", "SPORT")


def build_activities() -> list[Json]:
    """The activity definitions, body parts in BodyPart order."""
    order = list(BodyPart)
    rows: list[Json] = []
    for name, category, met, distance, description, parts, _, _ in ACTIVITIES:
        if category not in ACTIVITY_CATEGORIES:
            raise SystemExit(f"bad activity category {category!r}")
        rows.append(
            {
                "name": name,
                "category": category,
                "met": met,
                "tracks_distance": distance,
                "description": description,
                "body_parts_loaded": [p.value for p in sorted(parts, key=order.index)],
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# SOURCES.md
# ---------------------------------------------------------------------------------------------

SOURCES_HEAD = """\
# Sources of Alloy's seed data

Generated by `scripts/build_seed.py` from `../shared/data`; do not edit by hand. Rebuild with
`python scripts/build_seed.py` (or `.venv/bin/python scripts/build_seed.py --shared <dir>`).
The output is deterministic (sorted keys, indent 1, trailing newline); `manifest.json` holds the
SHA-256 of every other file.

## Sources and licences

- **Exercise library** (`movements.json`, source `free-exercise-db`): yuhonas/free-exercise-db
  `dist/exercises.json`, snapshot commit `{commit}` ({count} exercises).
  Licence: The Unlicense (public-domain dedication).
- **Benchmark workouts** (`scraped_circuits.json` is a byte copy of
  `../shared/data/circuits.json`; `circuits.json` is derived from it): CrossFit "Girls", Hero
  and other benchmark workouts; the sources checked for each workout are listed below and in
  its `sources_checked`. Workout structures, reps and loads are facts; the descriptions are our
  own words and no prose was copied.
- **RPE chart** (shipped by the app, not by this folder): Mike Tuchscherer / Reactive Training
  Systems (RTS); see `../shared/data/SOURCES.md`. Numeric facts; cite Tuchscherer/RTS.
- **Weekly volume landmarks** (`heuristics.json` `mev_mrv`): Renaissance Periodization,
  Dr Mike Israetel, hypertrophy training-tips series (2017, renaissanceperiodization.com, now
  rpstrength.com). Numbers only, cited.
- **MET values** (`activities.json`): Ainsworth BE et al. 2011 Compendium of Physical
  Activities: a second update of codes and MET values. Med Sci Sports Exerc
  2011;43(8):1575-1581. Published reference values, cited.
- **Goal interference** (`heuristics.json` `interference`): our judgement, grounded in the
  papers listed below, in our own words.

Circuit sources checked (from `sources_checked`):

{circuit_sources}
"""

SOURCES_LANDMARKS = """\
## Volume landmarks (weekly hard sets)

RP's series gives MV/MEV/MAV/MRV per muscle. We keep MEV and MRV. RP has one "back" group
(used here for both LATS and UPPER_BACK) and one "rear/side delts" group (used for both). The
values were checked against a public transcription of the series (GitHub
vicentematus/volume-landmarks-rp, `prisma/seed/MuscleGroup.mjs`, which links each RP article).
No RP value was found for FOREARMS, OBLIQUES, LOWER_BACK, ADDUCTORS, ABDUCTORS or NECK, so those
groups have no landmark rather than an invented one.

| Group | MEV | MRV |
| --- | --- | --- |
{rows}
"""

SOURCES_INTERFERENCE = """\
## Goal interference

Severity is 0 (no conflict) to 1 (cannot be pursued together). One entry per unordered pair of
the six goals. The only hard conflict (> 0.8) is STRENGTH + ENDURANCE at 0.85: it is the pair
with the largest, best-documented interference when the endurance volume is high, with the
caveat (stated in the rationale) that newer work finds little loss of maximal strength at
moderate volumes. Adjustment keys:

{keys}

Papers behind the rationales (numbers and findings only; no prose copied):

- Hickson RC. Interference of strength development by simultaneously training for strength and
  endurance. Eur J Appl Physiol 1980;45:255-263.
- Wilson JM, Marin PJ, Rhea MR, Wilson SMC, Loenneke JP, Anderson JC. Concurrent training: a
  meta-analysis examining interference of aerobic and resistance exercises. J Strength Cond Res
  2012;26(8):2293-2307.
- Schumann M, Feuerbacher JF, Sunkeler M, et al. Compatibility of concurrent aerobic and
  strength training for skeletal muscle size and function: an updated systematic review and
  meta-analysis. Sports Med 2022;52:601-612.
- Murphy C, Koehler K. Energy deficiency impairs resistance training gains in lean mass but not
  strength: a meta-analysis and meta-regression. Scand J Med Sci Sports 2022;32(1):125-137.
- Behm DG, Chaouachi A. A review of the acute effects of static and dynamic stretching on
  performance. Eur J Appl Physiol 2011;111:2633-2651.
- Afonso J, et al. Strength training versus stretching for improving range of motion: a
  systematic review and meta-analysis. Healthcare 2021;9(4):427.
- Mountjoy M, et al. IOC consensus statement on relative energy deficiency in sport (RED-S):
  2018 update. Br J Sports Med 2018;52:687-697.

Rationales marked "coaching judgement" are not backed by a specific measured effect.
"""

SOURCES_DERIVED = """\
## What we derived

**Movement patterns.** Every movement gets one MovementPattern, decided in this order:
explicit overrides (below), dataset category (stretching -> MOBILITY, cardio -> CONDITIONING,
plyometrics -> PLYOMETRIC; foam-roll equipment -> MOBILITY), ordered name-keyword rules
(carries, olympic lifts, jumps, lunges, rotation, core, shrugs, lower-body isolation, hinges,
squats, vertical presses, rows and rear-delt work, chest presses and flyes, pulls, upper-body
isolation), and finally the first primary muscle with force and mechanic. Chest flyes count as
HORIZONTAL_PUSH; reverse flyes, rear-delt raises and face pulls as HORIZONTAL_PULL; upright
rows, shrugs, pullovers and straight-arm pulldowns as ISOLATION_UPPER; thrusters and wall balls
as SQUAT; clean/snatch pulls, shrugs and high pulls as OLYMPIC but clean/snatch deadlifts as
HINGE; glute-ham raises as ISOLATION_LOWER.
`is_compound` is derived from the pattern (isolation and mobility: false; squat, lunge, presses,
rows, pulls, olympic, carry: true except fly-type chest and rear-delt work; hinge: unless the
dataset says isolation; other patterns: the dataset mechanic). The dataset's own `mechanic` is
kept unchanged beside it.

Counts per pattern:

| Pattern | Movements |
| --- | --- |
{pattern_rows}

Pattern overrides:

{overrides}

**Muscle groups.** Each dataset muscle label maps to a fine MuscleGroup using the
`muscle_map.json` proposal's defaults; the BodyPart always comes from
`MUSCLE_GROUP_BODY_PART` in `alloy_desktop/domain/enums.py`. Refinements: "abdominals" becomes
OBLIQUES for twisting, side-bending and anti-rotation names; "shoulders" becomes SIDE_DELTS
(upright rows, high pulls, lateral raises), REAR_DELTS (rear-delt and reverse-fly work, face
pulls, external rotation, rows, pull-ups, pulldowns, pullovers) or FRONT_DELTS (presses, front
raises, olympic lifts, internal rotation), else by force (pull -> rear, otherwise front). A
group listed twice on one movement is kept once, as PRIMARY.

Corrections to the `muscle_map.json` proposal:

- "neck" -> NECK sits under SHOULDERS (the enum mapping), not BACK as proposed.
- Pulldowns, pull-ups, chins, rows and pullovers give REAR_DELTS (the proposal gave FRONT_DELTS
  to "Close-Grip Front Lat Pulldown" because of the word "front", and FRONT_DELTS to one
  pullover but REAR_DELTS to the others).
- Internal rotation and the low-to-high cable lift give FRONT_DELTS; high pulls give SIDE_DELTS;
  Mountain Climbers and Wrist Roller give FRONT_DELTS (both were REAR_DELTS only by force).
- OBLIQUES also for heel touchers, cross-body crunches, torso rotation, judo flips, cable lifts,
  spell casters and the standing lateral stretch.

Dataset fixes (applied before everything else): {fixes}

**Alloy movements** (source `alloy`, added only because a circuit needs them and the library
has no equivalent):

{alloy}

**Circuit movement aliases** (source name -> movement slug; the build fails on any name not
listed):

{aliases}

Notes on the aliases: "Squat clean" and Linda's "Clean" use the library's full `Clean`;
"Hang power clean" uses `Hang_Clean` and "Push jerk" uses `Power_Jerk` (closest library
lifts); "Row" uses `Rowing_Stationary`. Circuit fields not in the seed schema (vest, rest
between rounds, box and target heights, Rx loads in lb) are kept in the description sentence
or in the exercise `notes`. A Tabata `interval_seconds` is work plus rest (30). The scoring of
"Tabata This" is trimmed at its first clause to fit the 100-character column; the rest is in
its description.

**Activities.** MET values and the 2011 Compendium code used (checked against a cleaned public
copy of the 2011 tables, GitHub andyreagan/compendium-of-physical-activity):

| Activity | MET | Compendium code and heading |
| --- | --- | --- |
{activity_rows}
"""


def markdown_list(items: Iterable[str]) -> str:
    """Lines of a markdown bullet list."""
    return "\n".join(f"- {item}" for item in items)


def circuit_sources(scraped: list[Json]) -> str:
    """Every distinct source named in the scraped circuits, sorted."""
    names = sorted({s for c in scraped for s in c.get("sources_checked", [])})
    return markdown_list(f"`{name}`" for name in names)


def fixes_text() -> str:
    """The dataset muscle fixes, in prose."""
    parts = [
        f"`{slug}` primary muscles set to {', '.join(fix['primaryMuscles'])}"
        for slug, fix in MUSCLE_FIXES.items()
    ]
    return "; ".join(parts) + " (the dataset lists quadriceps for a hip-adduction exercise)."


def sources_markdown(commit: str, scraped: list[Json], movements: list[Json]) -> str:
    """The generated SOURCES.md text."""
    counts = Counter(m["pattern"] for m in movements)
    head = SOURCES_HEAD.format(
        commit=commit,
        count=sum(1 for m in movements if m["source"] == "free-exercise-db"),
        circuit_sources=circuit_sources(scraped),
    )
    landmarks = SOURCES_LANDMARKS.format(
        rows="\n".join(f"| {g.value} | {a} | {b} |" for g, (a, b) in MEV_MRV.items())
    )
    interference = SOURCES_INTERFERENCE.format(
        keys=markdown_list(f"`{k}`: {v}" for k, v in ADJUSTMENT_KEYS.items())
    )
    derived = SOURCES_DERIVED.format(
        pattern_rows="\n".join(f"| {p.value} | {counts.get(p.value, 0)} |" for p in P),
        overrides=markdown_list(f"`{s}` -> {p.value}" for s, p in PATTERN_OVERRIDES.items()),
        fixes=fixes_text(),
        alloy=markdown_list(
            f"`{m['slug']}` ({m['name']}): {m['pattern']}"
            for m in movements
            if m["source"] == "alloy"
        ),
        aliases=markdown_list(f"{k} -> `{v}`" for k, v in MOVEMENT_ALIASES.items()),
        activity_rows="\n".join(f"| {a[0]} | {a[2]:g} | {a[6]} {a[7]} |" for a in ACTIVITIES),
    )
    return "\n".join((head, landmarks, interference, derived))


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


def dump_json(data: Any) -> bytes:
    """Deterministic JSON: sorted keys, indent 1, UTF-8, trailing newline."""
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def load_json(path: Path) -> Any:
    """One JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def snapshot_commit(shared: Path) -> str:
    """The free-exercise-db snapshot commit named in the shared SOURCES.md."""
    text = (shared / "SOURCES.md").read_text(encoding="utf-8")
    found = re.search(r"snapshot commit `([0-9a-f]{40})`", text)
    if found is None:
        raise SystemExit("no free-exercise-db snapshot commit in the shared SOURCES.md")
    return found.group(1)


def build_files(shared: Path) -> tuple[dict[str, bytes], list[Json]]:
    """Every output file's bytes (manifest excluded) and the movements."""
    exercises = load_json(shared / "exercises.json")
    if len(exercises) != DATASET_SIZE:
        print(
            f"warning: expected {DATASET_SIZE} exercises, found {len(exercises)}", file=sys.stderr
        )
    scraped_bytes = (shared / "circuits.json").read_bytes()
    scraped = json.loads(scraped_bytes)
    movements = build_movements(exercises, muscle_defaults(load_json(shared / "muscle_map.json")))
    circuits = build_circuits(scraped, {m["slug"] for m in movements})
    markdown = sources_markdown(snapshot_commit(shared), scraped, movements)
    files = {
        "movements.json": dump_json({"version": FILE_VERSION, "movements": movements}),
        "scraped_circuits.json": scraped_bytes,
        "circuits.json": dump_json({"version": FILE_VERSION, "circuits": circuits}),
        "heuristics.json": dump_json(build_heuristics()),
        "activities.json": dump_json({"version": FILE_VERSION, "activities": build_activities()}),
        "SOURCES.md": markdown.encode("utf-8"),
    }
    return files, movements


def manifest(files: dict[str, bytes]) -> bytes:
    """The seed version and the SHA-256 of every other file."""
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return dump_json({"seed_version": SEED_VERSION, "files": hashes})


def write_files(out: Path, files: dict[str, bytes]) -> None:
    """Writes every file, then the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    (out / "manifest.json").write_bytes(manifest(files))


def report(movements: Sequence[Json]) -> None:
    """Counts per pattern."""
    counts = Counter(m["pattern"] for m in movements)
    print(f"{len(movements)} movements")
    for pattern in P:
        print(f"  {pattern.value:<16} {counts.get(pattern.value, 0):>4}")


def report_decisions(shared: Path) -> None:
    """Every movement's pattern and the rule that decided it, for review."""
    for ex in [*load_json(shared / "exercises.json"), *ALLOY_MOVEMENTS]:
        pattern, rule = derive_pattern(apply_fixes(ex))
        print(f"{pattern.value:<16} {rule:<8} {ex['category']:<22} {ex['name']}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "seed_data")
    parser.add_argument("--verbose", action="store_true", help="print every movement's pattern")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    files, movements = build_files(args.shared)
    write_files(args.out, files)
    if args.verbose:
        report_decisions(args.shared)
    report(movements)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
