"""JSON schemas for structured answers (proposed changes, a session, a substitute) and parsing."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from alloy_desktop.coach.errors import invalid_output
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


# --- servers without structured output --------------------------------------------------------


def instructions_for(schema: Mapping[str, Any]) -> str:
    """The schema as an instruction, for servers that can't constrain decoding to it."""
    return (
        "Answer with one JSON object and nothing else (no prose, no code fence). "
        "It must match this JSON schema: " + json.dumps(schema, separators=(",", ":"))
    )


def parse_json_text(text: str) -> Any:
    """The JSON object in a reply; tolerates a code fence or a sentence around it.

    Raises the coach's invalid-output error (worth a retry) when there is none.
    """
    body = text.strip()
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end < start:
        raise invalid_output(f"not JSON: {text[:200]!r}")
    try:
        return json.loads(body[start : end + 1])
    except ValueError as exc:
        raise invalid_output(f"not JSON: {text[:200]!r}") from exc
