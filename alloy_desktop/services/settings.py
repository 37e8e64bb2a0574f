"""Settings, profile, movement rules and injuries of the signed-in user (the spec's /settings)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select

from alloy_desktop.coach.config import Provider
from alloy_desktop.coach.hosts import DEFAULT_OPENAI_URL, default_ollama_host
from alloy_desktop.domain.catalog import label
from alloy_desktop.domain.enums import (
    BodyPart,
    E1RMFormula,
    Equipment,
    ExperienceLevel,
    MovementPattern,
    MovementRuleType,
    PersonaAggression,
    PersonaTone,
    RuleTarget,
    SplitTemplate,
    WeightUnit,
)
from alloy_desktop.domain.metrics import from_display, to_display
from alloy_desktop.domain.plates import PlateSetup, default_setup
from alloy_desktop.services import schemas, validate
from alloy_desktop.services.body_weight import record as record_body_weight
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import Conflict, NotFound, ValidationError
from alloy_desktop.services.schemas import PlatePairs
from alloy_desktop.store.lazy import lazy_module

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from alloy_desktop.store import models
else:
    models = lazy_module("alloy_desktop.store.models")

RULE_WORDS = {
    MovementRuleType.HARD_NO: "Never",
    MovementRuleType.AVOID: "Avoid",
    MovementRuleType.INJURY: "Injury",
}
MAX_DISCIPLINES = 20
MAX_ACTIVITIES = 50
BODY_WEIGHT_KG = (20.0, 400.0)


class SettingsService:
    """Reads and changes one user's settings, profile, movement rules and injuries."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    # --- Settings ---------------------------------------------------------------------------

    def get(self) -> schemas.SettingsResponse:
        """The spec's GET /settings."""
        with self._ctx.read() as s:
            row = _settings_of(s, self._ctx.user_id)
            if row is not None:
                return _settings_response(row)
        with self._ctx.write() as s:  # only an account made outside AuthService lacks the row
            return _settings_response(self._ensure_settings(s))

    def update(self, changes: schemas.SettingsUpdate) -> schemas.SettingsResponse:
        """The spec's PUT /settings: every given field is checked before anything is written.

        Bar, plate and collar weights are read in the unit the lifter is in after the
        update, and stored in kg.
        """
        changes = validate.request(changes, schemas.SettingsUpdate, "changes", "A settings change")
        values = _settings_values(changes)
        with self._ctx.write() as s:
            row = self._ensure_settings(s)
            unit = values.get("weight_unit") or WeightUnit(row.weight_unit)
            values.update(_plate_values(changes, unit))
            for name, value in values.items():
                setattr(row, name, value)
            s.flush()
            return _settings_response(row)

    # --- Profile ----------------------------------------------------------------------------

    def get_profile(self) -> schemas.ProfileResponse:
        """The spec's GET /settings/profile: basics, preferences, persona, rules and injuries."""
        with self._ctx.read() as s:
            return self._profile_response(s)

    def update_profile(self, changes: schemas.ProfileUpdate) -> schemas.ProfileResponse:
        """The spec's PUT /settings/profile; fields left as None stay as they are."""
        changes = validate.request(changes, schemas.ProfileUpdate, "changes", "A profile change")
        user_values = _user_values(changes)
        profile_values = _profile_values(changes)
        activities = _activity_names(changes.enjoyable_activities)
        with self._ctx.write() as s:
            user = s.get(models.User, self._ctx.user_id)
            if user is None:
                raise NotFound("Your account no longer exists.")
            for name, value in user_values.items():
                setattr(user, name, value)
            profile = self._ensure_profile(s)
            for name, value in profile_values.items():
                setattr(profile, name, value)
            if activities is not None:
                self._replace_activities(s, activities)
            s.flush()
            if "body_weight_kg" in profile_values:
                # Kept as today's reading too, so the body weight log and chart hold it.
                record_body_weight(
                    s, self._ctx.user_id, self._ctx.today(), profile_values["body_weight_kg"]
                )
            return self._profile_response(s)

    # --- Movement rules ---------------------------------------------------------------------

    def add_movement_rule(self, rule: schemas.MovementRuleCreate) -> schemas.MovementRuleResponse:
        """A HARD_NO, AVOID or INJURY rule on one movement, a pattern or a body part."""
        rule = validate.request(rule, schemas.MovementRuleCreate, "rule", "A movement rule")
        values = self._rule_values(rule)
        with self._ctx.write() as s:
            if self._has_rule(s, values):
                raise Conflict("You already have that movement rule.")
            row = models.UserMovementRule(user_id=self._ctx.user_id, **values)
            s.add(row)
            s.flush()
            return self._rule_response(row)

    def remove_movement_rule(self, rule_id: int) -> None:
        """Deletes one of the user's movement rules."""
        rule_id = validate.identifier(rule_id, "rule_id")
        with self._ctx.write() as s:
            row = s.scalar(
                select(models.UserMovementRule).where(
                    models.UserMovementRule.id == rule_id,
                    models.UserMovementRule.user_id == self._ctx.user_id,
                )
            )
            if row is None:
                raise NotFound("That movement rule doesn't exist.")
            s.delete(row)

    def movement_rules(self) -> list[schemas.MovementRuleResponse]:
        """The user's movement rules, oldest first."""
        with self._ctx.read() as s:
            return [self._rule_response(row) for row in self._rule_rows(s)]

    # --- Injuries ---------------------------------------------------------------------------

    def add_injury(self, injury: schemas.InjuryCreate) -> schemas.InjuryResponse:
        """Records an injury; while active, the planner keeps load off that body part."""
        injury = validate.request(injury, schemas.InjuryCreate, "injury", "An injury")
        values = self._injury_values(injury)
        with self._ctx.write() as s:
            row = models.UserInjury(user_id=self._ctx.user_id, is_active=True, **values)
            s.add(row)
            s.flush()
            return _injury_response(row)

    def resolve_injury(self, injury_id: int) -> schemas.InjuryResponse:
        """Marks an injury healed (idempotent); it stays in the history."""
        injury_id = validate.identifier(injury_id, "injury_id")
        with self._ctx.write() as s:
            row = s.scalar(
                select(models.UserInjury).where(
                    models.UserInjury.id == injury_id,
                    models.UserInjury.user_id == self._ctx.user_id,
                )
            )
            if row is None:
                raise NotFound("That injury doesn't exist.")
            row.is_active = False
            s.flush()
            return _injury_response(row)

    def injuries(self, active_only: bool = True) -> list[schemas.InjuryResponse]:
        """The user's injuries, newest first; only the active ones unless asked otherwise."""
        with self._ctx.read() as s:
            return [_injury_response(row) for row in self._injury_rows(s, active_only)]

    # --- Helpers ----------------------------------------------------------------------------

    def _ensure_settings(self, s: Session) -> models.UserSettings:
        row = _settings_of(s, self._ctx.user_id)
        if row is None:
            row = models.UserSettings(user_id=self._ctx.user_id)
            s.add(row)
            s.flush()
        return row

    def _ensure_profile(self, s: Session) -> models.UserProfile:
        row = s.scalar(
            select(models.UserProfile).where(models.UserProfile.user_id == self._ctx.user_id)
        )
        if row is None:
            row = models.UserProfile(user_id=self._ctx.user_id)
            s.add(row)
            s.flush()
        return row

    def _profile_response(self, s: Session) -> schemas.ProfileResponse:
        user = s.get(models.User, self._ctx.user_id)
        if user is None:
            raise NotFound("Your account no longer exists.")
        profile = s.scalar(
            select(models.UserProfile).where(models.UserProfile.user_id == self._ctx.user_id)
        )
        names = s.scalars(
            select(models.UserEnjoyableActivity.name)
            .where(models.UserEnjoyableActivity.user_id == self._ctx.user_id)
            .order_by(models.UserEnjoyableActivity.id)
        )
        return schemas.ProfileResponse(
            user_id=user.id,
            name=user.name,
            email=user.email,
            experience_level=ExperienceLevel(user.experience_level),
            persona_tone=PersonaTone(user.persona_tone),
            persona_aggression=PersonaAggression(user.persona_aggression),
            discipline_preferences=dict(profile.discipline_preferences or {}) if profile else {},
            scheduling=_scheduling_from(profile.scheduling_preferences if profile else None),
            equipment=_stored_equipment(profile.equipment if profile else None),
            preferred_split=_optional_split(profile.preferred_split if profile else None),
            body_weight_kg=profile.body_weight_kg if profile else None,
            movement_rules=tuple(self._rule_response(row) for row in self._rule_rows(s)),
            injuries=tuple(_injury_response(row) for row in self._injury_rows(s, True)),
            enjoyable_activities=tuple(names),
        )

    def _replace_activities(self, s: Session, names: list[str]) -> None:
        """Replaces the set, linking each name to a definition or movement that matches it."""
        s.execute(
            delete(models.UserEnjoyableActivity).where(
                models.UserEnjoyableActivity.user_id == self._ctx.user_id
            )
        )
        definitions = {
            name.casefold(): def_id
            for def_id, name in s.execute(
                select(models.ActivityDefinition.id, models.ActivityDefinition.name)
            )
        }
        movements = {m.name.casefold(): m.id for m in self._ctx.catalog.movements}
        s.add_all(
            models.UserEnjoyableActivity(
                user_id=self._ctx.user_id,
                name=name,
                activity_definition_id=definitions.get(name.casefold()),
                movement_id=movements.get(name.casefold()),
            )
            for name in names
        )

    def _rule_values(self, rule: schemas.MovementRuleCreate) -> dict[str, Any]:
        """Checks a rule names exactly the thing its target says; other fields are dropped."""
        values: dict[str, Any] = {
            "rule_type": validate.enum_value(MovementRuleType, rule.rule_type, "rule_type", "Rule"),
            "target": validate.enum_value(RuleTarget, rule.target, "target"),
            "movement_id": None,
            "pattern": None,
            "body_part": None,
            "note": validate.text(rule.note, "note", 255),
        }
        if values["target"] is RuleTarget.MOVEMENT:
            values["movement_id"] = self._movement_id(rule.movement_id)
        elif values["target"] is RuleTarget.PATTERN:
            if rule.pattern is None:
                raise ValidationError("pattern", "Choose the movement pattern this rule is about.")
            values["pattern"] = validate.enum_value(MovementPattern, rule.pattern, "pattern")
        else:
            if rule.body_part is None:
                raise ValidationError("body_part", "Choose the body part this rule is about.")
            values["body_part"] = validate.enum_value(BodyPart, rule.body_part, "body_part")
        return values

    def _movement_id(self, value: object) -> int:
        if value is None:
            raise ValidationError("movement_id", "Choose the movement this rule is about.")
        movement_id = validate.identifier(value, "movement_id")
        if movement_id not in self._ctx.catalog.by_id:
            raise ValidationError("movement_id", "That movement isn't in the library.")
        return movement_id

    def _has_rule(self, s: Session, values: dict[str, Any]) -> bool:
        query = select(models.UserMovementRule.id).where(
            models.UserMovementRule.user_id == self._ctx.user_id,
            models.UserMovementRule.rule_type == values["rule_type"],
            models.UserMovementRule.target == values["target"],
        )
        for name in ("movement_id", "pattern", "body_part"):
            if values[name] is not None:
                query = query.where(getattr(models.UserMovementRule, name) == values[name])
        return s.scalar(query.limit(1)) is not None

    def _rule_rows(self, s: Session) -> Iterable[models.UserMovementRule]:
        return s.scalars(
            select(models.UserMovementRule)
            .where(models.UserMovementRule.user_id == self._ctx.user_id)
            .order_by(models.UserMovementRule.id)
        )

    def _rule_response(self, row: models.UserMovementRule) -> schemas.MovementRuleResponse:
        rule_type = MovementRuleType(row.rule_type)
        target = RuleTarget(row.target)
        pattern = MovementPattern(row.pattern) if row.pattern else None
        body_part = BodyPart(row.body_part) if row.body_part else None
        movement_name = self._ctx.catalog.name(row.movement_id) if row.movement_id else None
        if target is RuleTarget.MOVEMENT:
            words = movement_name or "Unknown movement"
        elif target is RuleTarget.PATTERN:
            words = f"{label(pattern or '')} movements"
        else:
            words = label(body_part or "")
        return schemas.MovementRuleResponse(
            id=row.id,
            rule_type=rule_type,
            target=target,
            movement_id=row.movement_id,
            movement_name=movement_name,
            pattern=pattern,
            body_part=body_part,
            note=row.note or "",
            description=f"{RULE_WORDS[rule_type]}: {words}",
        )

    def _injury_values(self, injury: schemas.InjuryCreate) -> dict[str, Any]:
        today = self._ctx.today()
        started = (
            today if injury.started_on is None else validate.day(injury.started_on, "started_on")
        )
        if started > today:
            raise ValidationError("started_on", "An injury can't start in the future.")
        return {
            "body_part": validate.enum_value(BodyPart, injury.body_part, "body_part"),
            "description": validate.text(injury.description, "description", 255),
            "severity": validate.whole(injury.severity, "severity", 1, 10),
            "started_on": started,
        }

    def _injury_rows(self, s: Session, active_only: bool) -> Iterable[models.UserInjury]:
        query = select(models.UserInjury).where(models.UserInjury.user_id == self._ctx.user_id)
        if active_only:
            query = query.where(models.UserInjury.is_active.is_(True))
        return s.scalars(query.order_by(models.UserInjury.id.desc()))


