"""Settings page: save and read back, errors beside fields, rules, injuries, likes, leaving."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import (
    E1RMFormula,
    Equipment,
    ExperienceLevel,
    MovementRuleType,
    PersonaTone,
    RuleTarget,
    SplitTemplate,
    WeightUnit,
)
from alloy_desktop.ui.viewmodels.session import PROFILE, SETTINGS, AppSession
from alloy_desktop.ui.viewmodels.settings import SettingsViewModel
from alloy_desktop.ui.views.settings_view import CHOOSE_MOVEMENT, SettingsView

Page = Callable[[], SettingsView]
SQUAT = "Barbell Squat"


@pytest.fixture
def page(qtbot: QtBot, app_session: AppSession) -> Page:
    def make() -> SettingsView:
        view = SettingsView(app_session)
        qtbot.addWidget(view)
        view.resize(1090, 760)
        view.show()
        qtbot.waitExposed(view)
        view.activate()
        return view

    return make


def choose(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def click(qtbot: QtBot, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def texts(view: SettingsView, name: str) -> list[str]:
    items = getattr(view, name)
    return [items.item(i).text() for i in range(items.count())]


def select_row(view: SettingsView, name: str, starts: str) -> None:
    items = getattr(view, name)
    for i in range(items.count()):
        if items.item(i).text().startswith(starts):
            items.setCurrentRow(i)
            return
    raise AssertionError(f"{starts!r} not in {texts(view, name)}")


def answer(reply: QMessageBox.StandardButton, asked: list[str]) -> Any:
    def question(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        asked.append(text)
        return reply

    return question


# --- the form -------------------------------------------------------------------------------


def test_units_and_formula_are_saved_and_read_back(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    assert view.unit.currentData() == "KG" and view.formula.currentData() == "EPLEY"
    assert not view.unsaved.isVisible() and not view.revert_button.isEnabled()
    changes: list[str] = []
    app_session.changed.connect(changes.append)
    choose(view.unit, "LB")
    choose(view.formula, "BRZYCKI")
    assert view.unsaved.isVisible() and view.revert_button.isEnabled()
    assert view.formula_hint.text() == "Conservative; best for sets of 10 or fewer."
    click(qtbot, view.save_button)

    assert view.status.text() == "Settings saved."
    assert not view.unsaved.isVisible()
    assert changes == [SETTINGS]  # the profile was untouched
    stored = app_session.me.settings.get()
    assert stored.weight_unit is WeightUnit.LB and stored.e1rm_formula is E1RMFormula.BRZYCKI

    again = page()
    assert again.unit.currentText() == "Pounds (lb)"
    assert again.formula.currentText() == "Brzycki"
    assert again.body_weight.suffix() == " lb"


def test_invalid_decay_hours_show_the_error_beside_the_field(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    view.decay.setValue(0)
    click(qtbot, view.save_button)
    errors = [
        w
        for w in view.findChildren(type(view.general_error))
        if w.isVisible() and w.property("role") == "error"
    ]
    assert [e.text() for e in errors] == ["Soreness decay hours must be at least 1."]
    # The message sits in the row right under the field.
    grid = view.grids[0]
    row = grid.getItemPosition(grid.indexOf(view.decay))[0]
    assert grid.itemAtPosition(row + 2, 1).widget() is errors[0]
    assert view.decay.property("invalid") is True
    assert app_session.me.settings.get().soreness_decay_hours == 10.0
    assert view.unsaved.isVisible()

    view.decay.setValue(24)
    click(qtbot, view.save_button)
    assert not errors[0].isVisible()
    assert app_session.me.settings.get().soreness_decay_hours == 24.0


def test_a_list_action_keeps_the_form_errors_in_sight(page: Page, qtbot: QtBot) -> None:
    view = page()
    view.decay.setValue(0)
    click(qtbot, view.save_button)
    choose(view.rule_target, "BODY_PART")
    click(qtbot, view.add_rule_button)  # a rule is added; the decay hours still need a fix
    assert texts(view, "rule_list") == ["Never: chest"]
    assert view.decay.property("invalid") is True
    click(qtbot, view.add_rule_button)  # and a list's own error leaves the form's alone
    assert view.rule_error.text() == "You already have that movement rule."
    assert view.decay.property("invalid") is True
    click(qtbot, view.save_button)
    assert view.rule_error.isVisible()  # saving the form leaves the list's error alone
    view.like_input.setEditText("")
    click(qtbot, view.add_like_button)
    assert view.like_error.text() == "Type or choose an activity first."


def test_a_bad_host_is_flagged_beside_the_host(page: Page, qtbot: QtBot) -> None:
    view = page()
    view.host.setText("localhost")
    click(qtbot, view.save_button)
    assert view.host.property("invalid") is True
    assert view.status.text() != "Settings saved."


def test_body_weight_follows_the_unit(page: Page, qtbot: QtBot, app_session: AppSession) -> None:
    app_session.me.settings.update_profile(schemas.ProfileUpdate(body_weight_kg=80.0))
    view = page()
    assert view.body_weight.text() == "80.0 kg"
    choose(view.unit, "LB")
    assert view.body_weight.text() == "176.4 lb"
    click(qtbot, view.save_button)
    assert app_session.me.settings.get_profile().body_weight_kg == 80.0  # not re-rounded

    view.body_weight.setValue(180.0)
    click(qtbot, view.save_button)
    assert app_session.me.settings.get_profile().body_weight_kg == pytest.approx(81.65, abs=0.01)


def test_the_profile_is_saved_and_announced(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    changes: list[str] = []
    app_session.changed.connect(changes.append)
    view.name.setText("Lee Ann")
    choose(view.experience, "INTERMEDIATE")
    choose(view.tone, "ANALYTICAL")
    click(qtbot, view.days.buttons[1])  # Tuesday on
    click(qtbot, view.days.buttons[4])  # Friday off
    assert view.days_hint.text() == "3 days a week"
    click(qtbot, view.days.buttons[5])  # Saturday on
    view.session_minutes.setValue(75)
    view.microcycle.setValue(8)
    choose(view.split, "UPPER_LOWER")
    view.full_gym.setChecked(False)
    assert view.equipment.isEnabled()
    view.equipment.boxes["BARBELL"].setChecked(True)
    view.equipment.boxes["DUMBBELL"].setChecked(True)
    click(qtbot, view.save_button)

    assert view.status.text() == "Settings saved."
    assert changes == [PROFILE]
    p = app_session.me.settings.get_profile()
    assert p.name == "Lee Ann"
    assert p.experience_level is ExperienceLevel.INTERMEDIATE
    assert p.persona_tone is PersonaTone.ANALYTICAL
    assert p.scheduling == schemas.SchedulingPreferences(4, (0, 1, 2, 5), 75, 8)
    assert p.preferred_split is SplitTemplate.UPPER_LOWER
    assert p.equipment == (Equipment.BARBELL, Equipment.DUMBBELL)

    choose(view.split, "")  # "let the coach choose" clears the preference
    click(qtbot, view.save_button)
    assert app_session.me.settings.get_profile().preferred_split is None


def test_no_training_days_is_flagged_beside_the_days(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    view.days.set_days(())
    assert view.days_hint.text() == "0 days a week"
    click(qtbot, view.save_button)
    assert view.days.property("invalid") is True
    assert app_session.me.settings.get_profile().scheduling.days_per_week == 3


def test_a_short_session_is_flagged_beside_its_field(page: Page, qtbot: QtBot) -> None:
    view = page()
    view.session_minutes.setValue(5)
    click(qtbot, view.save_button)
    assert view.session_minutes.property("invalid") is True
    assert view.days.property("invalid") is not True


def test_equipment_needs_a_tick_unless_full_gym(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    view.full_gym.setChecked(False)
    click(qtbot, view.save_button)
    assert view.full_gym.parentWidget().property("invalid") is True
    assert app_session.me.settings.get_profile().equipment == ()


def test_settings_save_even_when_the_profile_needs_a_fix(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    choose(view.formula, "LOMBARDI")
    view.microcycle.setValue(30)
    click(qtbot, view.save_button)
    assert view.microcycle.property("invalid") is True
    assert view.status.text() == "Training and coach settings saved; the profile needs a fix."
    assert app_session.me.settings.get().e1rm_formula is E1RMFormula.LOMBARDI
    assert view.unsaved.isVisible()  # the microcycle is still waiting
    view.microcycle.setValue(10)
    click(qtbot, view.save_button)
    assert not view.unsaved.isVisible()


def test_revert_puts_the_saved_values_back(page: Page, qtbot: QtBot) -> None:
    view = page()
    view.name.setText("Someone else")
    choose(view.unit, "LB")
    click(qtbot, view.revert_button)
    assert view.name.text() == "Lee"
    assert view.unit.currentData() == "KG"
    assert not view.unsaved.isVisible()


def test_ctrl_s_saves(page: Page, qtbot: QtBot, app_session: AppSession) -> None:
    view = page()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.model.setText("llama3.2:3b")
    view.model.setFocus()
    qtbot.keyClick(view.model, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert app_session.me.settings.get().ollama_model == "llama3.2:3b"


def test_unsaved_edits_ask_save_discard_or_cancel(
    page: Page, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page()
    assert view.can_close()  # nothing changed: no question
    asked: list[str] = []
    view.name.setText("Lee R")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel, asked))
    assert not view.can_close()
    assert view.name.text() == "Lee R"

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard, asked))
    assert view.can_close()
    assert view.name.text() == "Lee"

    view.name.setText("Lee R")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save, asked))
    assert view.can_close()
    assert app_session.me.settings.get_profile().name == "Lee R"
    assert len(asked) == 3

    view.decay.setValue(500)  # a save that fails keeps the window open
    assert not view.can_close()
    assert view.decay.property("invalid") is True


def test_changes_made_elsewhere_do_not_overwrite_unsaved_edits(
    page: Page, app_session: AppSession
) -> None:
    view = page()
    view.name.setText("Typing…")
    app_session.me.settings.update_profile(schemas.ProfileUpdate(persona_tone="DIRECT"))
    app_session.notify(PROFILE)
    view.activate()
    assert view.name.text() == "Typing…"  # the edit survives
    assert view.tone.currentData() == "DIRECT"  # and the untouched field shows the new value
    assert view.unsaved.isVisible()

    view.body_weight.setValue(80.0)  # typed in kg, then the unit changes elsewhere
    app_session.me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    app_session.notify(SETTINGS)
    view.activate()
    assert view.unit.currentData() == "LB"
    assert view.body_weight.text() == "176.4 lb"
    view.save_button.click()
    profile = app_session.me.settings.get_profile()
    assert profile.persona_tone is PersonaTone.DIRECT  # not overwritten by a stale form
    assert profile.name == "Typing…"
    assert profile.body_weight_kg == pytest.approx(80.0, abs=0.02)


# --- coach check ----------------------------------------------------------------------------


def test_coach_check_reports_when_nothing_answers(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: connections are refused
        probe.bind(("127.0.0.1", 0))
        host = f"http://127.0.0.1:{probe.getsockname()[1]}"
    app_session.me.settings.update(schemas.SettingsUpdate(ollama_host=host))
    view = page()
    click(qtbot, view.test_button)
    assert view.test_result.text() == f"The coach is offline: nothing answers at {host}."
    assert view.test_result.property("role") == "error"


def test_coach_check_calls_the_api_when_it_exists(
    page: Page, qtbot: QtBot, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    health = schemas.LLMHealthResponse(
        "healthy",
        "ollama",
        "gemma3:4b",
        "http://localhost:11434",
        True,
        True,
        "gemma3:4b answered.",
    )
    monkeypatch.setattr(app_session.me.coach, "health", lambda: health)
    view = page()
    click(qtbot, view.test_button)
    assert (
        view.test_result.text() == "Ollama answered at http://localhost:11434: gemma3:4b is ready."
    )
    assert view.test_result.property("role") == "good"


def test_the_provider_decides_which_server_fields_show_and_is_saved(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    assert view.ollama_box.isVisible() and not view.openai_box.isVisible()
    assert view.host.text() == ""  # none saved: the placeholder says what is used instead
    assert view.host.placeholderText() == "http://localhost:11434"
    choose(view.provider, "openai")
    assert view.openai_box.isVisible() and not view.ollama_box.isVisible()
    assert view.unsaved.isVisible()
    view.base_url.setText("http://127.0.0.1:1234/v1")
    view.server_model.setText("qwen2.5-0.5b")
    click(qtbot, view.save_button)
    settings = app_session.me.settings.get()
    assert (settings.llm_provider, settings.openai_base_url, settings.openai_model) == (
        "openai",
        "http://127.0.0.1:1234/v1",
        "qwen2.5-0.5b",
    )
    assert not view.unsaved.isVisible()


def test_a_bad_server_address_is_flagged_beside_it(page: Page, qtbot: QtBot) -> None:
    view = page()
    choose(view.provider, "openai")
    view.base_url.setText("127.0.0.1:1234")
    click(qtbot, view.save_button)
    assert view.base_url.property("invalid") is True


def test_test_connection_checks_the_unsaved_server_on_screen(
    page: Page, qtbot: QtBot, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[object, ...]] = []

    def health_llm(*args: object) -> schemas.LLMHealthResponse:
        asked.append(args)
        return schemas.LLMHealthResponse(
            "unhealthy", "openai", "", "http://127.0.0.1:1234/v1", True, False, "", ()
        )

    monkeypatch.setattr(app_session.alloy, "health_llm", health_llm)
    view = page()
    choose(view.provider, "openai")
    view.base_url.setText("http://127.0.0.1:1234/v1")
    click(qtbot, view.test_button)
    assert asked == [("http://127.0.0.1:1234/v1", "", 1100.0, "openai")]
    assert view.test_result.text() == (
        "The OpenAI-compatible server answered at http://127.0.0.1:1234/v1, "
        "but it has no model yet."
    )
    assert view.test_result.property("role") == "error"


def test_test_connection_names_a_missing_ollama_model_and_what_is_there(
    page: Page, qtbot: QtBot, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    health = schemas.LLMHealthResponse(
        "unhealthy", "ollama", "gemma3:4b", "http://box:11434", True, False, "", ("llama3.2:3b",)
    )
    monkeypatch.setattr(app_session.me.coach, "health", lambda: health)
    view = page()
    click(qtbot, view.test_button)
    assert view.test_result.text() == (
        "Ollama answered at http://box:11434, but it has no model gemma3:4b "
        "(it has llama3.2:3b). Run “ollama pull gemma3:4b”."
    )


# --- movement rules -------------------------------------------------------------------------


def test_add_a_never_rule_on_a_squat_and_see_it_listed(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    assert texts(view, "rule_list") == ["No rules yet: everything in the library is allowed."]
    changes: list[str] = []
    app_session.changed.connect(changes.append)
    choose(view.rule_type, "HARD_NO")
    choose(view.rule_target, "MOVEMENT")
    click(qtbot, view.rule_movement)
    picker = view.picker
    assert picker is not None
    picker.search.setText(SQUAT)
    picker.vm.search_now()
    assert picker.choose(SQUAT)
    click(qtbot, picker.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert view.rule_movement.text() == SQUAT
    view.rule_note.setText("hurts my hip")
    click(qtbot, view.add_rule_button)

    assert texts(view, "rule_list") == [f"Never: {SQUAT}\nhurts my hip"]
    assert view.status.text() == f"Added “Never: {SQUAT}”."
    assert PROFILE in changes
    assert view.rule_movement.text() == CHOOSE_MOVEMENT and not view.rule_note.text()
    rules = app_session.me.settings.movement_rules()
    assert [(r.rule_type, r.target, r.movement_name) for r in rules] == [
        (MovementRuleType.HARD_NO, RuleTarget.MOVEMENT, SQUAT)
    ]


def test_a_movement_rule_needs_a_movement(page: Page, qtbot: QtBot) -> None:
    view = page()
    click(qtbot, view.add_rule_button)
    assert view.rule_movement.property("invalid") is True
    assert view.rule_error.text() == "Choose the movement this rule is about."


def test_pattern_and_body_part_rules_and_duplicates(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    choose(view.rule_type, "AVOID")
    choose(view.rule_target, "PATTERN")
    assert view.rule_what.currentWidget() is view.rule_pattern
    choose(view.rule_pattern, "OLYMPIC")
    click(qtbot, view.add_rule_button)
    choose(view.rule_type, "INJURY")
    choose(view.rule_target, "BODY_PART")
    choose(view.rule_part, "LEGS")
    click(qtbot, view.add_rule_button)
    assert texts(view, "rule_list") == ["Avoid: olympic movements", "Injury: legs"]

    click(qtbot, view.add_rule_button)  # the same rule again
    assert view.rule_error.isVisible()
    assert view.rule_error.text() == "You already have that movement rule."
    assert len(app_session.me.settings.movement_rules()) == 2


def test_removing_a_rule_asks_first(
    page: Page, qtbot: QtBot, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_session.me.settings.add_movement_rule(
        schemas.MovementRuleCreate("AVOID", "BODY_PART", body_part="BACK")
    )
    view = page()
    assert not view.remove_rule_button.isEnabled()
    select_row(view, "rule_list", "Avoid: back")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No, asked))
    click(qtbot, view.remove_rule_button)
    assert asked == ["Remove “Avoid: back”?"]
    assert len(app_session.me.settings.movement_rules()) == 1
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes, asked))
    click(qtbot, view.remove_rule_button)
    assert app_session.me.settings.movement_rules() == []
    assert texts(view, "rule_list") == ["No rules yet: everything in the library is allowed."]


# --- injuries -------------------------------------------------------------------------------


def test_add_and_resolve_an_injury(
    page: Page, qtbot: QtBot, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page()
    assert texts(view, "injury_list") == ["No active injuries."]
    choose(view.injury_part, "SHOULDERS")
    view.injury_text.setText("Left rotator cuff")
    view.injury_severity.setValue(4)
    click(qtbot, view.add_injury_button)

    listed = texts(view, "injury_list")
    assert len(listed) == 1
    assert listed[0].startswith("Shoulders: Left rotator cuff\nSeverity 4/10 · since Mon 2 Nov")
    assert view.status.text() == "Recorded Shoulders: Left rotator cuff."
    assert not view.injury_text.text()
    [injury] = app_session.me.settings.injuries()
    assert injury.severity == 4 and injury.is_active

    select_row(view, "injury_list", "Shoulders")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No, asked))
    click(qtbot, view.resolve_button)
    assert len(app_session.me.settings.injuries()) == 1
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes, asked))
    click(qtbot, view.resolve_button)
    assert asked[0].startswith("Mark “Shoulders: Left rotator cuff” as healed?")
    assert app_session.me.settings.injuries() == []
    assert texts(view, "injury_list") == ["No active injuries."]

    view.show_healed.setChecked(True)  # healed ones stay in the history
    assert texts(view, "injury_list")[0].endswith("· healed")
    select_row(view, "injury_list", "Shoulders")
    assert not view.resolve_button.isEnabled()


def test_an_injury_cannot_start_tomorrow(page: Page, app_session: AppSession) -> None:
    view = page()
    assert view.injury_started.maximumDate().toPython() == app_session.today()


# --- enjoyable activities --------------------------------------------------------------------


def test_enjoyable_activities_can_be_added_and_removed(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    assert view.like_input.findText("Climbing") >= 0  # activity types are offered
    view.like_input.setEditText("Climbing")
    click(qtbot, view.add_like_button)
    view.like_input.setEditText("Ultimate frisbee")
    click(qtbot, view.add_like_button)
    assert texts(view, "like_list") == ["Climbing", "Ultimate frisbee"]
    assert app_session.me.settings.get_profile().enjoyable_activities == (
        "Climbing",
        "Ultimate frisbee",
    )

    view.like_input.setEditText("climbing")
    click(qtbot, view.add_like_button)
    assert view.like_error.text() == "climbing is already on your list."

    select_row(view, "like_list", "Climbing")
    click(qtbot, view.remove_like_button)
    assert texts(view, "like_list") == ["Ultimate frisbee"]
    assert app_session.me.settings.get_profile().enjoyable_activities == ("Ultimate frisbee",)


# --- view-model -----------------------------------------------------------------------------


def test_view_model_sends_only_what_changed(app_session: AppSession) -> None:
    vm = SettingsViewModel(app_session)
    vm.refresh()
    assert vm.loaded is not None
    saved: list[str] = []
    vm.saved.connect(saved.append)
    vm.save(vm.loaded)
    assert saved == ["Nothing to save: no changes."]
