"""Maps other apps' exercise names ("Bench Press (Barbell)") to library movements."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from alloy_desktop.domain.catalog import MovementInfo
from alloy_desktop.domain.enums import Equipment, MovementPattern

# A fuzzy score (0-100) below this makes a name a new custom exercise instead of a guess:
# a wrong match would silently feed another movement's e1RM chart and PRs.
MATCH_THRESHOLD = 78.0
ALIAS_CONFIDENCE = 0.97
MISSING_WORD_PENALTY = 8.0

# Strong, Hevy and FitNotes put the equipment in brackets or after a dash.
_EQUIPMENT_WORDS: tuple[tuple[str, Equipment], ...] = (
    ("smith machine", Equipment.MACHINE),
    ("ez curl bar", Equipment.EZ_CURL_BAR),
    ("ez bar", Equipment.EZ_CURL_BAR),
    ("barbell", Equipment.BARBELL),
    ("dumbbell", Equipment.DUMBBELL),
    ("kettlebell", Equipment.KETTLEBELLS),
    ("cable", Equipment.CABLE),
    ("machine", Equipment.MACHINE),
    ("leverage machine", Equipment.MACHINE),
    ("plate loaded", Equipment.MACHINE),
    ("band", Equipment.BANDS),
    ("bands", Equipment.BANDS),
    ("resistance band", Equipment.BANDS),
    ("bodyweight", Equipment.BODY_ONLY),
    ("body weight", Equipment.BODY_ONLY),
    ("body only", Equipment.BODY_ONLY),
    ("weighted", Equipment.OTHER),
    ("assisted", Equipment.MACHINE),
    ("trap bar", Equipment.OTHER),
    ("medicine ball", Equipment.MEDICINE_BALL),
)
_EQUIPMENT = dict(_EQUIPMENT_WORDS)
_BRACKETS = re.compile(r"\(([^)]*)\)")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")

# Common names in Strong, Hevy and FitNotes whose library name no fuzzy score finds
# reliably ("Squat (Barbell)" is "Barbell Squat", "Pull Up" is "Pullups"). Keys are the
# normalised base name and equipment (None: any); values are library movement names.
_ALIASES: dict[tuple[str, Equipment | None], str] = {
    ("bench press", Equipment.BARBELL): "Barbell Bench Press - Medium Grip",
    ("bench press", None): "Barbell Bench Press - Medium Grip",
    ("flat barbell bench press", None): "Barbell Bench Press - Medium Grip",
    ("bench press", Equipment.DUMBBELL): "Dumbbell Bench Press",
    ("bench press", Equipment.MACHINE): "Machine Bench Press",
    ("incline bench press", Equipment.BARBELL): "Barbell Incline Bench Press - Medium Grip",
    ("incline bench press", None): "Barbell Incline Bench Press - Medium Grip",
    ("incline bench press", Equipment.DUMBBELL): "Incline Dumbbell Press",
    ("decline bench press", Equipment.BARBELL): "Decline Barbell Bench Press",
    ("close grip bench press", None): "Close-Grip Barbell Bench Press",
    ("squat", Equipment.BARBELL): "Barbell Squat",
    ("squat", None): "Barbell Squat",
    ("back squat", None): "Barbell Squat",
    ("barbell back squat", None): "Barbell Squat",
    ("high bar squat", None): "Barbell Squat",
    ("low bar squat", None): "Barbell Squat",
    ("squat", Equipment.DUMBBELL): "Dumbbell Squat",
    ("squat", Equipment.BODY_ONLY): "Bodyweight Squat",
    ("air squat", None): "Bodyweight Squat",
    ("front squat", None): "Front Barbell Squat",
    ("goblet squat", None): "Goblet Squat",
    ("hack squat", None): "Hack Squat",
    ("deadlift", Equipment.BARBELL): "Barbell Deadlift",
    ("deadlift", None): "Barbell Deadlift",
    ("conventional deadlift", None): "Barbell Deadlift",
    ("deadlift", Equipment.OTHER): "Trap Bar Deadlift",
    ("trap bar deadlift", None): "Trap Bar Deadlift",
    ("romanian deadlift", Equipment.BARBELL): "Romanian Deadlift",
    ("romanian deadlift", None): "Romanian Deadlift",
    ("rdl", None): "Romanian Deadlift",
    ("romanian deadlift", Equipment.DUMBBELL): "Stiff-Legged Dumbbell Deadlift",
    ("stiff leg deadlift", None): "Stiff-Legged Barbell Deadlift",
    ("sumo deadlift", None): "Sumo Deadlift",
    ("overhead press", Equipment.BARBELL): "Standing Military Press",
    ("overhead press", None): "Standing Military Press",
    ("ohp", None): "Standing Military Press",
    ("military press", None): "Standing Military Press",
    ("strict press", None): "Standing Military Press",
    ("overhead press", Equipment.DUMBBELL): "Dumbbell Shoulder Press",
    ("shoulder press", Equipment.DUMBBELL): "Dumbbell Shoulder Press",
    ("seated overhead press", Equipment.DUMBBELL): "Dumbbell Shoulder Press",
    ("shoulder press", Equipment.MACHINE): "Machine Shoulder (Military) Press",
    ("overhead press", Equipment.MACHINE): "Machine Shoulder (Military) Press",
    ("seated overhead press", Equipment.BARBELL): "Seated Barbell Military Press",
    ("push press", None): "Push Press",
    ("arnold press", None): "Arnold Dumbbell Press",
    ("bent over row", Equipment.BARBELL): "Bent Over Barbell Row",
    ("bent over row", None): "Bent Over Barbell Row",
    ("barbell row", None): "Bent Over Barbell Row",
    ("pendlay row", None): "Bent Over Barbell Row",
    ("bent over row", Equipment.DUMBBELL): "Bent Over Two-Dumbbell Row",
    ("dumbbell row", None): "One-Arm Dumbbell Row",
    ("one arm dumbbell row", None): "One-Arm Dumbbell Row",
    ("single arm dumbbell row", None): "One-Arm Dumbbell Row",
    ("seated row", Equipment.CABLE): "Seated Cable Rows",
    ("seated row", None): "Seated Cable Rows",
    ("seated cable row", None): "Seated Cable Rows",
    ("cable row", None): "Seated Cable Rows",
    ("t bar row", None): "T-Bar Row with Handle",
    ("lat pulldown", Equipment.CABLE): "Wide-Grip Lat Pulldown",
    ("lat pulldown", None): "Wide-Grip Lat Pulldown",
    ("lat pulldown wide grip", None): "Wide-Grip Lat Pulldown",
    ("lat pulldown close grip", None): "Close-Grip Front Lat Pulldown",
    ("pull up", None): "Pullups",
    ("pullup", None): "Pullups",
    ("pull ups", None): "Pullups",
    ("chin up", None): "Chin-Up",
    ("chinup", None): "Chin-Up",
    ("chin ups", None): "Chin-Up",
    ("dip", None): "Dips - Triceps Version",
    ("dips", None): "Dips - Triceps Version",
    ("chest dip", None): "Dips - Chest Version",
    ("triceps dip", None): "Dips - Triceps Version",
    ("push up", None): "Pushups",
    ("pushup", None): "Pushups",
    ("push ups", None): "Pushups",
    ("bicep curl", Equipment.BARBELL): "Barbell Curl",
    ("bicep curl", None): "Dumbbell Bicep Curl",
    ("biceps curl", None): "Dumbbell Bicep Curl",
    ("bicep curl", Equipment.DUMBBELL): "Dumbbell Bicep Curl",
    ("bicep curl", Equipment.CABLE): "Standing Biceps Cable Curl",
    ("bicep curl", Equipment.MACHINE): "Machine Bicep Curl",
    ("bicep curl", Equipment.EZ_CURL_BAR): "EZ-Bar Curl",
    ("curl", Equipment.EZ_CURL_BAR): "EZ-Bar Curl",
    ("hammer curl", None): "Hammer Curls",
    ("preacher curl", None): "Preacher Curl",
    ("concentration curl", None): "Concentration Curls",
    ("triceps pushdown", None): "Triceps Pushdown",
    ("tricep pushdown", None): "Triceps Pushdown",
    ("triceps pushdown rope", None): "Triceps Pushdown - Rope Attachment",
    ("skullcrusher", None): "EZ-Bar Skullcrusher",
    ("skull crusher", None): "EZ-Bar Skullcrusher",
    ("lying triceps extension", None): "EZ-Bar Skullcrusher",
    ("triceps extension", Equipment.DUMBBELL): "Standing Dumbbell Triceps Extension",
    ("overhead triceps extension", Equipment.CABLE): "Cable Rope Overhead Triceps Extension",
    ("leg press", None): "Leg Press",
    ("leg extension", None): "Leg Extensions",
    ("lying leg curl", None): "Lying Leg Curls",
    ("leg curl", None): "Lying Leg Curls",
    ("seated leg curl", None): "Seated Leg Curl",
    ("standing calf raise", None): "Standing Calf Raises",
    ("calf raise", None): "Standing Calf Raises",
    ("seated calf raise", None): "Seated Calf Raise",
    ("hip thrust", None): "Barbell Hip Thrust",
    ("glute bridge", None): "Butt Lift (Bridge)",
    ("lateral raise", None): "Side Lateral Raise",
    ("lateral raise", Equipment.CABLE): "Cable Seated Lateral Raise",
    ("side lateral raise", None): "Side Lateral Raise",
    ("rear delt fly", None): "Reverse Flyes",
    ("reverse fly", None): "Reverse Flyes",
    ("face pull", None): "Face Pull",
    ("chest fly", Equipment.DUMBBELL): "Dumbbell Flyes",
    ("chest fly", None): "Butterfly",
    ("pec deck", None): "Butterfly",
    ("cable crossover", None): "Cable Crossover",
    ("cable fly", None): "Flat Bench Cable Flyes",
    ("shrug", Equipment.BARBELL): "Barbell Shrug",
    ("shrug", Equipment.DUMBBELL): "Dumbbell Shrug",
    ("shrug", None): "Barbell Shrug",
    ("lunge", Equipment.DUMBBELL): "Dumbbell Lunges",
    ("lunge", Equipment.BARBELL): "Barbell Lunge",
    ("lunge", None): "Dumbbell Lunges",
    ("walking lunge", None): "Bodyweight Walking Lunge",
    ("bulgarian split squat", None): "Split Squat with Dumbbells",
    ("split squat", None): "Split Squat with Dumbbells",
    ("good morning", None): "Good Morning",
    ("upright row", None): "Upright Barbell Row",
    ("plank", None): "Plank",
    ("crunch", None): "Crunches",
    ("crunches", None): "Crunches",
    ("cable crunch", None): "Cable Crunch",
    ("hanging leg raise", None): "Hanging Leg Raise",
    ("hanging knee raise", None): "Hanging Leg Raise",
    ("russian twist", None): "Russian Twist",
    ("kettlebell swing", None): "Kettlebell Swing",
    ("swing", Equipment.KETTLEBELLS): "Kettlebell Swing",
    ("power clean", None): "Power Clean",
    ("clean and jerk", None): "Clean and Jerk",
    ("snatch", None): "Snatch",
    ("farmers walk", None): "Farmer's Walk",
    ("farmer walk", None): "Farmer's Walk",
    ("back extension", None): "Hyperextensions (Back Extensions)",
    ("hyperextension", None): "Hyperextensions (Back Extensions)",
    ("ab wheel", None): "Ab Roller",
    ("ab rollout", None): "Ab Roller",
    ("hammer curl", Equipment.CABLE): "Cable Hammer Curls - Rope Attachment",
    ("seated cable row v grip", None): "Seated Cable Rows",
    ("seated row v grip", None): "Seated Cable Rows",
    ("skullcrusher", Equipment.BARBELL): "Lying Triceps Press",
    ("skullcrusher", Equipment.EZ_CURL_BAR): "EZ-Bar Skullcrusher",
    ("hip abduction", None): "Thigh Abductor",
    ("hip adduction", None): "Thigh Adductor",
    ("glute kickback", Equipment.CABLE): "One-Legged Cable Kickback",
    ("glute kickback", None): "Glute Kickback",
    ("triceps kickback", None): "Tricep Dumbbell Kickback",
    ("wrist curl", Equipment.BARBELL): "Palms-Up Barbell Wrist Curl Over A Bench",
    ("wrist curl", Equipment.DUMBBELL): "Seated Dumbbell Palms-Up Wrist Curl",
    ("wrist curl", Equipment.CABLE): "Cable Wrist Curl",
    ("glute ham raise", None): "Glute Ham Raise",
    ("jump rope", None): "Rope Jumping",
    ("box jump", None): "Front Box Jump",
}


@dataclass(frozen=True)
class Match:
    """The movement a source name maps to (None: nothing close enough) and how sure we are."""

    movement_id: int | None
    confidence: float  # 0..1
    equipment_hint: Equipment | None


def normalise(text: str) -> str:
    """Lower case, punctuation and plurals' trailing 's' left alone, single spaces."""
    return " ".join(_NON_WORD.sub(" ", text.casefold().replace("-", " ")).split())