# --- Settings checks and conversion ---------------------------------------------------------


def _settings_of(s: Session, user_id: int) -> models.UserSettings | None:
    return s.scalar(select(models.UserSettings).where(models.UserSettings.user_id == user_id))


def _settings_response(row: models.UserSettings) -> schemas.SettingsResponse:
    unit = WeightUnit(row.weight_unit)
    setup = plate_setup(row.bar_weight_kg, row.plates_kg, row.collar_weight_kg, unit)
    return schemas.SettingsResponse(
        e1rm_formula=E1RMFormula(row.active_e1rm_formula),
        weight_unit=unit,
        soreness_decay_hours=row.soreness_decay_hours,
        ollama_host=row.ollama_host or default_ollama_host(),
        ollama_model=row.ollama_model,
        ollama_timeout=row.ollama_timeout,
        llm_design_sessions=row.llm_design_sessions,
        access_token_expire_minutes=row.access_token_expire_minutes,
        bar_weight=setup.bar,
        plates=tuple(PlatePairs(weight, pairs) for weight, pairs in setup.plates),
        collar_weight=setup.collar,
        plates_are_default=row.bar_weight_kg is None
        and row.plates_kg is None
        and row.collar_weight_kg is None,
        llm_provider=row.llm_provider or Provider.OLLAMA.value,
        openai_base_url=row.openai_base_url or DEFAULT_OPENAI_URL,
        openai_model=row.openai_model or "",
        ollama_host_saved=bool(row.ollama_host),
        ollama_default_host=default_ollama_host(),
    )


