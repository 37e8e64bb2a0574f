"""Recovery page: view-model over the real api, and the body map, detail panel and forms."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Protocol

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.domain.enums import BodyPart, MuscleGroup
from alloy_desktop.ui.viewmodels.recovery import RecoveryViewModel, SignalForm, ago
from alloy_desktop.ui.viewmodels.session import RECOVERY, AppSession
from alloy_desktop.ui.views.recovery_view import RecoveryView
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.body_map import BACK, FRONT, BodyMap, recovery_colour

G = MuscleGroup
LEG_GROUPS = (G.QUADS, G.HAMSTRINGS, G.GLUTES, G.CALVES, G.ADDUCTORS, G.ABDUCTORS)
SQUAT = "Barbell Squat"


class Clock(Protocol):
    now: datetime


def movement(me: UserApi, name: str) -> int:
    return next(m.id for m in me.library.search(name, limit=20) if m.name == name)


def log_squats(me: UserApi, at: datetime, sets: int = 5) -> None:
    me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            exercises=(
                schemas.CustomExercise(
                    movement(me, SQUAT),
                    tuple(schemas.CompletedSet(i, 100, 5, 8) for i in range(1, sets + 1)),
                ),
            ),
            name="Leg day",
            performed_at=at,
        )
    )


def distance(a: QColor, b: QColor) -> float:
    return abs(a.redF() - b.redF()) + abs(a.greenF() - b.greenF()) + abs(a.blueF() - b.blueF())


@pytest.fixture
def vm(app_session: AppSession) -> RecoveryViewModel:
    model = RecoveryViewModel(app_session)
    model.refresh()
    return model


@pytest.fixture
def view(qtbot: QtBot, app_session: AppSession) -> RecoveryView:
    page = RecoveryView(app_session)
    qtbot.addWidget(page)
    page.resize(1090, 750)
    page.show()
    qtbot.waitExposed(page)
    page.activate()
    return page


@pytest.fixture
def light() -> Iterator[None]:
    """Puts the light palette back after a test that switches to dark."""
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, dark=False)


# --- view-model -------------------------------------------------------------------------------


def test_every_muscle_group_is_listed_fully_recovered_at_first(vm: RecoveryViewModel) -> None:
    assert [m.group for m in vm.muscles] and {m.group for m in vm.muscles} == set(MuscleGroup)
    assert len(vm.muscles) == len(MuscleGroup)
    assert all(m.level == 10 and m.updated_at is None for m in vm.muscles)
    assert vm.tooltip(G.QUADS) == "Quads — 10.0 / 10 · no workouts or soreness logged yet"
    assert vm.selected is None
    assert vm.needs_rest().startswith("Every muscle group is recovered")


def test_legs_soreness_8_drops_leg_muscles_to_2(
    qtbot: QtBot, vm: RecoveryViewModel, app_session: AppSession
) -> None:
    with qtbot.waitSignal(app_session.changed, check_params_cb=lambda t: t == RECOVERY):
        vm.log_soreness({BodyPart.LEGS: 8})
    for group in LEG_GROUPS:
        assert vm.level(group) == pytest.approx(2.0)
        assert vm.state(group).updated_at is not None
    assert vm.level(G.CHEST) == 10
    assert vm.selected in LEG_GROUPS  # the most fatigued muscle is picked for the detail panel
    assert vm.tooltip(G.QUADS) == "Quads — 2.0 / 10 · updated just now"
    assert "Quads 2.0" in vm.needs_rest()
    assert vm.detail(G.QUADS).soreness[0].endswith("Legs sore 8/10")


def test_moving_the_clock_forward_raises_recovery(vm: RecoveryViewModel, ui_clock: Clock) -> None:
    vm.log_soreness({BodyPart.LEGS: 8})
    ui_clock.now += timedelta(hours=14)
    vm.tick()
    assert vm.level(G.QUADS) == pytest.approx(3.4)  # one point per 10 hours of rest
    assert vm.tooltip(G.QUADS) == "Quads — 3.4 / 10 · updated 14 h ago"
    ui_clock.now += timedelta(days=5)
    vm.refresh()
    assert vm.level(G.QUADS) == 10


def test_a_workout_lowers_its_muscles_and_is_listed_for_them(
    vm: RecoveryViewModel, app_session: AppSession, ui_clock: Clock
) -> None:
    log_squats(app_session.me, ui_clock.now - timedelta(hours=1))
    app_session.notify("logs")
    quads, hamstrings = vm.level(G.QUADS), vm.level(G.HAMSTRINGS)
    assert quads < hamstrings < 10  # primary movers take the bigger hit
    (line,) = vm.detail(G.QUADS).workouts
    assert "Leg day · 5 hard sets (Barbell Squat)" in line
    assert "2.5 hard sets" in vm.detail(G.HAMSTRINGS).workouts[0]
    assert vm.detail(G.CHEST).workouts == ()
    assert "back to 10 in about" in vm.detail(G.QUADS).summary


def test_the_detail_lists_the_five_latest_workouts(
    vm: RecoveryViewModel, app_session: AppSession, ui_clock: Clock
) -> None:
    for days in range(7):
        log_squats(app_session.me, ui_clock.now - timedelta(days=days, hours=1), sets=2)
    vm.refresh()
    lines = vm.detail(G.QUADS).workouts
    assert len(lines) == 6 and lines[-1] == "… and 2 earlier"


def test_soreness_with_nothing_rated_is_refused(qtbot: QtBot, vm: RecoveryViewModel) -> None:
    with qtbot.waitSignal(vm.error) as signal:
        vm.log_soreness({BodyPart.LEGS: 0})
    assert signal.args[0] == "soreness_entries"


def test_check_in_is_logged_and_listed(qtbot: QtBot, vm: RecoveryViewModel) -> None:
    form = SignalForm(sleep_hours=7.5, sleep_quality=4, stress=2, energy=4, resting_hr=52,
                      hrv_ms=70, notes="Slept well")  # fmt: skip
    with qtbot.waitSignal(vm.check_in_logged) as signal:
        vm.log_signal(form)
    assert "recovery score" in signal.args[0]
    (latest,) = vm.signals()
    assert (latest.sleep_hours, latest.resting_hr, latest.notes) == (7.5, 52, "Slept well")
    line = vm.signal_lines()[0]
    assert "sleep 7.5 h · quality 4/5 · stress 2/5 · energy 4/5 · HR 52 · HRV 70 ms" in line
    assert line.endswith("— Slept well")


def test_check_in_errors_name_their_field(qtbot: QtBot, vm: RecoveryViewModel) -> None:
    with qtbot.waitSignal(vm.error) as signal:
        vm.log_signal(SignalForm(resting_hr=5))
    assert signal.args[0] == "resting_hr"
    with qtbot.waitSignal(vm.error) as signal:
        vm.log_signal(SignalForm())
    assert signal.args[0] == ""


def test_ago_reads_like_a_person() -> None:
    now = datetime(2026, 11, 2, 9, 0)
    assert ago(now, now) == "just now"
    assert ago(now - timedelta(minutes=25), now) == "25 min ago"
    assert ago(now - timedelta(hours=14), now) == "14 h ago"
    assert ago(now - timedelta(days=3), now) == "3 days ago"


# --- body map -----------------------------------------------------------------------------------


def test_every_muscle_group_has_a_region() -> None:
    assert set(FRONT) | set(BACK) == set(MuscleGroup)


def test_heat_colours_run_red_amber_green() -> None:
    c = theme.LIGHT
    assert recovery_colour(0, c) == QColor(c.bad)
    assert recovery_colour(5, c) == QColor(c.warn)
    assert recovery_colour(10, c) == QColor(c.good)
    assert recovery_colour(-3, c) == QColor(c.bad)


def test_each_region_centre_hits_its_own_muscle(qtbot: QtBot) -> None:
    body = BodyMap()
    qtbot.addWidget(body)
    body.resize(520, 600)
    for side, shapes in (("Front", FRONT), ("Back", BACK)):
        for group in shapes:
            assert body.region_at(body.region_center(group, side)) is group, (side, group)
    assert body.region_at(QPoint(2, 2)) is None


# --- view ---------------------------------------------------------------------------------------


def test_quads_are_painted_at_the_red_end_after_heavy_leg_soreness(view: RecoveryView) -> None:
    view.vm.log_soreness({BodyPart.LEGS: 8})
    c = theme.current()
    paint = view.body_map.colour_of(G.QUADS)
    assert paint == recovery_colour(2.0)
    assert distance(paint, QColor(c.bad)) < distance(paint, QColor(c.warn))
    assert view.body_map.colour_of(G.CHEST) == QColor(c.good)  # no data: fully recovered


def test_hovering_a_muscle_shows_its_tooltip(
    qtbot: QtBot, view: RecoveryView, ui_clock: Clock
) -> None:
    view.vm.log_soreness({BodyPart.LEGS: 8})
    ui_clock.now += timedelta(hours=14)
    view.vm.tick()
    body = view.body_map
    qtbot.mouseMove(body, body.region_center(G.QUADS, "Front"))
    qtbot.waitUntil(lambda: body.toolTip() != "")
    assert body.toolTip() == "Quads — 3.4 / 10 · updated 14 h ago"
    qtbot.mouseMove(body, body.region_center(G.TRICEPS, "Back"))
    qtbot.waitUntil(lambda: body.toolTip().startswith("Triceps"))
    assert body.toolTip() == "Triceps — 10.0 / 10 · no workouts or soreness logged yet"


def test_clicking_a_muscle_shows_its_history(
    qtbot: QtBot, view: RecoveryView, app_session: AppSession, ui_clock: Clock
) -> None:
    log_squats(app_session.me, ui_clock.now - timedelta(hours=3))
    view.vm.log_soreness({BodyPart.LEGS: 6})
    body = view.body_map
    qtbot.mouseClick(body, Qt.MouseButton.LeftButton, pos=body.region_center(G.HAMSTRINGS, "Back"))
    assert view.vm.selected is G.HAMSTRINGS and body.selected is G.HAMSTRINGS
    assert view.muscle_title.text() == "Hamstrings"
    assert view.level_value.text() == "4.0 / 10"
    assert view.soreness_list.text().endswith("Legs sore 6/10")
    assert "Leg day · 2.5 hard sets (Barbell Squat)" in view.workouts_list.text()
    assert view.muscle_picker.currentData() == G.HAMSTRINGS


def test_arrow_keys_and_picker_choose_muscles(qtbot: QtBot, view: RecoveryView) -> None:
    body = view.body_map
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_Right)
    assert view.vm.selected is G.NECK
    qtbot.keyClick(body, Qt.Key.Key_Right)
    assert view.vm.selected is G.TRAPS and view.muscle_title.text() == "Traps"
    index = view.muscle_picker.findData(G.BICEPS)
    view.muscle_picker.setCurrentIndex(index)
    view.muscle_picker.activated.emit(index)
    assert body.selected is G.BICEPS
    assert view.level_value.text() == "10.0 / 10"


def test_soreness_form_logs_and_resets(qtbot: QtBot, view: RecoveryView) -> None:
    view.soreness[BodyPart.CHEST].setValue(5)
    qtbot.mouseClick(view.log_soreness_button, Qt.MouseButton.LeftButton)
    assert view.vm.level(G.CHEST) == pytest.approx(5.0)
    assert view.status.text().startswith("Soreness logged at") and "Chest 5" in view.status.text()
    assert view.soreness[BodyPart.CHEST].value() == 0
    assert view.body_map.colour_of(G.CHEST) == QColor(theme.current().warn)
    qtbot.mouseClick(view.log_soreness_button, Qt.MouseButton.LeftButton)
    assert view.soreness_error.isVisible() and "Rate at least one" in view.soreness_error.text()


def test_check_in_form_logs_and_reports_field_errors(qtbot: QtBot, view: RecoveryView) -> None:
    view.resting_hr.setValue(5)
    qtbot.mouseClick(view.log_signal_button, Qt.MouseButton.LeftButton)
    errors = [message for field, _, message in view._signal_fields if field == "resting_hr"]
    assert errors[0].isVisible() and errors[0].text()
    view.resting_hr.setValue(55)
    view.sleep_hours.setValue(8.0)
    view.energy.setValue(4)
    view.notes.setText("Fresh")
    view.feeling.setCurrentIndex(view.feeling.findText("Good"))
    qtbot.mouseClick(view.log_signal_button, Qt.MouseButton.LeftButton)
    assert not errors[0].isVisible()
    assert view.vm.signals()[0].signal == "GOOD"
    assert view.readiness.text().startswith("Today's readiness:")
    assert "sleep 8 h" in view.signal_history.text() and "Fresh" in view.signal_history.text()
    assert view.resting_hr.value() == 0 and view.notes.text() == ""


def test_restyle_follows_the_dark_palette(view: RecoveryView, light: None) -> None:
    view.vm.log_soreness({BodyPart.LEGS: 10})
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, dark=True)
    view.restyle()
    assert view.body_map.colour_of(G.QUADS) == QColor(theme.DARK.bad)
    assert theme.DARK.bad in view.level_value.styleSheet()
    assert not view.grab().isNull()
