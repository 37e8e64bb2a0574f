"""Settings screen state: training and coach settings, the profile, rules, injuries, likes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.api.errors import AlloyError, ValidationError
from alloy_desktop.domain.catalog import ALWAYS_AVAILABLE
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
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import PROFILE, SETTINGS, AppSession

# Error fields of the lists that change at once, kept apart from the form's own fields
# (a rule and an injury both have a "body_part").
RULE = "rule"
INJURY = "injury"
LIKES = "likes"
COACH_TEST = "coach_test"
OLLAMA, OPENAI = "ollama", "openai"
PROVIDER_NAMES = {
    OLLAMA: "Ollama",
    OPENAI: "OpenAI-compatible server (LM Studio, llama.cpp, LocalAI, vLLM)",
}
PROVIDER_WORDS = {OLLAMA: "Ollama", OPENAI: "The OpenAI-compatible server"}
# The form fields that decide where Test connection knocks.
COACH_FIELDS = ("llm_provider", "ollama_host", "ollama_model", "openai_base_url", "openai_model")

FORMULA_NAMES: dict[E1RMFormula, str] = {
    E1RMFormula.EPLEY: "Epley",
    E1RMFormula.BRZYCKI: "Brzycki",
    E1RMFormula.LOMBARDI: "Lombardi",
    E1RMFormula.OCONNER: "O'Conner",
}
FORMULA_HINTS: dict[E1RMFormula, str] = {
    E1RMFormula.EPLEY: "The common default; a little generous above 10 reps.",
    E1RMFormula.BRZYCKI: "Conservative; best for sets of 10 or fewer.",
    E1RMFormula.LOMBARDI: "Reads higher on heavy singles and doubles.",
    E1RMFormula.OCONNER: "The most conservative of the four.",
}
UNIT_NAMES: dict[WeightUnit, str] = {WeightUnit.KG: "Kilograms (kg)", WeightUnit.LB: "Pounds (lb)"}
UNIT_WORDS: dict[WeightUnit, str] = {WeightUnit.KG: "kg", WeightUnit.LB: "lb"}
EXPERIENCE_NAMES: dict[ExperienceLevel, str] = {
    ExperienceLevel.BEGINNER: "Beginner (under a year)",
    ExperienceLevel.INTERMEDIATE: "Intermediate (1–3 years)",
    ExperienceLevel.ADVANCED: "Advanced (3+ years)",
    ExperienceLevel.EXPERT: "Expert / competitive",
}
TONE_NAMES: dict[PersonaTone, str] = {
    PersonaTone.SUPPORTIVE: "Supportive",
    PersonaTone.MOTIVATIONAL: "Motivational",
    PersonaTone.ANALYTICAL: "Analytical",
    PersonaTone.DIRECT: "Direct",
    PersonaTone.NEUTRAL: "Neutral",
    PersonaTone.MINIMALIST: "Minimalist",
    PersonaTone.DRILL_SERGEANT: "Drill sergeant",
}
AGGRESSION_NAMES: dict[PersonaAggression, str] = {
    PersonaAggression.CONSERVATIVE: "Conservative: small, safe steps",
    PersonaAggression.MODERATE_CONSERVATIVE: "Cautious",
    PersonaAggression.BALANCED: "Balanced",
    PersonaAggression.MODERATE_AGGRESSIVE: "Pushy",
    PersonaAggression.AGGRESSIVE: "Aggressive: big jumps when you earn them",
}
SPLIT_NAMES: dict[SplitTemplate, str] = {
    SplitTemplate.FULL_BODY: "Full body",
    SplitTemplate.UPPER_LOWER: "Upper / lower",
    SplitTemplate.PPL: "Push / pull / legs",
    SplitTemplate.PUSH_PULL: "Push / pull",
    SplitTemplate.BODY_PART_SPLIT: "Body-part split",
    SplitTemplate.HYBRID: "Hybrid (strength + conditioning)",
}
RULE_NAMES: dict[MovementRuleType, str] = {
    MovementRuleType.HARD_NO: "Never",
    MovementRuleType.AVOID: "Avoid",
    MovementRuleType.INJURY: "Injury",
}
TARGET_NAMES: dict[RuleTarget, str] = {
    RuleTarget.MOVEMENT: "A movement",
    RuleTarget.PATTERN: "A movement pattern",
    RuleTarget.BODY_PART: "A body part",
}
BODY_PART_NAMES: dict[BodyPart, str] = {part: part.value.capitalize() for part in BodyPart}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Bodyweight work is always allowed, so only the kit a gym may lack is offered.
EQUIPMENT_CHOICES = tuple(e for e in Equipment if e not in ALWAYS_AVAILABLE)
WEIGHT_STEP = 0.05  # body weights closer than this (after rounding to 0.1) are the same


def words(value: str) -> str:
    """HORIZONTAL_PUSH -> "Horizontal push"."""
    return value.replace("_", " ").capitalize()


def equipment_name(item: Equipment) -> str:
    return {Equipment.EZ_CURL_BAR: "EZ curl bar"}.get(item, words(item.value))


# --- the form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsForm:
    """Everything Save applies: training and coach settings and the profile."""

    formula: str
    unit: str
    decay_hours: float
    ollama_host: str  # "" when none is saved: OLLAMA_HOST, else localhost:11434
    ollama_model: str
    ollama_timeout: float
    llm_design_sessions: bool
    name: str
    experience: str
    tone: str
    aggression: str
    training_days: tuple[int, ...]  # 0 = Monday
    session_minutes: int
    microcycle_days: int
    full_gym: bool
    equipment: tuple[str, ...]
    body_weight: float | None  # in `unit`
    split: str  # "" lets the coach choose
    llm_provider: str = OLLAMA
    openai_base_url: str = ""
    openai_model: str = ""  # "" uses the first model the server serves


def form_of(s: schemas.SettingsResponse, p: schemas.ProfileResponse) -> SettingsForm:
    unit = s.weight_unit
    weight = None if p.body_weight_kg is None else round(to_display(p.body_weight_kg, unit), 1)
    return SettingsForm(
        formula=s.e1rm_formula.value,
        unit=unit.value,
        decay_hours=s.soreness_decay_hours,
        ollama_host=s.ollama_host if s.ollama_host_saved else "",
        ollama_model=s.ollama_model,
        ollama_timeout=s.ollama_timeout,
        llm_design_sessions=s.llm_design_sessions,
        name=p.name or "",
        experience=p.experience_level.value,
        tone=p.persona_tone.value,
        aggression=p.persona_aggression.value,
        training_days=tuple(sorted(p.scheduling.preferred_days)),
        session_minutes=p.scheduling.session_minutes,
        microcycle_days=p.scheduling.microcycle_length_days,
        full_gym=not p.equipment,
        equipment=tuple(e.value for e in p.equipment if e not in ALWAYS_AVAILABLE),
        body_weight=weight,
        split=p.preferred_split.value if p.preferred_split else "",
        llm_provider=s.llm_provider,
        openai_base_url=s.openai_base_url,
        openai_model=s.openai_model,
    )


def settings_update(form: SettingsForm, was: SettingsForm) -> schemas.SettingsUpdate | None:
    """Only the settings that changed (None when nothing did)."""
    names = (
        ("formula", "e1rm_formula"),
        ("unit", "weight_unit"),
        ("decay_hours", "soreness_decay_hours"),
        ("ollama_host", "ollama_host"),
        ("ollama_model", "ollama_model"),
        ("ollama_timeout", "ollama_timeout"),
        ("llm_design_sessions", "llm_design_sessions"),
        ("llm_provider", "llm_provider"),
        ("openai_base_url", "openai_base_url"),
        ("openai_model", "openai_model"),
    )
    changes = _changed(form, was, names)
    for name in ("ollama_host", "openai_base_url", "openai_model"):
        if name in changes:
            changes[name] = changes[name].strip()  # "" forgets the saved value
    return schemas.SettingsUpdate(**changes) if changes else None


def profile_update(form: SettingsForm, was: SettingsForm) -> schemas.ProfileUpdate | None:
    """Only the profile fields that changed; raises ValidationError for what the api can't take."""
    names = (
        ("name", "name"),
        ("experience", "experience_level"),
        ("tone", "persona_tone"),
        ("aggression", "persona_aggression"),
        ("split", "preferred_split"),  # "" clears it
    )
    changes = _changed(form, was, names)
    schedule = (form.training_days, form.session_minutes, form.microcycle_days)
    if schedule != (was.training_days, was.session_minutes, was.microcycle_days):
        changes["scheduling"] = schemas.SchedulingPreferences(
            days_per_week=len(form.training_days),
            preferred_days=form.training_days,
            session_minutes=form.session_minutes,
            microcycle_length_days=form.microcycle_days,
        )
    kit = _equipment(form)
    if kit != _equipment(was):
        changes["equipment"] = kit
    weight = _body_weight_kg(form, was)
    if weight is not None:
        changes["body_weight_kg"] = weight
    return schemas.ProfileUpdate(**changes) if changes else None


