"""What a lifter sees of prescriptions: loads in Today and the logger, adjustments, warm-ups,
plates, supersets, the rest timer's alerts, and the bar and plates in Settings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Protocol

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import SetType
from alloy_desktop.ui.viewmodels.program_builder import ProgramsViewModel
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.workout_logger import WEIGHT, Phase
from alloy_desktop.ui.views.logger_view import LoggerView
from alloy_desktop.ui.views.settings_view import SettingsView
from alloy_desktop.ui.views.today_view import TodayView
from alloy_desktop.ui.widgets.exercise_card import ExerciseCard

MONDAY = date(2026, 11, 2)
WEDNESDAY = date(2026, 11, 4)  # Upper Strength: two supersets of accessories
SQUAT = "Barbell Squat"
# e1RM 123.3 kg (100 × 5 @ 8) through the RTS chart for 6 reps at RPE 7.5, on 2.5 kg steps.
SQUAT_TARGET = "95 kg × 6 @ RPE 7.5"
SQUAT_PLATES = "25 + 10 + 2.5 a side"


class Clock(Protocol):
    now: object


def squat_id(session: AppSession) -> int:
    found = [m for m in session.me.library.search(SQUAT, limit=200) if m.name == SQUAT]
    return found[0].id


@pytest.fixture
def lifter(session_with_program: AppSession, ui_clock: Clock) -> AppSession:
    """The lifter with one squat workout three days ago: 3 × 5 at 100 kg, RPE 8."""
    today = ui_clock.now
    ui_clock.now = today - timedelta(days=3)  # type: ignore[operator]
    sets = tuple(schemas.CompletedSet(n, 100.0, 5, 8.0) for n in (1, 2, 3))
    session_with_program.me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            exercises=(schemas.CustomExercise(squat_id(session_with_program), sets),),
            name="Squats",
            unit="KG",
        )
    )
    ui_clock.now = today
    return session_with_program


@pytest.fixture
def logger(qtbot: QtBot, lifter: AppSession) -> Iterator[LoggerView]:
    page = LoggerView(lifter)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.confirm = lambda *_args: True  # type: ignore[method-assign]
    yield page
    page.vm.dispose()


def start(qtbot: QtBot, page: LoggerView, day: date = MONDAY, name: str = SQUAT) -> int:
    page.start_session(day)
    key = key_of(page, name)
    qtbot.waitUntil(page.cards[key].isVisible)
    return key


def key_of(page: LoggerView, name: str) -> int:
    return next(ex.key for ex in page.vm.exercises if ex.name == name)


def focused() -> QLineEdit:
    widget = QApplication.focusWidget()
    assert isinstance(widget, QLineEdit), widget
    return widget


def focus_set(page: LoggerView, key: int, index: int, name: str = WEIGHT) -> None:
    page.entry(key, index, name).setFocus(Qt.FocusReason.TabFocusReason)
    page.entry(key, index, name).selectAll()


def press(qtbot: QtBot, *keys: str | Qt.Key) -> None:
    """Each key once into whatever holds the focus (text keys as typed characters)."""
    for key in keys:
        if isinstance(key, str):
            qtbot.keyClicks(focused(), key)
        else:
            qtbot.keyClick(focused(), key)


def finish(page: LoggerView) -> schemas.WorkoutLogResponse:
    page.vm.finish()
    assert page.vm.phase == Phase.FINISHED
    me = page.session.me
    latest = me.logs.workouts()[0]
    return me.logs.workout(latest.id)


def logged_sets(
    detail: schemas.WorkoutLogResponse, name: str
) -> tuple[schemas.LoggedSetResponse, ...]:
    return next(ex.sets for ex in detail.exercises if ex.movement_name == name)


# --- Today and the program ------------------------------------------------------------------


def test_today_shows_the_load_to_lift_where_it_came_from_and_last_time(
    qtbot: QtBot, lifter: AppSession
) -> None:
    today = TodayView(lifter)
    qtbot.addWidget(today)
    today.show()
    qtbot.waitUntil(lambda: bool(today.plan.row_texts()))

    text = today.plan.visible_text()
    squat = next(row for row in today.plan.exercise_rows() if row.line.name == SQUAT)
    assert squat.line.target.targets == (SQUAT_TARGET,)
    assert SQUAT_TARGET in text
    assert "From your e1RM of 123 kg (1 session in the last 8 weeks)." in text
    assert "Last time 30 Oct 2026: 100 kg × 5 @ RPE 8, e1RM 123 kg" in text
    # A lift never done, nor anything like it: the plan says how to find the load.
    assert "Work up to a set of" in text


def test_the_program_session_shows_the_same_loads(lifter: AppSession) -> None:
    vm = ProgramsViewModel(lifter)
    vm.refresh()
    monday = next(s for week in vm.programs[0].microcycles for s in week.sessions if s.on == MONDAY)
    vm.select(monday.program_id)
    vm.open_session(monday)

    detail = vm.session_detail
    assert detail is not None
    main = next(section for section in detail.sections if section.title == "Main")
    at = next(i for i, line in enumerate(main.exercises) if line.startswith(SQUAT))
    assert main.targets[at].targets == (SQUAT_TARGET,)
    assert main.targets[at].last.startswith("Last time 30 Oct 2026")


# --- the logger -----------------------------------------------------------------------------------


def test_the_logger_shows_the_target_and_enter_logs_it_as_prescribed(
    qtbot: QtBot, logger: LoggerView
) -> None:
    key = start(qtbot, logger)
    card = logger.cards[key]
    row = card.rows[0]
    assert row.previous.text() == SQUAT_TARGET
    assert row.plates.text() == SQUAT_PLATES
    assert logger.entry(key, 0, WEIGHT).text() == "95"
    focus_set(logger, key, 0)

    press(qtbot, Qt.Key.Key_Return)  # one key: the set as prescribed

    assert row.done_button.isChecked()
    assert logger.focused_entry() == (key, 1, WEIGHT)
    on_plan = "Next sets stay at 95 kg. RPE 7.5, as planned: same load for the next sets."
    assert card.adjustment.text() == on_plan
    [squat] = logged_sets(finish(logger), SQUAT)
    assert (squat.weight_kg, squat.reps, squat.rpe, squat.set_type) == (
        95.0,
        6,
        7.5,
        SetType.NORMAL,
    )


def test_a_harder_set_lowers_the_next_load_and_says_why(qtbot: QtBot, logger: LoggerView) -> None:
    key = start(qtbot, logger)
    focus_set(logger, key, 0)

    press(qtbot, "@", "9.5", Qt.Key.Key_Return)  # to the RPE, 9.5, logged: five keys

    card = logger.cards[key]
    assert card.rows[0].done_button.isChecked()
    reason = "RPE 9.5 where 7.5 was planned: 8% lighter for the next sets."
    assert card.adjustment.text() == f"↓ Next sets 87.5 kg (was 95 kg). {reason}"
    assert card.adjustment.isVisibleTo(logger)
    assert [r.previous.text() for r in card.rows[1:]] == ["↓ 87.5 kg × 6 @ RPE 7.5"] * 3
    assert logger.entry(key, 1, WEIGHT).text() == "87.5"
    assert card.rows[1].plates.text() == "25 + 5 + 2.5 + 1.25 a side"
    assert logger.rest_caption.text() == f"Next: {SQUAT}, set 2 · 87.5 kg × 6 @ RPE 7.5"

    press(qtbot, "x", "5", Qt.Key.Key_Space)  # fewer reps: three keys

    assert card.rows[1].done_button.isChecked()
    sets = logged_sets(finish(logger), SQUAT)
    assert [(s.weight_kg, s.reps, s.rpe) for s in sets] == [(95.0, 6, 9.5), (87.5, 5, 7.5)]


def test_a_weight_the_lifter_typed_stays_and_says_what_the_plates_make(
    qtbot: QtBot, logger: LoggerView
) -> None:
    key = start(qtbot, logger)
    focus_set(logger, key, 0)

    press(qtbot, "96")

    card = logger.cards[key]
    assert card.rows[0].plates.text() == f"≈ {SQUAT_PLATES}"
    assert card.plate_note.text() == "Set 1: Closest you can load: 95 kg, 1 kg below 96 kg."
    assert card.plate_note.isVisibleTo(logger)
    press(qtbot, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Return)  # finished on its last field
    assert card.rows[0].done_button.isChecked()
    assert logger.vm.set_state(key, 0).weight == 96


def test_the_warm_up_key_logs_the_ramp_as_warm_up_sets(qtbot: QtBot, logger: LoggerView) -> None:
    key = start(qtbot, logger)
    card = logger.cards[key]
    ramp = ["Bar × 10", "37.5 kg × 5", "57.5 kg × 3", "75 kg × 1"]
    assert card.ramp.step_labels == ramp
    assert card.ramp.isVisibleTo(logger)
    focus_set(logger, key, 0)

    press(qtbot, "w")

    assert card.ramp.step_labels == [f"✓ {step}" for step in ramp]
    press(qtbot, Qt.Key.Key_Return)
    detail = finish(logger)
    sets = logged_sets(detail, SQUAT)
    warmups = [s for s in sets if s.set_type == SetType.WARMUP]
    assert [(s.weight_kg, s.reps) for s in warmups] == [(20, 10), (37.5, 5), (57.5, 3), (75, 1)]
    assert not any(s.is_hard for s in warmups)
    assert [s.set_number for s in sets] == [1, 2, 3, 4, 5]  # the ramp first, then the work
    # 95 × 6 is a rep record (5 at 100 kg before); no warm-up counts for one.
    assert [(pr.kind, pr.weight_kg) for pr in detail.personal_records] == [("REPS", 95.0)]


def test_set_types_and_notes_by_keyboard_are_logged(qtbot: QtBot, logger: LoggerView) -> None:
    key = start(qtbot, logger)
    card = logger.cards[key]
    focus_set(logger, key, 3)

    press(qtbot, "t", "t")  # working → warm-up → drop
    assert card.rows[3].number.text() == "D"
    press(qtbot, "n", "grip gave out", Qt.Key.Key_Return)
    assert logger.focused_entry() == (key, 3, WEIGHT)
    press(qtbot, Qt.Key.Key_Space)
    logger.notes_edit.setText("Slept badly, kept it honest")
    logger.notes_edit.editingFinished.emit()

    detail = finish(logger)
    [drop] = logged_sets(detail, SQUAT)
    assert (drop.set_type, drop.note, drop.is_hard) == (SetType.DROP, "grip gave out", False)
    assert logger.session.me.history.workout(detail.id).notes == "Slept badly, kept it honest"


def test_with_no_history_the_first_set_calibrates_the_rest(
    qtbot: QtBot, session_with_program: AppSession
) -> None:
    page = LoggerView(session_with_program)
    qtbot.addWidget(page)
    page.show()
    key = start(qtbot, page)
    ex = page.vm.exercise(key)
    assert ex.calibrating and ex.source_text.startswith("No history for this lift")
    assert page.cards[key].rows[0].previous.text() == "Work up to a set of 6 at RPE 7.5"

    page.vm.enter(key, 0, WEIGHT, "80")
    page.vm.set_done(key, 0, True)

    assert ex.adjustment.startswith("Next sets stay at 80 kg. From your calibration set")
    assert [s.weight for s in ex.sets[1:]] == [80.0] * 3
    page.vm.dispose()


def test_a_superset_alternates_with_one_rest_a_round(qtbot: QtBot, logger: LoggerView) -> None:
    logger.start_session(WEDNESDAY)
    vm = logger.vm
    first, second = (ex for ex in vm.exercises if ex.superset.startswith("A"))
    assert (first.superset, second.superset) == ("A1", "A2")
    qtbot.waitUntil(logger.cards[first.key].isVisible)
    box = logger.cards[first.key].parentWidget()
    assert box is logger.cards[second.key].parentWidget() and box.objectName() == "superset"
    focus: list[tuple[int, int]] = []
    vm.focus_requested.connect(lambda k, i: focus.append((k, i)))

    vm.set_done(first.key, 0, True)

    assert focus[-1] == (second.key, 0) and not vm.rest.running
    assert logger.rest_caption.text().startswith(f"Superset: straight on to A2 {second.name}")
    vm.set_done(second.key, 0, True)
    assert focus[-1] == (first.key, 1)
    assert vm.rest.running
    assert vm.rest.remaining == max(first.rest_seconds, second.rest_seconds)
    assert vm.rest.label.startswith(f"Next: A1 {first.name}, set 2")


def test_the_end_of_a_rest_chimes_and_notifies_unless_muted(
    qtbot: QtBot, logger: LoggerView
) -> None:
    key = start(qtbot, logger)
    sounds: list[bool] = []
    notices: list[tuple[str, str]] = []
    logger.alerts.sound = lambda: sounds.append(True)
    logger.alerts.notify = lambda title, text: notices.append((title, text))
    vm = logger.vm

    vm.set_done(key, 0, True)
    for _ in range(vm.rest.remaining):
        vm.rest.tick()

    assert sounds == [True]
    assert notices == [("Rest over", f"Next: {SQUAT}, set 2 · {SQUAT_TARGET}")]
    assert logger.rest_caption.text() == "Rest over: time for the next set"
    logger.alerts.prefs.set_sound(False)
    logger.alerts.prefs.set_notify(False)
    vm.set_done(key, 1, True)
    for _ in range(vm.rest.remaining):
        vm.rest.tick()
    assert (len(sounds), len(notices)) == (1, 1)


def test_a_rest_changed_on_the_card_is_remembered(
    qtbot: QtBot, logger: LoggerView, lifter: AppSession
) -> None:
    key = start(qtbot, logger)
    card: ExerciseCard = logger.cards[key]
    assert card.rest_spin.text() == "2:30"

    card.rest_spin.setValue(200)
    logger.vm.flush_draft()  # closing writes what waits

    assert logger.vm.exercise(key).rest_seconds == 200
    assert lifter.me.prescriptions.rest_seconds(squat_id(lifter)) == 200
    logger.vm.set_done(key, 0, True)
    assert logger.vm.rest.remaining == 200


def test_the_start_page_shows_every_line_of_today(qtbot: QtBot, logger: LoggerView) -> None:
    logger.activate()
    button = logger.session_button
    lines = button.description().count("\n") + 2
    assert lines == 3
    assert button.height() >= lines * button.fontMetrics().lineSpacing() + 28


# --- settings -------------------------------------------------------------------------------------


@pytest.fixture
def settings_page(qtbot: QtBot, lifter: AppSession) -> SettingsView:
    page = SettingsView(lifter)
    qtbot.addWidget(page)
    page.show()
    return page


def test_plates_edited_in_settings_round_trip_and_a_bad_one_is_named(
    settings_page: SettingsView, lifter: AppSession
) -> None:
    card = settings_page.plates
    assert [line.row().weight for line in card.lines] == [25, 20, 15, 10, 5, 2.5, 1.25]
    card.bar.setValue(15)
    card.lines[0].pairs.setValue(2)
    assert card.unsaved.isVisibleTo(settings_page)

    card.save_button.click()

    saved = lifter.me.settings.get()
    assert saved.bar_weight == 15 and saved.plates[0] == schemas.PlatePairs(25, 2)
    assert not saved.plates_are_default and card.reset_button.isEnabled()
    assert not card.unsaved.isVisibleTo(settings_page)

    card.add_button.click()
    card.lines[-1].weight.setValue(20)  # a second row of 20 kg plates
    card.save_button.click()

    bad = card.lines[-1]
    assert bad.error.text() == "20 kg plates are listed twice."
    assert bad.error.isVisibleTo(settings_page)
    assert bad.weight.property("invalid") is True
    assert len(lifter.me.settings.get().plates) == 7  # nothing half-saved

    card.reset_button.click()
    assert lifter.me.settings.get().plates_are_default
    assert card.bar.value() == 20 and len(card.lines) == 7


def test_the_rest_timer_can_be_muted_in_settings(settings_page: SettingsView) -> None:
    card = settings_page.rest_alerts
    assert card.sound.isChecked() and card.notify.isChecked()
    card.sound.setChecked(False)
    assert not card.prefs.sound and card.prefs.notify


# --- the pieces, by hand ------------------------------------------------------------------------


def test_a_superset_goes_round_its_members_set_by_set() -> None:
    from alloy_desktop.ui.viewmodels.logger_loads import grouped, next_type, work_order
    from alloy_desktop.ui.viewmodels.workout_logger import ExerciseState, SetState

    def exercise(key: int, superset: str, sets: int) -> ExerciseState:
        rows = [SetState() for _ in range(sets)]
        return ExerciseState(key=key, movement_id=key, name=str(key), superset=superset, sets=rows)

    squat, row, curl, press = (
        exercise(1, "", 2),
        exercise(2, "A1", 2),
        exercise(3, "", 1),
        exercise(4, "A2", 3),
    )
    ordered = grouped([squat, row, curl, press])  # A2 moves up beside A1
    assert [ex.key for ex in ordered] == [1, 2, 4, 3]
    order = [(ex.key, i) for ex, i in work_order(ordered)]
    assert order == [(1, 0), (1, 1), (2, 0), (4, 0), (2, 1), (4, 1), (4, 2), (3, 0)]
    assert [next_type(t) for t in ("NORMAL", "WARMUP", "DROP", "FAILURE")] == [
        "WARMUP",
        "DROP",
        "FAILURE",
        "NORMAL",
    ]