# --- Plate settings -------------------------------------------------------------------------

MAX_BAR_KG = 100.0  # the heaviest specialty bars are about 35 kg; past 100 it is a typo
MAX_PLATE_KG = 50.0
MAX_COLLAR_KG = 10.0
MAX_PLATE_KINDS = 20
MAX_PAIRS = 50


def _in_unit(kg: float, unit: WeightUnit) -> float:
    # kg -> lb -> kg leaves float noise (45 lb comes back 45.00000000000001): trim it.
    return round(to_display(kg, unit), 6)


def plate_setup(
    bar_kg: float | None, plates_kg: object, collar_kg: float | None, unit: WeightUnit
) -> PlateSetup:
    """The lifter's stored bar, plates and collars in their unit; unset parts are the unit's
    standard ones. A malformed stored plate list counts as unset."""
    default = default_setup(unit)
    plates = _stored_plates(plates_kg)
    return PlateSetup(
        unit=unit,
        bar=default.bar if bar_kg is None else _in_unit(bar_kg, unit),
        plates=default.plates
        if plates is None
        else tuple((_in_unit(w, unit), n) for w, n in plates),
        collar=0.0 if collar_kg is None else _in_unit(collar_kg, unit),
    )


def _stored_plates(value: object) -> list[tuple[float, int]] | None:
    if not isinstance(value, list):
        return None
    plates = []
    for item in value:
        if not (isinstance(item, list | tuple) and len(item) == 2):
            return None
        weight, pairs = item
        if not isinstance(weight, int | float) or not isinstance(pairs, int | float):
            return None
        plates.append((float(weight), int(pairs)))
    return plates


