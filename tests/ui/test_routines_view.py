"""Routines page and the logger's routine start: build, edit, schedule, copy, start, log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.ui.viewmodels.history import HistoryViewModel
from alloy_desktop.ui.viewmodels.routines import RoutinesViewModel
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.workout_logger import MovementChoice, WorkoutLoggerViewModel
from alloy_desktop.ui.views.routines_view import RoutinesView

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SQUAT = "Barbell Squat"
CURL = "Barbell Curl"


def choice(me: UserApi, name: str) -> MovementChoice:
    found = next(m for m in me.library.search(name, limit=20) if m.name == name)
    return MovementChoice(found.id, found.name, is_compound=found.is_compound)


@pytest.fixture
def vm(app_session: AppSession) -> RoutinesViewModel:
    model = RoutinesViewModel(app_session)
    model.refresh()
    return model


def build(vm: RoutinesViewModel, me: UserApi) -> None:
    vm.new_routine()
    vm.set_name("Legs and arms")
    vm.add_exercise(choice(me, SQUAT))
    vm.add_exercise(choice(me, CURL))
    vm.set_cell(0, "reps", "5")
    vm.set_cell(0, "load", "100")
    vm.set_cell(0, "rpe", "8")
    vm.set_cell(1, "reps", "8-12")
    vm.set_cell(1, "superset", "1")
    vm.set_weekday(0, True)


def test_a_routine_is_built_saved_and_scheduled(
    vm: RoutinesViewModel, app_session: AppSession
) -> None:
    build(vm, app_session.me)
    assert vm.rows[0].rest == "180" and vm.rows[1].rest == "90"  # compound vs isolation
    vm.save()
    saved = app_session.me.routines.list()
    assert [r.name for r in saved] == ["Legs and arms"] and vm.selected_id == saved[0].id
    squat, curl = saved[0].exercises
    assert (squat.reps, squat.load_kg, squat.rpe) == (5, 100.0, 8.0)
    assert (curl.reps, curl.reps_max, curl.superset_group) == (8, 12, 1)
    assert saved[0].weekdays == (0,) and not vm.dirty
    assert app_session.me.logs.adherence().routine_sessions == 1  # today, Monday


def test_a_bad_cell_is_named_with_its_exercise(
    vm: RoutinesViewModel, app_session: AppSession, qtbot: QtBot
) -> None:
    build(vm, app_session.me)
    vm.set_cell(1, "sets", "three")
    with qtbot.waitSignal(vm.error) as error:
        vm.save()
    assert error.args == ["exercises[1]", "Barbell Curl: Sets must be a whole number."]
    vm.set_cell(1, "sets", "30")  # read, but over the api's 20
    with qtbot.waitSignal(vm.error) as error:
        vm.save()
    assert error.args[0] == "exercises[1].sets" and error.args[1].startswith("Barbell Curl: ")
    assert app_session.me.routines.list() == []


def test_rows_move_and_go(vm: RoutinesViewModel, app_session: AppSession) -> None:
    build(vm, app_session.me)
    assert vm.move_row(1, -1) == 0
    assert [r.name for r in vm.rows] == [CURL, SQUAT]
    assert vm.move_row(0, -1) == 0  # already first
    vm.remove_row(0)
    assert [r.name for r in vm.rows] == [SQUAT]


def test_pounds_are_shown_and_stored_as_kilos(
    vm: RoutinesViewModel, app_session: AppSession
) -> None:
    app_session.me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    vm.refresh()
    build(vm, app_session.me)
    vm.set_cell(0, "load", "225")
    vm.save()
    stored = app_session.me.routines.list()[0].exercises[0].load_kg
    assert stored == pytest.approx(102.06, abs=0.01)
    assert vm.rows[0].load == "225"


def test_a_workout_copied_from_history_opens_here(
    app_session: AppSession, vm: RoutinesViewModel
) -> None:
    me = app_session.me
    me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (
                schemas.CustomExercise(
                    choice(me, SQUAT).movement_id, (schemas.CompletedSet(1, 100, 5, 8),)
                ),
            ),
            name="Monday squat",
            performed_at=NOW - timedelta(days=1),
        )
    )
    history = HistoryViewModel(app_session)
    history.refresh()
    history.open_workout(history.model.rows[0].id)
    made: list[schemas.RoutineResponse] = []
    history.routine_made.connect(made.append)
    history.copy_to_routine()
    assert made and made[0].name == "Monday squat"
    vm.show_routine(made[0].id)
    assert vm.name == "Monday squat" and vm.rows[0].load == "100"


def test_starting_a_routine_fills_the_logger_and_logging_names_it(
    vm: RoutinesViewModel, app_session: AppSession
) -> None:
    build(vm, app_session.me)
    started: list[int] = []
    vm.start_requested.connect(started.append)
    vm.start()  # unsaved: saved first
    assert started == [vm.selected_id]
    logger = WorkoutLoggerViewModel(app_session)
    logger.start_routine(started[0])
    squat, curl = logger.exercises
    assert logger.name == "Legs and arms" and len(squat.sets) == 3
    assert (squat.sets[0].weight, squat.sets[0].reps, squat.sets[0].rpe) == (100.0, 5, 8.0)
    assert squat.target == "3 × 5 @ RPE 8 · 100 kg" and squat.rest_seconds == 180
    assert curl.target.endswith("superset 1")
    logger.set_done(squat.key, 0, True)
    logger.finish()
    workout = app_session.me.history.search()[0]
    assert workout.routine_id == started[0]
    assert app_session.me.logs.adherence().completed_sessions == 1


# --- the view --------------------------------------------------------------------------------


@pytest.fixture
def view(qtbot: QtBot, app_session: AppSession) -> RoutinesView:
    page = RoutinesView(app_session)
    qtbot.addWidget(page)
    page.resize(1090, 760)
    page.show()
    qtbot.waitExposed(page)
    page.activate()
    return page


def test_the_view_edits_cells_and_saves(
    view: RoutinesView, app_session: AppSession, qtbot: QtBot
) -> None:
    assert view.list_hint.isVisible()
    view.name.setText("Pull")
    view.name.textEdited.emit("Pull")
    view._on_picker_picked(choice(app_session.me, CURL))
    view.table.item(0, 2).setText("10-12")
    view.day_boxes[3].setChecked(True)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    saved = app_session.me.routines.list()
    assert [(r.name, r.weekdays) for r in saved] == [("Pull", (3,))]
    assert saved[0].exercises[0].reps_max == 12
    assert view.routine_list.count() == 1
    assert view.routine_list.item(0).text() == "Pull\n1 exercise · Thu"
    assert view.status_line.text() == "Pull saved."


def test_delete_asks_and_keeps_the_workouts(view: RoutinesView, app_session: AppSession) -> None:
    made = app_session.me.routines.create(schemas.RoutineCreate("Old"))
    view.vm.refresh()
    asked: list[str] = []
    view.confirm = lambda title, text, yes: bool(asked.append(text)) or True  # type: ignore[method-assign]
    view.vm.select(made.id)
    view.delete_button.click()
    assert asked == ["Delete the routine Old?"]
    assert app_session.me.routines.list() == []


def test_progress_counts_a_scheduled_routine_without_a_program(
    qtbot: QtBot, vm: RoutinesViewModel, app_session: AppSession
) -> None:
    from alloy_desktop.ui.views.progress_view import ProgressView

    build(vm, app_session.me)  # scheduled on Mondays: today
    vm.save()
    page = ProgressView(app_session)
    qtbot.addWidget(page)
    page.activate()
    assert page.completion_note.text() == "No sessions due yet.\nCounts 1 scheduled routine day."
