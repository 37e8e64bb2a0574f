"""Progress page: e1RM trend, weekly hard sets and adherence, via the view-model and the view."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.domain.enums import E1RMFormula, MuscleGroup, WeightUnit
from alloy_desktop.domain.metrics import kg_to_lb
from alloy_desktop.ui.viewmodels.progress import (
    ProgressViewModel,
    Span,
    build_weekly,
    epoch,
    readout,
)
from alloy_desktop.ui.viewmodels.session import SETTINGS, AppSession
from alloy_desktop.ui.views.progress_view import ProgressView
from alloy_desktop.ui.widgets import theme

SQUAT = "Barbell Squat"
BENCH = "Barbell Bench Press - Medium Grip"
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # the ui_clock's Monday

# (days before NOW, squat sets as (weight, reps, rpe)); two workouts on day 30 test the daily best.
SQUAT_DAYS: tuple[tuple[int, tuple[tuple[float, int, float | None], ...]], ...] = (
    (200, ((100, 5, None), (90, 8, None))),
    (120, ((105, 5, None),)),
    (60, ((100, 5, None), (105, 3, 9.0))),
    (30, ((110, 5, None),)),
    (30, ((115, 2, None),)),
    (14, ((107.5, 5, None),)),
    (6, ((120, 5, None), (100, 10, None))),
)
G = MuscleGroup


def movement(me: UserApi, name: str) -> int:
    return next(m.id for m in me.library.search(name, limit=20) if m.name == name)


def log(
    me: UserApi, name: str, days_ago: int, sets: tuple[tuple[float, int, float | None], ...]
) -> None:
    me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            exercises=(
                schemas.CustomExercise(
                    movement(me, name),
                    tuple(
                        schemas.CompletedSet(i, w, r, rpe) for i, (w, r, rpe) in enumerate(sets, 1)
                    ),
                ),
            ),
            performed_at=NOW - timedelta(days=days_ago, hours=1),
        )
    )


@pytest.fixture
def lifter(app_session: AppSession) -> AppSession:
    """Squats on seven days over 200 days (one day twice), bench twice."""
    for days_ago, sets in SQUAT_DAYS:
        log(app_session.me, SQUAT, days_ago, sets)
    for days_ago in (20, 3):
        log(app_session.me, BENCH, days_ago, ((80, 5, None), (80, 5, None), (80, 5, None)))
    return app_session


@pytest.fixture
def vm(lifter: AppSession) -> ProgressViewModel:
    model = ProgressViewModel(lifter)
    model.refresh()
    return model


@pytest.fixture
def view(qtbot: QtBot, lifter: AppSession) -> ProgressView:
    page = ProgressView(lifter)
    qtbot.addWidget(page)
    page.resize(1090, 750)
    page.show()
    qtbot.waitExposed(page)
    page.activate()
    return page


def expected(me: UserApi, formula: E1RMFormula, since: date | None) -> list[schemas.E1RMPoint]:
    return me.logs.e1rm_trend(movement(me, SQUAT), formula, since)


# --- view-model -------------------------------------------------------------------------------


def test_movements_are_the_logged_ones_most_logged_first(vm: ProgressViewModel) -> None:
    assert [name for _, name in vm.movements] == [SQUAT, BENCH]
    assert vm.movement_id == vm.movements[0][0]
    assert vm.formula is E1RMFormula.EPLEY  # the settings' choice
    assert vm.span is Span.YEAR


def test_trend_points_are_the_apis_daily_bests(vm: ProgressViewModel, lifter: AppSession) -> None:
    vm.set_span(Span.ALL)
    points = expected(lifter.me, E1RMFormula.EPLEY, None)
    assert vm.trend.points == tuple(points)
    assert len(points) == 6  # seven workouts on six days
    assert vm.trend.x.tolist() == [epoch(p.day) for p in points]
    assert vm.trend.y.tolist() == pytest.approx([p.e1rm_kg for p in points])
    day_30 = next(p for p in points if p.day == (NOW - timedelta(days=30, hours=1)).date())
    assert day_30.e1rm_kg == pytest.approx(110 * (1 + 5 / 30))  # best of the day's two workouts
    prs = [p for p in points if p.is_pr]
    assert [p.day for p in prs] == [points[i].day for i in (1, 3, 5)]
    assert vm.trend.pr_x.tolist() == [epoch(p.day) for p in prs]
    assert vm.trend.pr_y.tolist() == pytest.approx([p.e1rm_kg for p in prs])


def test_a_shorter_span_keeps_prs_relative_to_all_history(
    vm: ProgressViewModel, lifter: AppSession
) -> None:
    vm.set_span(Span.THREE_MONTHS)
    since = lifter.today() - timedelta(days=91)
    points = expected(lifter.me, E1RMFormula.EPLEY, since)
    assert vm.trend.points == tuple(points)
    assert min(p.day for p in points) >= since and len(points) == 4
    assert points[0].is_pr is False  # 105 x 3 @ 9 does not beat the 105 x 5 from before the span


def test_formula_change_changes_values(vm: ProgressViewModel, lifter: AppSession) -> None:
    epley = vm.trend.y.copy()
    vm.set_formula(E1RMFormula.BRZYCKI)
    since = lifter.today() - timedelta(days=365)
    brzycki = expected(lifter.me, E1RMFormula.BRZYCKI, since)
    assert vm.trend.formula is E1RMFormula.BRZYCKI
    assert vm.trend.y.tolist() == pytest.approx([p.e1rm_kg for p in brzycki])
    assert not np.allclose(vm.trend.y, epley)
    vm.set_formula(E1RMFormula.LOMBARDI)
    lombardi = expected(lifter.me, E1RMFormula.LOMBARDI, since)
    assert vm.trend.y.tolist() == pytest.approx([p.e1rm_kg for p in lombardi])


def test_values_follow_the_users_unit(vm: ProgressViewModel, lifter: AppSession) -> None:
    kg = vm.trend.y.copy()
    lifter.me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    lifter.notify(SETTINGS)
    assert vm.trend.unit is WeightUnit.LB
    assert vm.trend.y.tolist() == pytest.approx([kg_to_lb(v) for v in kg])
    assert " lb e1RM · " in vm.readout_at(0)


def test_readout_text() -> None:
    point = schemas.E1RMPoint(date(2026, 3, 12), 142.5, 120.0, 5, False)
    assert readout(point, WeightUnit.KG) == "12 Mar 2026 · 142.5 kg e1RM · 120 × 5"
    pr = schemas.E1RMPoint(date(2026, 3, 12), 142.5, 102.5, 5, True)
    assert readout(pr, WeightUnit.KG) == "12 Mar 2026 · 142.5 kg e1RM · 102.5 × 5 · PR"
    assert readout(point, WeightUnit.LB) == "12 Mar 2026 · 314.2 lb e1RM · 264.6 × 5"


def test_nearest_day_and_summary(vm: ProgressViewModel) -> None:
    xs = vm.trend.x
    assert vm.nearest_index(xs[1] + 3600) == 1
    assert vm.nearest_index(xs[0] - 10**7) == 0
    assert vm.nearest_index(xs[-1] + 10**7) == xs.size - 1
    assert vm.summary().startswith("Best 140.0 kg on ")  # 120 x 5, six days ago
    assert "3 PR days" in vm.summary()


def test_weekly_hard_sets_per_muscle_group(vm: ProgressViewModel, lifter: AppSession) -> None:
    rows = lifter.me.logs.weekly_hard_sets(52)
    quads = sum(r.hard_sets for r in rows if r.muscle_group is G.QUADS)
    assert vm.weekly.group is G.QUADS  # the most trained group comes first
    assert vm.weekly.sets.sum() == pytest.approx(quads)
    assert vm.weekly.landmarks == (8, 20)
    assert np.all(np.diff(vm.weekly.x) == 7 * 86400)  # every week, empty ones as zero
    vm.set_weekly_group(G.CHEST)
    chest = sum(r.hard_sets for r in rows if r.muscle_group is G.CHEST)
    assert vm.weekly.sets.sum() == pytest.approx(chest) == 6
    assert vm.weekly_readout().startswith("Week of 2 Nov 2026 · ")
    assert G.TRICEPS in vm.weekly.groups and G.BICEPS not in vm.weekly.groups


def test_weekly_zones_flag_weeks_outside_the_band(vm: ProgressViewModel) -> None:
    zones = vm.weekly_zones()  # quads: MEV 8, MRV 20; every logged week has 1 to 5 sets
    assert len(zones) == vm.weekly.sets.size
    assert set(zones[:-1]) == {"low"}
    assert zones[-1] == "ok"  # this week is still under way
    vm.set_weekly_group(G.LOWER_BACK)  # no landmarks for it: nothing to flag
    assert vm.weekly.landmarks is None and set(vm.weekly_zones()) == {"ok"}


def test_weekly_with_no_rows_is_empty() -> None:
    weekly = build_weekly([], None, date(2026, 11, 2))
    assert weekly.x.size == 0 and weekly.groups == () and weekly.landmarks is None


def test_adherence_without_a_program_says_why(vm: ProgressViewModel) -> None:
    assert vm.adherence.data is None
    assert "No active program" in vm.adherence.message


def test_adherence_with_a_program(session_with_program: AppSession) -> None:
    model = ProgressViewModel(session_with_program)
    model.refresh()
    data = model.adherence.data
    assert data is not None and data.planned_sessions > 0
    assert data == session_with_program.me.logs.adherence()


def test_a_logged_workout_refreshes_the_page(vm: ProgressViewModel, lifter: AppSession) -> None:
    log(lifter.me, SQUAT, 1, ((130, 5, None),))
    lifter.notify("logs")
    assert vm.trend.points[-1].e1rm_kg == pytest.approx(130 * (1 + 5 / 30))
    assert vm.trend.points[-1].is_pr


# --- view ---------------------------------------------------------------------------------------


def test_chart_curve_is_the_trend(view: ProgressView, lifter: AppSession) -> None:
    x, y = view.trend_curve.getData()
    assert x.tolist() == view.vm.trend.x.tolist()
    assert y.tolist() == pytest.approx(
        [
            p.e1rm_kg
            for p in expected(lifter.me, E1RMFormula.EPLEY, lifter.today() - timedelta(days=365))
        ]
    )
    pr_x, _ = view.pr_points.getData()
    assert pr_x.tolist() == view.vm.trend.pr_x.tolist()
    assert view.movement_picker.currentText() == SQUAT
    assert view.trend_title.text() == f"Estimated 1RM · {SQUAT}"
    assert view.readout.text() == "Latest: " + view.vm.readout_at(len(view.vm.trend.points) - 1)


def test_formula_and_span_reuse_the_plot_items(view: ProgressView, lifter: AppSession) -> None:
    curve = view.trend_curve
    index = view.formula_picker.findData(E1RMFormula.BRZYCKI)
    view.formula_picker.setCurrentIndex(index)
    view.formula_picker.activated.emit(index)
    assert view.trend_curve is curve and curve in view.trend_plot.getPlotItem().items
    _, y = curve.getData()
    since = lifter.today() - timedelta(days=365)
    assert y.tolist() == pytest.approx(
        [p.e1rm_kg for p in expected(lifter.me, E1RMFormula.BRZYCKI, since)]
    )
    next(b for b in view.span_buttons.buttons() if b.objectName() == "spanALL").click()
    assert view.vm.span is Span.ALL
    assert curve.getData()[0].size == 6


def test_hovering_the_chart_reads_out_the_day(qtbot: QtBot, view: ProgressView) -> None:
    trend = view.vm.trend
    box = view.trend_plot.getPlotItem().getViewBox()
    scene = box.mapViewToScene(QPointF(float(trend.x[1]), float(trend.y[1])))
    qtbot.mouseMove(view.trend_plot.viewport(), view.trend_plot.mapFromScene(scene))
    qtbot.waitUntil(lambda: not view.readout.text().startswith("Latest"))
    assert view.readout.text() == readout(trend.points[1], WeightUnit.KG)
    assert view.hover_line.isVisible() and view.hover_line.value() == trend.x[1]


def test_arrow_keys_step_the_readout(qtbot: QtBot, view: ProgressView) -> None:
    trend = view.vm.trend
    view.trend_plot.setFocus()
    qtbot.keyClick(view.trend_plot, Qt.Key.Key_Left)
    assert view.readout.text() == readout(trend.points[-2], WeightUnit.KG)
    qtbot.keyClick(view.trend_plot, Qt.Key.Key_Right)
    qtbot.keyClick(view.trend_plot, Qt.Key.Key_Right)
    assert view.readout.text() == readout(trend.points[-1], WeightUnit.KG)


def test_picking_another_movement(view: ProgressView, lifter: AppSession) -> None:
    index = view.movement_picker.findText(BENCH)
    view.movement_picker.setCurrentIndex(index)
    view.movement_picker.activated.emit(index)
    _, y = view.trend_curve.getData()
    assert y.tolist() == pytest.approx([80 * (1 + 5 / 30)] * 2)
    assert view.trend_title.text().endswith(BENCH)


def test_weekly_bars_and_band(view: ProgressView) -> None:
    assert view.bars.opts["height"].tolist() == view.vm.weekly.sets.tolist()
    assert view.band.isVisible() and view.band.getRegion() == (8, 20)
    index = view.group_picker.findData(G.TRICEPS)
    view.group_picker.activated.emit(index)
    assert view.vm.weekly.group is G.TRICEPS
    assert view.bars.opts["height"].sum() == pytest.approx(view.vm.weekly.sets.sum())
    assert "triceps" in view.band_note.text()


def test_adherence_card_without_a_program(view: ProgressView) -> None:
    assert view.completion.text() == "—"
    assert "No active program" in view.adherence_message.text()


def test_empty_page_explains_itself(qtbot: QtBot, app_session: AppSession) -> None:
    page = ProgressView(app_session)
    qtbot.addWidget(page)
    page.activate()
    assert page.trend_stack.currentWidget() is page.trend_empty
    assert "Log a workout" in page.trend_empty.text()
    assert not page.movement_picker.isEnabled()
    assert page.weekly_stack.currentWidget() is page.weekly_empty
    assert "once you log workouts" in page.weekly_empty.text()


def test_typing_a_movement_name_picks_it(qtbot: QtBot, view: ProgressView) -> None:
    search = view.movement_search
    search.setFocus()
    search.selectAll()
    qtbot.keyClicks(search, BENCH)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert view.vm.trend.movement_name == BENCH
    assert view.trend_title.text().endswith(BENCH)


def test_restyle_follows_the_dark_palette(view: ProgressView) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        theme.apply(app, dark=True)
        view.restyle()
        assert view.trend_curve.opts["pen"].color() == QColor(theme.DARK.accent)
        assert view.trend_plot.backgroundBrush().color() == QColor(theme.DARK.surface)
        assert not view.grab().isNull()
    finally:
        theme.apply(app, dark=False)
        view.restyle()