def _changed(
    form: SettingsForm, was: SettingsForm, names: tuple[tuple[str, str], ...]
) -> dict[str, Any]:
    """api field -> new value, for the form fields that differ from what was loaded."""
    return {
        api: getattr(form, mine) for mine, api in names if getattr(form, mine) != getattr(was, mine)
    }


def _equipment(form: SettingsForm) -> tuple[str, ...]:
    """The api's equipment list: empty means a full gym."""
    if form.full_gym:
        return ()
    if not form.equipment:
        raise ValidationError("equipment", "Tick the equipment you have, or choose full gym.")
    return tuple(sorted(form.equipment))


def _body_weight_kg(form: SettingsForm, was: SettingsForm) -> float | None:
    """The new body weight in kg, or None if it didn't change (a change of unit alone isn't one)."""
    if form.body_weight is None:
        if was.body_weight is not None:
            raise ValidationError(
                "body_weight_kg",
                "Body weight can't be cleared once set: enter your current weight.",
            )
        return None
    if was.body_weight is not None:
        before = to_display(
            from_display(was.body_weight, WeightUnit(was.unit)), WeightUnit(form.unit)
        )
        if abs(before - form.body_weight) < WEIGHT_STEP:
            return None
    return from_display(form.body_weight, WeightUnit(form.unit))


