"""Prompts for the local model: the session, how the lifter feels, their rules, the persona."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from alloy_desktop.domain.catalog import MovementInfo, MovementRule, label
from alloy_desktop.domain.enums import (
    BodyPart,
    ExerciseRole,
    MovementRuleType,
    MuscleGroup,
    PersonaAggression,
    PersonaTone,
    RecoverySignalLevel,
    RuleTarget,
)

RECOVERING_BELOW = 9.0  # muscle groups under 9/10 are worth telling the coach about
MAX_RECOVERING = 8

TONE_WORDS: dict[PersonaTone, str] = {
    PersonaTone.SUPPORTIVE: "warm and encouraging",
    PersonaTone.NEUTRAL: "plain and factual",
    PersonaTone.DIRECT: "brief and direct",
    PersonaTone.DRILL_SERGEANT: "blunt and demanding, but never insulting",
    PersonaTone.ANALYTICAL: "precise: give the reasoning and the numbers",
    PersonaTone.MOTIVATIONAL: "upbeat and energising",
    PersonaTone.MINIMALIST: "as few words as possible",
}
AGGRESSION_WORDS: dict[PersonaAggression, str] = {
    PersonaAggression.CONSERVATIVE: "Err on the side of caution: cut volume rather than risk it.",
    PersonaAggression.MODERATE_CONSERVATIVE: "Lean cautious: trim first, push only when fresh.",
    PersonaAggression.BALANCED: "Balance progress against recovery.",
    PersonaAggression.MODERATE_AGGRESSIVE: "Lean towards pushing when recovery allows.",
    PersonaAggression.AGGRESSIVE: "Push hard when recovery allows, but never through pain.",
}
RULE_WORDS: dict[MovementRuleType, str] = {
    MovementRuleType.HARD_NO: "Never",
    MovementRuleType.AVOID: "Avoid",
    MovementRuleType.INJURY: "Injury",
}
ROLE_WORDS: dict[ExerciseRole, str] = {
    ExerciseRole.WARMUP: "warm-up",
    ExerciseRole.MAIN: "main lift",
    ExerciseRole.ACCESSORY: "accessory",
    ExerciseRole.FINISHER: "finisher",
    ExerciseRole.COOLDOWN: "cool-down",
    ExerciseRole.SKILL: "skill",
}


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise of the session as the model reads it; `slot` is its order in the session."""

    slot: int
    name: str
    role: ExerciseRole
    sets: int
    reps: int
    reps_max: int | None
    rpe: float | None
    rest_seconds: int

    def words(self) -> str:
        """ "1. Barbell Squat (main lift): 4 x 6 @ RPE 7.5, rest 2:30"."""
        reps = f"{self.reps}-{self.reps_max}" if self.reps_max else str(self.reps)
        rpe = f" @ RPE {self.rpe:g}" if self.rpe is not None else ""
        minutes, seconds = divmod(self.rest_seconds, 60)
        return (
            f"{self.slot}. {self.name} ({ROLE_WORDS[self.role]}): "
            f"{self.sets} x {reps}{rpe}, rest {minutes}:{seconds:02d}"
        )


@dataclass(frozen=True)
class LifterProfile:
    """What stays true from day to day: rules, injuries, likes and the coach's persona."""

    rules: tuple[str, ...] = ()
    injuries: tuple[str, ...] = ()
    enjoyable: tuple[str, ...] = ()
    tone: PersonaTone = PersonaTone.SUPPORTIVE
    aggression: PersonaAggression = PersonaAggression.BALANCED


@dataclass(frozen=True)
class AdaptContext:
    """Everything the coach is told about one day's session and how the lifter feels."""

    day: date
    session_name: str
    session_type: str
    is_deload: bool
    exercises: tuple[ExerciseLine, ...]
    soreness: tuple[tuple[BodyPart, int], ...]
    recovery_signal: RecoverySignalLevel | None
    notes: str
    muscle_recovery: Mapping[MuscleGroup, float]
    profile: LifterProfile
    swap_options: Mapping[int, tuple[str, ...]]  # slot -> replacements the app allows


# --- pieces -----------------------------------------------------------------------------------


def day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def rule_words(rule: MovementRule, names: Mapping[int, MovementInfo]) -> str:
    """ "Never: Barbell Deadlift (hurts my back)"."""
    if rule.target is RuleTarget.MOVEMENT and rule.movement_id is not None:
        info = names.get(rule.movement_id)
        what = info.name if info else "a removed movement"
    elif rule.target is RuleTarget.PATTERN and rule.pattern is not None:
        what = f"all {label(rule.pattern)} movements"
    else:
        what = f"anything loading the {label(rule.body_part or '')}"
    note = f" ({rule.note})" if rule.note else ""
    return f"{RULE_WORDS[rule.rule_type]}: {what}{note}"


def recovering_words(recovery: Mapping[MuscleGroup, float]) -> str:
    """The least recovered muscle groups: "quads 4.1/10, glutes 6/10"."""
    low = sorted((v, g) for g, v in recovery.items() if v < RECOVERING_BELOW)[:MAX_RECOVERING]
    return ", ".join(f"{label(g)} {round(v, 1):g}/10" for v, g in low)


def persona_words(profile: LifterProfile) -> str:
    return f"Tone: {TONE_WORDS[profile.tone]}. {AGGRESSION_WORDS[profile.aggression]}"


def _bullets(title: str, items: Sequence[str], empty: str) -> list[str]:
    if not items:
        return [f"{title}: {empty}"]
    return [f"{title}:", *(f"- {item}" for item in items)]


