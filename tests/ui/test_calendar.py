"""The calendar: month outcomes from the api, and the Calendar page driven from the keyboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.domain.enums import BodyPart, DayOutcome
from alloy_desktop.ui.viewmodels.day_plan import CalendarViewModel, MonthView, prescription
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import TaskRunner
from alloy_desktop.ui.views.calendar_view import CalendarView, cell_colour
from alloy_desktop.ui.widgets import theme

MONDAY = date(2026, 11, 2)


def program_days(session: AppSession) -> dict[date, bool]:
    """Every session date of the active program, with whether its week is a deload."""
    program = next(p for p in session.me.programs.list() if p.is_active)
    return {s.date: m.is_deload for m in program.microcycles for s in m.sessions}


def month(vm: CalendarViewModel, year: int, month_number: int) -> MonthView:
    vm.load_month(year, month_number)
    assert vm.view is not None
    return vm.view


# --- the view-model -----------------------------------------------------------------------


def test_month_outcomes_follow_the_program(session_with_program: AppSession) -> None:
    vm = CalendarViewModel(session_with_program)
    view = month(vm, 2026, 11)
    sessions = program_days(session_with_program)
    assert len(view.days) == 30
    for day, entry in view.days.items():
        if day not in sessions:
            assert entry.outcome is DayOutcome.REST, day
        elif sessions[day]:
            assert entry.outcome is DayOutcome.DELOAD, day
        else:
            assert entry.outcome is DayOutcome.PLANNED, day
    assert view.outcome(date(2026, 11, 1)) is DayOutcome.REST
    assert view.outcome(MONDAY) is DayOutcome.PLANNED
    counts = view.counts()
    assert counts[DayOutcome.PLANNED] + counts[DayOutcome.DELOAD] == sum(
        1 for d in sessions if d.month == 11 and d.year == 2026
    )
    expected = f"{counts[DayOutcome.PLANNED]} planned · {counts[DayOutcome.DELOAD]} deload"
    assert view.summary() == expected


def test_past_sessions_read_completed_or_missed(
    session_with_program: AppSession, ui_clock: object
) -> None:
    me = session_with_program.me
    monday = me.days.plan(MONDAY).session
    assert monday is not None
    me.logs.log_workout(
        schemas.WorkoutLogCreate(
            session_id=monday.id,
            completed_exercises=(
                schemas.CompletedExercise(
                    (schemas.CompletedSet(1, 80.0, 6),), session_exercise_id=monday.exercises[3].id
                ),
            ),
        )
    )
    ui_clock.now += timedelta(days=3)  # type: ignore[attr-defined]  # Thursday
    view = month(CalendarViewModel(session_with_program), 2026, 11)
    assert view.outcome(MONDAY) is DayOutcome.COMPLETED
    assert view.outcome(date(2026, 11, 4)) is DayOutcome.MISSED
    assert view.outcome(date(2026, 11, 6)) is DayOutcome.PLANNED
    assert view.summary().startswith("1 completed · 1 missed · ")


def test_a_month_without_a_program_is_all_rest(app_session: AppSession) -> None:
    view = month(CalendarViewModel(app_session), 2026, 11)
    assert set(view.counts().items()) >= {(DayOutcome.REST, 30)}
    assert view.summary() == "No sessions this month"


def test_the_month_refreshes_when_the_plan_changes(session_with_program: AppSession) -> None:
    vm = CalendarViewModel(session_with_program)
    month(vm, 2026, 11)
    seen: list[MonthView] = []
    vm.month_changed.connect(seen.append)
    session_with_program.notify("plan")
    session_with_program.notify("settings")  # not about the calendar: ignored
    assert len(seen) == 1
    vm.set_live(False)
    session_with_program.notify("logs")
    assert len(seen) == 1  # hidden: only noted
    vm.set_live(True)
    assert len(seen) == 2


# --- the Calendar page --------------------------------------------------------------------


@pytest.fixture
def page(qtbot: QtBot, session_with_program: AppSession) -> CalendarView:
    view = CalendarView(session_with_program)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def grid(page: CalendarView) -> QTableView:
    table = page.calendar.findChild(QTableView)
    assert table is not None
    return table


def test_the_month_is_painted_with_a_legend(page: CalendarView) -> None:
    c = theme.current()
    planned = page.calendar.dateTextFormat(QDate(2026, 11, 4))
    rest = page.calendar.dateTextFormat(QDate(2026, 11, 3))
    assert planned.background().color() == cell_colour(DayOutcome.PLANNED, c)
    assert rest.background().color() == cell_colour(DayOutcome.REST, c)
    assert planned.toolTip().startswith("Planned · ")
    deload = next(d for d, e in page.month_vm.view.days.items() if e.outcome is DayOutcome.DELOAD)  # type: ignore[union-attr]
    fmt = page.calendar.dateTextFormat(QDate(deload.year, deload.month, deload.day))
    assert fmt.background().color() == cell_colour(DayOutcome.DELOAD, c)
    legend = [s.accessibleName() for s in page.swatches.values()]
    assert legend == ["Planned", "Completed", "Missed", "Rest", "Deload"]
    assert page.month_summary.text().startswith("November: ")


def test_picking_a_day_with_the_keyboard_shows_its_plan(
    qtbot: QtBot, page: CalendarView, session_with_program: AppSession
) -> None:
    assert page.headline.text().startswith("Monday 2 November · ")
    table = grid(page)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert page.selected_day() == date(2026, 11, 4)
    qtbot.waitUntil(lambda: page.headline.text().startswith("Wednesday 4 November"))
    plan = session_with_program.me.days.plan(date(2026, 11, 4))
    assert plan.session is not None
    expected = [
        f"{e.movement_name} — "
        f"{prescription(e.sets, e.reps, e.reps_max, e.rpe, e.rest_seconds, e.pattern, e.role)}"
        for e in plan.session.exercises
    ]
    assert sorted(page.plan.row_texts()) == sorted(expected)
    assert page.headline.text().endswith(
        f"· {plan.session.name} · ~{plan.session.time.total_minutes} min"
    )
    # A future day can be adapted but not started yet.
    assert page.adapt.controls.isVisible() and not page.start_button.isVisible()


def test_a_rest_day_shows_the_rest_card(qtbot: QtBot, page: CalendarView) -> None:
    table = grid(page)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: page.headline.text() == "Tuesday 3 November · Rest day")
    text = page.plan.visible_text()
    assert "Rest day: nothing is planned for Tuesday 3 November 2026." in text
    assert "Next session" in text and "Wednesday 4 November" in text
    assert page.plan.row_texts() == []
    assert page.adapt.reason.text() == "Rest day: nothing to adapt."
    assert not page.adapt.controls.isVisible()


def test_page_down_moves_to_the_next_month_and_reloads_it(qtbot: QtBot, page: CalendarView) -> None:
    table = grid(page)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert (page.calendar.yearShown(), page.calendar.monthShown()) == (2026, 12)
    view = page.month_vm.view
    assert view is not None and (view.year, view.month) == (2026, 12)
    assert page.month_summary.text().startswith("December: ")
    qtbot.waitUntil(lambda: page.headline.text().startswith("Wednesday 2 December"))
    page.today_button.click()
    assert page.selected_day() == MONDAY and page.month_vm.view.month == 11  # type: ignore[union-attr]


def test_adapt_and_accept_on_the_calendar_repaint_the_day(
    qtbot: QtBot, page: CalendarView, session_with_program: AppSession
) -> None:
    legs = page.adapt.sliders[BodyPart.LEGS].slider
    legs.setFocus()
    qtbot.keyClick(legs, Qt.Key.Key_PageUp)  # page step 2
    for _ in range(6):
        qtbot.keyClick(legs, Qt.Key.Key_Right)
    assert legs.value() == 8
    qtbot.mouseClick(page.adapt.adapt_button, Qt.MouseButton.LeftButton)
    assert page.adapt.removed.texts() and not page.adapt.substituted.texts()
    assert page.coach.message_texts()[-1].startswith("Bodyweight Squat is dropped for today")
    qtbot.mouseClick(page.adapt.accept_button, Qt.MouseButton.LeftButton)
    assert page.plan.view is not None and "Adapted" in page.plan.view.badges
    assert not any(r.startswith("Barbell Squat — ") for r in page.plan.row_texts())
    assert session_with_program.me.days.plan(MONDAY).adapted_from_thread_id is not None


def test_dark_palette_repaints_the_month(qtbot: QtBot, page: CalendarView) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        dark = theme.apply(app, dark=True)
        page.restyle()
        planned = page.calendar.dateTextFormat(QDate(2026, 11, 4))
        expected = cell_colour(DayOutcome.PLANNED, dark)
        assert planned.background().color() == expected
        assert planned.foreground().color().name() == dark.text
    finally:
        theme.apply(app, dark=False)


def test_loads_run_off_the_gui_thread(
    qtbot: QtBot, ui_alloy: Alloy, session_with_program: AppSession
) -> None:
    token = ui_alloy.auth.login("lifter@example.com", "correct horse")
    runner = TaskRunner()
    threaded = AppSession(ui_alloy, runner)
    assert threaded.resume(token.access_token)
    view = CalendarView(threaded)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: bool(view.plan.row_texts()) and view.month_vm.view is not None)
    assert view.headline.text().startswith("Monday 2 November · ")
    assert runner.wait()