def split_equipment(name: str) -> tuple[str, Equipment | None]:
    """("Bench Press (Barbell)") -> ("bench press", BARBELL); also "Squat - Smith Machine"."""
    hint: Equipment | None = None
    base = name
    for inside in _BRACKETS.findall(name):
        found = _equipment_of(inside)
        if found is not None and hint is None:
            hint = found
            # The Smith machine is a barbell on rails: its name is part of the movement's.
            keep = "smith machine " if "smith" in inside.casefold() else ""
            base = keep + base.replace(f"({inside})", " ")
    if " - " in base:
        head, _, tail = base.rpartition(" - ")
        found = _equipment_of(tail)
        if found is not None and hint is None:
            hint, base = found, head
    words = normalise(base)
    if hint is None:
        for word, equipment in sorted(_EQUIPMENT_WORDS, key=lambda pair: -len(pair[0])):
            if words.startswith(f"{word} "):
                hint, words = equipment, words[len(word) + 1 :]
                break
    return _BRACKETS.sub(" ", words).strip(), hint


def _equipment_of(text: str) -> Equipment | None:
    words = normalise(text)
    if words in _EQUIPMENT:
        return _EQUIPMENT[words]
    # "Cable - Straight Bar", "Machine, Plate Loaded": the first known word decides.
    for word, equipment in _EQUIPMENT_WORDS:
        if words.startswith(word):
            return equipment
    return None


