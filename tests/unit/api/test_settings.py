"""Settings, profile, movement rules and injuries through the public api, checked in the DB."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from alloy_desktop.api import Alloy, UserApi
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
from alloy_desktop.services.errors import Conflict, NotFound, ValidationError
from alloy_desktop.services.schemas import (
    InjuryCreate,
    MovementRuleCreate,
    ProfileUpdate,
    SchedulingPreferences,
    SettingsUpdate,
)
from alloy_desktop.store.models import (
    ActivityDefinition,
    User,
    UserEnjoyableActivity,
    UserInjury,
    UserMovementRule,
    UserProfile,
    UserSettings,
)


def settings_row(alloy: Alloy, user_id: int) -> dict[str, Any]:
    with alloy.context.db.sessions() as s:
        row = s.scalar(select(UserSettings).where(UserSettings.user_id == user_id))
        assert row is not None
        return {c.name: getattr(row, c.key) for c in UserSettings.__mapper__.columns}


def profile_rows(alloy: Alloy, user_id: int) -> dict[str, Any]:
    """Everything a profile update may touch, as plain values."""
    with alloy.context.db.sessions() as s:
        user = s.get(User, user_id)
        profile = s.scalar(select(UserProfile).where(UserProfile.user_id == user_id))
        assert user is not None and profile is not None
        activities = s.execute(
            select(UserEnjoyableActivity.name, UserEnjoyableActivity.activity_definition_id)
            .where(UserEnjoyableActivity.user_id == user_id)
            .order_by(UserEnjoyableActivity.id)
        ).all()
        return {
            "name": user.name,
            "experience_level": user.experience_level,
            "persona_tone": user.persona_tone,
            "persona_aggression": user.persona_aggression,
            "discipline_preferences": profile.discipline_preferences,
            "scheduling_preferences": profile.scheduling_preferences,
            "equipment": profile.equipment,
            "preferred_split": profile.preferred_split,
            "body_weight_kg": profile.body_weight_kg,
            "activities": [tuple(row) for row in activities],
        }


def definition_id(alloy: Alloy, name: str) -> int:
    with alloy.context.db.sessions() as s:
        found = s.scalar(select(ActivityDefinition.id).where(ActivityDefinition.name == name))
        assert found is not None
        return found


def movement_id(me: UserApi, name: str) -> int:
    return next(m.id for m in me.library.search(name, limit=1000) if m.name == name)


# --- Settings -------------------------------------------------------------------------------


def test_settings_start_at_the_spec_defaults(me: UserApi) -> None:
    settings = me.settings.get()

    assert settings.e1rm_formula is E1RMFormula.EPLEY
    assert settings.weight_unit is WeightUnit.KG
    assert settings.soreness_decay_hours == 10
    assert settings.ollama_host == "http://localhost:11434"
    assert settings.ollama_model == "gemma3:4b"
    assert settings.ollama_timeout == 1100
    assert settings.llm_design_sessions is False
    assert settings.access_token_expire_minutes == 30


def test_missing_settings_row_is_recreated_with_defaults(alloy: Alloy, me: UserApi) -> None:
    with alloy.context.db.sessions() as s, s.begin():
        s.execute(delete(UserSettings).where(UserSettings.user_id == me.user.id))

    assert me.settings.get().ollama_model == "gemma3:4b"
    assert settings_row(alloy, me.user.id)["access_token_expire_minutes"] == 30


def test_update_changes_every_field_and_stores_it(alloy: Alloy, me: UserApi) -> None:
    result = me.settings.update(
        SettingsUpdate(
            e1rm_formula="brzycki",
            weight_unit="lb",
            soreness_decay_hours=24,
            ollama_host="https://coach.local:8443/",
            ollama_model=" llama3:8b ",
            ollama_timeout=90,
            llm_design_sessions=True,
            access_token_expire_minutes=600,
        )
    )

    assert result == me.settings.get()
    assert result.e1rm_formula is E1RMFormula.BRZYCKI
    assert result.weight_unit is WeightUnit.LB
    assert result.ollama_host == "https://coach.local:8443"
    assert result.ollama_model == "llama3:8b"
    row = settings_row(alloy, me.user.id)
    assert row["active_e1rm_formula"] == E1RMFormula.BRZYCKI
    assert row["weight_unit"] == WeightUnit.LB
    assert (row["soreness_decay_hours"], row["ollama_timeout"]) == (24, 90)
    assert (row["llm_design_sessions"], row["access_token_expire_minutes"]) == (True, 600)


def test_update_leaves_fields_not_given_alone(alloy: Alloy, me: UserApi) -> None:
    before = settings_row(alloy, me.user.id)

    me.settings.update(SettingsUpdate(weight_unit=WeightUnit.LB))

    after = settings_row(alloy, me.user.id)
    changed = {k for k in before if before[k] != after[k]} - {"updated_at"}
    assert changed == {"weight_unit"}


def test_settings_are_per_user(me: UserApi, other: UserApi) -> None:
    me.settings.update(SettingsUpdate(weight_unit="LB", soreness_decay_hours=5))

    assert other.settings.get().weight_unit is WeightUnit.KG
    assert other.settings.get().soreness_decay_hours == 10


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (SettingsUpdate(e1rm_formula="guess"), "e1rm_formula", "E1RM formula must be one of"),
        (SettingsUpdate(weight_unit="stone"), "weight_unit", "Weight unit must be one of"),
        (SettingsUpdate(soreness_decay_hours=0.5), "soreness_decay_hours", "at least 1"),
        (SettingsUpdate(soreness_decay_hours=73), "soreness_decay_hours", "at most 72"),
        (SettingsUpdate(ollama_host="localhost:11434"), "ollama_host", "web address"),
        (SettingsUpdate(ollama_host="ftp://box"), "ollama_host", "web address"),
        (SettingsUpdate(ollama_host="http://"), "ollama_host", "web address"),
        (SettingsUpdate(ollama_host="http://box:99999"), "ollama_host", "web address"),
        (SettingsUpdate(ollama_model="  "), "ollama_model", "Ollama model is required"),
        (SettingsUpdate(ollama_model="m" * 101), "ollama_model", "at most 100 characters"),
        (SettingsUpdate(ollama_timeout=0), "ollama_timeout", "at least 1"),
        (SettingsUpdate(ollama_timeout=3601), "ollama_timeout", "at most 3600"),
        (SettingsUpdate(llm_design_sessions="yes"), "llm_design_sessions", "yes or no"),  # type: ignore[arg-type]
        (
            SettingsUpdate(access_token_expire_minutes=4),
            "access_token_expire_minutes",
            "at least 5",
        ),
        (
            SettingsUpdate(access_token_expire_minutes=43201),
            "access_token_expire_minutes",
            "at most 43200",
        ),
    ],
)
def test_bad_settings_name_the_field_and_change_nothing(
    alloy: Alloy, me: UserApi, changes: SettingsUpdate, field: str, words: str
) -> None:
    before = settings_row(alloy, me.user.id)

    with pytest.raises(ValidationError, match=words) as caught:
        me.settings.update(changes)

    assert caught.value.field == field
    assert settings_row(alloy, me.user.id) == before


def test_one_bad_field_keeps_the_good_ones_from_being_saved(alloy: Alloy, me: UserApi) -> None:
    before = settings_row(alloy, me.user.id)

    with pytest.raises(ValidationError):
        me.settings.update(SettingsUpdate(weight_unit="LB", ollama_timeout=-1))

    assert settings_row(alloy, me.user.id) == before


# --- Profile --------------------------------------------------------------------------------


def test_profile_starts_with_defaults(me: UserApi) -> None:
    profile = me.settings.get_profile()

    assert (profile.user_id, profile.name, profile.email) == (me.user.id, "Me", "me@example.com")
    assert profile.experience_level is ExperienceLevel.BEGINNER
    assert profile.persona_tone is PersonaTone.SUPPORTIVE
    assert profile.persona_aggression is PersonaAggression.BALANCED
    assert profile.discipline_preferences == {}
    assert profile.scheduling == SchedulingPreferences()
    assert profile.equipment == ()
    assert profile.preferred_split is None
    assert profile.body_weight_kg is None
    assert (profile.movement_rules, profile.injuries, profile.enjoyable_activities) == ((), (), ())


def test_update_profile_stores_every_field(alloy: Alloy, me: UserApi) -> None:
    profile = me.settings.update_profile(
        ProfileUpdate(
            name="  Mia ",
            experience_level="advanced",
            persona_tone="drill sergeant",
            persona_aggression=PersonaAggression.AGGRESSIVE,
            discipline_preferences={"powerlifting": 7, "running": 3},
            scheduling=SchedulingPreferences(4, (5, 0, 2, 3), 75, 10),
            equipment=("barbell", Equipment.DUMBBELL, "BARBELL"),
            preferred_split="upper lower",
            body_weight_kg=82.5,
            enjoyable_activities=("running", "Chess boxing", "Running"),
        )
    )

    assert profile == me.settings.get_profile()
    assert profile.name == "Mia"
    assert profile.scheduling.preferred_days == (0, 2, 3, 5)
    assert profile.equipment == (Equipment.BARBELL, Equipment.DUMBBELL)
    assert profile.enjoyable_activities == ("running", "Chess boxing")
    assert profile_rows(alloy, me.user.id) == {
        "name": "Mia",
        "experience_level": ExperienceLevel.ADVANCED,
        "persona_tone": PersonaTone.DRILL_SERGEANT,
        "persona_aggression": PersonaAggression.AGGRESSIVE,
        "discipline_preferences": {"powerlifting": 7, "running": 3},
        "scheduling_preferences": {
            "days_per_week": 4,
            "preferred_days": [0, 2, 3, 5],
            "session_minutes": 75,
            "microcycle_length_days": 10,
        },
        "equipment": ["BARBELL", "DUMBBELL"],
        "preferred_split": SplitTemplate.UPPER_LOWER,
        "body_weight_kg": 82.5,
        # "running" matches the Running definition whatever its case; the other is free text.
        "activities": [("running", definition_id(alloy, "Running")), ("Chess boxing", None)],
    }


def test_enjoyable_activities_replace_the_whole_set(alloy: Alloy, me: UserApi) -> None:
    me.settings.update_profile(ProfileUpdate(enjoyable_activities=("Running", "Swimming")))

    me.settings.update_profile(ProfileUpdate(enjoyable_activities=("YOGA",)))

    assert me.settings.get_profile().enjoyable_activities == ("YOGA",)
    assert profile_rows(alloy, me.user.id)["activities"] == [("YOGA", definition_id(alloy, "Yoga"))]
    me.settings.update_profile(ProfileUpdate(enjoyable_activities=()))
    assert profile_rows(alloy, me.user.id)["activities"] == []


def test_update_profile_leaves_fields_not_given_alone(alloy: Alloy, me: UserApi) -> None:
    me.settings.update_profile(ProfileUpdate(body_weight_kg=70, equipment=("kettlebells",)))
    before = profile_rows(alloy, me.user.id)

    me.settings.update_profile(ProfileUpdate(name="New name"))

    assert profile_rows(alloy, me.user.id) == before | {"name": "New name"}


def test_empty_preferred_split_clears_it(me: UserApi) -> None:
    me.settings.update_profile(ProfileUpdate(preferred_split=SplitTemplate.PPL))
    assert me.settings.get_profile().preferred_split is SplitTemplate.PPL

    me.settings.update_profile(ProfileUpdate(preferred_split=""))

    assert me.settings.get_profile().preferred_split is None


def test_profiles_are_per_user(me: UserApi, other: UserApi) -> None:
    me.settings.update_profile(ProfileUpdate(name="Changed", enjoyable_activities=("Yoga",)))

    theirs = other.settings.get_profile()
    assert (theirs.name, theirs.enjoyable_activities) == ("Other", ())


def schedule(**changes: Any) -> ProfileUpdate:
    return ProfileUpdate(scheduling=SchedulingPreferences(**changes))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (ProfileUpdate(name=" "), "name", "Name is required"),
        (ProfileUpdate(name="n" * 101), "name", "at most 100 characters"),
        (ProfileUpdate(experience_level="pro"), "experience_level", "must be one of"),
        (ProfileUpdate(persona_tone="grumpy"), "persona_tone", "Coach tone must be one of"),
        (ProfileUpdate(persona_aggression="max"), "persona_aggression", "must be one of"),
        (ProfileUpdate(discipline_preferences={"running": 11}), "discipline_preferences[running]",
         "0 to 10"),
        (ProfileUpdate(discipline_preferences={"running": -1}), "discipline_preferences[running]",
         "0 to 10"),
        (ProfileUpdate(discipline_preferences={"running": "lots"}),
         "discipline_preferences[running]", "0 to 10"),
        (ProfileUpdate(discipline_preferences={"": 3}), "discipline_preferences", "required"),
        (ProfileUpdate(discipline_preferences=["running"]), "discipline_preferences", "mapping"),  # type: ignore[arg-type]
        (schedule(days_per_week=0, preferred_days=()), "scheduling.days_per_week", "at least 1"),
        (schedule(days_per_week=8), "scheduling.days_per_week", "at most 7"),
        (schedule(days_per_week=2, preferred_days=(1,)), "scheduling.preferred_days",
         "exactly 2 training days"),
        (schedule(days_per_week=2, preferred_days=(1, 1)), "scheduling.preferred_days",
         "only once"),
        (schedule(days_per_week=1, preferred_days=(7,)), "scheduling.preferred_days[0]",
         "at most 6"),
        (schedule(session_minutes=10), "scheduling.session_minutes", "at least 15"),
        (schedule(session_minutes=181), "scheduling.session_minutes", "at most 180"),
        (schedule(microcycle_length_days=6), "scheduling.microcycle_length_days", "at least 7"),
        (schedule(microcycle_length_days=15), "scheduling.microcycle_length_days", "at most 14"),
        (ProfileUpdate(equipment=("barbell", "jetpack")), "equipment[1]",
         "Equipment must be one of"),
        (ProfileUpdate(preferred_split="bro"), "preferred_split", "must be one of"),
        (ProfileUpdate(body_weight_kg=5), "body_weight_kg", "Body weight must be between 20"),
        (ProfileUpdate(body_weight_kg=float("nan")), "body_weight_kg", "must be a number"),
        (ProfileUpdate(enjoyable_activities=("Yoga", " ")), "enjoyable_activities[1]", "required"),
    ],
)  # fmt: skip
def test_bad_profile_values_name_the_field_and_change_nothing(
    alloy: Alloy, me: UserApi, changes: ProfileUpdate, field: str, words: str
) -> None:
    me.settings.update_profile(ProfileUpdate(enjoyable_activities=("Running",)))
    before = profile_rows(alloy, me.user.id)

    with pytest.raises(ValidationError, match=words) as caught:
        # A valid name alongside proves nothing of a half-checked update is written.
        me.settings.update_profile(changes if changes.name else _with_name(changes))

    assert caught.value.field == field
    assert profile_rows(alloy, me.user.id) == before


def _with_name(changes: ProfileUpdate) -> ProfileUpdate:
    return replace(changes, name="Should not be saved")


# --- Movement rules -------------------------------------------------------------------------


def test_movement_rules_describe_themselves(alloy: Alloy, me: UserApi) -> None:
    deadlift = movement_id(me, "Barbell Deadlift")

    never = me.settings.add_movement_rule(
        MovementRuleCreate("hard no", "movement", movement_id=deadlift, note="lower back")
    )
    avoid = me.settings.add_movement_rule(
        MovementRuleCreate(MovementRuleType.AVOID, RuleTarget.PATTERN, pattern="hinge")
    )
    injury = me.settings.add_movement_rule(
        MovementRuleCreate("INJURY", "BODY_PART", body_part=BodyPart.SHOULDERS)
    )

    assert never.description == "Never: Barbell Deadlift"
    assert (never.movement_name, never.note) == ("Barbell Deadlift", "lower back")
    assert avoid.description == "Avoid: hinge movements"
    assert avoid.pattern is MovementPattern.HINGE
    assert injury.description == "Injury: shoulders"
    assert me.settings.movement_rules() == [never, avoid, injury]
    assert me.settings.get_profile().movement_rules == (never, avoid, injury)
    with alloy.context.db.sessions() as s:
        rows = s.execute(
            select(
                UserMovementRule.user_id,
                UserMovementRule.rule_type,
                UserMovementRule.target,
                UserMovementRule.movement_id,
                UserMovementRule.pattern,
                UserMovementRule.body_part,
            ).order_by(UserMovementRule.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        (me.user.id, "HARD_NO", "MOVEMENT", deadlift, None, None),
        (me.user.id, "AVOID", "PATTERN", None, "HINGE", None),
        (me.user.id, "INJURY", "BODY_PART", None, None, "SHOULDERS"),
    ]


def test_a_rule_keeps_only_the_field_its_target_names(me: UserApi) -> None:
    rule = me.settings.add_movement_rule(
        MovementRuleCreate("avoid", "pattern", pattern="squat", body_part="legs", movement_id=1)
    )

    assert (rule.movement_id, rule.pattern, rule.body_part) == (None, MovementPattern.SQUAT, None)


@pytest.mark.parametrize(
    ("rule", "field", "words"),
    [
        (MovementRuleCreate("avoid", "movement"), "movement_id", "Choose the movement"),
        (MovementRuleCreate("avoid", "movement", movement_id=10**9), "movement_id", "library"),
        (MovementRuleCreate("avoid", "movement", movement_id=0), "movement_id", "not a valid id"),
        (MovementRuleCreate("avoid", "pattern", body_part="legs"), "pattern", "movement pattern"),
        (MovementRuleCreate("avoid", "pattern", pattern="wiggle"), "pattern", "must be one of"),
        (MovementRuleCreate("avoid", "body_part", pattern="hinge"), "body_part", "body part"),
        (MovementRuleCreate("maybe", "body_part", body_part="legs"), "rule_type", "Rule must be"),
        (MovementRuleCreate("avoid", "muscle", body_part="legs"), "target", "Target must be"),
        (MovementRuleCreate("avoid", "body_part", body_part="legs", note="n" * 256), "note",
         "at most 255"),
    ],
)  # fmt: skip
def test_bad_rules_name_the_field_and_store_nothing(
    alloy: Alloy, me: UserApi, rule: MovementRuleCreate, field: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        me.settings.add_movement_rule(rule)

    assert caught.value.field == field
    with alloy.context.db.sessions() as s:
        assert s.scalar(select(UserMovementRule.id)) is None


def test_the_same_rule_twice_is_a_conflict(me: UserApi) -> None:
    me.settings.add_movement_rule(MovementRuleCreate("avoid", "body_part", body_part="legs"))

    with pytest.raises(Conflict):
        me.settings.add_movement_rule(MovementRuleCreate("avoid", "body_part", body_part="legs"))
    # A different rule type on the same part is a different rule.
    me.settings.add_movement_rule(MovementRuleCreate("injury", "body_part", body_part="legs"))
    assert len(me.settings.movement_rules()) == 2


def test_remove_movement_rule_only_touches_your_own(
    alloy: Alloy, me: UserApi, other: UserApi
) -> None:
    rule = me.settings.add_movement_rule(MovementRuleCreate("avoid", "pattern", pattern="lunge"))

    assert other.settings.movement_rules() == []
    with pytest.raises(NotFound):
        other.settings.remove_movement_rule(rule.id)
    assert me.settings.movement_rules() == [rule]

    me.settings.remove_movement_rule(rule.id)

    assert me.settings.movement_rules() == []
    with alloy.context.db.sessions() as s:
        assert s.get(UserMovementRule, rule.id) is None
    with pytest.raises(NotFound):
        me.settings.remove_movement_rule(rule.id)


# --- Injuries -------------------------------------------------------------------------------


def test_add_and_resolve_an_injury(alloy: Alloy, me: UserApi) -> None:
    started = date(2026, 10, 20)
    injury = me.settings.add_injury(InjuryCreate("shoulders", " rotator cuff ", 6, started))

    assert (injury.body_part, injury.description, injury.severity) == (
        BodyPart.SHOULDERS,
        "rotator cuff",
        6,
    )
    assert (injury.is_active, injury.started_on) == (True, started)
    assert me.settings.injuries() == [injury]
    assert me.settings.get_profile().injuries == (injury,)

    resolved = me.settings.resolve_injury(injury.id)

    assert resolved.is_active is False
    assert me.settings.injuries() == []
    assert me.settings.injuries(active_only=False) == [resolved]
    assert me.settings.get_profile().injuries == ()
    with alloy.context.db.sessions() as s:
        row = s.get(UserInjury, injury.id)
        assert row is not None
        assert (row.user_id, row.is_active) == (me.user.id, False)


def test_injury_start_defaults_to_today(me: UserApi, clock: Any) -> None:
    injury = me.settings.add_injury(InjuryCreate(BodyPart.LEGS))

    assert injury.started_on == clock.now.date()
    assert injury.severity == 5


@pytest.mark.parametrize(
    ("injury", "field", "words"),
    [
        (InjuryCreate("elbow"), "body_part", "must be one of"),
        (InjuryCreate("legs", severity=0), "severity", "at least 1"),
        (InjuryCreate("legs", severity=11), "severity", "at most 10"),
        (InjuryCreate("legs", description="d" * 256), "description", "at most 255"),
        (InjuryCreate("legs", started_on=date(2026, 11, 3)), "started_on", "future"),
    ],
)
def test_bad_injuries_name_the_field(
    alloy: Alloy, me: UserApi, injury: InjuryCreate, field: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        me.settings.add_injury(injury)

    assert caught.value.field == field
    with alloy.context.db.sessions() as s:
        assert s.scalar(select(UserInjury.id)) is None


def test_injuries_are_per_user(me: UserApi, other: UserApi) -> None:
    injury = me.settings.add_injury(InjuryCreate("back", started_on=date(2025, 10, 1)))

    assert other.settings.injuries(active_only=False) == []
    with pytest.raises(NotFound):
        other.settings.resolve_injury(injury.id)
    assert me.settings.injuries() == [injury]


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(list(SettingsUpdate.__dataclass_fields__)), ANYTHING)))
def test_any_settings_input_is_saved_whole_or_refused(
    alloy: Alloy, me: UserApi, fields: list[tuple[str, Any]]
) -> None:
    before = settings_row(alloy, me.user.id)

    try:
        result = me.settings.update(SettingsUpdate(**dict(fields)))
    except ValidationError as exc:
        assert exc.field in SettingsUpdate.__dataclass_fields__
        assert settings_row(alloy, me.user.id) == before
    else:
        assert result == me.settings.get()
        assert 1 <= result.soreness_decay_hours <= 72
