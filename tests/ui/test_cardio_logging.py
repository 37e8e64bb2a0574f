"""Runs, rides and stretches: shown in minutes and seconds, logged as activities and holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.domain.enums import BodyPart, ExerciseRole, MovementPattern, SetType
from alloy_desktop.ui.viewmodels.day_plan import DayPlanViewModel
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
from alloy_desktop.ui.viewmodels.work import CARDIO, DRILL, HOLD, LIFT, amount
from alloy_desktop.ui.viewmodels.workout_logger import (
    DISTANCE,
    MINUTES,
    REPS,
    RPE,
    WEIGHT,
    Phase,
    WorkoutLoggerViewModel,
    choice_from_movement,
)
from alloy_desktop.ui.views.logger_view import LoggerView
from alloy_desktop.ui.views.today_view import TodayView

MONDAY = date(2026, 11, 2)  # the endurance program's first day: a zone 2 session
P = MovementPattern


class RecordingLogger(WorkoutLoggerViewModel):
    """The view-model, remembering every error it reported."""

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.errors: list[tuple[str, str]] = []
        self.error.connect(self._on_error)

    def _on_error(self, field: str, message: str) -> None:
        self.errors.append((field, message))


_made: list[WorkoutLoggerViewModel] = []


@pytest.fixture(autouse=True)
def _stop_timers() -> Iterator[None]:
    """No debounced draft write may fire into the next test's database."""
    yield
    while _made:
        _made.pop().dispose()


def make_vm(session: AppSession) -> RecordingLogger:
    vm = RecordingLogger(session)
    _made.append(vm)
    return vm


@pytest.fixture
def endurance(app_session: AppSession) -> AppSession:
    """The lifter training for endurance alone, Monday, Wednesday and Friday for an hour."""
    me = app_session.me
    me.settings.update_profile(
        schemas.ProfileUpdate(scheduling=schemas.SchedulingPreferences(3, (0, 2, 4), 60))
    )
    me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("ENDURANCE", 10),), duration_weeks=8)
    )
    return app_session


def planned(session: AppSession) -> schemas.SessionResponse:
    plan = session.me.days.plan(MONDAY)
    assert plan.session is not None and plan.session.name.startswith("Zone 2 ")
    return plan.session


def the_ride(session: AppSession) -> schemas.SessionExerciseResponse:
    return next(e for e in planned(session).exercises if e.pattern is P.CONDITIONING)


def key_of(vm: WorkoutLoggerViewModel, kind: str) -> int:
    return next(ex.key for ex in vm.exercises if ex.kind == kind)


def movement(session: AppSession, name: str) -> schemas.MovementResponse:
    return next(m for m in session.me.library.search(name, limit=200) if m.name == name)


# --- wording --------------------------------------------------------------------------------


def test_work_reads_in_minutes_seconds_or_reps() -> None:
    assert amount(1, 2700, None, P.CONDITIONING) == "1 × 45 min"
    assert amount(4, 180, None, "CONDITIONING", ExerciseRole.MAIN) == "4 × 3 min"
    assert amount(3, 40, None, P.CONDITIONING) == "3 × 40 s"
    assert amount(2, 60, None, P.MOBILITY, ExerciseRole.MAIN) == "2 × 60 s"  # a hold
    assert amount(1, 30, None, P.MOBILITY, ExerciseRole.COOLDOWN) == "1 × 30 s"
    assert amount(1, 10, None, P.MOBILITY, ExerciseRole.WARMUP) == "1 × 10"  # a drill, in reps
    assert amount(3, 8, 12, P.SQUAT, ExerciseRole.MAIN) == "3 × 8–12"


def test_today_shows_the_ride_in_minutes_and_the_stretches_in_seconds(
    qtbot: QtBot, endurance: AppSession
) -> None:
    today = TodayView(endurance)
    qtbot.addWidget(today)
    today.resize(1280, 800)
    today.show()
    qtbot.waitExposed(today)
    ride = the_ride(endurance)

    rows = today.plan.row_texts()

    assert f"{ride.movement_name} — 1 × 45 min @ RPE 4.5" in rows
    stretches = [e for e in planned(endurance).exercises if e.role is ExerciseRole.COOLDOWN]
    assert stretches
    for stretch in stretches:
        assert any(r.startswith(f"{stretch.movement_name} — 1 × 30 s") for r in rows)
    assert not any("2700" in r for r in rows)


def test_an_adapted_ride_still_reads_in_minutes(endurance: AppSession) -> None:
    vm = DayPlanViewModel(endurance)
    vm.load(MONDAY)

    vm.adapt({BodyPart.LEGS: 8}, "POOR")

    adaptation = vm.adaptation
    assert adaptation is not None
    details = [row.detail for row in adaptation.substituted + adaptation.adjusted]
    assert any(d.startswith("1 × 45 min") for d in details), details  # the ride, swapped
    assert not any("2700" in d for d in details)