class Matcher:
    """Matches names against one catalog; built once per import (a few ms for 900 names)."""

    def __init__(self, movements: Sequence[MovementInfo]) -> None:
        usable = [m for m in movements if m.pattern is not MovementPattern.MOBILITY]
        self._movements = usable
        self._names = [normalise(m.name) for m in usable]
        self._by_name: dict[str, int] = {}
        for movement, name in zip(usable, self._names, strict=True):
            # A lifter's own movement of the same name wins over the library's.
            if movement.is_custom or name not in self._by_name:
                self._by_name[name] = movement.id
        self._equipment = {m.id: m.equipment for m in usable}
        self._by_equipment: dict[Equipment, list[int]] = {}
        for index, movement in enumerate(usable):
            self._by_equipment.setdefault(movement.equipment, []).append(index)

    def match(self, source: str) -> Match:
        """The best movement for `source`, or movement_id None when nothing is close enough."""
        exact = self._by_name.get(normalise(source))
        base, hint = split_equipment(source)
        if exact is not None:
            return Match(exact, 1.0, hint)
        for alias in _aliases(base, hint):
            movement_id = self._by_name.get(normalise(alias))
            if movement_id is not None and self._fits(movement_id, hint):
                return Match(movement_id, ALIAS_CONFIDENCE, hint)
        return self._fuzzy(base, hint)

    def _fits(self, movement_id: int, hint: Equipment | None) -> bool:
        equipment = self._equipment[movement_id]
        return hint is None or hint is equipment or hint is Equipment.OTHER

    def _fuzzy(self, base: str, hint: Equipment | None) -> Match:
        if not base:
            return Match(None, 0.0, hint)
        indices = self._candidates(hint)
        choices = {i: self._names[i] for i in indices}
        query = base if hint is None else f"{_word_for(hint)} {base}"
        found = process.extractOne(query, choices, scorer=_score, score_cutoff=0)
        if found is None:
            return Match(None, 0.0, hint)
        _, score, index = found
        if score < MATCH_THRESHOLD:
            return Match(None, round(score / 100, 2), hint)
        return Match(self._movements[int(index)].id, round(score / 100, 2), hint)

    def _candidates(self, hint: Equipment | None) -> list[int]:
        if hint is None or hint not in self._by_equipment:
            return list(range(len(self._movements)))
        return self._by_equipment[hint]


