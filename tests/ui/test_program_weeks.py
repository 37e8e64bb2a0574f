"""The plan across weeks: the table's model from the real api, and the Program page showing it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import ExerciseRole
from alloy_desktop.ui.viewmodels.program_builder import ProgramsViewModel
from alloy_desktop.ui.viewmodels.program_weeks import (
    CHANGE_ROLE,
    CURRENT_ROLE,
    DELOAD_ROLE,
    DOWN,
    NEW,
    SAME,
    UP,
    WeeksTableModel,
    prescription_text,
    session_positions,
    weeks_table,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.views.program_view import ProgramView
from alloy_desktop.ui.widgets import theme

DISPLAY = Qt.ItemDataRole.DisplayRole
HORIZONTAL = Qt.Orientation.Horizontal


def _program(session: AppSession) -> schemas.ProgramResponse:
    [program] = session.me.programs.list()
    return program


def _vm(session: AppSession) -> ProgramsViewModel:
    vm = ProgramsViewModel(session)
    vm.refresh()
    vm.select(_program(session).id)
    return vm


def _headers(model: WeeksTableModel) -> list[str]:
    return [model.headerData(c, HORIZONTAL, DISPLAY) for c in range(model.columnCount())]


def _names(model: WeeksTableModel) -> list[str]:
    return [model.headerData(r, Qt.Orientation.Vertical, DISPLAY) for r in range(model.rowCount())]


def _row(model: WeeksTableModel, name: str) -> list[str]:
    row = _names(model).index(name)
    return [model.index(row, c).data(DISPLAY) for c in range(model.columnCount())]


def _first_main(program: schemas.ProgramResponse) -> schemas.SessionExerciseResponse:
    week = min(program.microcycles, key=lambda m: m.sequence_number)
    session = min(week.sessions, key=lambda s: s.date)
    return next(e for e in session.exercises if e.role is ExerciseRole.MAIN)


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


# --- the view-model ---------------------------------------------------------------------------


def test_weeks_are_columns_with_the_deloads_marked(session_with_program: AppSession) -> None:
    program = _program(session_with_program)
    vm = _vm(session_with_program)
    model = vm.weeks

    weeks = sorted(program.microcycles, key=lambda m: m.sequence_number)
    assert model.columnCount() == len(weeks) == 8
    headers = _headers(model)
    assert [h.split("\n")[0] for h in headers] == [f"W{n}" for n in range(1, 9)]
    deloads = [m.sequence_number for m in weeks if m.is_deload]
    assert deloads, "an 8-week program has a deload week"
    for column, week in enumerate(weeks):
        assert model.headerData(column, HORIZONTAL, DELOAD_ROLE) is week.is_deload
        assert headers[column].endswith("\nDeload") is week.is_deload
        assert model.index(0, column).data(DELOAD_ROLE) is week.is_deload
    first = min(weeks[0].sessions, key=lambda s: s.date)
    assert vm.positions[0].text == f"Mon · {first.name}"
    # The program starts today: its first week is this week, by the calendar.
    assert headers[0] == "W1\nThis week"
    assert [model.headerData(c, HORIZONTAL, CURRENT_ROLE) for c in range(8)] == [True] + [False] * 7
    assert headers[1] == f"W2\n{weeks[1].start_date.day} {weeks[1].start_date:%b}"


def test_the_main_lift_moves_week_to_week_and_changes_are_marked(
    session_with_program: AppSession,
) -> None:
    program = _program(session_with_program)
    vm = _vm(session_with_program)
    model = vm.weeks
    main = _first_main(program)
    table = model.table
    assert table is not None

    # Warm-ups and cool-downs are left out unless asked for.
    assert "Bodyweight Squat" not in _names(model)
    row = _names(model).index(main.movement_name)
    cells = [table.cell(row, c) for c in range(model.columnCount())]
    assert cells[0] is not None and cells[0].text == prescription_text(main)
    assert cells[0].change == SAME and model.index(row, 0).data(DISPLAY) == cells[0].text
    for column in range(1, model.columnCount()):
        cell = cells[column]
        assert cell is not None
        shown = model.index(row, column).data(DISPLAY)
        assert model.index(row, column).data(CHANGE_ROLE) == cell.change
        if cell.change == SAME:
            assert shown == cell.text  # unchanged: no mark
        else:
            assert shown == cell.text + {UP: " ▲", DOWN: " ▼", NEW: " +"}[cell.change]
    # Progression inside the first block, and the deload drops the work.
    assert cells[1] is not None and cells[1].change == UP
    deload = next(c for c, col in enumerate(table.columns) if col.is_deload)
    assert cells[deload] is not None and cells[deload].change == DOWN
    assert model.index(row, deload).data(DISPLAY).endswith("▼")
    assert "Week before:" in model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_extras_add_the_warm_up_and_cool_down_rows(session_with_program: AppSession) -> None:
    vm = _vm(session_with_program)
    without = _names(vm.weeks)
    vm.show_extras(True)
    with_extras = _names(vm.weeks)
    assert set(without) < set(with_extras)
    assert with_extras[0] == "Bodyweight Squat"  # the warm-up comes first, in training order


def test_a_zone_2_session_grows_in_minutes(endurance: AppSession) -> None:
    program = _program(endurance)
    vm = _vm(endurance)
    assert vm.positions[0].text.startswith("Mon · Zone 2 ")
    main = _first_main(program)
    row = _row(vm.weeks, main.movement_name)

    # The ride (the next block may rotate to a run); drills and stretches are left out.
    assert _names(vm.weeks)[0] == main.movement_name
    assert row[:2] == ["1 × 45 min", "1 × 50 min ▲"]
    table = vm.weeks.table
    assert table is not None
    texts = [c.text for r in table.rows for c in r.cells if c is not None]
    assert len(texts) == len(table.columns)  # one cardio slot a week, whichever it is
    assert all(t.startswith("1 × ") and t.endswith(" min") for t in texts)
    vm.show_position(1)  # Wednesday: intervals, more of them each week
    assert vm.weeks.table is not None and vm.weeks.table.position.text.startswith("Wed · Intervals")
    intervals = _row(vm.weeks, vm.weeks.table.rows[0].name)
    assert intervals[:2] == ["4 × 3 min", "5 × 3 min ▲"]


def test_holds_read_in_seconds(app_session: AppSession) -> None:
    app_session.me.programs.create(
        schemas.ProgramCreate(
            goals=(schemas.GoalWeight("MOBILITY", 5), schemas.GoalWeight("HYPERTROPHY", 5)),
            duration_weeks=8,
        )
    )
    program = _program(app_session)
    position = next(p for p in session_positions(program) if p.text.endswith("Mobility Flow"))
    first_week = min(program.microcycles, key=lambda m: m.sequence_number)
    flow = next(s for s in first_week.sessions if s.name == "Mobility Flow")
    hold = next(e for e in flow.exercises if e.role is ExerciseRole.MAIN)

    table = weeks_table(program, position.index)

    assert table is not None
    row = next(r for r in table.rows if r.name == hold.movement_name)
    assert row.cells[0] is not None and row.cells[0].text == f"{hold.sets} × {hold.reps} s"
    assert row.cells[1] is not None and row.cells[1].change == UP  # held longer in week 2


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def page(qtbot: QtBot, session_with_program: AppSession) -> Iterator[ProgramView]:
    view = ProgramView(session_with_program)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activate()
    yield view


def test_the_program_page_shows_the_weeks_table(
    qtbot: QtBot, page: ProgramView, session_with_program: AppSession
) -> None:
    detail = page.detail
    qtbot.waitUntil(lambda: detail.summary is not None)
    detail.views.setCurrentWidget(detail.weeks)
    weeks = detail.weeks
    assert weeks.table.isVisible()
    assert weeks.position.currentText().startswith("Mon · ")
    model = weeks.table.model()
    assert model.headerData(0, HORIZONTAL, DISPLAY).startswith("W1\n")
    assert model.columnCount() == 8
    assert weeks.legend.text().startswith("▲ more than the week before")

    program = _program(session_with_program)
    main = _first_main(program)
    row = _names(page.programs_vm.weeks).index(main.movement_name)
    changed = model.index(row, 1)
    same = model.index(row, 0)
    delegate = weeks.table.itemDelegate()
    for index, bold in ((changed, True), (same, False)):
        option = QStyleOptionViewItem()
        option.initFrom(weeks.table)
        delegate.initStyleOption(option, index)
        assert option.font.bold() is bold
    deload = next(
        c for c in range(model.columnCount()) if model.headerData(c, HORIZONTAL, DELOAD_ROLE)
    )
    background = model.headerData(deload, HORIZONTAL, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush)
    assert background.color() == QColor(theme.current().warn)
    assert model.headerData(0, HORIZONTAL, Qt.ItemDataRole.BackgroundRole) is None
    assert model.headerData(0, HORIZONTAL, Qt.ItemDataRole.FontRole).bold()  # this week
    assert model.headerData(1, HORIZONTAL, Qt.ItemDataRole.FontRole) is None

    # Another session of the week; the strip's week click brings its column into view.
    weeks.position.setCurrentIndex(1)
    assert page.programs_vm.weeks.table is not None
    assert page.programs_vm.weeks.table.position.index == 1
    detail.strip.week_clicked.emit(deload + 1)
    assert weeks.table.currentIndex().column() == deload
    assert isinstance(weeks.table.currentIndex(), QModelIndex)