def _unsaved_check(session: AppSession, form: SettingsForm) -> Callable[[], Any]:
    """The health check of the coach fields as typed (not yet saved)."""
    openai = form.llm_provider == OPENAI
    host = (form.openai_base_url if openai else form.ollama_host).strip() or None
    model = (form.openai_model if openai else form.ollama_model).strip()
    alloy = session.alloy
    return lambda: alloy.health_llm(host, model, form.ollama_timeout, form.llm_provider)


def health_words(health: schemas.LLMHealthResponse) -> str:
    """Which provider answered at which address, and whether it has the model."""
    if not health.reachable:
        return health.detail or "No answer."
    who = PROVIDER_WORDS.get(health.provider, "The coach's server")
    served = tuple(health.models)
    model = health.model or (served[0] if served else "")
    if health.model_present:
        return f"{who} answered at {health.host}: {model} is ready."
    if not served:
        return f"{who} answered at {health.host}, but it has no model yet."
    listed = ", ".join(served[:5]) + (", …" if len(served) > 5 else "")
    advice = f" Run “ollama pull {model}”." if health.provider == OLLAMA else ""
    return (
        f"{who} answered at {health.host}, but it has no model {model} (it has {listed}).{advice}"
    )


def merge(shown: SettingsForm, before: SettingsForm, after: SettingsForm) -> SettingsForm:
    """The reloaded form with the lifter's unsaved edits on top.

    A field the lifter left alone takes the new saved value (changed on another page), so a
    later Save can't quietly put the old value back.
    """
    values = {
        f.name: getattr(
            shown if getattr(shown, f.name) != getattr(before, f.name) else after, f.name
        )
        for f in fields(SettingsForm)
    }
    weight = values["body_weight"]
    if (
        weight is not None
        and shown.body_weight != before.body_weight
        and values["unit"] != shown.unit
    ):
        values["body_weight"] = SettingsViewModel.convert_weight(weight, shown.unit, values["unit"])
    return SettingsForm(**values)


# --- the lists that change at once --------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    id: int
    text: str  # "Never: Barbell Squat"
    note: str


