"""History page: lazy list, filters, the open workout, edits with undo and redo, delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.domain.enums import SetType
from alloy_desktop.ui.viewmodels import history
from alloy_desktop.ui.viewmodels.history import HistoryViewModel, SetForm
from alloy_desktop.ui.viewmodels.session import LOGS, AppSession
from alloy_desktop.ui.views.history_view import HistoryView

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # the ui_clock
SQUAT = "Barbell Squat"
BENCH = "Barbell Bench Press - Medium Grip"


def movement(me: UserApi, name: str) -> int:
    return next(m.id for m in me.library.search(name, limit=20) if m.name == name)


def log(me: UserApi, name: str, days_ago: int, weight: float, sets: int = 2) -> int:
    done = tuple(schemas.CompletedSet(i, weight, 5, 8.0) for i in range(1, sets + 1))
    return me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (schemas.CustomExercise(movement(me, name), done),),
            name=f"{name.split()[1]} day {days_ago}",
            performed_at=NOW - timedelta(days=days_ago),
            duration_seconds=3000,
        )
    ).id


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(history, "PAGE_SIZE", 5)
    return 5


@pytest.fixture
def lifter(app_session: AppSession) -> AppSession:
    """Twelve squat workouts, a week apart, getting heavier; one bench day."""
    for week in reversed(range(12)):  # oldest first, as they were lifted
        log(app_session.me, SQUAT, 7 * week + 1, 140.0 - 2.5 * week)
    log(app_session.me, BENCH, 3, 80.0)
    return app_session


@pytest.fixture
def vm(lifter: AppSession, small_pages: int) -> HistoryViewModel:
    model = HistoryViewModel(lifter)
    model.refresh()
    return model


def form(weight: str, reps: str = "5", rpe: str = "8", kind: SetType = SetType.NORMAL) -> SetForm:
    return SetForm(weight, reps, rpe, kind, "")


# --- the list --------------------------------------------------------------------------------


def test_the_list_fetches_a_page_at_a_time(vm: HistoryViewModel) -> None:
    model = vm.model
    assert vm.total == 13 and model.rowCount() == 5
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 10
    model.fetchMore()
    assert model.rowCount() == 13 and not model.canFetchMore()
    first = model.index(0, 0)
    assert model.data(first) == "Sun 1 Nov 2026"  # newest first
    assert model.data(model.index(0, 1)) == "Squat day 1"
    assert model.data(model.index(0, 4)) == "1,400 kg"
    assert model.data(model.index(0, 5)) == "★ 1"
    assert (
        model.data(model.index(0, 4), Qt.ItemDataRole.TextAlignmentRole)
        & Qt.AlignmentFlag.AlignRight
    )


def test_search_and_filters_reset_the_list(vm: HistoryViewModel, lifter: AppSession) -> None:
    vm.search("bench")
    assert vm.total == 1 and vm.model.rows[0].name == "Bench day 3"
    vm.search("")
    vm.filter_movement(movement(lifter.me, SQUAT))
    assert vm.total == 12
    vm.filter_movement(None)
    today = lifter.today()
    vm.filter_dates(today - timedelta(days=10), today)
    assert [r.name for r in vm.model.rows] == ["Squat day 1", "Bench day 3", "Squat day 8"]


def test_a_page_of_an_older_search_is_dropped(vm: HistoryViewModel) -> None:
    vm.model.fetchMore()  # the page arrives at once with the inline runner
    stale = vm.model.rows[-1]
    vm.search("bench")
    vm.model.append(5, [stale], complete=True)  # late, for the list before the search
    assert vm.model.rowCount() == 1


# --- editing with undo ---------------------------------------------------------------------


def test_an_edit_is_saved_then_undone_and_redone(vm: HistoryViewModel, lifter: AppSession) -> None:
    applied: list[history.Change] = []
    vm.applied.connect(applied.append)
    vm.open_workout(vm.model.rows[0].id)
    assert vm.detail is not None
    first = vm.detail.exercises[0].sets[0]
    assert vm.set_form(first) == form("140")
    change = vm.edit_set(first.id, form("150"))
    assert change is not None
    vm.perform(change)
    assert applied == [change]
    assert vm.detail.exercises[0].sets[0].weight_kg == 150.0
    assert vm.model.rows[0].total_volume_kg == pytest.approx(1450.0)
    vm.revert(change)
    assert vm.detail.exercises[0].sets[0].weight_kg == 140.0
    vm.apply(change)
    assert vm.detail.exercises[0].sets[0].weight_kg == 150.0
    assert len(applied) == 1  # redo is not a new change


def test_a_refused_edit_never_reaches_the_undo_stack(vm: HistoryViewModel, qtbot: QtBot) -> None:
    applied: list[history.Change] = []
    vm.applied.connect(applied.append)
    vm.open_workout(vm.model.rows[0].id)
    assert vm.detail is not None
    first = vm.detail.exercises[0].sets[0]
    with qtbot.waitSignal(vm.error) as error:
        assert vm.edit_set(first.id, form("150", reps="")) is None
    assert error.args == ["reps", "Type the reps."]
    change = vm.edit_set(first.id, SetForm("150", "5", "8", SetType.NORMAL, "x" * 300))
    assert change is not None  # the api refuses a note this long
    with qtbot.waitSignal(vm.error):
        vm.perform(change)
    assert applied == []


def test_undoing_a_delete_brings_the_workout_back_and_older_edits_follow(
    vm: HistoryViewModel, lifter: AppSession
) -> None:
    vm.open_workout(vm.model.rows[0].id)
    assert vm.detail is not None
    old_id = vm.detail.id
    edit = vm.edit_set(vm.detail.exercises[0].sets[0].id, form("150"))
    assert edit is not None
    vm.perform(edit)
    question = vm.delete_question()
    assert "its 2 sets (1,450 kg lifted)" in question and "1 personal record" in question
    delete = vm.delete_workout()
    assert delete is not None
    vm.perform(delete)
    assert vm.detail is None and vm.total == 12
    assert vm.model.position(old_id) is None
    vm.revert(delete)
    assert vm.detail is not None and vm.detail.id != old_id  # back, under a new id
    assert vm.model.position(vm.detail.id) == 0
    vm.revert(edit)  # the edit made before the delete follows the new id
    assert vm.detail.exercises[0].sets[0].weight_kg == 140.0
    assert lifter.me.history.count() == 13


def test_sets_and_exercises_added_and_removed(vm: HistoryViewModel, lifter: AppSession) -> None:
    vm.open_workout(vm.model.rows[0].id)
    change = vm.add_set(0, form("100", reps="8", kind=SetType.DROP))
    assert change is not None
    vm.perform(change)
    assert vm.detail is not None
    added = vm.detail.exercises[0].sets[-1]
    assert (added.set_number, added.set_type, added.is_hard) == (3, SetType.DROP, False)
    bench = vm.add_exercise(movement(lifter.me, BENCH), BENCH, form("60"))
    assert bench is not None
    vm.perform(bench)
    assert [e.movement_name for e in vm.detail.exercises] == [SQUAT, BENCH]
    removed = vm.remove_exercise(1)
    assert removed is not None
    vm.perform(removed)
    assert len(vm.detail.exercises) == 1
    assert vm.remove_exercise(0) is None  # the last one: delete the workout instead


def test_moving_a_workout_reorders_the_list(vm: HistoryViewModel, lifter: AppSession) -> None:
    newest = vm.model.rows[0]
    vm.open_workout(newest.id)
    change = vm.move_to(lifter.today() - timedelta(days=20))
    assert change is not None
    vm.perform(change)
    assert vm.model.rows[0].id != newest.id
    assert [r.id for r in vm.model.rows].index(newest.id) == 3


def test_changes_elsewhere_reload_the_list(vm: HistoryViewModel, lifter: AppSession) -> None:
    log(lifter.me, BENCH, 0, 85.0)
    lifter.notify(LOGS)
    assert vm.total == 14 and vm.model.rows[0].name == "Bench day 0"


# --- the view --------------------------------------------------------------------------------


@pytest.fixture
def view(qtbot: QtBot, lifter: AppSession, small_pages: int) -> HistoryView:
    page = HistoryView(lifter)
    qtbot.addWidget(page)
    page.resize(1090, 760)
    page.show()
    qtbot.waitExposed(page)
    page.activate()
    return page


def test_the_view_scrolls_into_more_pages(view: HistoryView, qtbot: QtBot) -> None:
    assert view.count_label.text() == "13 workouts"
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.vm.model.rowCount() == 13)


def test_choosing_a_row_opens_the_workout_and_a_set_fills_the_form(view: HistoryView) -> None:
    view.table.selectRow(1)
    detail = view.vm.detail
    assert detail is not None and detail.name == "Bench day 3"
    assert view.workout_title.text() == "Bench day 3"
    assert view.sets.topLevelItem(0).text(0) == BENCH
    view.sets.setCurrentItem(view.sets.topLevelItem(0).child(1))
    assert (view.weight.text(), view.reps.text(), view.rpe.text()) == ("80", "5", "8")


def test_ctrl_z_and_ctrl_shift_z_undo_and_redo(view: HistoryView, qtbot: QtBot) -> None:
    view.table.selectRow(0)
    view.sets.setCurrentItem(view.sets.topLevelItem(0).child(0))
    view.weight.setText("142.5")
    qtbot.mouseClick(view.save_set, Qt.MouseButton.LeftButton)
    assert view.undo_stack.count() == 1
    assert view.undo_action.text() == "Undo Edit set 1 of Barbell Squat"
    assert view.vm.detail is not None
    assert view.vm.detail.exercises[0].sets[0].weight_kg == 142.5
    view.sets.setFocus()
    qtbot.keyClick(view.sets, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.vm.detail.exercises[0].sets[0].weight_kg == 140.0
    assert view.weight.text() == "140"  # the form follows the set
    shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view.sets, Qt.Key.Key_Z, shift)
    assert view.vm.detail.exercises[0].sets[0].weight_kg == 142.5


def test_delete_asks_first_and_says_what_is_lost(view: HistoryView, qtbot: QtBot) -> None:
    asked: list[str] = []

    def refuse(title: str, text: str, yes: str) -> bool:
        asked.append(text)
        return False

    view.confirm = refuse  # type: ignore[method-assign]
    view.table.selectRow(0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert "its 2 sets" in asked[0] and "Undo (Ctrl+Z)" in asked[0]
    assert view.vm.total == 13
    view.confirm = lambda *_: True  # type: ignore[method-assign]
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert view.vm.total == 12 and view.count_label.text() == "12 workouts"
    assert view.detail_stack.currentWidget() is view.detail_empty
    view.undo_action.trigger()
    assert view.vm.total == 13 and view.vm.detail is not None


def test_a_failed_undo_clears_the_stack(
    view: HistoryView, lifter: AppSession, qtbot: QtBot
) -> None:
    view.table.selectRow(0)
    view.sets.setCurrentItem(view.sets.topLevelItem(0).child(0))
    view.weight.setText("141")
    view.save_set.click()
    assert view.vm.detail is not None
    lifter.me.history.delete_workout(view.vm.detail.id)  # behind the page's back
    view.undo_action.trigger()
    qtbot.waitUntil(lambda: view.undo_stack.count() == 0)
    assert "Undo history cleared" in view.status_line.text()


def test_an_empty_history_says_where_workouts_come_from(
    qtbot: QtBot, app_session: AppSession
) -> None:
    page = HistoryView(app_session)
    qtbot.addWidget(page)
    page.activate()
    assert page.list_stack.currentWidget() is page.list_empty
    assert "Import history" in page.list_empty.text()
    assert QApplication.instance() is not None


def test_typing_searches_once_the_typing_pauses(view: HistoryView, qtbot: QtBot) -> None:
    qtbot.keyClicks(view.search, "bench")
    assert view.vm.total == 13  # not yet: a search per key would be wasted work
    qtbot.waitUntil(lambda: view.vm.total == 1)
    assert view.count_label.text() == "1 workout found"
