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


# What a proposal may say, kept small so a small model can only say something Alloy can use:
# exercises and swaps by the numbers the prompt lists, numbers from short enums, few words.
MAX_PROPOSED = 3
SETS_CHOICES = tuple(range(1, 7))
RPE_CHOICES = tuple(x / 2 if x % 2 else x // 2 for x in range(10, 21))  # 5, 5.5, ... 10
REASON_CHARS = 48


def _numbers(choices: Sequence[int | float]) -> dict[str, Any]:
    return {"type": "number", "enum": list(dict.fromkeys(choices))}


def _change(action: str, fields: dict[str, Any]) -> dict[str, Any]:
    """One kind of change: its action, its own fields, a short reason; every field required."""
    properties = {
        "action": {"type": "string", "enum": [action]},
        **fields,
        "reason": {"type": "string", "maxLength": REASON_CHARS},
    }
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def proposal_schema(slots: Sequence[int], options: Sequence[int]) -> dict[str, Any]:
    """{"changes": [...]}, each change one of remove / adjust (a slot), substitute (an option
    number), add_section; at most three. Slots and options are the numbers the prompt lists."""
    kinds = [_change(ADD_SECTION, {"section": _string(SECTIONS)})]
    if slots:
        slot = _numbers(slots) | {"type": "integer"}
        kinds.insert(0, _change(REMOVE, {"slot": slot}))
        adjust = {"slot": slot, "sets": _numbers(SETS_CHOICES), "rpe": _numbers(RPE_CHOICES)}
        kinds.insert(1, _change(ADJUST, adjust))
    if options:
        option = _numbers(options) | {"type": "integer"}
        kinds.insert(-1, _change(SUBSTITUTE, {"option": option}))
    return {
        "type": "object",
        "properties": {
            "changes": {"type": "array", "items": {"anyOf": kinds}, "maxItems": MAX_PROPOSED}
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