def _plate_values(changes: schemas.SettingsUpdate, unit: WeightUnit) -> dict[str, Any]:
    """Column name -> kg value for the plate fields given; a reset clears them first."""
    values: dict[str, Any] = {}
    if changes.reset_plates is not None and _flag(changes.reset_plates, "reset_plates"):
        values.update(bar_weight_kg=None, plates_kg=None, collar_weight_kg=None)
    if changes.bar_weight is not None:
        values["bar_weight_kg"] = _weight_in(changes.bar_weight, "bar_weight", unit, MAX_BAR_KG)
        if values["bar_weight_kg"] <= 0:
            raise ValidationError("bar_weight", "Bar weight must be more than zero.")
    if changes.collar_weight is not None:
        values["collar_weight_kg"] = _weight_in(
            changes.collar_weight, "collar_weight", unit, MAX_COLLAR_KG
        )
    if changes.plates is not None:
        values["plates_kg"] = _plates_in(changes.plates, unit)
    return values


def _weight_in(value: object, field: str, unit: WeightUnit, max_kg: float) -> float:
    """A weight typed in `unit`, checked against a kg limit, returned in kg."""
    kg = from_display(validate.number(value, field, low=0), unit)
    if kg > max_kg + 1e-9:
        limit = round(to_display(max_kg, unit), 1)
        name = field.rsplit(".", 1)[-1].split("[", 1)[0].replace("_", " ").capitalize()
        raise ValidationError(field, f"{name} must be at most {limit:g} {unit.value.lower()}.")
    return kg


