"""A first guess at pattern and muscles for an exercise known only by name (the lifter edits it)."""

from __future__ import annotations

from dataclasses import dataclass

from alloy_desktop.domain.enums import MovementPattern, MuscleGroup

P = MovementPattern
M = MuscleGroup


@dataclass(frozen=True)
class Guess:
    """What recovery, hard sets and substitutions will assume until the lifter says otherwise."""

    pattern: MovementPattern
    primary: tuple[MuscleGroup, ...]
    secondary: tuple[MuscleGroup, ...] = ()


# Checked in order: the first phrase found in the name decides, so specific phrases
# ("leg curl", "wrist curl") come before the general ones ("curl").
_RULES: tuple[tuple[tuple[str, ...], Guess], ...] = (
    (("leg curl", "hamstring curl", "nordic"), Guess(P.ISOLATION_LOWER, (M.HAMSTRINGS,))),
    (("wrist curl", "forearm"), Guess(P.ISOLATION_UPPER, (M.FOREARMS,))),
    (("calf",), Guess(P.ISOLATION_LOWER, (M.CALVES,))),
    (("leg extension",), Guess(P.ISOLATION_LOWER, (M.QUADS,))),
    (("abduct",), Guess(P.ISOLATION_LOWER, (M.ABDUCTORS,), (M.GLUTES,))),
    (("adduct",), Guess(P.ISOLATION_LOWER, (M.ADDUCTORS,))),
    (
        ("kickback", "hip thrust", "glute bridge", "glute"),
        Guess(P.HINGE, (M.GLUTES,), (M.HAMSTRINGS,)),
    ),
    (("curl",), Guess(P.ISOLATION_UPPER, (M.BICEPS,), (M.FOREARMS,))),
    (
        ("pushdown", "skull", "triceps", "tricep", "dip"),
        Guess(P.ISOLATION_UPPER, (M.TRICEPS,), (M.CHEST,)),
    ),
    (("lateral raise", "side raise"), Guess(P.ISOLATION_UPPER, (M.SIDE_DELTS,))),
    (
        ("rear delt", "reverse fly", "face pull"),
        Guess(P.ISOLATION_UPPER, (M.REAR_DELTS,), (M.UPPER_BACK,)),
    ),
    (
        ("fly", "flye", "crossover", "pec deck"),
        Guess(P.ISOLATION_UPPER, (M.CHEST,), (M.FRONT_DELTS,)),
    ),
    (("shrug",), Guess(P.ISOLATION_UPPER, (M.TRAPS,))),
    (
        ("overhead press", "shoulder press", "military", "landmine press", "push press", "arnold"),
        Guess(P.VERTICAL_PUSH, (M.FRONT_DELTS,), (M.TRICEPS, M.SIDE_DELTS)),
    ),
    (
        ("bench", "chest press", "floor press", "push up", "pushup", "press"),
        Guess(P.HORIZONTAL_PUSH, (M.CHEST,), (M.TRICEPS, M.FRONT_DELTS)),
    ),
    (
        ("pulldown", "pull up", "pullup", "chin", "pull down"),
        Guess(P.VERTICAL_PULL, (M.LATS,), (M.BICEPS, M.UPPER_BACK)),
    ),
    (("row",), Guess(P.HORIZONTAL_PULL, (M.UPPER_BACK, M.LATS), (M.BICEPS, M.REAR_DELTS))),
    (("lunge", "split squat", "step up"), Guess(P.LUNGE, (M.QUADS, M.GLUTES), (M.HAMSTRINGS,))),
    (("squat", "leg press"), Guess(P.SQUAT, (M.QUADS, M.GLUTES), (M.ADDUCTORS,))),
    (
        ("deadlift", "rdl", "good morning", "hinge", "swing", "back extension", "hyperextension"),
        Guess(P.HINGE, (M.HAMSTRINGS, M.GLUTES), (M.LOWER_BACK,)),
    ),
    (("carry", "farmer", "walk"), Guess(P.CARRY, (M.FOREARMS, M.TRAPS), (M.ABS,))),
    (("jump", "burpee", "plyo", "bound"), Guess(P.PLYOMETRIC, (M.QUADS,), (M.CALVES, M.GLUTES))),
    (("clean", "snatch", "jerk"), Guess(P.OLYMPIC, (M.QUADS, M.GLUTES), (M.TRAPS, M.HAMSTRINGS))),
    (("twist", "woodchop", "rotation", "oblique"), Guess(P.ROTATION, (M.OBLIQUES,), (M.ABS,))),
    (
        ("crunch", "plank", "sit up", "situp", "leg raise", "ab ", "abs", "hollow", "rollout"),
        Guess(P.CORE, (M.ABS,), (M.OBLIQUES,)),
    ),
    (("stretch", "mobility", "yoga"), Guess(P.MOBILITY, (M.HAMSTRINGS,))),
)


def guess_exercise(name: str) -> Guess | None:
    """Pattern and muscles from words in the name; None when no word is known."""
    text = f" {' '.join(name.casefold().replace('-', ' ').split())} "
    for phrases, guess in _RULES:
        if any(phrase in text for phrase in phrases):
            return guess
    return None
