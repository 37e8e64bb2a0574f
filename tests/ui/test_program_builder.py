"""Program page: builder weights, live checks and preview; the list, deletion, session detail."""

from __future__ import annotations

import ctypes
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMessageBox

from alloy_desktop.api import schemas
from alloy_desktop.ui.viewmodels.program_builder import (
    GOAL_WORDS,
    ProgramBuilderViewModel,
    ProgramSummary,
    ProgramsViewModel,
    SessionDetail,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.views.program_view import ProgramView

HEURISTICS = Path(__file__).resolve().parents[2] / "seed_data" / "heuristics.json"

# Stopgap for a shiboken6 6.12.0 bug: SignalInstance.emit() returns True without a new
# reference, so every emit from Python takes one reference from True; on Python 3.11 (True
# is not immortal) the process aborts in "bool_dealloc" once they run out, at the latest
# while shutting down. A list of spare references that is itself never freed keeps this
# module's runs alive until the app works around the bug in one place.
if sys.version_info < (3, 12):
    _TRUE_REFERENCES = [True] * 1_000_000
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(_TRUE_REFERENCES))


def _conflicts(hard: bool) -> tuple[str, str]:
    """A goal pair from the seed heuristics: severity above 0.8 (hard) or 0.3..0.8 (soft)."""
    rules = json.loads(HEURISTICS.read_text(encoding="utf-8"))["interference"]
    for rule in rules:
        severity = rule["severity"]
        if (severity > 0.8) if hard else (0.3 <= severity <= 0.8):
            return rule["goal_a"], rule["goal_b"]
    raise AssertionError("the seed heuristics have no such pair")


HARD_PAIR = _conflicts(hard=True)
SOFT_PAIR = _conflicts(hard=False)


class Recorder:
    """Collects every emission of a signal."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any) -> None:
        self.calls.append(args)

    @property
    def last(self) -> tuple[Any, ...]:
        return self.calls[-1]


def _id(value: int | None) -> int:
    """A stored row's id (the api gives None only for previews)."""
    assert value is not None
    return value


def _builder(session: AppSession, qtbot: Any) -> ProgramBuilderViewModel:
    vm = ProgramBuilderViewModel(session)
    vm.refresh()
    vm.flush()
    return vm


def _pick_goals(vm: ProgramBuilderViewModel, first: str, second: str) -> None:
    vm.set_goal(0, first)
    vm.set_goal(1, second)
    vm.set_weight(0, 5)
    vm.set_weight(1, 5)
    vm.flush()


# --- view-model: weights -------------------------------------------------------------------


def test_default_goals_add_up_to_ten_and_can_be_created(
    app_session: AppSession, qtbot: Any
) -> None:
    vm = _builder(app_session, qtbot)
    assert vm.total == 10
    assert vm.allocation_text() == "10 of 10 allocated"
    assert vm.create_problem() == ""
    assert [(g.goal, g.weight) for g in vm.goals()] == [("STRENGTH", 6), ("HYPERTROPHY", 4)]


def test_allocation_counter_follows_each_weight_change(app_session: AppSession, qtbot: Any) -> None:
    vm = _builder(app_session, qtbot)
    allocation, can_create = Recorder(), Recorder()
    vm.allocation_changed.connect(allocation)
    vm.can_create_changed.connect(can_create)

    vm.set_weight(1, 1)
    assert allocation.last == (7, "7 of 10 allocated", False)
    assert can_create.last == (False, "Allocate 3 more: goal weights must add up to 10.")

    vm.set_weight(0, 10)
    assert allocation.last == (11, "11 of 10 allocated", False)
    assert can_create.last[1] == "Take away 1: goal weights must add up to 10."

    vm.set_weight(0, 9)
    assert allocation.last == (10, "10 of 10 allocated", True)
    assert can_create.last == (True, "")