def _plates_in(items: object, unit: WeightUnit) -> list[list[float]]:
    """Distinct plate weights with their pairs, heaviest first, in kg."""
    entries = validate.sequence(items, "plates", MAX_PLATE_KINDS)
    plates: dict[float, tuple[float, int]] = {}  # compared to the microgram, kept exact
    for i, item in enumerate(entries):
        field = f"plates[{i}]"
        if not isinstance(item, PlatePairs):
            raise ValidationError(field, "Each plate needs a weight and how many pairs you have.")
        kg = _weight_in(item.weight, f"{field}.weight", unit, MAX_PLATE_KG)
        if kg <= 0:
            raise ValidationError(f"{field}.weight", "Plate weight must be more than zero.")
        pairs = validate.whole(item.pairs, f"{field}.pairs", 0, MAX_PAIRS)
        key = round(kg, 6)
        if key in plates:
            shown = f"{_in_unit(kg, unit):g} {unit.value.lower()}"
            raise ValidationError(f"{field}.weight", f"{shown} plates are listed twice.")
        plates[key] = (kg, pairs)
    return [[kg, pairs] for kg, pairs in sorted(plates.values(), reverse=True)]


def _settings_values(changes: schemas.SettingsUpdate) -> dict[str, Any]:
    """Column name -> checked value, for the fields the update sets."""
    values: dict[str, Any] = {}
    if changes.e1rm_formula is not None:
        values["active_e1rm_formula"] = validate.enum_value(
            E1RMFormula, changes.e1rm_formula, "e1rm_formula", "E1RM formula"
        )
    if changes.weight_unit is not None:
        values["weight_unit"] = validate.enum_value(WeightUnit, changes.weight_unit, "weight_unit")
    if changes.soreness_decay_hours is not None:
        values["soreness_decay_hours"] = validate.number(
            changes.soreness_decay_hours, "soreness_decay_hours", 1, 72
        )
    if changes.ollama_host is not None:
        # "" forgets the saved host, so OLLAMA_HOST (or localhost:11434) applies again.
        # isinstance first: a hostile object's == may raise.
        forget = isinstance(changes.ollama_host, str) and changes.ollama_host == ""
        values["ollama_host"] = "" if forget else _web_address(changes.ollama_host, "ollama_host")
    if changes.ollama_model is not None:
        values["ollama_model"] = validate.text(
            changes.ollama_model, "ollama_model", 100, required=True
        )
    if changes.ollama_timeout is not None:
        values["ollama_timeout"] = validate.number(
            changes.ollama_timeout, "ollama_timeout", 1, 3600
        )
    if changes.llm_design_sessions is not None:
        values["llm_design_sessions"] = _flag(changes.llm_design_sessions, "llm_design_sessions")
    if changes.access_token_expire_minutes is not None:
        values["access_token_expire_minutes"] = validate.whole(
            changes.access_token_expire_minutes, "access_token_expire_minutes", 5, 43200
        )
    values.update(_provider_values(changes))
    return values