# --- the logger on an endurance session ------------------------------------------------------


@pytest.fixture
def page(qtbot: QtBot, endurance: AppSession) -> Iterator[LoggerView]:
    view = LoggerView(endurance)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.confirm = lambda *_args: True  # type: ignore[method-assign]
    yield view
    view.vm.rest.skip()


def test_the_ride_is_logged_as_an_activity_with_no_sets(
    qtbot: QtBot, page: LoggerView, endurance: AppSession
) -> None:
    me = endurance.me
    page.start_session(MONDAY)
    ride = key_of(page.vm, CARDIO)
    card = page.cards[ride]
    qtbot.waitUntil(card.isVisible)
    minutes = page.entry(ride, 0, MINUTES)
    assert minutes.text() == "45"  # 1 × 2700 s from the plan
    assert [c for c in card.findChildren(type(minutes)) if c.isVisibleTo(card)] == [
        minutes,
        page.entry(ride, 0, DISTANCE),
    ]  # no weight, reps or RPE to fill in
    assert not card.add_set_button.isVisibleTo(card)

    # Keyboard only: to the distance, type it, Space marks the ride done, Ctrl+Enter finishes.
    minutes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(minutes, Qt.Key.Key_Tab)
    assert page.focused_entry() == (ride, 0, DISTANCE)
    qtbot.keyClicks(page.entry(ride, 0, DISTANCE), "21.5")
    assert card.rows[0].e1rm.text().endswith(("km/h", "/km", "/100 m"))  # the pace, at once
    qtbot.keyClick(page.entry(ride, 0, DISTANCE), Qt.Key.Key_Space)
    assert card.rows[0].done_button.isChecked()
    assert "45 min cardio" in page.totals_label.text()
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert page.vm.phase == Phase.FINISHED
    assert not page.error_banner.isVisibleTo(page)
    text = page.summary_text()
    assert "cardio: 45 min · 21.5 km" in text and "sets: 0" in text
    [activity] = me.activities.history()
    assert activity.duration_seconds == 45 * 60
    assert activity.distance_km == 21.5
    assert activity.activity_name == the_ride(endurance).movement_name
    assert activity.activity_definition_id is not None  # a run, row, ride or swim type
    assert me.logs.workouts() == []  # no sets for the cardio slot (nor anything else)
    assert me.logs.load_draft() is None


def test_drills_and_holds_are_ticked_from_the_keyboard(qtbot: QtBot, page: LoggerView) -> None:
    page.start_session(MONDAY)
    vm = page.vm
    first = vm.exercises[0]
    assert first.kind == DRILL
    card = page.cards[first.key]
    qtbot.waitUntil(card.isVisible)
    row = card.rows[0]
    assert row.previous.text() == f"{first.sets[0].reps} reps" and not row.edits
    qtbot.waitUntil(lambda: page.focused_entry() == (first.key, 0, "done"))

    qtbot.keyClick(row.done_button, Qt.Key.Key_Space)

    assert first.sets[0].done and row.done_button.isChecked()
    second = vm.exercises[1]
    assert page.focused_entry() == (second.key, 0, "done")  # on to the next drill
    qtbot.keyClick(page.cards[second.key].rows[0].done_button, Qt.Key.Key_Tab)
    ride = key_of(vm, CARDIO)
    assert page.focused_entry() == (ride, 0, MINUTES)  # Tab skips it, undone
    assert not second.sets[0].done
    hold = next(ex for ex in vm.exercises if ex.kind == HOLD)
    assert page.cards[hold.key].rows[0].previous.text() == "30 s"


def test_a_whole_session_logs_the_ride_and_the_ticked_stretches(endurance: AppSession) -> None:
    me = endurance.me
    vm = make_vm(endurance)
    topics: list[str] = []
    endurance.changed.connect(topics.append)
    vm.start_session(MONDAY)
    kinds = [ex.kind for ex in vm.exercises]
    assert CARDIO in kinds and HOLD in kinds and DRILL in kinds and LIFT not in kinds
    hold = vm.exercise(key_of(vm, HOLD))
    assert hold.target.startswith("1 × 30 s") and hold.sets[0].reps == 30

    for ex in vm.exercises:
        for index in range(len(ex.sets)):
            assert vm.set_done(ex.key, index, True)
    vm.finish()

    assert vm.phase == Phase.FINISHED and vm.errors == []
    assert "activities" in topics
    [activity] = me.activities.history()
    assert activity.duration_seconds == 45 * 60
    [workout] = me.logs.workouts()
    logged = me.logs.workout(workout.id).exercises
    ride = the_ride(endurance)
    assert ride.movement_id not in {ex.movement_id for ex in logged}  # the ride is no set
    sets = {ex.movement_name: ex.sets for ex in logged}
    assert sets[hold.name][0].reps == 1 and sets[hold.name][0].weight_kg == 0
    assert sets[hold.name][0].note == "30 s hold"
    drill = vm.exercise(key_of(vm, DRILL)).name
    assert sets[drill][0].set_type is SetType.WARMUP
    assert not any(s.is_hard for ex in logged for s in ex.sets)  # stretches are never hard