def test_a_newly_picked_goal_gets_what_is_left_of_the_ten(
    app_session: AppSession, qtbot: Any
) -> None:
    vm = _builder(app_session, qtbot)
    vm.set_weight(0, 5)
    vm.set_weight(1, 2)
    vm.set_goal(2, "MOBILITY")
    assert vm.slots[2].weight == 3
    assert vm.total == 10
    vm.set_goal(2, None)  # clearing a slot frees its weight
    assert vm.slots[2].weight == 0
    assert vm.total == 7


def test_repeated_goal_and_empty_goal_list_are_explained(
    app_session: AppSession, qtbot: Any
) -> None:
    vm = _builder(app_session, qtbot)
    vm.set_goal(1, "STRENGTH")
    assert vm.create_problem() == "Strength is chosen twice; pick each goal once."
    vm.set_goal(0, None)
    vm.set_goal(1, None)
    assert vm.create_problem() == "Choose at least one goal."


def test_a_goal_with_no_weight_is_explained(app_session: AppSession, qtbot: Any) -> None:
    vm = _builder(app_session, qtbot)
    vm.set_weight(0, 10)
    vm.set_weight(1, 0)
    assert vm.create_problem() == "Give Hypertrophy some of the 10, or set that slot to none."


# --- view-model: interference --------------------------------------------------------------


def test_soft_conflict_warns_but_allows_create(app_session: AppSession, qtbot: Any) -> None:
    vm = _builder(app_session, qtbot)
    warnings = Recorder()
    vm.warnings_changed.connect(warnings)
    _pick_goals(vm, *SOFT_PAIR)

    shown, blocking = warnings.last
    assert blocking == ""
    assert len(shown) == 1
    assert all(GOAL_WORDS[g].lower() in shown[0].lower() for g in SOFT_PAIR)
    assert vm.create_problem() == ""


def test_hard_conflict_disables_create_with_the_reason(app_session: AppSession, qtbot: Any) -> None:
    vm = _builder(app_session, qtbot)
    can_create, warnings, preview = Recorder(), Recorder(), Recorder()
    vm.can_create_changed.connect(can_create)
    vm.warnings_changed.connect(warnings)
    vm.preview_changed.connect(preview)
    _pick_goals(vm, *HARD_PAIR)

    expected = app_session.me.programs.check_goals(vm.goals())
    assert not expected.is_valid
    assert warnings.last[1] == expected.blocking_message
    enabled, reason = can_create.last
    assert not enabled
    first, second = (GOAL_WORDS[g] for g in HARD_PAIR)
    assert reason.startswith(f"{first} and {second} conflict")
    assert "severity" not in reason  # the short form; details are in the warnings area
    assert preview.last == (None,)

    errors = Recorder()
    vm.error.connect(errors)
    vm.create()  # e.g. Ctrl+Enter: refused with the same reason, nothing written
    assert errors.last == ("", reason)
    assert app_session.me.programs.list() == []


def test_resolving_the_conflict_enables_create_again(app_session: AppSession, qtbot: Any) -> None:
    vm = _builder(app_session, qtbot)
    _pick_goals(vm, *HARD_PAIR)
    assert vm.create_problem()
    vm.set_goal(1, "MOBILITY")
    vm.flush()
    assert vm.create_problem() == ""
    assert vm.blocking_message == ""


# --- view-model: preview and create --------------------------------------------------------


def test_preview_shows_the_plan_create_would_write(app_session: AppSession, qtbot: Any) -> None:
    vm = ProgramBuilderViewModel(app_session)
    previews = Recorder()
    vm.preview_changed.connect(previews)
    vm.set_duration(12)
    vm.refresh()
    vm.flush()

    summary = previews.last[0]
    assert isinstance(summary, ProgramSummary)
    api = app_session.me.programs.preview(vm.request())
    assert summary.weeks == "12 weeks"
    assert len(summary.microcycles) == len(api.microcycles) == 12
    assert summary.deload_weeks == tuple(m.sequence_number for m in api.microcycles if m.is_deload)
    assert summary.deload_weeks  # a 12-week program has at least one deload
    first_week = summary.microcycles[0]
    assert [s.name for s in first_week.sessions] == [s.name for s in api.microcycles[0].sessions]
    assert [s.minutes for s in first_week.sessions] == [
        s.time.total_minutes for s in api.microcycles[0].sessions
    ]
    assert summary.minutes == api.average_session_minutes
    assert app_session.me.programs.list() == []  # a preview writes nothing