def _provider_values(changes: schemas.SettingsUpdate) -> dict[str, Any]:
    """The coach's provider and the OpenAI-compatible server's address and model."""
    values: dict[str, Any] = {}
    if changes.llm_provider is not None:
        values["llm_provider"] = validate.enum_value(
            Provider, changes.llm_provider, "llm_provider", "Coach provider"
        ).value
    if changes.openai_base_url is not None:
        values["openai_base_url"] = _web_address(
            changes.openai_base_url, "openai_base_url", "Server address", DEFAULT_OPENAI_URL
        )
    if changes.openai_model is not None:
        values["openai_model"] = validate.text(changes.openai_model, "openai_model", 100) or None
    return values


def _web_address(
    value: object,
    field: str,
    name: str = "Ollama host",
    example: str = "http://localhost:11434",
) -> str:
    """An http(s) address with a host, like http://localhost:11434 (a trailing slash is dropped)."""
    address = validate.text(value, field, 255, required=True)
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - reading it raises ValueError on a malformed port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(field, f"{name} must be a web address like {example}.")
    return address.rstrip("/")


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(field, "Choose yes or no.")
    return value


# --- Profile checks and conversion ----------------------------------------------------------


def _user_values(changes: schemas.ProfileUpdate) -> dict[str, Any]:
    """Fields stored on User itself: the name, experience and the coach's persona."""
    values: dict[str, Any] = {}
    if changes.name is not None:
        values["name"] = validate.text(changes.name, "name", 100, required=True)
    if changes.experience_level is not None:
        values["experience_level"] = validate.enum_value(
            ExperienceLevel, changes.experience_level, "experience_level"
        )
    if changes.persona_tone is not None:
        values["persona_tone"] = validate.enum_value(
            PersonaTone, changes.persona_tone, "persona_tone", "Coach tone"
        )
    if changes.persona_aggression is not None:
        values["persona_aggression"] = validate.enum_value(
            PersonaAggression, changes.persona_aggression, "persona_aggression", "Coach aggression"
        )
    return values


def _profile_values(changes: schemas.ProfileUpdate) -> dict[str, Any]:
    """Fields stored on UserProfile; JSON columns get fresh objects so the change is noticed."""
    values: dict[str, Any] = {}
    if changes.discipline_preferences is not None:
        values["discipline_preferences"] = _disciplines(changes.discipline_preferences)
    if changes.scheduling is not None:
        values["scheduling_preferences"] = _scheduling(changes.scheduling)
    if changes.equipment is not None:
        values["equipment"] = [item.value for item in _equipment(changes.equipment)]
    if changes.preferred_split is not None:
        # "" clears the preference: None already means "leave it alone" in an update.
        values["preferred_split"] = (
            None
            if isinstance(changes.preferred_split, str) and changes.preferred_split == ""
            else validate.enum_value(SplitTemplate, changes.preferred_split, "preferred_split")
        )
    if changes.body_weight_kg is not None:
        values["body_weight_kg"] = _body_weight(changes.body_weight_kg)
    return values


def _disciplines(value: object) -> dict[str, int]:
    """Discipline name -> weight 0..10, with plain string keys so the JSON stays portable."""
    if not isinstance(value, dict):
        raise ValidationError("discipline_preferences", "Discipline preferences must be a mapping.")
    if len(value) > MAX_DISCIPLINES:
        raise ValidationError(
            "discipline_preferences", f"Choose at most {MAX_DISCIPLINES} disciplines."
        )
    result: dict[str, int] = {}
    for key, weight in value.items():
        name = validate.text(key, "discipline_preferences", 40, required=True)
        field = f"discipline_preferences[{name}]"
        if name in result:
            raise ValidationError(field, f"{name} is listed twice.")
        try:
            result[name] = validate.whole(weight, field, 0, 10)
        except ValidationError as exc:
            raise ValidationError(
                field, f"The weight for {name} must be a whole number 0 to 10."
            ) from exc
    return result


