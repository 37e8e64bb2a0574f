"""Activities page: logging a run, ride or swim, the history in words, deleting with a question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.ui.viewmodels.activities import (
    ActivitiesViewModel,
    ActivityForm,
    hours_minutes,
    pace_text,
    summary_text,
)
from alloy_desktop.ui.viewmodels.session import ACTIVITIES, AppSession
from alloy_desktop.ui.viewmodels.tasks import TaskRunner
from alloy_desktop.ui.views.activities_view import COLUMNS, ActivitiesView, qt_time

Page = Callable[[], ActivitiesView]


@pytest.fixture
def page(qtbot: QtBot, app_session: AppSession) -> Page:
    def make() -> ActivitiesView:
        view = ActivitiesView(app_session)
        qtbot.addWidget(view)
        view.resize(1090, 760)
        view.show()
        qtbot.waitExposed(view)
        view.activate()
        return view

    return make


def history(view: ActivitiesView) -> list[dict[str, str]]:
    table = view.table
    return [
        {COLUMNS[c]: table.item(r, c).text() for c in range(table.columnCount())}
        for r in range(table.rowCount())
    ]


def click(qtbot: QtBot, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answer(reply: QMessageBox.StandardButton, asked: list[str]) -> Any:
    def question(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        asked.append(text)
        return reply

    return question


def log_run(view: ActivitiesView, qtbot: QtBot, minutes: int = 30, km: float = 5.0) -> None:
    assert view.choose("Running")
    view.duration.setValue(minutes)
    view.distance.setValue(km)
    click(qtbot, view.log_button)


# --- logging --------------------------------------------------------------------------------


def test_a_30_minute_5_km_run_shows_duration_and_pace(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    assert view.empty.isVisible() and not view.table.isVisible()
    changes: list[str] = []
    app_session.changed.connect(changes.append)
    log_run(view, qtbot)

    rows = history(view)
    assert len(rows) == 1
    run = rows[0]
    assert run["Activity"] == "Running"
    assert run["Time"] == "0:30"
    assert run["Distance"] == "5 km"
    assert run["Pace"] == "6:00 /km"
    assert view.status.text() == "Logged Running, 0:30."
    assert ACTIVITIES in changes
    assert view.table.isVisible()
    stored = app_session.me.activities.history()
    assert stored[0].duration_seconds == 1800 and stored[0].distance_km == 5.0
    assert view.distance.value() == 0.0  # the form is ready for the next one
    assert view.kind.currentText() == "Running"


def test_every_field_reaches_the_history(page: Page, qtbot: QtBot, app_session: AppSession) -> None:
    view = page()
    view.choose("Cycling")
    view.name.setText("Evening ride")
    view.duration.setValue(75)
    view.distance.setValue(32.5)
    view.difficulty.setCurrentIndex(view.difficulty.findData(2))
    view.enjoyment.setCurrentIndex(view.enjoyment.findData(5))
    view.notes.setText("Tailwind home")
    start = app_session.now().replace(hour=18, minute=30, second=0, microsecond=0)
    view.start.setDateTime(qt_time(start - timedelta(days=1)))
    click(qtbot, view.log_button)

    ride = history(view)[0]
    assert ride["Activity"] == "Evening ride"
    assert ride["Time"] == "1:15"
    assert ride["Distance"] == "32.5 km"
    assert ride["Pace"] == "26.0 km/h"  # riders read speed
    assert (ride["Effort"], ride["Enjoyed"]) == ("2/5", "5/5")
    assert ride["Notes"] == "Tailwind home"
    assert ride["Date"].endswith("18:30")
    stored = app_session.me.activities.history()[0]
    assert stored.performed_start == start - timedelta(days=1)
    assert stored.activity_definition_id is not None


def test_distance_is_only_asked_for_activities_that_track_it(page: Page) -> None:
    view = page()
    view.choose("Yoga")
    assert not view.distance.isEnabled()
    view.choose("Swimming")
    assert view.distance.isEnabled()
    view.choose("Other (name it below)")
    assert view.distance.isEnabled()
    assert view.name.placeholderText() == "What did you do?"


def test_a_zero_duration_is_flagged_beside_the_field(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    view.choose("Running")
    view.duration.setValue(0)
    click(qtbot, view.log_button)
    message = view.findChildren(type(view.form_error))
    shown = [m.text() for m in message if m.isVisible() and m.property("role") == "error"]
    assert shown == ["Duration minutes must be more than zero."]
    assert view.duration.property("invalid") is True
    assert app_session.me.activities.history() == []

    view.duration.setValue(20)
    click(qtbot, view.log_button)
    assert view.duration.property("invalid") is False
    assert len(app_session.me.activities.history()) == 1


def test_other_needs_a_name(page: Page, qtbot: QtBot, app_session: AppSession) -> None:
    view = page()
    view.choose("Other (name it below)")
    click(qtbot, view.log_button)
    assert view.name.property("invalid") is True
    assert app_session.me.activities.history() == []
    view.name.setText("Kayaking")
    view.distance.setValue(8)
    click(qtbot, view.log_button)
    assert history(view)[0]["Activity"] == "Kayaking"
    assert history(view)[0]["Pace"] == "3:45 /km"


def test_the_future_is_refused(page: Page, qtbot: QtBot, app_session: AppSession) -> None:
    view = page()
    view.start.setDateTime(qt_time(app_session.now() + timedelta(days=1)))
    click(qtbot, view.log_button)
    assert view.start.property("invalid") is True
    assert app_session.me.activities.history() == []


def test_ctrl_enter_logs(page: Page, qtbot: QtBot, app_session: AppSession) -> None:
    view = page()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.notes.setFocus()
    qtbot.keyClick(view.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(app_session.me.activities.history()) == 1


# --- history --------------------------------------------------------------------------------


def test_delete_asks_first(
    page: Page, qtbot: QtBot, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page()
    log_run(view, qtbot)
    assert not view.delete_button.isEnabled()
    view.table.selectRow(0)
    assert view.delete_button.isEnabled()
    asked: list[str] = []

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No, asked))
    click(qtbot, view.delete_button)
    assert len(asked) == 1 and asked[0].startswith("Delete Running on ")
    assert "(0:30)" in asked[0]
    assert view.table.rowCount() == 1
    assert len(app_session.me.activities.history()) == 1

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes, asked))
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # the keyboard asks too
    assert len(asked) == 2
    assert app_session.me.activities.history() == []
    assert view.table.rowCount() == 0 and view.empty.isVisible()
    assert view.status.text().startswith("Deleted Running on ")


def test_a_failed_delete_is_explained_beside_the_history(
    page: Page, qtbot: QtBot, app_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page()
    log_run(view, qtbot)
    view.table.selectRow(0)
    app_session.me.activities.delete(app_session.me.activities.history()[0].id)  # elsewhere
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes, []))
    click(qtbot, view.delete_button)
    assert view.history_error.isVisible()
    assert view.history_error.text() == "That activity doesn't exist."


def test_history_lists_newest_first_with_a_summary(
    page: Page, app_session: AppSession, ui_clock: Any
) -> None:
    me = app_session.me
    now = ui_clock.now
    swim = next(d for d in me.activities.definitions() if d.name == "Swimming")
    me.activities.log(
        schemas.ActivityInstanceCreate(
            "", 40, swim.id, 1.6, performed_start=now - timedelta(days=2)
        )
    )
    me.activities.log(
        schemas.ActivityInstanceCreate(
            "Old hike", 120, None, 10, performed_start=now - timedelta(days=20)
        )
    )
    view = page()
    rows = history(view)
    assert [r["Activity"] for r in rows] == ["Swimming", "Old hike"]
    assert rows[0]["Pace"] == "2:30 /100 m"
    assert rows[1]["Effort"] == "—"
    assert view.summary.text() == "Last 7 days: 1 activity · 0:40 · 1.6 km"


# --- view-model and wording ------------------------------------------------------------------


def test_the_usual_activity_is_preselected(page: Page, qtbot: QtBot) -> None:
    view = page()
    assert view.kind.currentText() == "Running"
    view.choose("Walking")
    view.distance.setValue(3)
    click(qtbot, view.log_button)
    fresh = page()
    assert fresh.kind.currentText() == "Walking"


def test_view_model_drops_distance_for_untracked_activities(app_session: AppSession) -> None:
    vm = ActivitiesViewModel(app_session)
    vm.refresh()
    yoga = next(c for c in vm.choices if c.name == "Yoga")
    vm.log(ActivityForm(yoga.id, "", vm.default_start(), 45, distance_km=3.0))
    assert app_session.me.activities.history()[0].distance_km is None
    assert vm.rows[0].pace == "—"


def test_words() -> None:
    assert hours_minutes(1800) == "0:30"
    assert hours_minutes(4530) == "1:16"
    assert pace_text(1800, 5.0, "Running") == "6:00 /km"
    assert pace_text(3600, 30.0, "Cycling") == "30.0 km/h"
    assert pace_text(900, 0.5, "Swimming") == "3:00 /100 m"
    assert pace_text(1800, None, "Running") == ""
    now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert summary_text([], now) == "Nothing logged in the last 7 days."


def test_logging_runs_off_the_gui_thread(qtbot: QtBot, ui_alloy: Alloy) -> None:
    token = ui_alloy.auth.register("runner@example.com", "correct horse", "Ru")
    runner = TaskRunner()
    session = AppSession(ui_alloy, runner)
    assert session.resume(token.access_token)
    view = ActivitiesView(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.kind.findText("Running") >= 0)
    busy: list[bool] = []
    view.vm.busy_changed.connect(busy.append)
    log_run(view, qtbot)
    assert not view.log_button.isEnabled()  # busy while the worker writes
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert history(view)[0]["Pace"] == "6:00 /km"
    assert busy[0] is True and busy[-1] is False
    assert view.log_button.isEnabled()
    assert runner.wait()


def test_a_start_time_the_lifter_chose_is_kept(
    page: Page, app_session: AppSession, ui_clock: Any
) -> None:
    view = page()
    earlier = app_session.now() - timedelta(hours=5)
    view.start.setDateTime(qt_time(earlier))
    ui_clock.now += timedelta(minutes=30)
    view.activate()  # back on the page later: the chosen time stays
    assert view.start.dateTime() == qt_time(earlier.replace(second=0, microsecond=0))
    fresh = page()
    ui_clock.now += timedelta(minutes=30)
    fresh.activate()  # an untouched form follows the clock
    assert fresh.start.dateTime() == qt_time(fresh.vm.default_start())
