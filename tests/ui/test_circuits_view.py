"""Circuits page: browsing by type, the detail in the user's unit, and the admin editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.ui.viewmodels.circuits import (
    CircuitDraft,
    CircuitsViewModel,
    amount_text,
    clock_text,
    distance_text,
    draft_of,
    update_of,
)
from alloy_desktop.ui.viewmodels.session import CIRCUITS, SETTINGS, AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
from alloy_desktop.ui.views.circuits_view import CircuitsView

Page = Callable[..., CircuitsView]


@pytest.fixture
def page(qtbot: QtBot, app_session: AppSession) -> Page:
    def make(session: AppSession = app_session) -> CircuitsView:
        view = CircuitsView(session)
        qtbot.addWidget(view)
        view.resize(1090, 760)
        view.show()
        qtbot.waitExposed(view)
        view.activate()
        return view

    return make


@pytest.fixture
def lifter(qtbot: QtBot, ui_alloy: Alloy, app_session: AppSession) -> AppSession:
    """A second account: not the first, so not an admin."""
    token = ui_alloy.auth.register("second@example.com", "correct horse", "Sam")
    session = AppSession(ui_alloy, InlineTaskRunner())
    assert session.resume(token.access_token)
    return session


def column(view: CircuitsView, index: int) -> list[str]:
    return [view.table.item(row, index).text() for row in range(view.table.rowCount())]


def exercise_rows(view: CircuitsView) -> list[list[str]]:
    table = view.exercises
    return [
        [table.item(row, col).text() for col in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def choose_type(view: CircuitsView, value: str) -> None:
    view.type_filter.setCurrentIndex(view.type_filter.findData(value))


def circuit_id(session: AppSession, name: str) -> int:
    return next(c.id for c in session.me.circuits.list() if c.name == name)


def click(qtbot: QtBot, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


# --- browsing -------------------------------------------------------------------------------


def test_the_list_shows_every_circuit_with_type_and_time_cap(page: Page) -> None:
    view = page()
    assert view.table.rowCount() == 25
    assert view.count.text() == "25 circuits"
    row = column(view, 0).index("Cindy")
    assert view.table.item(row, 1).text() == "AMRAP"
    assert view.table.item(row, 2).text() == "20 min"
    assert view.name.text() == "Fran"  # the first circuit is shown straight away


def test_filtering_by_type_lists_only_that_type(page: Page) -> None:
    view = page()
    choose_type(view, "AMRAP")
    assert view.table.rowCount() == 3
    assert set(column(view, 1)) == {"AMRAP"}
    assert "Cindy" in column(view, 0)
    assert view.count.text() == "3 AMRAP circuits"
    assert view.name.text() == column(view, 0)[0]  # the detail follows the filter

    choose_type(view, "TABATA")
    assert view.count.text() == "2 Tabata circuits"
    choose_type(view, "")
    assert view.table.rowCount() == 25


def test_typing_a_name_narrows_the_list(page: Page, qtbot: QtBot) -> None:
    view = page()
    qtbot.keyClicks(view.search, "cin")
    assert column(view, 0) == ["Cindy"]
    assert view.name.text() == "Cindy"
    view.search.setText("zzz")
    assert view.table.rowCount() == 0
    assert view.count.text() == 'No circuits match "zzz".'
    assert view.pages.currentIndex() == 0  # the empty hint instead of a stale circuit


def test_detail_shows_structure_and_movements(page: Page) -> None:
    view = page()
    assert view.select_circuit("Cindy")
    assert view.kind.text() == "AMRAP"
    assert "As many rounds as possible in 20 minutes" in view.description.text()
    facts = [view.facts.itemAtPosition(r, c).widget().text() for c in range(2) for r in range(2)]
    assert facts == ["Time cap", "20 min", "Score", "Rounds+reps"]
    rows = exercise_rows(view)
    assert [r[0] for r in rows] == ["Pullups", "Pushups", "Bodyweight Squat"]
    assert [r[1] for r in rows] == ["5 reps", "10 reps", "15 reps"]
    assert rows[0][2] == rows[0][3] == "—"


def test_switching_circuits_leaves_no_stale_facts_on_screen(page: Page, qtbot: QtBot) -> None:
    view = page()
    view.select_circuit("Fran")
    view.select_circuit("Cindy")

    def shown() -> list[str]:
        return [
            w.text()
            for w in view.detail_page.findChildren(QLabel)
            if w.objectName() in ("factCaption", "factValue") and w.isVisible()
        ]

    # New labels appear once the event loop runs; Fran's must be gone at once.
    assert "21-15-9" not in shown()
    qtbot.waitUntil(lambda: shown() == ["Time cap", "20 min", "Score", "Rounds+reps"])


def test_loads_are_shown_in_pounds_for_a_pound_user(page: Page, app_session: AppSession) -> None:
    app_session.me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    view = page()
    assert view.select_circuit("Fran")
    headers = [view.exercises.horizontalHeaderItem(i).text() for i in range(5)]
    assert headers[2:4] == ["Men (lb)", "Women (lb)"]
    thruster = exercise_rows(view)[0]
    assert thruster[:4] == ["Thruster", "21-15-9 reps", "95 lb", "65 lb"]
    assert thruster[4] == "Rx load 95/65 lb"


def test_a_unit_change_elsewhere_reloads_the_loads(page: Page, app_session: AppSession) -> None:
    view = page()
    view.select_circuit("Fran")
    assert exercise_rows(view)[0][2] == "43.1 kg"
    app_session.me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    app_session.notify(SETTINGS)
    assert exercise_rows(view)[0][2] == "95 lb"
    assert view.name.text() == "Fran"  # the selection survives the reload


# --- admin editing -------------------------------------------------------------------------


def test_a_lifter_who_is_not_admin_sees_no_edit_button(page: Page, lifter: AppSession) -> None:
    view = page(lifter)
    view.select_circuit("Fran")
    assert view.name.text() == "Fran"
    assert not view.edit_button.isVisible()
    view.vm.start_edit()  # even a direct call stays read-only
    assert not view.vm.editing
    assert view.pages.currentIndex() == 1


def test_admin_sees_the_editor_with_the_source_workout(page: Page, qtbot: QtBot) -> None:
    view = page()
    view.select_circuit("Fran")
    assert view.edit_button.isVisible()
    click(qtbot, view.edit_button)
    assert view.vm.editing
    assert view.pages.currentIndex() == 2
    assert not view.list_panel.isVisible()  # the editor takes the whole width
    assert view.edit_title.text() == "Editing Fran"
    assert [row.movement.text() for row in view.rows] == ["Thruster", "Pullups"]
    assert view.rows[0].load_male.text() == "43.1"
    assert "Rep scheme 21-15-9" in view.rep_scheme_note.text()
    assert '"movement": "Thruster"' in view.raw.toPlainText()
    assert '"load_original": "95/65 lb"' in view.raw.toPlainText()


def test_a_zero_rep_count_shows_the_error_beside_that_row(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    view.select_circuit("Cindy")
    click(qtbot, view.edit_button)
    view.rows[2].reps.setText("0")
    click(qtbot, view.save_button)

    bad = view.rows[2]
    assert bad.error.isVisible()
    assert bad.error.text() == "Exercise 3: reps must be at least 1."
    assert bad.reps.property("invalid") is True
    assert not view.rows[0].error.isVisible() and not view.rows[1].error.isVisible()
    assert view.vm.editing  # the editor stays open with the lifter's text
    assert bad.reps.text() == "0"
    stored = app_session.me.circuits.get(circuit_id(app_session, "Cindy"))
    assert [e.reps for e in stored.exercises] == [5, 10, 15]


def test_text_that_is_not_a_number_is_caught_before_the_api(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    view.select_circuit("Cindy")
    click(qtbot, view.edit_button)
    view.rows[0].load_male.setText("heavy")
    click(qtbot, view.save_button)
    assert view.rows[0].error.text() == "Exercise 1: men's load must be a number."
    assert view.rows[0].load_male.property("invalid") is True


def test_saving_an_edit_updates_the_detail_and_the_database(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    app_session.me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    view = page()
    changes: list[str] = []
    app_session.changed.connect(changes.append)
    view.select_circuit("Fran")
    click(qtbot, view.edit_button)
    view.rows[1].notes.setText("strict or kipping")
    view.rows[1].load_male.setText("20")
    view.edit_cap.setText("10")
    click(qtbot, view.save_button)

    assert not view.vm.editing
    assert view.pages.currentIndex() == 1 and view.list_panel.isVisible()
    assert view.status.text() == "Saved Fran."
    assert CIRCUITS in changes
    pullups = exercise_rows(view)[1]
    assert pullups[2] == "20 lb" and pullups[4] == "strict or kipping"
    stored = app_session.me.circuits.get(circuit_id(app_session, "Fran"))
    assert stored.time_cap_minutes == 10
    assert stored.exercises[1].load_male_kg == pytest.approx(9.07, abs=0.01)
    # The untouched thruster load is kept to the gram, not re-rounded through pounds.
    assert stored.exercises[0].load_male_kg == 43.1
    assert stored.exercises[0].load_female_kg == 29.5


def test_rows_can_be_added_from_the_library_moved_and_removed(
    page: Page, qtbot: QtBot, app_session: AppSession
) -> None:
    view = page()
    view.select_circuit("Cindy")
    click(qtbot, view.edit_button)
    click(qtbot, view.add_exercise)
    picker = view.picker
    assert picker is not None
    picker.search.setText("Front Box Jump")
    picker.vm.search_now()
    assert picker.choose("Front Box Jump")
    click(qtbot, picker.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert [r.movement.text() for r in view.rows][-1] == "Front Box Jump"
    view.rows[3].reps.setText("10")
    click(qtbot, view.rows[3].up)
    assert [r.movement.text() for r in view.rows] == [
        "Pullups", "Pushups", "Front Box Jump", "Bodyweight Squat",
    ]  # fmt: skip
    click(qtbot, view.rows[0].remove)
    click(qtbot, view.save_button)

    stored = app_session.me.circuits.get(circuit_id(app_session, "Cindy"))
    assert [(e.movement_name, e.reps) for e in stored.exercises] == [
        ("Pushups", 10), ("Front Box Jump", 10), ("Bodyweight Squat", 15),
    ]  # fmt: skip


def test_an_exercise_without_any_amount_is_flagged_on_its_row(page: Page, qtbot: QtBot) -> None:
    view = page()
    view.select_circuit("Cindy")
    click(qtbot, view.edit_button)
    view.rows[1].reps.clear()
    click(qtbot, view.save_button)
    assert view.rows[1].error.text() == (
        "Exercise 2 needs reps, a distance, a duration or calories."
    )
    assert view.rows[1].movement.property("invalid") is True


def test_cancel_with_changes_asks_first(
    page: Page, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page()
    view.select_circuit("Cindy")
    click(qtbot, view.edit_button)
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Any:
        def question(_parent: Any, _title: str, text: str, *args: Any) -> Any:
            asked.append(text)
            return reply

        return question

    click(qtbot, view.cancel_button)  # nothing changed: no question
    assert not asked and not view.vm.editing

    click(qtbot, view.edit_button)
    view.rows[0].reps.setText("7")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    click(qtbot, view.cancel_button)
    assert asked == ["Discard your unsaved changes to Cindy?"]
    assert view.vm.editing and view.rows[0].reps.text() == "7"
    assert not view.can_close()

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.rows[0].reps.setFocus()
    qtbot.keyClick(view.rows[0].reps, Qt.Key.Key_Escape)  # Esc leaves the editor, asking too
    assert len(asked) == 3
    assert not view.vm.editing
    assert exercise_rows(view)[0][1] == "5 reps"


# --- view-model and wording ------------------------------------------------------------------


def test_view_model_filters_through_the_api(app_session: AppSession) -> None:
    vm = CircuitsViewModel(app_session)
    seen: list[int] = []
    vm.circuits_changed.connect(lambda rows: seen.append(len(rows)))
    vm.refresh()
    vm.set_kind("EMOM")
    assert seen == [25, 1]
    assert vm.rows[0].name == "Chelsea"
    assert vm.detail is not None and ("Interval", "every 1:00") in vm.detail.facts


def test_words_for_amounts() -> None:
    assert clock_text(90) == "1:30"
    assert distance_text(400) == "400 m"
    assert distance_text(1609.3) == "1.6 km"
    ex = schemas.CircuitExerciseResponse(1, "Row", None, 500.0, None, 20, None, None, None)
    assert amount_text(ex, None) == "500 m · 20 cal"


def test_an_untouched_row_keeps_its_exact_kilograms(app_session: AppSession) -> None:
    fran = next(c for c in app_session.me.circuits.list() if c.name == "Fran")
    vm = CircuitsViewModel(app_session)
    draft = draft_of(fran, WeightUnit.LB)
    assert draft.exercises[0].load_male == "95"
    update = update_of(draft, WeightUnit.LB, fran)
    assert update.exercises[0].load_male_kg == 43.1
    changed = CircuitDraft(draft.description, "", "", draft.exercises)
    assert update_of(changed, WeightUnit.LB, fran).rounds is None
    assert vm.has_edits(draft) is False  # not editing: nothing to lose
