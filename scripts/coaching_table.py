"""Writes docs/coaching.md: what the real planner prescribes for a range of lifters and goals."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import ExerciseRole, MovementPattern, MuscleGroup
from alloy_desktop.services.schemas import (
    GoalWeight,
    ProfileUpdate,
    ProgramCreate,
    ProgramResponse,
    SchedulingPreferences,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "coaching.md"
FULL_GYM: tuple[str, ...] = ()
DUMBBELLS = ("DUMBBELL", "BODY_ONLY", "NONE")
BODYWEIGHT = ("BODY_ONLY", "NONE")
HARD = (ExerciseRole.MAIN, ExerciseRole.ACCESSORY)
NOT_LIFTING = (MovementPattern.CONDITIONING, MovementPattern.PLYOMETRIC, MovementPattern.MOBILITY)
WEEKDAYS = {2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 4, 5), 6: (0, 1, 2, 3, 4, 5)}


@dataclass(frozen=True)
class Profile:
    """One lifter the table is made for."""

    title: str
    experience: str
    days: int
    minutes: int
    equipment: tuple[str, ...]
    goals: tuple[tuple[str, int], ...]
    weeks: int = 8


PROFILES: tuple[Profile, ...] = (
    Profile(
        "Beginner, hypertrophy, 3 days, full gym",
        "BEGINNER",
        3,
        60,
        FULL_GYM,
        (("HYPERTROPHY", 10),),
    ),
    Profile(
        "Intermediate, strength, 4 days, full gym",
        "INTERMEDIATE",
        4,
        75,
        FULL_GYM,
        (("STRENGTH", 10),),
    ),
    Profile(
        "Advanced, hypertrophy 6 + strength 4, 5 days, full gym",
        "ADVANCED",
        5,
        75,
        FULL_GYM,
        (("HYPERTROPHY", 6), ("STRENGTH", 4)),
    ),
    Profile(
        "Intermediate, hypertrophy, 6 days, full gym",
        "INTERMEDIATE",
        6,
        60,
        FULL_GYM,
        (("HYPERTROPHY", 10),),
    ),
    Profile(
        "Intermediate, hypertrophy, 3 days, dumbbells only",
        "INTERMEDIATE",
        3,
        60,
        DUMBBELLS,
        (("HYPERTROPHY", 10),),
    ),
    Profile(
        "Beginner, hypertrophy, 2 days, 45 minutes, full gym",
        "BEGINNER",
        2,
        45,
        FULL_GYM,
        (("HYPERTROPHY", 10),),
    ),
    Profile(
        "Beginner, fat loss 6 + endurance 4, 3 days, bodyweight only",
        "BEGINNER",
        3,
        45,
        BODYWEIGHT,
        (("FAT_LOSS", 6), ("ENDURANCE", 4)),
    ),
    Profile(
        "Intermediate, endurance 5 + mobility 5, 3 days, full gym",
        "INTERMEDIATE",
        3,
        60,
        FULL_GYM,
        (("ENDURANCE", 5), ("MOBILITY", 5)),
    ),
    Profile(
        "Beginner, mobility, 3 days, bodyweight only",
        "BEGINNER",
        3,
        45,
        BODYWEIGHT,
        (("MOBILITY", 10),),
    ),
    Profile(
        "Intermediate, strength 6 + skill 4, 4 days, full gym",
        "INTERMEDIATE",
        4,
        75,
        FULL_GYM,
        (("STRENGTH", 6), ("SKILL", 4)),
    ),
)


def plan_for(alloy: Alloy, index: int, profile: Profile) -> tuple[UserApi, ProgramResponse]:
    """The program a new account with this profile gets (previewed, nothing written)."""
    token = alloy.auth.register(f"lifter{index}@example.com", "correct horse battery", "Lifter")
    me = alloy.for_token(token.access_token)
    schedule = SchedulingPreferences(profile.days, WEEKDAYS[profile.days], profile.minutes)
    me.settings.update_profile(
        ProfileUpdate(
            experience_level=profile.experience,
            scheduling=schedule,
            equipment=profile.equipment or None,
        )
    )
    goals = tuple(GoalWeight(goal, weight) for goal, weight in profile.goals)
    return me, me.programs.preview(ProgramCreate(goals=goals, duration_weeks=profile.weeks))


def weekly_hard_sets(me: UserApi, program: ProgramResponse) -> list[dict[MuscleGroup, float]]:
    """Per microcycle, hard sets per muscle (primary 1, secondary 0.5), as the logs count them."""
    cache: dict[int, tuple[frozenset[MuscleGroup], frozenset[MuscleGroup]]] = {}
    weeks = []
    for mc in program.microcycles:
        totals: dict[MuscleGroup, float] = {}
        for session in mc.sessions:
            for ex in session.exercises:
                if ex.role not in HARD or ex.pattern in NOT_LIFTING:
                    continue
                if ex.movement_id not in cache:
                    m = me.library.get(ex.movement_id)
                    if m.category == "stretching":  # holds are not hard sets
                        cache[ex.movement_id] = (frozenset(), frozenset())
                        continue
                    cache[ex.movement_id] = (
                        frozenset(m.primary_muscles),
                        frozenset(m.secondary_muscles),
                    )
                primary, secondary = cache[ex.movement_id]
                for group in primary:
                    totals[group] = totals.get(group, 0.0) + ex.sets
                for group in secondary - primary:
                    totals[group] = totals.get(group, 0.0) + 0.5 * ex.sets
        weeks.append(totals)
    return weeks


def _ranges(program: ProgramResponse) -> list[str]:
    """Reps (or seconds), RPE and rest per role, training weeks and deloads apart."""
    seen: dict[str, tuple[list[int], list[float], list[int]]] = {}
    for mc in program.microcycles:
        for session in mc.sessions:
            for ex in session.exercises:
                timed = ex.pattern is MovementPattern.CONDITIONING
                unit = "seconds of work" if timed else "reps"
                week = "deload" if mc.is_deload else "training weeks"
                key = f"{ex.role.value.lower()} ({unit}, {week})"
                reps, rpes, rests = seen.setdefault(key, ([], [], []))
                reps.extend([ex.reps, ex.reps_max or ex.reps])
                if ex.rpe is not None:
                    rpes.append(ex.rpe)
                rests.append(ex.rest_seconds)
    lines = []
    for key in sorted(seen):
        reps, rpes, rests = seen[key]
        rpe = f"RPE {min(rpes):g}-{max(rpes):g}" if rpes else "no RPE"
        lines.append(f"- {key}: {min(reps)}-{max(reps)}, {rpe}, rest {min(rests)}-{max(rests)} s")
    return lines


def _volume_table(
    program: ProgramResponse, weeks: Sequence[dict[MuscleGroup, float]], landmarks: dict[str, str]
) -> list[str]:
    groups = [g for g in MuscleGroup if any(w.get(g) for w in weeks)]
    head = [
        "Muscle",
        "MEV-MRV",
        *(_week_label(mc.sequence_number, mc.is_deload) for mc in program.microcycles),
    ]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for group in groups:
        cells = [f"{w.get(group, 0):g}" for w in weeks]
        rows.append(
            f"| {group.value.lower().replace('_', ' ')} | {landmarks.get(group.value, '-')} | "
            + " | ".join(cells)
            + " |"
        )
    return rows


def _week_label(number: int, deload: bool) -> str:
    return f"W{number}{' (deload)' if deload else ''}"


def _sessions(program: ProgramResponse, me: UserApi, minutes: int) -> list[str]:
    first = program.microcycles[0]
    lines = []
    for session in first.sessions:
        names = []
        for ex in session.exercises:
            if ex.role in (ExerciseRole.WARMUP, ExerciseRole.COOLDOWN):
                continue
            names.append(f"{ex.movement_name} {_work(ex.sets, ex.reps, ex.reps_max, ex.pattern)}")
        over = " (over budget)" if session.time.total_minutes > minutes * 1.15 else ""
        lines.append(
            f"- **{session.name}** ({session.session_type.value.lower()}, "
            f"{session.time.total_minutes} of {minutes} min{over}): " + "; ".join(names)
        )
    return lines


def _work(sets: int, reps: int, reps_max: int | None, pattern: MovementPattern) -> str:
    if pattern is MovementPattern.CONDITIONING:
        amount = f"{reps // 60} min" if reps >= 60 and reps % 60 == 0 else f"{reps} s"
        return f"{sets}×{amount}"
    return f"{sets}×{reps}{'-' + str(reps_max) if reps_max else ''}"


def render(profiles: Iterable[Profile]) -> str:
    """The whole document, deterministically."""
    out = [
        "# What the planner prescribes",
        "",
        "Generated by `scripts/coaching_table.py` from the real planner (a test checks this file",
        "is current). For each lifter: the sessions of the first microcycle, weekly hard sets per",
        "muscle per microcycle (sets at RPE 7 or more of main lifts and accessories; a primary",
        "muscle counts 1 a set, a secondary 0.5) against Renaissance Periodization's landmarks,",
        "rep, RPE and rest ranges per role, and the warnings the program shows.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        alloy = Alloy.open(Path(tmp) / "coaching.db")
        try:
            landmarks = {k: f"{a}-{b}" for k, (a, b) in alloy_landmarks(alloy).items()}
            for index, profile in enumerate(profiles):
                me, program = plan_for(alloy, index, profile)
                weeks = weekly_hard_sets(me, program)
                out += [f"## {profile.title}", ""]
                out.append(
                    f"Split {program.split_template.value.lower().replace('_', ' ')}, "
                    f"progression {program.progression_style.value.lower().replace('_', ' ')}, "
                    f"{profile.weeks} weeks."
                )
                out += ["", *_sessions(program, me, profile.minutes), ""]
                out += [*_volume_table(program, weeks, landmarks), ""]
                out += [*_ranges(program), ""]
                if program.warnings:
                    out += ["Warnings:", *(f"- {w}" for w in program.warnings), ""]
        finally:
            alloy.close()
    return "\n".join(out).rstrip() + "\n"


def alloy_landmarks(alloy: Alloy) -> dict[str, tuple[int, int]]:
    """The MEV-MRV pairs the planner reads from the reference data."""
    import json

    from alloy_desktop.resources import seed_dir

    data = json.loads((seed_dir() / "heuristics.json").read_text(encoding="utf-8"))
    return {group: (v["mev"], v["mrv"]) for group, v in data["mev_mrv"].items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if docs/coaching.md is stale")
    args = parser.parse_args(argv)
    text = render(PROFILES)
    if args.check:
        return 0 if DOC.read_text(encoding="utf-8") == text else 1
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
