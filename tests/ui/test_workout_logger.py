"""The workout logger: its view-model on the real api, and the page driven from the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.ui.viewmodels.rest_timer import RestTimer, clock_text
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
from alloy_desktop.ui.viewmodels.workout_logger import (
    REPS,
    RPE,
    WEIGHT,
    LibrarySearchViewModel,
    MovementChoice,
    Phase,
    StartOffer,
    WorkoutLoggerViewModel,
    choice_from_movement,
    format_duration,
    parse_reps,
    parse_rpe,
    parse_weight,
)
from alloy_desktop.ui.views.logger_view import LoggerView
from alloy_desktop.ui.widgets.library_picker import LibraryPicker, SubstitutePicker

MONDAY = date(2026, 11, 2)


class Clock(Protocol):
    """The `ui_clock` fixture: a clock the test can move."""

    now: datetime


SQUAT = "Barbell Squat"
BENCH = "Barbell Bench Press - Medium Grip"


# --- helpers --------------------------------------------------------------------------------


class RecordingLogger(WorkoutLoggerViewModel):
    """The view-model, remembering every error it reported."""

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.errors: list[tuple[str, str]] = []
        self.error.connect(self._on_error)

    def _on_error(self, field: str, message: str) -> None:
        self.errors.append((field, message))


_made: list[RecordingLogger] = []


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


def movement(session: AppSession, name: str) -> schemas.MovementResponse:
    found = [m for m in session.me.library.search(name, limit=200) if m.name == name]
    assert found, f"{name} is not in the library"
    return found[0]


def log_past_squat(session: AppSession, clock: Clock, weight: float = 100.0) -> None:
    """A squat workout three days ago: 3 x 5 at RPE 8 (e1RM 123.3 kg with Epley)."""
    today = clock.now
    clock.now = today - timedelta(days=3)
    squat = movement(session, SQUAT)
    sets = tuple(schemas.CompletedSet(n, weight, 5, 8.0) for n in (1, 2, 3))
    session.me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            exercises=(schemas.CustomExercise(squat.id, sets),), name="Squats", unit="KG"
        )
    )
    clock.now = today


def key_of(vm: WorkoutLoggerViewModel, name: str) -> int:
    return next(ex.key for ex in vm.exercises if ex.name == name)


def type_set(
    vm: WorkoutLoggerViewModel, key: int, index: int, weight: str, reps: str, rpe: str = ""
) -> None:
    vm.enter(key, index, WEIGHT, weight)
    vm.enter(key, index, REPS, reps)
    vm.enter(key, index, RPE, rpe)


def wait_for_draft(qtbot: QtBot, vm: WorkoutLoggerViewModel) -> None:
    """The debounced draft write lands (about 300 ms after the last change)."""
    with qtbot.waitSignal(vm.draft_saved, timeout=3000):
        pass


@pytest.fixture
def squat_history(session_with_program: AppSession, ui_clock: Clock) -> AppSession:
    log_past_squat(session_with_program, ui_clock)
    return session_with_program


@pytest.fixture
def running(session_with_program: AppSession) -> RecordingLogger:
    vm = make_vm(session_with_program)
    vm.start_session(MONDAY)
    assert vm.phase == Phase.RUNNING
    return vm


# --- parsing and small pieces ---------------------------------------------------------------


def test_parsers_accept_what_lifters_type_and_explain_the_rest() -> None:
    assert parse_weight("102,5", WeightUnit.KG) == 102.5
    assert parse_weight("  ", WeightUnit.KG) is None
    assert parse_reps("8") == 8
    assert parse_rpe("7.5") == 7.5
    with pytest.raises(ValueError, match="Weight must be a number"):
        parse_weight("heavy", WeightUnit.KG)
    with pytest.raises(ValueError, match="at most 1000 kg"):
        parse_weight("1200", WeightUnit.KG)
    with pytest.raises(ValueError, match="whole number"):
        parse_reps("5.5")
    with pytest.raises(ValueError, match="half steps"):
        parse_rpe("7.3")
    with pytest.raises(ValueError, match="between 1 and 10"):
        parse_rpe("11")
    assert format_duration(3 * 60 + 5) == "3 min"
    assert format_duration(65 * 60) == "1 h 05 min"


def test_rest_timer_counts_down_adds_and_skips(qtbot: QtBot) -> None:
    timer = RestTimer()
    timer.start(90, "Next: Squat, set 2")
    assert (timer.text, timer.running, timer.label) == ("1:30", True, "Next: Squat, set 2")
    timer.tick()
    assert timer.text == "1:29"
    timer.add()
    assert timer.remaining == 119 and timer.total == 120
    with qtbot.waitSignal(timer.finished, timeout=100):
        for _ in range(119):
            timer.tick()
    assert not timer.running and timer.text == "0:00"
    timer.start(60)
    timer.skip()
    assert not timer.running
    assert clock_text(3725) == "1:02:05"


# --- view-model ---------------------------------------------------------------------------------


def test_start_session_prefills_set_rows_from_the_plan(
    session_with_program: AppSession,
) -> None:
    plan = session_with_program.me.days.plan(MONDAY)
    assert plan.session is not None
    vm = make_vm(session_with_program)

    vm.start_session(MONDAY)

    assert vm.phase == Phase.RUNNING and vm.name == plan.session.name
    planned = sorted(plan.session.exercises, key=lambda e: e.order)
    assert [ex.name for ex in vm.exercises] == [p.movement_name for p in planned]
    for ex, p in zip(vm.exercises, planned, strict=True):
        assert ex.session_exercise_id == p.id
        assert ex.rest_seconds == p.rest_seconds
        assert len(ex.sets) == p.sets
        assert all(s.reps == p.reps and s.rpe == p.rpe and not s.done for s in ex.sets)
        assert ex.target.startswith(f"{p.sets} × {p.reps}")
    done, total, volume = vm.totals()
    assert (done, total, volume) == (0, sum(p.sets for p in planned), 0.0)


def test_the_prescription_prefills_weights_and_last_time_stays_beside(
    squat_history: AppSession,
) -> None:
    vm = make_vm(squat_history)
    vm.start_session(MONDAY)

    squat = vm.exercise(key_of(vm, SQUAT))
    # e1RM 123.3 kg read through the RTS chart for 6 reps at RPE 7.5, on the plates: 95 kg.
    assert [(s.weight, s.reps, s.rpe) for s in squat.sets] == [(95.0, 6, 7.5)] * 4
    assert [s.target for s in squat.sets] == ["95 kg × 6 @ RPE 7.5"] * 4
    assert [s.previous for s in squat.sets[:3]] == ["100 × 5 @ 8"] * 3
    assert squat.last_text == "Last time 30 Oct 2026: 100 kg × 5 @ RPE 8, e1RM 123 kg"
    assert squat.source_text.startswith("From your e1RM of 123 kg")
    assert squat.best_e1rm_kg == pytest.approx(100 * (1 + 7 / 30))


def test_entering_a_set_computes_e1rm_at_once(running: RecordingLogger) -> None:
    key = key_of(running, SQUAT)
    changed: list[tuple[int, int]] = []
    running.set_changed.connect(lambda k, i: changed.append((k, i)))

    type_set(running, key, 0, "100", "5", "8")

    s = running.set_state(key, 0)
    assert round(s.e1rm or 0, 1) == 123.3  # Epley on 5 reps + 2 in reserve
    assert (key, 0) in changed


def test_bad_entry_is_explained_beside_the_set_and_blocks_done(
    running: RecordingLogger,
) -> None:
    key = key_of(running, SQUAT)
    running.enter(key, 0, WEIGHT, "100")
    running.enter(key, 0, REPS, "five")

    s = running.set_state(key, 0)
    assert s.errors == {REPS: "Reps must be a number"}
    assert s.text(REPS) == "five" and s.e1rm is None
    assert running.errors[-1] == (f"set:{key}.0.reps", "Reps must be a number")
    assert running.set_done(key, 0, True) is False
    assert not s.done and not running.rest.running

    running.enter(key, 0, REPS, "")
    assert running.set_done(key, 0, True) is False
    assert s.errors[REPS] == "Type the reps before marking the set done"


def test_marking_a_set_done_starts_the_rest_timer(running: RecordingLogger) -> None:
    key = key_of(running, SQUAT)
    ex = running.exercise(key)
    focus: list[tuple[int, int]] = []
    running.focus_requested.connect(lambda k, i: focus.append((k, i)))
    type_set(running, key, 0, "100", "5", "8")

    assert running.toggle_done(key, 0) is True

    assert running.rest.running and running.rest.remaining == ex.rest_seconds
    assert running.rest.label == f"Next: {SQUAT}, set 2 · 95 kg × 6 @ RPE 7.5"
    running.rest.tick()
    assert running.rest.remaining == ex.rest_seconds - 1
    assert focus[-1] == (key, 1)  # the cursor moves on to the next set
    assert running.totals() == (1, running.totals()[1], 500.0)
    assert running.toggle_done(key, 0) is False  # a second press takes the mark back


def test_draft_survives_a_crash_and_restores_every_set(
    qtbot: QtBot, squat_history: AppSession, db_path: Path, ui_clock: Clock
) -> None:
    ui_clock.now = datetime(2026, 11, 2, 18, 42, tzinfo=UTC)
    vm = make_vm(squat_history)
    vm.start_session(MONDAY)
    squat = key_of(vm, SQUAT)
    type_set(vm, squat, 0, "105", "5", "8")
    vm.set_done(squat, 0, True)
    type_set(vm, squat, 1, "107.5", "4", "9")
    vm.set_done(squat, 1, True)
    type_set(vm, squat, 2, "110", "3", "")  # typed, not yet done
    vm.add_exercise(choice_from_movement(movement(squat_history, BENCH)))
    bench = key_of(vm, BENCH)
    type_set(vm, bench, 0, "80", "8", "7")
    vm.set_done(bench, 0, True)
    wait_for_draft(qtbot, vm)

    # The app dies here. A new process opens the same database and signs in again.
    restarted = Alloy.open(db_path, clock=ui_clock)
    try:
        session = AppSession(restarted, InlineTaskRunner())
        session.login("lifter@example.com", "correct horse")
        assert session.is_signed_in
        fresh = make_vm(session)
        offers: list[StartOffer] = []
        fresh.offer_ready.connect(offers.append)
        fresh.activate()
        at = f"{ui_clock.now.astimezone():%H:%M}"
        assert offers[-1].draft_text == f"Resume workout from {at} — 3 sets entered"
        assert offers[-1].draft_is_today

        fresh.resume_draft()

        assert fresh.phase == Phase.RUNNING
        assert [ex.name for ex in fresh.exercises] == [ex.name for ex in vm.exercises]
        for old, new in zip(vm.exercises, fresh.exercises, strict=True):
            assert [(s.weight, s.reps, s.rpe, s.done) for s in new.sets] == [
                (s.weight, s.reps, s.rpe, s.done) for s in old.sets
            ]
        again = fresh.exercise(key_of(fresh, SQUAT))
        assert again.sets[2].weight == 110 and not again.sets[2].done
        assert round(again.sets[0].e1rm or 0, 1) == 129.5
        assert again.sets[0].is_pr  # the record context is read again, not lost
        assert again.sets[0].previous == "100 × 5 @ 8"
    finally:
        restarted.close()


def test_each_change_is_saved_after_a_short_pause(
    qtbot: QtBot, running: RecordingLogger, session_with_program: AppSession
) -> None:
    key = key_of(running, SQUAT)
    running.enter(key, 0, WEIGHT, "100")
    running.enter(key, 0, WEIGHT, "102.5")
    assert running.draft_pending
    wait_for_draft(qtbot, running)
    draft = session_with_program.me.logs.load_draft()
    assert draft is not None
    sets = next(ex for ex in draft.payload["exercises"] if ex["key"] == key)["sets"]
    assert sets[0]["weight"] == 102.5


def test_start_session_picks_up_its_own_draft(
    qtbot: QtBot, running: RecordingLogger, session_with_program: AppSession
) -> None:
    key = key_of(running, SQUAT)
    type_set(running, key, 0, "100", "5", "8")
    running.set_done(key, 0, True)
    running.flush_draft()

    again = make_vm(session_with_program)
    again.start_session(MONDAY)  # the Today page's button after a restart

    assert again.set_state(key, 0).done and again.set_state(key, 0).weight == 100


def test_another_unfinished_workout_is_never_replaced_silently(
    session_with_program: AppSession,
) -> None:
    custom = make_vm(session_with_program)
    custom.start_custom()
    custom.add_exercise(choice_from_movement(movement(session_with_program, BENCH)))
    custom.flush_draft()

    vm = make_vm(session_with_program)
    conflicts: list[tuple[date, str]] = []
    vm.draft_conflict.connect(lambda day, what: conflicts.append((day, what)))
    vm.start_session(MONDAY)

    assert vm.phase == Phase.IDLE
    at = f"{datetime(2026, 11, 2, 9, 0, tzinfo=UTC).astimezone():%H:%M}"
    assert conflicts == [(MONDAY, f"Resume workout from {at} — 0 sets entered")]
    vm.start_session(MONDAY, replace=True)
    assert vm.phase == Phase.RUNNING and key_of(vm, SQUAT)


def test_swap_replaces_the_exercise_with_a_ranked_substitute(
    running: RecordingLogger, session_with_program: AppSession
) -> None:
    key = key_of(running, SQUAT)
    position = [ex.key for ex in running.exercises].index(key)
    sets_before = len(running.exercise(key).sets)
    found: list[tuple[int, tuple[MovementChoice, ...]]] = []
    running.substitutes_ready.connect(lambda k, choices: found.append((k, choices)))

    running.request_substitutes(key)

    assert found and found[0][0] == key
    choices = found[0][1]
    assert choices and all(c.name != SQUAT for c in choices)
    assert "squat" in choices[0].reasons
    running.swap(key, choices[0])
    swapped = running.exercises[position]
    assert swapped.name == choices[0].name and swapped.swapped_from == SQUAT
    assert len(swapped.sets) == sets_before
    type_set(running, swapped.key, 0, "60", "8", "7")
    running.set_done(swapped.key, 0, True)
    running.finish()
    workout = session_with_program.me.logs.workouts()[0]
    detail = session_with_program.me.logs.workout(workout.id)
    assert [ex.movement_name for ex in detail.exercises] == [choices[0].name]


def test_swapping_midway_keeps_done_sets_with_the_original(
    running: RecordingLogger,
) -> None:
    key = key_of(running, SQUAT)
    planned = len(running.exercise(key).sets)
    type_set(running, key, 0, "100", "5", "8")
    running.set_done(key, 0, True)
    found: list[tuple[MovementChoice, ...]] = []
    running.substitutes_ready.connect(lambda _k, choices: found.append(choices))
    running.request_substitutes(key)

    running.swap(key, found[0][0])

    names = [ex.name for ex in running.exercises]
    at = names.index(SQUAT)
    assert names[at + 1] == found[0][0].name
    assert [s.done for s in running.exercise(key).sets] == [True]
    assert len(running.exercises[at + 1].sets) == planned - 1


def test_library_search_filters_by_name_muscle_and_equipment(
    session_with_program: AppSession,
) -> None:
    library = LibrarySearchViewModel(session_with_program)
    library.search("bench", muscle="CHEST", equipment="BARBELL")
    library.search_now()

    names = [c.name for c in library.results]
    assert BENCH in names
    assert all("bench" in n.lower() for n in names)
    assert all(c.detail.startswith("barbell") for c in library.results)
    library.search("zzzz")
    library.search_now()
    assert library.results == ()


def test_add_an_exercise_from_the_library(
    running: RecordingLogger, session_with_program: AppSession
) -> None:
    library = LibrarySearchViewModel(session_with_program)
    library.search("bench press", equipment="BARBELL")
    library.search_now()
    choice = next(c for c in library.results if c.name == BENCH)
    focus: list[tuple[int, int]] = []
    running.focus_requested.connect(lambda k, i: focus.append((k, i)))

    running.add_exercise(choice)

    added = running.exercises[-1]
    assert added.name == BENCH and len(added.sets) == 3 and added.session_exercise_id is None
    assert focus[-1] == (added.key, 0)


def test_finish_logs_the_workout_and_clears_the_draft(
    qtbot: QtBot, running: RecordingLogger, session_with_program: AppSession, ui_clock: Clock
) -> None:
    me = session_with_program.me
    topics: list[str] = []
    session_with_program.changed.connect(topics.append)
    key = key_of(running, SQUAT)
    type_set(running, key, 0, "100", "5", "8")
    running.set_done(key, 0, True)
    type_set(running, key, 1, "100", "5", "9")
    running.set_done(key, 1, True)
    wait_for_draft(qtbot, running)
    ui_clock.now += timedelta(minutes=47)
    summaries: list[object] = []
    running.finished.connect(summaries.append)

    running.finish()

    assert running.phase == Phase.FINISHED
    [workout] = me.logs.workouts()
    assert (workout.sets, workout.total_volume_kg, workout.duration_seconds) == (2, 1000.0, 2820)
    assert workout.session_id is not None
    assert me.logs.load_draft() is None
    assert topics == ["logs", "recovery", "plan"]
    summary = summaries[0]
    assert summary.volume_text == "1,000 kg"  # type: ignore[attr-defined]
    assert summary.duration_text == "47 min"  # type: ignore[attr-defined]
    assert summary.sets == 2 and summary.records == ()  # type: ignore[attr-defined]
    offers: list[StartOffer] = []
    running.offer_ready.connect(offers.append)
    running.close_summary()
    assert running.phase == Phase.IDLE
    assert offers[-1].draft_text is None
    assert offers[-1].session_text.startswith("Logged at ")


def test_a_heavier_second_workout_flags_the_record_as_it_falls(
    squat_history: AppSession,
) -> None:
    vm = make_vm(squat_history)
    records: list[str] = []
    vm.record_broken.connect(lambda _k, _i, text: records.append(text))
    vm.start_custom()
    vm.add_exercise(choice_from_movement(movement(squat_history, SQUAT)))
    key = key_of(vm, SQUAT)
    type_set(vm, key, 0, "100", "5", "8")
    vm.set_done(key, 0, True)
    assert not vm.set_state(key, 0).is_pr  # equal to the record is not a record

    type_set(vm, key, 1, "110", "5", "8")
    vm.set_done(key, 1, True)

    assert vm.set_state(key, 1).is_pr
    assert records == ["New record: Barbell Squat, e1RM 135.7 kg (was 123.3 kg)"]
    summaries: list[object] = []
    vm.finished.connect(summaries.append)
    vm.finish()
    [record] = summaries[0].records  # type: ignore[attr-defined]
    assert (record.movement_name, record.text) == (SQUAT, "e1RM 135.7 kg (was 123.3 kg)")


def test_lb_user_sees_pounds_and_the_api_stores_kilograms(
    squat_history: AppSession,
) -> None:
    me = squat_history.me
    me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    vm = make_vm(squat_history)
    vm.start_session(MONDAY)
    key = key_of(vm, SQUAT)

    assert vm.unit_label == "lb"
    assert vm.set_state(key, 0).weight == 210  # prescribed, on 45 lb plates and a 45 lb bar
    assert vm.set_state(key, 0).target == "210 lb × 6 @ RPE 7.5"
    assert vm.set_state(key, 0).plates == "45 + 35 + 2.5 a side"
    assert vm.set_state(key, 0).previous == "220.5 × 5 @ 8"  # 100 kg last time
    type_set(vm, key, 0, "225", "5", "8")
    assert round(vm.set_state(key, 0).e1rm or 0, 1) == 277.5
    vm.set_done(key, 0, True)
    summaries: list[object] = []
    vm.finished.connect(summaries.append)
    vm.finish()

    [workout] = [w for w in me.logs.workouts() if w.session_id is not None]
    [logged] = me.logs.workout(workout.id).exercises
    assert logged.sets[0].weight_kg == pytest.approx(225 * 0.45359237)
    assert summaries[0].volume_text == "1,125 lb"  # type: ignore[attr-defined]


def test_nothing_to_log_without_a_done_set(running: RecordingLogger) -> None:
    running.finish()
    assert running.phase == Phase.RUNNING
    assert running.errors[-1] == ("", "Mark at least one set done before finishing.")


def test_discard_throws_the_workout_and_its_draft_away(
    running: RecordingLogger, session_with_program: AppSession
) -> None:
    key = key_of(running, SQUAT)
    type_set(running, key, 0, "100", "5", "8")
    running.flush_draft()
    assert session_with_program.me.logs.load_draft() is not None

    running.discard()

    assert running.phase == Phase.IDLE and running.exercises == ()
    assert session_with_program.me.logs.load_draft() is None
    assert session_with_program.me.logs.workouts() == []


def test_without_a_program_the_offer_says_why_and_an_empty_workout_still_works(
    app_session: AppSession,
) -> None:
    vm = make_vm(app_session)
    offers: list[StartOffer] = []
    vm.offer_ready.connect(offers.append)
    vm.activate()
    assert offers[-1].session_title is None and offers[-1].draft_text is None
    assert offers[-1].session_text

    vm.start_session(MONDAY)
    assert vm.phase == Phase.IDLE and vm.errors[-1][1].startswith("Nothing to log from the plan")

    vm.start_custom()
    vm.add_exercise(choice_from_movement(movement(app_session, SQUAT)))
    type_set(vm, key_of(vm, SQUAT), 0, "60", "10", "")
    vm.set_done(key_of(vm, SQUAT), 0, True)
    vm.finish()
    assert [w.name for w in app_session.me.logs.workouts()] == ["Custom workout"]


# --- the page, driven as a lifter would ------------------------------------------------------


@pytest.fixture
def view(qtbot: QtBot, squat_history: AppSession) -> Iterator[LoggerView]:
    page = LoggerView(squat_history)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.confirm = lambda *_args: True  # type: ignore[method-assign]
    yield page
    page.vm.rest.skip()


def focused(view: LoggerView) -> QLineEdit:
    widget = QApplication.focusWidget()
    assert isinstance(widget, QLineEdit), widget
    return widget


def type_into_focus(qtbot: QtBot, view: LoggerView, text: str) -> None:
    qtbot.keyClicks(focused(view), text)


def start(qtbot: QtBot, view: LoggerView, day: date = MONDAY) -> int:
    """Starts the day's session on the page; returns the squat's key once its card shows."""
    view.start_session(day)
    key = key_of(view.vm, SQUAT)
    qtbot.waitUntil(view.cards[key].isVisible)
    return key


def test_page_offers_today_and_an_empty_workout(view: LoggerView) -> None:
    view.activate()
    assert view.stack.currentIndex() == 0
    assert view.session_button.isEnabled()
    assert view.session_button.text().startswith("Start today's session: ")
    assert not view.resume_button.isVisibleTo(view)
    assert view.custom_button.text() == "Start an empty workout"


def test_typing_a_set_shows_e1rm_then_the_done_key_starts_rest(
    qtbot: QtBot, view: LoggerView
) -> None:
    key = start(qtbot, view)
    weight = view.entry(key, 0, WEIGHT)
    qtbot.mouseClick(weight, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: weight.selectedText() == "95")

    type_into_focus(qtbot, view, "102.5")
    qtbot.keyClick(focused(view), Qt.Key.Key_Tab)
    assert view.focused_entry() == (key, 0, REPS)
    type_into_focus(qtbot, view, "5")
    qtbot.keyClick(focused(view), Qt.Key.Key_Return)
    assert view.focused_entry() == (key, 0, RPE)
    type_into_focus(qtbot, view, "8")

    row = view.cards[key].rows[0]
    assert row.e1rm.text() == "126.4"
    qtbot.keyClick(focused(view), Qt.Key.Key_Space)

    assert row.done_button.isChecked()
    assert view.rest_time.text() == clock_text(view.vm.exercise(key).rest_seconds)
    # 5 reps at RPE 8 where 6 at 7.5 were planned: the next sets come down a little.
    assert view.rest_caption.text() == f"Next: {SQUAT}, set 2 · 97.5 kg × 6 @ RPE 7.5"
    assert view.focused_entry() == (key, 1, WEIGHT)
    view.vm.rest.tick()
    assert view.rest_time.text() == clock_text(view.vm.exercise(key).rest_seconds - 1)
    qtbot.mouseClick(view.rest_add, Qt.MouseButton.LeftButton)
    assert view.rest_time.text() == clock_text(view.vm.exercise(key).rest_seconds + 29)
    assert view.totals_label.text().startswith("1 of ")
    assert view.totals_label.text().endswith("· 512 kg")


def test_enter_on_the_last_field_logs_the_set_and_moves_on(qtbot: QtBot, view: LoggerView) -> None:
    key = start(qtbot, view)
    view.entry(key, 0, RPE).setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(focused(view), Qt.Key.Key_Return)
    assert view.cards[key].rows[0].done_button.isChecked()
    assert view.focused_entry() == (key, 1, WEIGHT)
    qtbot.keyClick(focused(view), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.focused_entry() == (key, 0, RPE)
    qtbot.keyClick(focused(view), Qt.Key.Key_Return)  # a set already done: Enter just moves on
    assert view.cards[key].rows[0].done_button.isChecked()
    assert view.focused_entry() == (key, 1, WEIGHT)


def test_a_typo_is_explained_on_the_card(qtbot: QtBot, view: LoggerView) -> None:
    key = start(qtbot, view)
    view.entry(key, 0, REPS).setFocus(Qt.FocusReason.TabFocusReason)
    type_into_focus(qtbot, view, "q")
    card = view.cards[key]
    assert card.error_label.isVisibleTo(view)
    assert card.error_label.text() == "Set 1: Reps must be a number"
    assert card.rows[0].e1rm.text() == "—"
    qtbot.keyClick(focused(view), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not card.rows[0].done_button.isChecked()


def test_pr_badge_on_a_heavier_second_workout_and_the_summary(
    qtbot: QtBot, view: LoggerView, ui_clock: Clock
) -> None:
    key = start(qtbot, view)
    view.entry(key, 0, WEIGHT).setFocus(Qt.FocusReason.TabFocusReason)
    type_into_focus(qtbot, view, "110")
    qtbot.keyClick(focused(view), Qt.Key.Key_Tab)
    type_into_focus(qtbot, view, "5")
    qtbot.keyClick(focused(view), Qt.Key.Key_Tab)
    type_into_focus(qtbot, view, "8")
    qtbot.keyClick(focused(view), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)

    row = view.cards[key].rows[0]
    assert row.e1rm.text() == "135.7"
    assert row.badge.isVisibleTo(view) and row.badge.text() == "PR"
    assert view.record_banner.isVisibleTo(view)
    assert view.record_banner.text() == "New record: Barbell Squat, e1RM 135.7 kg (was 123.3 kg)"
    assert not view.cards[key].rows[1].badge.isVisibleTo(view)

    ui_clock.now += timedelta(minutes=52)
    qtbot.keyClick(focused(view), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert view.stack.currentIndex() == 2
    text = view.summary_text()
    assert "duration: 52 min" in text
    assert "sets: 1" in text and "volume: 550 kg" in text and "records: 1" in text
    assert "PR Barbell Squat: e1RM 135.7 kg (was 123.3 kg)" in text
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentIndex() == 0


def test_restart_offers_to_resume_with_every_set(
    qtbot: QtBot, view: LoggerView, squat_history: AppSession
) -> None:
    key = start(qtbot, view)
    view.entry(key, 0, WEIGHT).setFocus(Qt.FocusReason.TabFocusReason)
    type_into_focus(qtbot, view, "105")
    qtbot.keyClick(focused(view), Qt.Key.Key_Space)
    assert view.can_close()  # closing writes the last change and never blocks

    second = LoggerView(squat_history)
    qtbot.addWidget(second)
    second.show()
    second.activate()

    assert second.resume_button.isVisibleTo(second)
    at = f"{datetime(2026, 11, 2, 9, 0, tzinfo=UTC).astimezone():%H:%M}"
    assert second.resume_button.text() == f"Resume workout from {at} — 1 set entered"
    qtbot.mouseClick(second.resume_button, Qt.MouseButton.LeftButton)
    assert second.stack.currentIndex() == 1
    assert second.entry(key, 0, WEIGHT).text() == "105"
    assert second.cards[key].rows[0].done_button.isChecked()


def test_add_exercise_from_the_library_dialog(qtbot: QtBot, view: LoggerView) -> None:
    view.start_custom()  # an empty workout opens the library straight away
    qtbot.waitUntil(lambda: isinstance(view.picker, LibraryPicker))
    picker = view.picker
    assert isinstance(picker, LibraryPicker)
    qtbot.keyClicks(picker.search, "bench press")
    picker.muscle.setCurrentIndex(picker.muscle.findData("CHEST"))
    picker.equipment.setCurrentIndex(picker.equipment.findData("BARBELL"))
    picker.vm.search_now()
    assert picker.count.text().endswith("exercises") or picker.count.text().endswith("exercise")
    assert picker.choose(BENCH)
    qtbot.keyClick(picker.results, Qt.Key.Key_Return)

    assert [card.name_label.text() for card in view.cards.values()] == [BENCH]
    bench = key_of(view.vm, BENCH)
    view.activateWindow()  # the window manager's part: the page is active again
    qtbot.waitUntil(lambda: view.focused_entry() == (bench, 0, WEIGHT))

    qtbot.keyClick(
        focused(view),
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert isinstance(view.picker, LibraryPicker)
    view.picker.reject()


def test_swap_from_the_keyboard(qtbot: QtBot, view: LoggerView) -> None:
    key = start(qtbot, view)
    view.entry(key, 0, WEIGHT).setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(
        focused(view),
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    picker = view.picker
    assert isinstance(picker, SubstitutePicker)
    first = picker.chosen()
    assert first is not None and first.name != SQUAT
    qtbot.keyClick(picker.results, Qt.Key.Key_Return)

    card = view.cards[key]
    assert card.name_label.text() == first.name
    assert SQUAT not in [ex.name for ex in view.vm.exercises]


def test_lb_user_types_pounds(qtbot: QtBot, squat_history: AppSession) -> None:
    squat_history.me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    page = LoggerView(squat_history)
    qtbot.addWidget(page)
    page.show()
    key = start(qtbot, page)
    assert page.entry(key, 0, WEIGHT).text() == "210"
    assert page.entry(key, 0, WEIGHT).placeholderText() == "lb"
    assert page.cards[key].rows[0].e1rm.text() == "269.5"  # 210 lb x 6 @ 7.5


def test_closing_after_a_refused_draft_write_asks_first(
    qtbot: QtBot,
    view: LoggerView,
    squat_history: AppSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk must not cost the sets entered since the last good save without a word."""
    from alloy_desktop.api.errors import StoreFull

    full = StoreFull("The disk is full: nothing could be saved.", "alloy.db")
    vm = view.vm
    vm.start_session(MONDAY)
    logs = squat_history.me.logs

    def refuse(_payload: object) -> None:
        raise full

    monkeypatch.setattr(logs, "save_draft", refuse)
    vm._on_save_failed(full)  # the background write of the last set was refused
    asked: list[str] = []

    def confirm(title: str, text: str, yes: str) -> bool:
        asked.append(text)
        return False  # the lifter stays

    monkeypatch.setattr(view, "confirm", confirm)
    assert view.can_close() is False
    assert asked and "could not be saved" in asked[0]
    monkeypatch.setattr(logs, "save_draft", type(logs).save_draft.__get__(logs))
    assert view.can_close() is True  # the disk has room again: the retry saved it
    assert logs.load_draft() is not None