def test_preview_is_withdrawn_while_weights_are_wrong(app_session: AppSession, qtbot: Any) -> None:
    vm = _builder(app_session, qtbot)
    previews, messages = Recorder(), Recorder()
    vm.preview_changed.connect(previews)
    vm.preview_message.connect(messages)
    vm.set_weight(0, 2)
    vm.flush()
    assert previews.last == (None,)
    assert messages.last == ("No preview yet. Allocate 4 more: goal weights must add up to 10.",)


def test_option_from_profile_learns_what_it_resolves_to(
    app_session: AppSession, qtbot: Any
) -> None:
    vm = ProgramBuilderViewModel(app_session)
    defaults = Recorder()
    vm.defaults_changed.connect(defaults)
    vm.refresh()
    vm.flush()
    api = app_session.me.programs.preview(vm.request())
    resolved = defaults.last[0]
    assert (
        resolved["split_template"]
        == vm.option_choices("split_template")[
            [c.value for c in vm.option_choices("split_template")].index(api.split_template.value)
        ].text
    )


def test_create_writes_the_program_and_notifies(app_session: AppSession, qtbot: Any) -> None:
    vm = _builder(app_session, qtbot)
    topics, created = Recorder(), Recorder()
    app_session.changed.connect(topics)
    vm.created.connect(created)
    vm.set_duration(10)
    vm.set_option("split_template", "UPPER_LOWER")
    vm.set_option("progression_style", "DOUBLE_PROGRESSION")
    vm.set_name("Winter block")
    vm.create()

    programs = app_session.me.programs.list()
    assert len(programs) == 1
    program = programs[0]
    assert program.name == "Winter block"
    assert program.duration_weeks == 10
    assert program.split_template.value == "UPPER_LOWER"
    assert [(g.goal, g.weight) for g in program.goals if g.weight] == [
        ("STRENGTH", 6),
        ("HYPERTROPHY", 4),
    ]
    assert ("programs",) in topics.calls and ("plan",) in topics.calls
    summary = created.last[0]
    assert summary.id == program.id
    assert summary.settings == "Upper/lower · Double progression"


def test_api_errors_name_their_field(app_session: AppSession, qtbot: Any) -> None:
    vm = _builder(app_session, qtbot)
    errors = Recorder()
    vm.error.connect(errors)
    vm.set_name("x" * 500)
    vm.create()
    field, message = errors.last
    assert field == "name"
    assert "Traceback" not in message and message
    assert app_session.me.programs.list() == []


# --- view-model: list and detail -----------------------------------------------------------


def test_list_activate_delete_and_session_detail(session_with_program: AppSession) -> None:
    me = session_with_program.me
    second = me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("HYPERTROPHY", 10),), duration_weeks=8)
    )
    vm = ProgramsViewModel(session_with_program)
    listed = Recorder()
    vm.programs_changed.connect(listed)
    vm.refresh()
    rows = listed.last[0]
    assert [p.is_active for p in rows] == [True, False]  # the new program became active
    assert rows[0].id == second.id
    assert rows[0].goals == "Hypertrophy 10"
    assert rows[1].goals == "Strength 6 · Hypertrophy 4"
    assert rows[1].minutes == me.programs.get(rows[1].id).average_session_minutes

    vm.activate(rows[1].id)  # refreshes through the change bus
    assert [p.id for p in vm.programs if p.is_active] == [rows[1].id]

    vm.select(second.id)
    assert vm.detail is not None and vm.detail.id == second.id
    week = vm.detail.microcycles[0]
    vm.open_session(week.sessions[0], week.title)
    api = me.programs.get_session(_id(second.id), _id(week.id), _id(week.sessions[0].session_id))
    detail = vm.session_detail
    assert isinstance(detail, SessionDetail)
    assert dict(detail.breakdown) == {
        "Warm-up": api.time.warmup_minutes,
        "Main": api.time.main_minutes,
        "Accessory": api.time.accessory_minutes,
        "Finisher": api.time.finisher_minutes,
        "Cool-down": api.time.cooldown_minutes,
    }
    assert detail.total_minutes == api.time.total_minutes

    vm.delete(_id(second.id))
    assert [p.id for p in vm.programs] == [rows[1].id]
    assert vm.detail is None