@dataclass(frozen=True)
class InjuryRow:
    id: int
    text: str  # "Shoulders: left rotator cuff"
    detail: str  # "Severity 4/10 · since Mon 2 Nov"
    active: bool


@dataclass(frozen=True)
class RuleDraft:
    """The add-a-rule row: a type, what it names, and a note."""

    rule_type: str
    target: str
    movement_id: int | None = None
    pattern: str | None = None
    body_part: str | None = None
    note: str = ""


def rule_row(r: schemas.MovementRuleResponse) -> RuleRow:
    return RuleRow(r.id, r.description, r.note)


def injury_row(i: schemas.InjuryResponse) -> InjuryRow:
    text = BODY_PART_NAMES[i.body_part]
    if i.description:
        text += f": {i.description}"
    since = (
        f" · since {i.started_on:%a} {i.started_on.day} {i.started_on:%b %Y}"
        if i.started_on
        else ""
    )
    status = "" if i.is_active else " · healed"
    return InjuryRow(i.id, text, f"Severity {i.severity}/10{since}{status}", i.is_active)


@dataclass(frozen=True)
class _Loaded:
    settings: schemas.SettingsResponse
    profile: schemas.ProfileResponse
    injuries: tuple[schemas.InjuryResponse, ...]
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class _Saved:
    settings: schemas.SettingsResponse
    profile: schemas.ProfileResponse
    topics: tuple[str, ...]  # what changed, for the change bus
    profile_error: AlloyError | None = None  # the settings were saved, the profile wasn't


def _load(me: UserApi, show_healed: bool) -> _Loaded:
    names = tuple(d.name for d in me.activities.definitions())
    return _Loaded(
        me.settings.get(),
        me.settings.get_profile(),
        tuple(me.settings.injuries(active_only=not show_healed)),
        names,
    )


def _save(me: UserApi, s: schemas.SettingsUpdate | None, p: schemas.ProfileUpdate | None) -> _Saved:
    """Settings first, then the profile; if the profile fails, what was saved is reported too."""
    settings = me.settings.update(s) if s else me.settings.get()
    done = (SETTINGS,) if s else ()
    try:
        profile = me.settings.update_profile(p) if p else me.settings.get_profile()
    except AlloyError as exc:
        return _Saved(settings, me.settings.get_profile(), done, exc)
    return _Saved(settings, profile, (*done, PROFILE) if p else done)


# --- the view-model ---------------------------------------------------------------------------