def test_a_workout_of_squats_and_a_run_logs_both(app_session: AppSession) -> None:
    me = app_session.me
    vm = make_vm(app_session)
    vm.start_custom()
    vm.add_exercise(choice_from_movement(movement(app_session, "Barbell Squat")))
    vm.add_exercise(choice_from_movement(movement(app_session, "Run")))
    squat, run = (ex.key for ex in vm.exercises)
    assert vm.exercise(run).kind == CARDIO and vm.exercise(run).sets[0].minutes is None
    vm.enter(squat, 0, WEIGHT, "60")
    vm.enter(squat, 0, REPS, "5")
    vm.enter(squat, 0, RPE, "7")
    assert vm.set_done(squat, 0, True)
    assert not vm.set_done(run, 0, True)  # no minutes yet
    assert vm.errors[-1] == (f"set:{run}.0.minutes", "Type the minutes before marking it done")
    vm.enter(run, 0, MINUTES, "30")
    vm.enter(run, 0, DISTANCE, "5")
    assert vm.set_done(run, 0, True)
    summaries: list[object] = []
    vm.finished.connect(summaries.append)

    vm.finish()

    [workout] = me.logs.workouts()
    [logged] = me.logs.workout(workout.id).exercises
    assert logged.movement_name == "Barbell Squat" and [s.reps for s in logged.sets] == [5]
    [activity] = me.activities.history()
    assert (activity.activity_name, activity.duration_seconds, activity.distance_km) == (
        "Run",
        30 * 60,
        5.0,
    )
    running = next(d.id for d in me.activities.definitions() if d.name == "Running")
    assert activity.activity_definition_id == running
    summary = summaries[0]
    assert summary.cardio_text == "30 min · 5 km"  # type: ignore[attr-defined]
    assert summary.volume_text == "300 kg" and summary.exercises == 2  # type: ignore[attr-defined]


def test_bad_minutes_and_distance_are_explained(endurance: AppSession) -> None:
    vm = make_vm(endurance)
    vm.start_session(MONDAY)
    ride = key_of(vm, CARDIO)
    vm.enter(ride, 0, MINUTES, "0")
    assert vm.errors[-1] == (
        f"set:{ride}.0.minutes",
        "Minutes must be more than 0 and at most 1440",
    )
    vm.enter(ride, 0, DISTANCE, "far")
    assert vm.errors[-1] == (f"set:{ride}.0.distance", "Distance must be a number")
    assert not vm.set_done(ride, 0, True)
    vm.enter(ride, 0, MINUTES, "40")
    vm.enter(ride, 0, DISTANCE, "")
    assert vm.set_done(ride, 0, True)


def test_minutes_and_distance_survive_a_crash(
    qtbot: QtBot, endurance: AppSession, db_path: Path, ui_clock: object
) -> None:
    vm = make_vm(endurance)
    vm.start_session(MONDAY)
    ride, hold = key_of(vm, CARDIO), key_of(vm, HOLD)
    vm.enter(ride, 0, MINUTES, "52.5")
    vm.enter(ride, 0, DISTANCE, "24.25")
    vm.set_done(hold, 0, True)
    with qtbot.waitSignal(vm.draft_saved, timeout=3000):
        pass
    draft = endurance.me.logs.load_draft()
    assert draft is not None
    saved = next(ex for ex in draft.payload["exercises"] if ex["key"] == ride)
    assert saved["kind"] == CARDIO and saved["sets"][0]["minutes"] == 52.5

    restarted = Alloy.open(db_path, clock=ui_clock)  # type: ignore[arg-type]
    try:
        session = AppSession(restarted, InlineTaskRunner())
        session.login("lifter@example.com", "correct horse")
        fresh = make_vm(session)
        fresh.resume_draft()
        assert fresh.phase == Phase.RUNNING
        again = fresh.exercise(ride)
        assert again.kind == CARDIO
        assert (again.sets[0].minutes, again.sets[0].distance) == (52.5, 24.25)
        assert fresh.exercise(hold).kind == HOLD and fresh.exercise(hold).sets[0].done
        assert fresh.totals_text().endswith("0 of 52.5 min cardio")
    finally:
        restarted.close()