def _score(query: str, choice: str, **_: object) -> float:
    # token_set rewards a name that contains every word asked for; token_sort punishes the
    # extra words, so "squat" prefers "barbell squat" to "barbell squat to a bench".
    score = 0.6 * fuzz.token_set_ratio(query, choice) + 0.4 * fuzz.token_sort_ratio(query, choice)
    # A telling word the choice lacks ("belt" squat, "wrist" curl) names another exercise.
    return score - MISSING_WORD_PENALTY * _missing_words(query, choice)


def _missing_words(query: str, choice: str) -> int:
    have = choice.split()
    return sum(
        1
        for word in query.split()
        if len(word) >= 4 and not any(fuzz.ratio(word, other) >= 80 for other in have)
    )


@lru_cache(maxsize=1)
def _alias_table() -> dict[tuple[str, Equipment | None], str]:
    return {(normalise(base), kit): name for (base, kit), name in _ALIASES.items()}


def _aliases(base: str, hint: Equipment | None) -> list[str]:
    """Library names for `base`, the equipment-specific one first."""
    table = _alias_table()
    singular = " ".join(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in base.split())
    keys = ((base, hint), (singular, hint), (base, None), (singular, None))
    return [table[key] for key in keys if key in table]


def _word_for(equipment: Equipment) -> str:
    return {
        Equipment.BODY_ONLY: "",
        Equipment.EZ_CURL_BAR: "ez bar",
        Equipment.KETTLEBELLS: "kettlebell",
        Equipment.BANDS: "band",
        Equipment.OTHER: "",
    }.get(equipment, equipment.value.lower())