class SettingsViewModel(ViewModel):
    """Loads and saves the settings form; adds and removes rules, injuries and liked activities."""

    form_loaded = Signal(object)  # SettingsForm: fill the widgets
    rules_changed = Signal(object)  # tuple[RuleRow, ...]
    injuries_changed = Signal(object)  # tuple[InjuryRow, ...]
    rule_added = Signal()  # the add-a-rule row can be cleared
    injury_added = Signal()
    likes_changed = Signal(object)  # tuple[str, ...]
    suggestions_changed = Signal(object)  # tuple[str, ...]: activity names to offer
    saved = Signal(str)  # a confirmation for the status line
    notice = Signal(str)  # a confirmation of a list change
    coach_checked = Signal(bool, str)  # reachable, words for the lifter
    scope_cleared = Signal(str)  # a list's errors can go (RULE, INJURY, LIKES, COACH_TEST)

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.loaded: SettingsForm | None = None
        self.rules: tuple[RuleRow, ...] = ()
        self.injuries: tuple[InjuryRow, ...] = ()
        self.likes: tuple[str, ...] = ()
        self.show_healed = False
        self.active = True
        self._stale = True
        self._saving = False
        self._default_host = "http://localhost:11434"  # until the settings say otherwise
        session.changed.connect(self._on_changed)

    # --- choices for the widgets --------------------------------------------------------

    @staticmethod
    def formula_choices() -> list[tuple[str, str]]:
        return [(f.value, name) for f, name in FORMULA_NAMES.items()]

    @staticmethod
    def formula_hint(value: str) -> str:
        return FORMULA_HINTS.get(E1RMFormula(value), "") if value in E1RMFormula.__members__ else ""

    @staticmethod
    def unit_choices() -> list[tuple[str, str]]:
        return [(u.value, name) for u, name in UNIT_NAMES.items()]

    @staticmethod
    def unit_word(unit: str) -> str:
        return UNIT_WORDS[WeightUnit(unit)]

    @staticmethod
    def experience_choices() -> list[tuple[str, str]]:
        return [(e.value, name) for e, name in EXPERIENCE_NAMES.items()]

    @staticmethod
    def tone_choices() -> list[tuple[str, str]]:
        return [(t.value, name) for t, name in TONE_NAMES.items()]

    @staticmethod
    def aggression_choices() -> list[tuple[str, str]]:
        return [(a.value, name) for a, name in AGGRESSION_NAMES.items()]

    @staticmethod
    def split_choices() -> list[tuple[str, str]]:
        return [("", "Let the coach choose")] + [(s.value, n) for s, n in SPLIT_NAMES.items()]

    @staticmethod
    def equipment_choices() -> list[tuple[str, str]]:
        return [(e.value, equipment_name(e)) for e in EQUIPMENT_CHOICES]

    @staticmethod
    def rule_type_choices() -> list[tuple[str, str]]:
        return [(r.value, name) for r, name in RULE_NAMES.items()]

    @staticmethod
    def target_choices() -> list[tuple[str, str]]:
        return [(t.value, name) for t, name in TARGET_NAMES.items()]

    @staticmethod
    def pattern_choices() -> list[tuple[str, str]]:
        return [(p.value, words(p.value)) for p in MovementPattern]

    @staticmethod
    def body_part_choices() -> list[tuple[str, str]]:
        return [(b.value, name) for b, name in BODY_PART_NAMES.items()]

    @staticmethod
    def convert_weight(value: float, from_unit: str, to_unit: str) -> float:
        """A body weight re-expressed when the lifter switches units before saving."""
        kg = from_display(value, WeightUnit(from_unit))
        return round(to_display(kg, WeightUnit(to_unit)), 1)

    def today(self) -> date:
        return self.session.today()

    # --- loading ------------------------------------------------------------------------

    def refresh(self, shown: SettingsForm | None = None) -> None:
        """Reloads everything; `shown` is the form on screen, whose unsaved edits are kept."""
        me, healed = self.session.me, self.show_healed
        self._stale = False
        self.call(lambda: _load(me, healed), lambda loaded: self._on_loaded(loaded, shown))

    def ensure_fresh(self, shown: SettingsForm | None) -> None:
        if self._stale:
            self.refresh(shown)

    def has_changes(self, form: SettingsForm) -> bool:
        """Whether the widgets differ from what is saved."""
        return self.loaded is not None and form != self.loaded

    # --- saving -------------------------------------------------------------------------

    def save(self, form: SettingsForm) -> None:
        """Applies what changed through the api; a bad field comes back beside that field."""
        work = self._save_work(form)
        if work is not None:
            self.call(work, self._on_saved)

    def save_now(self, form: SettingsForm) -> bool:
        """Saves on the GUI thread (closing the window can't wait); True if all was saved."""
        work = self._save_work(form)
        if work is None:
            return not self.has_changes(form)
        self.errors_cleared.emit()
        try:
            result = work()
        except AlloyError as exc:
            self.report(exc)
            return False
        self._on_saved(result)
        return result.profile_error is None

    def _save_work(self, form: SettingsForm) -> Callable[[], _Saved] | None:
        if self.loaded is None:
            return None
        try:
            s = settings_update(form, self.loaded)
            p = profile_update(form, self.loaded)
        except ValidationError as exc:
            self.errors_cleared.emit()
            self.report(exc)
            return None
        if s is None and p is None:
            self.errors_cleared.emit()
            self.saved.emit("Nothing to save: no changes.")
            return None
        me = self.session.me
        return lambda: _save(me, s, p)

    def _on_saved(self, result: _Saved) -> None:
        self.loaded = form_of(result.settings, result.profile)
        self._default_host = result.settings.ollama_default_host
        if result.profile_error is not None:
            self.report(result.profile_error)
            self.saved.emit("Training and coach settings saved; the profile needs a fix.")
        else:
            self.form_loaded.emit(self.loaded)
            self.saved.emit("Settings saved.")
        self._notify(*result.topics)

    # --- movement rules -----------------------------------------------------------------

    def add_rule(self, draft: RuleDraft) -> None:
        """Adds a Never/Avoid/Injury rule on a movement, a pattern or a body part."""
        target = RuleTarget(draft.target) if draft.target in RuleTarget.__members__ else None
        rule = schemas.MovementRuleCreate(
            rule_type=draft.rule_type,
            target=draft.target,
            movement_id=draft.movement_id if target is RuleTarget.MOVEMENT else None,
            pattern=draft.pattern if target is RuleTarget.PATTERN else None,
            body_part=draft.body_part if target is RuleTarget.BODY_PART else None,
            note=draft.note.strip(),
        )
        me = self.session.me
        self._list_call(RULE, lambda: me.settings.add_movement_rule(rule), self._on_rule_added)

    def remove_rule(self, rule_id: int) -> None:
        """Removes a rule (the view asks first)."""
        me = self.session.me
        text = self.rule_text(rule_id)
        self._list_call(
            RULE,
            lambda: me.settings.remove_movement_rule(rule_id),
            lambda _: self._after_rule(text),
        )

    def rule_text(self, rule_id: int) -> str:
        return next((r.text for r in self.rules if r.id == rule_id), "this rule")

    def _on_rule_added(self, rule: schemas.MovementRuleResponse) -> None:
        self.rules = (*self.rules, rule_row(rule))
        self.rules_changed.emit(self.rules)
        self.rule_added.emit()
        self.notice.emit(f"Added “{rule.description}”.")
        self._notify(PROFILE)

    def _after_rule(self, text: str) -> None:
        me = self.session.me
        self._list_call(RULE, lambda: tuple(me.settings.movement_rules()), self._on_rules)
        self.notice.emit(f"Removed “{text}”.")
        self._notify(PROFILE)

    def _on_rules(self, rules: tuple[schemas.MovementRuleResponse, ...]) -> None:
        self.rules = tuple(rule_row(r) for r in rules)
        self.rules_changed.emit(self.rules)

    # --- injuries -----------------------------------------------------------------------

    def add_injury(self, body_part: str, description: str, severity: int, started: date) -> None:
        injury = schemas.InjuryCreate(body_part, description.strip(), severity, started)
        me = self.session.me
        self._list_call(INJURY, lambda: me.settings.add_injury(injury), self._on_injury_changed)

    def resolve_injury(self, injury_id: int) -> None:
        """Marks an injury healed (the view asks first)."""
        me = self.session.me
        self._list_call(
            INJURY, lambda: me.settings.resolve_injury(injury_id), self._on_injury_changed
        )

    def injury_text(self, injury_id: int) -> str:
        return next((i.text for i in self.injuries if i.id == injury_id), "this injury")

    def set_show_healed(self, show: bool) -> None:
        self.show_healed = show
        self._reload_injuries()

    def _on_injury_changed(self, injury: schemas.InjuryResponse) -> None:
        if injury.is_active:
            self.injury_added.emit()
        state = "Recorded" if injury.is_active else "Marked healed:"
        self.notice.emit(f"{state} {injury_row(injury).text}.")
        self._reload_injuries()
        self._notify(PROFILE)

    def _reload_injuries(self) -> None:
        me, healed = self.session.me, self.show_healed
        self._list_call(
            INJURY, lambda: tuple(me.settings.injuries(active_only=not healed)), self._on_injuries
        )

    def _on_injuries(self, injuries: tuple[schemas.InjuryResponse, ...]) -> None:
        self.injuries = tuple(injury_row(i) for i in injuries)
        self.injuries_changed.emit(self.injuries)

    # --- enjoyable activities -----------------------------------------------------------

    def add_like(self, name: str) -> None:
        """Adds an activity the lifter enjoys (the coach works them in)."""
        name = name.strip()
        self.scope_cleared.emit(LIKES)
        if not name:
            self.error.emit(LIKES, "Type or choose an activity first.")
            return
        if name.casefold() in (n.casefold() for n in self.likes):
            self.error.emit(LIKES, f"{name} is already on your list.")
            return
        self._set_likes((*self.likes, name), f"Added {name}.")

    def remove_like(self, name: str) -> None:
        self._set_likes(tuple(n for n in self.likes if n != name), f"Removed {name}.")

    def _set_likes(self, names: tuple[str, ...], message: str) -> None:
        me = self.session.me
        update = schemas.ProfileUpdate(enjoyable_activities=names)
        self._list_call(
            LIKES, lambda: me.settings.update_profile(update), lambda p: self._on_likes(p, message)
        )

    def _on_likes(self, profile: schemas.ProfileResponse, message: str) -> None:
        self.likes = profile.enjoyable_activities
        self.likes_changed.emit(self.likes)
        self.notice.emit(message)
        self._notify(PROFILE)

    # --- coach check --------------------------------------------------------------------

    @staticmethod
    def provider_choices() -> list[tuple[str, str]]:
        return list(PROVIDER_NAMES.items())

    def default_ollama_host(self) -> str:
        """What an empty Ollama host means now (OLLAMA_HOST, else localhost:11434)."""
        return self._default_host

    def test_llm(self, form: SettingsForm | None = None) -> None:
        """Asks the coach's model server whether it answers and has the model.

        With unsaved coach fields on screen, those are what is checked; else the saved ones.
        """
        check: Callable[[], Any] = self.session.me.coach.health  # seconds at most, off the GUI
        if form is not None and self._coach_edited(form):
            check = _unsaved_check(self.session, form)
        self._list_call(
            COACH_TEST,
            check,
            self._on_llm_health,
            lambda e: self.coach_checked.emit(False, e.message),
        )

    def _coach_edited(self, form: SettingsForm) -> bool:
        was = self.loaded
        return was is not None and any(
            getattr(form, name) != getattr(was, name) for name in COACH_FIELDS
        )

    def _on_llm_health(self, health: Any) -> None:
        ok = getattr(health, "status", "") == "healthy"
        self.coach_checked.emit(ok, health_words(health))

    # --- plumbing -----------------------------------------------------------------------

    def _on_loaded(self, loaded: _Loaded, shown: SettingsForm | None) -> None:
        before, self.loaded = self.loaded, form_of(loaded.settings, loaded.profile)
        self._default_host = loaded.settings.ollama_default_host
        form = self.loaded
        if shown is not None and before is not None and shown != before:
            form = merge(shown, before, self.loaded)
        self.form_loaded.emit(form)
        self.rules = tuple(rule_row(r) for r in loaded.profile.movement_rules)
        self.injuries = tuple(injury_row(i) for i in loaded.injuries)
        self.likes = loaded.profile.enjoyable_activities
        self.rules_changed.emit(self.rules)
        self.injuries_changed.emit(self.injuries)
        self.likes_changed.emit(self.likes)
        self.suggestions_changed.emit(loaded.suggestions)

    def _list_call(
        self,
        scope: str,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[AlloyError], None] | None = None,
    ) -> None:
        """Runs a list change off the GUI thread; its errors show beside that list only.

        Unlike `call`, it clears only its own list's errors: adding a rule must not hide
        the message beside a form field that still needs fixing.
        """
        self.scope_cleared.emit(scope)
        self._set_busy(+1)

        def _done(result: Any) -> None:
            self._set_busy(-1)
            done(result)

        def _failed(exc: AlloyError) -> None:
            self._set_busy(-1)
            (failed or (lambda e: self._report_as(scope, e)))(exc)

        self._runner.submit(fn, _done, _failed)

    def _report_as(self, prefix: str, exc: AlloyError) -> None:
        field = exc.field if isinstance(exc, ValidationError) and exc.field else ""
        self.error.emit(f"{prefix}.{field}" if field else prefix, exc.message)

    def _notify(self, *topics: str) -> None:
        # Our own announcements must not send this page back to the database.
        self._saving = True
        try:
            self.session.notify(*topics)
        finally:
            self._saving = False

    def _on_changed(self, topic: str) -> None:
        if topic not in (SETTINGS, PROFILE) or self._saving or not self.session.is_signed_in:
            return
        self._stale = True  # the view reloads on activate, keeping unsaved edits