def profile_lines(profile: LifterProfile) -> list[str]:
    return [
        *_bullets("Movement rules (never break a Never or Injury rule)", profile.rules, "none"),
        *_bullets("Injuries", profile.injuries, "none"),
        *_bullets("Activities the lifter enjoys", profile.enjoyable, "none given"),
    ]


# --- adapting a day -------------------------------------------------------------------------


def state_lines(ctx: AdaptContext) -> list[str]:
    sore = ", ".join(f"{label(part)} {level}/10" for part, level in ctx.soreness)
    signal = label(ctx.recovery_signal) if ctx.recovery_signal else "not given"
    return [
        "How the lifter feels today:",
        f"- Soreness: {sore or 'nothing sore'}",
        f"- Recovery signal: {signal}",
        f"- Notes: {ctx.notes or 'none'}",
        f"- Muscle groups still recovering: {recovering_words(ctx.muscle_recovery) or 'none'}",
    ]


def session_lines(ctx: AdaptContext) -> list[str]:
    deload = " It is a deload week." if ctx.is_deload else ""
    lines = [f"Session for {day_words(ctx.day)}: {ctx.session_name} ({ctx.session_type}).{deload}"]
    lines += [e.words() for e in ctx.exercises]
    names = {e.slot: e.name for e in ctx.exercises}
    swaps = [
        f"{names[slot]}: {', '.join(options)}"
        for slot, options in sorted(ctx.swap_options.items())
        if options and slot in names
    ]
    lines += _bullets("Swaps the app allows (best first)", swaps, "none needed")
    return lines


def adapt_system_prompt(ctx: AdaptContext) -> str:
    """The coach's instructions plus the whole context, sent as the system message."""
    head = (
        "You are Alloy's strength coach, talking to a lifter who is at the gym right now. "
        f"{persona_words(ctx.profile)} "
        "Say what to change in today's session and why, in at most 150 words of plain text "
        "(no tables, no markdown headings). Only suggest exercises from the session or from "
        "the allowed swaps, never anything the lifter's rules or injuries forbid. "
        "Adjust sets, reps and RPE (5-10) rather than inventing new exercises."
    )
    body = [*session_lines(ctx), *state_lines(ctx), *profile_lines(ctx.profile)]
    return head + "\n\n" + "\n".join(body)


def swap_choices(ctx: AdaptContext) -> dict[int, tuple[int, str]]:
    """Option number -> (slot, replacement): slot 4's swaps are 41, 42, 43."""
    return {
        slot * 10 + rank: (slot, name)
        for slot, names in sorted(ctx.swap_options.items())
        for rank, name in enumerate(names[:9], start=1)
    }


def proposal_prompt(ctx: AdaptContext) -> str:
    """The last user message: the advice above as changes, by the numbers listed here."""
    slots = "; ".join(f"{e.slot} = {e.name}" for e in ctx.exercises)
    options = "; ".join(
        f"{number} = {name} (for {slot})" for number, (slot, name) in swap_choices(ctx).items()
    )
    return (
        "Now turn the changes you recommended into JSON, at most three. Refer to exercises "
        f"by slot number only ({slots}) and to swaps by option number only "
        f"({options or 'none offered today'}). Actions: remove (a slot), substitute (an "
        "option), adjust (a slot's new sets 1-6 and RPE 5-10), add_section (extra_warmup, "
        "conditioning, finisher or cooldown). For a sore body part, remove or swap the "
        "exercises that load it rather than adding any. Give each a reason of a few words. "
        "Propose only what you recommended; an empty list is fine."
    )


# --- designing a session --------------------------------------------------------------------


@dataclass(frozen=True)
class DesignContext:
    """One session the planner drafted, for the coach to redesign within the same limits."""

    session_name: str
    session_type: str
    goals: str
    minutes: int
    is_deload: bool
    experience: str
    reference: tuple[ExerciseLine, ...]
    candidates: tuple[str, ...]
    profile: LifterProfile


def design_messages(ctx: DesignContext) -> list[dict[str, str]]:
    """System and user messages asking for one session's exercises as JSON."""
    deload = " This is a deload week: fewer sets, RPE 6 or below." if ctx.is_deload else ""
    system = (
        "You are Alloy's strength coach designing one training session. "
        f"{persona_words(ctx.profile)} Use only movements from the candidate list, spelled "
        "exactly. Order: warm-up, main lifts, accessories, then cool-down. Sets 1-6, reps "
        "1-30 (seconds held for stretches, up to 60), RPE 5-10 for main lifts and "
        f"accessories (3-4 to warm up or cool down), rest 0-300 seconds.{deload}\n\n"
        + "\n".join(profile_lines(ctx.profile))
    )
    user = "\n".join(
        [
            f"Session: {ctx.session_name} ({ctx.session_type}), about {ctx.minutes} minutes, "
            f"goals: {ctx.goals}, experience: {ctx.experience}.",
            "The planner's draft (improve it, keep the main lifts unless there is a reason):",
            *(e.words() for e in ctx.reference),
            "Candidates: " + "; ".join(ctx.candidates),
        ]
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


# --- choosing a substitute ------------------------------------------------------------------


def substitution_messages(
    original: str, candidates: Sequence[tuple[str, Sequence[str]]], context: Sequence[str]
) -> list[dict[str, str]]:
    """Asks the coach to pick one of the ranked candidates and say why in a sentence."""
    listed = [f"- {name}: {'; '.join(reasons)}" for name, reasons in candidates]
    system = (
        "You are Alloy's strength coach. Pick the best stand-in for an exercise from the "
        "candidates only, and explain the choice in one short sentence."
    )
    user = "\n".join([f"Replace: {original}", "Candidates (ranked by the app):", *listed, *context])
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
