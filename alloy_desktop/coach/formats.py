"""JSON schemas sent as Ollama's `format`: proposed changes, a designed session, a substitute."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from alloy_desktop.domain.enums import ExerciseRole

REMOVE, SUBSTITUTE, ADJUST, ADD_SECTION = "remove", "substitute", "adjust", "add_section"
ACTIONS = (REMOVE, SUBSTITUTE, ADJUST, ADD_SECTION)
# Sections the day plan knows how to show (see the day plan's added-section wording).
SECTIONS = ("extra_warmup", "conditioning", "finisher", "cooldown")
SECTION_WORDS = {
    "extra_warmup": "an extra warm-up",
    "conditioning": "a conditioning block",
    "finisher": "a finisher",
    "cooldown": "a cool-down",
}
DESIGN_ROLES = tuple(role.value for role in ExerciseRole)


def _string(choices: Sequence[str] = ()) -> dict[str, Any]:
    # An enum lets Ollama constrain decoding to valid names; an empty enum would be invalid.
    schema: dict[str, Any] = {"type": "string"}
    if choices:
        schema["enum"] = list(dict.fromkeys(choices))
    return schema


def proposal_schema(exercises: Sequence[str], replacements: Sequence[str]) -> dict[str, Any]:
    """{"summary", "changes": [{action, exercise, replacement, sets/reps/rpe, section, reason}]}."""
    change = {
        "type": "object",
        "properties": {
            "action": _string(ACTIONS),
            "exercise": _string(exercises),
            "replacement": _string(replacements),
            "sets": {"type": "integer"},
            "reps": {"type": "integer"},
            "rpe": {"type": "number"},
            "section": _string(SECTIONS),
            "reason": {"type": "string"},
        },
        "required": ["action", "reason"],
    }
    return {
        "type": "object",
        "properties": {
            "summary": {"type": "string"},
            "changes": {"type": "array", "items": change},
        },
        "required": ["changes"],
    }


def design_schema(candidates: Sequence[str]) -> dict[str, Any]:
    """{"rationale", "exercises": [{movement, role, sets, reps, rpe, rest_seconds, note}]}."""
    exercise = {
        "type": "object",
        "properties": {
            "movement": _string(candidates),
            "role": _string(DESIGN_ROLES),
            "sets": {"type": "integer"},
            "reps": {"type": "integer"},
            "rpe": {"type": "number"},
            "rest_seconds": {"type": "integer"},
            "note": {"type": "string"},
        },
        "required": ["movement", "role", "sets", "reps", "rpe", "rest_seconds"],
    }
    return {
        "type": "object",
        "properties": {
            "rationale": {"type": "string"},
            "exercises": {"type": "array", "items": exercise},
        },
        "required": ["exercises"],
    }


def substitution_schema(candidates: Sequence[str]) -> dict[str, Any]:
    """{"choice": one candidate's name, "reason": a sentence}."""
    return {
        "type": "object",
        "properties": {"choice": _string(candidates), "reason": {"type": "string"}},
        "required": ["choice", "reason"],
    }