def _scheduling(value: object) -> dict[str, Any]:
    if not isinstance(value, schemas.SchedulingPreferences):
        raise ValidationError("scheduling", "Scheduling preferences are missing.")
    days = validate.whole(value.days_per_week, "scheduling.days_per_week", 1, 7)
    preferred = _weekdays(value.preferred_days, days)
    return {
        "days_per_week": days,
        "preferred_days": preferred,
        "session_minutes": validate.whole(
            value.session_minutes, "scheduling.session_minutes", 15, 180
        ),
        "microcycle_length_days": validate.whole(
            value.microcycle_length_days, "scheduling.microcycle_length_days", 7, 14
        ),
    }


def _weekdays(value: object, days_per_week: int) -> list[int]:
    """Distinct weekdays 0 (Monday) .. 6, as many as the days per week, sorted."""
    field = "scheduling.preferred_days"
    items = validate.sequence(value, field, max_items=7)
    days = [validate.whole(item, f"{field}[{i}]", 0, 6) for i, item in enumerate(items)]
    if len(set(days)) != len(days):
        raise ValidationError(field, "Each training day can be chosen only once.")
    if len(days) != days_per_week:
        raise ValidationError(
            field, f"Choose exactly {days_per_week} training days (you chose {len(days)})."
        )
    return sorted(days)


def _equipment(items: object) -> list[Equipment]:
    """Distinct Equipment values in the enum's order; an empty list means a full gym."""
    values = validate.sequence(items, "equipment", max_items=len(Equipment))
    chosen = {
        validate.enum_value(Equipment, item, f"equipment[{i}]", "Equipment")
        for i, item in enumerate(values)
    }
    return [item for item in Equipment if item in chosen]


def _body_weight(value: object) -> float:
    low, high = BODY_WEIGHT_KG
    weight = validate.number(value, "body_weight_kg")
    if not low <= weight <= high:
        raise ValidationError(
            "body_weight_kg", f"Body weight must be between {low:g} and {high:g} kg."
        )
    return weight


def _activity_names(names: object) -> list[str] | None:
    """Stripped, non-empty names, duplicates (ignoring case) dropped; None leaves the set alone."""
    if names is None:
        return None
    items = validate.sequence(names, "enjoyable_activities", max_items=MAX_ACTIVITIES)
    result: dict[str, str] = {}
    for i, item in enumerate(items):
        name = validate.text(item, f"enjoyable_activities[{i}]", 100, required=True)
        result.setdefault(name.casefold(), name)
    return list(result.values())


def _scheduling_from(stored: dict[str, Any] | None) -> schemas.SchedulingPreferences:
    """Stored JSON back to the dataclass; anything missing or malformed takes the default."""
    default = schemas.SchedulingPreferences()
    data = stored if isinstance(stored, dict) else {}
    return schemas.SchedulingPreferences(
        days_per_week=_int_or(data.get("days_per_week"), default.days_per_week),
        preferred_days=_stored_weekdays(data.get("preferred_days"), default.preferred_days),
        session_minutes=_int_or(data.get("session_minutes"), default.session_minutes),
        microcycle_length_days=_int_or(
            data.get("microcycle_length_days"), default.microcycle_length_days
        ),
    )


def _stored_weekdays(value: object, default: tuple[int, ...]) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        return default
    return tuple(d for d in value if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6)


def _int_or(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _stored_equipment(stored: Iterable[str] | None) -> tuple[Equipment, ...]:
    values = {item for item in stored or () if item in Equipment.__members__}
    return tuple(item for item in Equipment if item.value in values)


def _optional_split(value: str | None) -> SplitTemplate | None:
    return SplitTemplate(value) if value else None


def _injury_response(row: models.UserInjury) -> schemas.InjuryResponse:
    return schemas.InjuryResponse(
        id=row.id,
        body_part=BodyPart(row.body_part),
        description=row.description or "",
        severity=row.severity,
        is_active=row.is_active,
        started_on=row.started_on,
    )