def test_list_refreshes_when_programs_change_elsewhere(session_with_program: AppSession) -> None:
    vm = ProgramsViewModel(session_with_program)
    vm.refresh()
    assert len(vm.programs) == 1
    session_with_program.me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("MOBILITY", 10),), duration_weeks=8)
    )
    session_with_program.notify("programs")
    assert len(vm.programs) == 2


# --- the page, driven as a user would --------------------------------------------------------


@pytest.fixture
def page(qtbot: Any) -> Any:
    def build(session: AppSession) -> ProgramView:
        view = ProgramView(session)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        view.activateWindow()  # shortcuts (Ctrl+Enter, Delete) go to the active window only
        qtbot.waitUntil(view.isActiveWindow)
        view.activate()
        return view

    return build


def _visible_texts(widget: Any) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget) and w.text()]


def _choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Picks an entry the way a keyboard user does: focus the box and type its first letters."""
    combo.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a fresh search, not a continuation
    qtbot.keyClicks(combo, text)
    assert combo.currentText() == text


def test_builder_counts_weights_and_creates(app_session: AppSession, page: Any, qtbot: Any) -> None:
    view = page(app_session)
    b = view.builder
    assert view.tabs.currentWidget() is b  # no programs yet: straight to the builder
    assert b.allocation.text() == "✓ 10 of 10 allocated"

    qtbot.keyClick(b.weight_spins[1], Qt.Key.Key_Down)
    qtbot.keyClick(b.weight_spins[1], Qt.Key.Key_Down)
    assert b.allocation.text() == "✗ 8 of 10 allocated"
    assert not b.create_button.isEnabled()
    assert b.reason.text() == "Allocate 2 more: goal weights must add up to 10."

    _choose(qtbot, b.goal_combos[2], "Mobility")
    assert b.weight_spins[2].value() == 2
    assert b.allocation.text() == "✓ 10 of 10 allocated"
    b.duration_buttons[10].click()
    b.option_combos["split_template"].setFocus()
    _choose(qtbot, b.option_combos["split_template"], "Full body")
    qtbot.keyClicks(b.name_edit, "Base building")
    qtbot.waitUntil(lambda: b.preview_table.rowCount() > 0)
    assert b.create_button.isEnabled()

    qtbot.mouseClick(b.create_button, Qt.MouseButton.LeftButton)
    assert view.program_list.count() == 1
    assert view.program_list.item(0).text() == "Base building"
    assert view.tabs.currentWidget() is view.detail
    assert view.detail.name.text() == "Base building"
    assert "Strength 6 · Hypertrophy 2 · Mobility 2" in view.detail.facts.text()
    assert "10 weeks" in view.detail.facts.text()
    assert "Full body" in view.detail.facts.text()
    assert "Created Base building." in _visible_texts(view)


def test_ctrl_enter_creates(app_session: AppSession, page: Any, qtbot: Any) -> None:
    view = page(app_session)
    view.builder.name_edit.setFocus()
    qtbot.keyClick(view.builder.name_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.program_list.count() == 1


def test_hard_conflict_shows_in_the_builder_and_blocks_create(
    app_session: AppSession, page: Any, qtbot: Any
) -> None:
    view = page(app_session)
    b = view.builder
    _choose(qtbot, b.goal_combos[0], GOAL_WORDS[HARD_PAIR[0]])
    _choose(qtbot, b.goal_combos[1], GOAL_WORDS[HARD_PAIR[1]])
    qtbot.waitUntil(lambda: not b.create_button.isEnabled())
    first, second = (GOAL_WORDS[g] for g in HARD_PAIR)
    assert b.reason.text().startswith(f"{first} and {second} conflict too much")
    texts = _visible_texts(b)
    assert f"✗ {b.reason.text()}" in texts  # the headline by the goals
    rationale = app_session.me.programs.check_goals(b.vm.goals()).blocking_message or ""
    assert rationale.split("): ", 1)[1] in texts  # and why, in full
    qtbot.waitUntil(lambda: b.preview_message.isVisible())
    assert not b.preview_table.isVisible()

    _choose(qtbot, b.goal_combos[1], "Mobility")
    qtbot.waitUntil(b.create_button.isEnabled)
    assert not any("conflict too much" in t for t in _visible_texts(b))


def test_soft_conflict_warning_appears_as_you_choose(
    app_session: AppSession, page: Any, qtbot: Any
) -> None:
    view = page(app_session)
    b = view.builder
    _choose(qtbot, b.goal_combos[0], GOAL_WORDS[SOFT_PAIR[0]])
    _choose(qtbot, b.goal_combos[1], GOAL_WORDS[SOFT_PAIR[1]])
    qtbot.waitUntil(lambda: any(t.startswith("⚠ ") for t in _visible_texts(b)))
    assert b.create_button.isEnabled()


def test_preview_shows_weeks_deloads_and_first_week(
    app_session: AppSession, page: Any, qtbot: Any
) -> None:
    view = page(app_session)
    b = view.builder
    b.duration_buttons[12].click()
    qtbot.waitUntil(lambda: "12 weeks" in b.preview_facts.text())
    api = app_session.me.programs.preview(b.vm.request())
    deloads = [m.sequence_number for m in api.microcycles if m.is_deload]
    assert b.preview_deloads.text().startswith(
        f"Deload week{'s' if len(deloads) > 1 else ''}: {', '.join(map(str, deloads))}"
    )
    assert len(b.preview_strip.weeks) == 12
    first = api.microcycles[0].sessions
    assert b.preview_table.rowCount() == len(first)
    for row, s in enumerate(first):
        assert b.preview_table.item(row, 1).text() == s.name
        assert b.preview_table.item(row, 3).text() == str(len(s.exercises))
        assert b.preview_table.item(row, 4).text() == f"{s.time.total_minutes} min"


def test_delete_asks_first_and_removes_only_on_yes(
    session_with_program: AppSession, page: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page(session_with_program)
    assert view.program_list.count() == 1
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Any:
        def question(_parent: Any, _title: str, text: str, *args: Any) -> Any:
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    view.program_list.setCurrentRow(0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "Delete “" in asked[0] and "active program" in asked[0]
    assert view.program_list.count() == 1
    assert len(session_with_program.me.programs.list()) == 1

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    view.program_list.setFocus()
    qtbot.keyClick(view.program_list, Qt.Key.Key_Delete)  # the keyboard asks too
    assert len(asked) == 2
    assert view.program_list.count() == 0
    assert session_with_program.me.programs.list() == []
    assert view.list_empty.isVisible()
    assert view.tabs.currentWidget() is view.builder


def test_session_detail_shows_the_api_time_breakdown(
    session_with_program: AppSession, page: Any, qtbot: Any
) -> None:
    view = page(session_with_program)
    assert view.tabs.currentWidget() is view.detail
    panel = view.detail.session_panel
    qtbot.waitUntil(lambda: panel.title.isVisible())
    program = session_with_program.me.programs.list()[0]
    week = program.microcycles[0]
    first = week.sessions[0]  # the clock says Monday the program starts: today's session
    api = session_with_program.me.programs.get_session(_id(program.id), _id(week.id), _id(first.id))
    assert panel.title.text() == api.name
    shown = {k: v.text() for k, v in panel.time.value_labels.items()}
    assert shown == {
        "Warm-up": f"{api.time.warmup_minutes} min",
        "Main": f"{api.time.main_minutes} min",
        "Accessory": f"{api.time.accessory_minutes} min",
        "Finisher": f"{api.time.finisher_minutes} min",
        "Cool-down": f"{api.time.cooldown_minutes} min",
    }
    assert panel.time.total_label.text() == f"Total {api.time.total_minutes} min"
    main = next(e for e in api.exercises if e.role.value == "MAIN")
    line = f"{main.movement_name} — {main.sets} × "
    qtbot.waitUntil(lambda: any(t.startswith(line) for t in _visible_texts(panel)))
    assert f"MAIN · {api.time.main_minutes} min" in _visible_texts(panel)


def test_picking_another_week_opens_its_first_session(
    session_with_program: AppSession, page: Any, qtbot: Any
) -> None:
    view = page(session_with_program)
    program = session_with_program.me.programs.list()[0]
    deload = next(m for m in program.microcycles if m.is_deload)
    view.detail.strip.week_clicked.emit(deload.sequence_number)
    panel = view.detail.session_panel
    assert panel.title.text() == deload.sessions[0].name
    assert panel.deload.isVisible()
    assert "Deload" in panel.subtitle.text()


def test_make_active_switches_the_active_program(
    session_with_program: AppSession, page: Any, qtbot: Any
) -> None:
    me = session_with_program.me
    me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("HYPERTROPHY", 10),), duration_weeks=8)
    )
    view = page(session_with_program)
    assert view.program_list.count() == 2
    view.program_list.setCurrentRow(1)  # the older, inactive one
    assert view.activate_button.isEnabled()
    assert not view.detail.active_badge.isVisibleTo(view.detail)
    qtbot.mouseClick(view.activate_button, Qt.MouseButton.LeftButton)
    active = [p for p in me.programs.list() if p.is_active]
    assert [p.goals[0].goal for p in active] == ["STRENGTH"]
    assert view.detail.active_badge.isVisibleTo(view.detail)
    assert not view.activate_button.isEnabled()
    assert any("is now your active program" in t for t in _visible_texts(view))


def test_page_follows_programs_created_elsewhere(
    app_session: AppSession, page: Any, qtbot: Any
) -> None:
    view = page(app_session)
    assert view.program_list.count() == 0
    app_session.me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("STRENGTH", 10),), duration_weeks=8)
    )
    app_session.notify("programs", "plan")
    assert view.program_list.count() == 1


def test_api_failure_is_shown_in_plain_words(
    session_with_program: AppSession, page: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page(session_with_program)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    view.program_list.setCurrentRow(0)
    program_id = _id(session_with_program.me.programs.list()[0].id)
    session_with_program.me.programs.delete(program_id)  # gone behind the page's back
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert shown[0] and "Traceback" not in shown[0]


def test_add_a_week_extends_the_active_program(
    session_with_program: AppSession, page: Any, qtbot: Any
) -> None:
    view = page(session_with_program)
    detail = view.detail
    assert detail.add_week_button.isVisibleTo(detail)
    qtbot.mouseClick(detail.add_week_button, Qt.MouseButton.LeftButton)
    program = session_with_program.me.programs.list()[0]
    assert len(program.microcycles) == 9
    assert len(detail.strip.weeks) == 9
    assert detail.tree.topLevelItemCount() == 9
    assert "8 weeks + 1 week added" in detail.facts.text()
    assert any("Added week 9." in t for t in _visible_texts(view))


def test_add_a_week_is_offered_only_for_the_active_program(
    session_with_program: AppSession, page: Any, qtbot: Any
) -> None:
    session_with_program.me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("HYPERTROPHY", 10),), duration_weeks=8)
    )
    view = page(session_with_program)
    view.program_list.setCurrentRow(1)  # the older program, no longer active
    assert not view.detail.add_week_button.isVisibleTo(view.detail)
