"""Import dialog over a real api: preview, mapping changes, unit, cancel, bad files, duplicates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from import_files import BENCH, many_workouts, write_hevy, write_strong
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy
from alloy_desktop.ui.viewmodels.importer import MappingTableModel, Stage
from alloy_desktop.ui.viewmodels.session import LOGS, AppSession
from alloy_desktop.ui.viewmodels.tasks import TaskRunner
from alloy_desktop.ui.views.custom_exercise_dialog import CustomExerciseDialog
from alloy_desktop.ui.views.import_dialog import (
    CHOOSE_LIBRARY,
    DESIGN_NEW,
    MAKE_NEW,
    RESET,
    STOP_QUESTION,
    ImportDialog,
)
from alloy_desktop.ui.widgets.library_picker import LibraryPicker

HAMMER = "Hammer Curls"
CANCELLED = "The import was cancelled; nothing was written."


@pytest.fixture
def dialog(qtbot: QtBot, app_session: AppSession) -> Iterator[ImportDialog]:
    view = ImportDialog(app_session, choose_file=never_asked)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    yield view


def never_asked(*_args: object) -> str:
    raise AssertionError("a file dialog was shown")


def tiles(view: ImportDialog) -> list[tuple[str, str]]:
    return [(t.number.text(), t.caption.text()) for t in view.tiles]


def rows(view: ImportDialog) -> list[tuple[str, ...]]:
    """The mapping table as the lifter reads it: every visible cell's text."""
    model = view.table.model()
    columns = range(MappingTableModel.CHANGE)
    return [tuple(str(model.index(r, c).data()) for c in columns) for r in range(model.rowCount())]


def problems(view: ImportDialog) -> list[str]:
    return [view.problem_list.item(i).text() for i in range(view.problem_list.count())]


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def pick(qtbot: QtBot, view: ImportDialog, source: str, query: str, name: str) -> None:
    """Chooses a library movement for one row through its Change… menu."""
    view.change_action(source, CHOOSE_LIBRARY)
    picker = view.picker
    assert isinstance(picker, LibraryPicker)
    assert picker.windowTitle() == f"Import “{source}” as…"
    qtbot.keyClicks(picker.search, query)
    picker.vm.search_now()
    assert picker.choose(name)
    click(qtbot, picker_ok(picker))
    assert view.picker is None


def picker_ok(picker: LibraryPicker) -> QWidget:
    return next(b for b in picker.buttons.buttons() if b.text() == "Use")


def movement_id(session: AppSession, name: str) -> int:
    found = [m.id for m in session.me.library.search(name, limit=50) if m.name == name]
    assert found, name
    return found[0]


def logged(session: AppSession) -> dict[str, int]:
    return {name: mid for mid, name in session.me.logs.logged_movements()}


# --- the preview ----------------------------------------------------------------------------


def test_a_strong_preview_shows_counts_range_unit_question_mappings_and_bad_lines(
    dialog: ImportDialog, tmp_path: Path
) -> None:
    dialog.read(str(write_strong(tmp_path)))

    assert dialog.vm.stage is Stage.READY
    assert dialog.file_label.text() == "strong.csv · Strong"
    assert tiles(dialog) == [
        ("2", "workouts"),
        ("5", "working sets"),
        ("1", "warm-up"),
        ("1", "activity"),
        ("8", "rows read"),
    ]
    assert dialog.range_label.text() == "From 5 Mar 2026 to 7 Mar 2026"
    assert not dialog.duplicates_label.isVisible()
    assert dialog.unit_card.isVisible()
    assert dialog.unit_question.text() == "Strong does not record the unit: which did you use?"
    assert dialog.kg_button.isChecked()
    assert rows(dialog) == [
        ("Bench Press (Barbell)", "2", BENCH, "97%"),
        ("Incline DB Prss", "2", "Incline Dumbbell Press", "81% · check"),
        ("Deadlift (Barbell)", "1", "Barbell Deadlift", "97%"),
        ("Running (Treadmill)", "1", "Running (Treadmill)", "activity"),
        ("Zottman Wiggle Thing", "1", "Zottman Wiggle Thing", "new custom exercise"),
    ]
    assert dialog.unsure_label.text() == "1 match to check: marked “check” below"
    assert problems(dialog) == ['Line 6 · Reps: Reps "10000" is more than 100.']
    assert not dialog.more_problems.isVisible()
    assert dialog.import_button.text() == "Import 2 workouts"
    assert dialog.import_button.isEnabled()
    # Strength rows can be changed; an activity has no Change… button.
    assert dialog.change_button("Zottman Wiggle Thing").isEnabled()
    activity_row = dialog.vm.mappings.row_of("Running (Treadmill)")
    change = dialog.vm.mappings.index(activity_row, MappingTableModel.CHANGE)
    assert dialog.table.indexWidget(change) is None


def test_many_bad_lines_show_the_first_few_hundred_and_how_many_more(
    dialog: ImportDialog, tmp_path: Path
) -> None:
    good = "2026-03-05 17:30:12,Push Day,1h,Bench Press (Barbell),1,80,5,0,0,,,"
    bad = tuple(f"2026-03-05 17:30:12,Push Day,1h,Bench Press (Barbell),{n},80,999,0,0,,,"
                for n in range(2, 315))  # fmt: skip
    dialog.read(str(write_strong(tmp_path, (good, *bad))))

    assert dialog.problem_list.count() == 300
    assert problems(dialog)[0] == 'Line 3 · Reps: Reps "999" is more than 100.'
    assert dialog.more_problems.text() == "… and 13 more"
    assert dialog.more_problems.isVisible()


def test_a_hevy_file_says_its_unit_so_nothing_is_asked(
    dialog: ImportDialog, tmp_path: Path, app_session: AppSession
) -> None:
    dialog.read(str(write_hevy(tmp_path)))

    assert dialog.file_label.text().startswith("workouts.csv · Hevy")
    assert tiles(dialog)[:3] == [("2", "workouts"), ("3", "working sets"), ("1", "warm-up")]
    assert dialog.range_label.text() == "From 9 Apr 2026 to 11 Apr 2026"
    assert not dialog.unit_card.isVisible()
    click_import(dialog)
    assert dialog.summary.text() == (
        "Imported 2 workouts and 3 sets from 9 Apr 2026 to 11 Apr 2026."
    )
    bench = logged(app_session)[BENCH]
    assert [p.weight_kg for p in app_session.me.logs.e1rm_trend(bench)] == [100.0]


def click_import(view: ImportDialog) -> None:
    assert view.import_button.isVisible() and view.import_button.isEnabled()
    view.import_button.click()


# --- importing ------------------------------------------------------------------------------


def test_importing_writes_the_history_and_says_what_it_did(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path, app_session: AppSession
) -> None:
    topics: list[str] = []
    app_session.changed.connect(topics.append)
    told: list[str] = []
    dialog.imported.connect(told.append)
    dialog.read(str(write_strong(tmp_path)))
    click_import(dialog)

    summary = (
        "Imported 2 workouts, 5 sets and 1 activity from 5 Mar 2026 to 7 Mar 2026; "
        "1 new custom exercise."
    )
    assert dialog.pages.currentWidget() is dialog.done_page
    assert dialog.summary.text() == summary and told == [summary]
    assert dialog.progress_button.isVisible() and not dialog.import_button.isVisible()
    assert LOGS in topics  # pages that show history reload
    names = logged(app_session)
    assert {BENCH, "Barbell Deadlift", "Incline Dumbbell Press", "Zottman Wiggle Thing"} <= set(
        names
    )
    assert [m.name for m in app_session.me.exercises.list()] == ["Zottman Wiggle Thing"]
    trend = app_session.me.logs.e1rm_trend(names[BENCH])
    assert [(p.day.isoformat(), p.weight_kg, p.reps) for p in trend] == [("2026-03-05", 80.0, 5)]
    with qtbot.waitSignal(dialog.progress_requested):
        click(qtbot, dialog.progress_button)
    assert not dialog.isVisible()


def test_a_changed_mapping_imports_the_sets_under_the_chosen_movement(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path, app_session: AppSession
) -> None:
    dialog.read(str(write_strong(tmp_path)))
    pick(qtbot, dialog, "Zottman Wiggle Thing", "hammer curl", HAMMER)
    assert rows(dialog)[4] == ("Zottman Wiggle Thing", "1", HAMMER, "your choice")
    dialog.change_action("Deadlift (Barbell)", MAKE_NEW)
    assert rows(dialog)[2] == (
        "Deadlift (Barbell)",
        "1",
        "Deadlift (Barbell)",
        "new custom exercise",
    )
    dialog.change_action("Incline DB Prss", MAKE_NEW)
    dialog.change_action("Incline DB Prss", RESET)  # changed my mind: back to the match
    assert rows(dialog)[1][2:] == ("Incline Dumbbell Press", "81% · check")
    click_import(dialog)

    names = logged(app_session)
    assert names[HAMMER] == movement_id(app_session, HAMMER)
    assert "Zottman Wiggle Thing" not in names and "Barbell Deadlift" not in names
    hammer = app_session.me.logs.e1rm_trend(names[HAMMER])
    assert [(p.weight_kg, p.reps) for p in hammer] == [(20.0, 10)]
    assert [m.name for m in app_session.me.exercises.list()] == ["Deadlift (Barbell)"]
    assert dialog.summary.text().endswith("; 1 new custom exercise.")


def test_a_row_can_become_a_custom_exercise_designed_on_the_spot(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path, app_session: AppSession
) -> None:
    dialog.read(str(write_strong(tmp_path)))
    dialog.change_action("Zottman Wiggle Thing", DESIGN_NEW)
    editor = dialog.editor
    assert isinstance(editor, CustomExerciseDialog)
    assert editor.name.text() == "Zottman Wiggle Thing"
    editor.name.setText("Zottman Curl")
    editor.pattern.setCurrentIndex(editor.pattern.findData("ISOLATION_UPPER"))
    editor.equipment.setCurrentIndex(editor.equipment.findData("DUMBBELL"))
    editor.primary.set_checked(("BICEPS", "FOREARMS"))
    click(qtbot, editor.save_button)
    assert dialog.editor is None
    assert rows(dialog)[4][2:] == ("Zottman Curl", "your choice")
    click_import(dialog)

    assert "Zottman Curl" in logged(app_session)
    assert [m.name for m in app_session.me.exercises.list()] == ["Zottman Curl"]


def test_the_unit_choice_changes_the_weights_imported(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path, app_session: AppSession
) -> None:
    dialog.read(str(write_strong(tmp_path)))
    click(qtbot, dialog.lb_button)
    assert dialog.vm.stage is Stage.READY
    assert dialog.vm.preview is not None and dialog.vm.preview.unit == "LB"
    assert dialog.lb_button.isChecked()
    assert rows(dialog)[0][:2] == ("Bench Press (Barbell)", "2")
    click_import(dialog)

    bench = app_session.me.logs.e1rm_trend(logged(app_session)[BENCH])
    assert [p.weight_kg for p in bench] == [pytest.approx(80 * 0.45359237, abs=0.01)]


def test_importing_the_same_file_again_shows_the_duplicates(
    qtbot: QtBot, app_session: AppSession, tmp_path: Path, dialog: ImportDialog
) -> None:
    path = str(write_hevy(tmp_path))
    dialog.read(path)
    click_import(dialog)

    again = ImportDialog(app_session, choose_file=lambda *_args: path)
    qtbot.addWidget(again)
    again.show()
    click(qtbot, again.choose_button)  # the dialog's own file chooser
    assert again.duplicates_label.isVisible()
    assert again.duplicates_label.text() == "2 workouts were imported before and will be skipped."
    assert again.import_button.text() == "Nothing new to import"
    assert not again.import_button.isEnabled()


def test_a_remembered_choice_is_shown_as_remembered_next_time(
    qtbot: QtBot, app_session: AppSession, tmp_path: Path, dialog: ImportDialog
) -> None:
    dialog.read(str(write_strong(tmp_path)))
    pick(qtbot, dialog, "Zottman Wiggle Thing", "hammer curl", HAMMER)
    click_import(dialog)

    dialog.read(str(write_strong(tmp_path)))
    assert rows(dialog)[4] == ("Zottman Wiggle Thing", "1", HAMMER, "remembered")


# --- cancelling and closing -----------------------------------------------------------------


def cancel_midway(view: ImportDialog, action: Callable[[], None]) -> list[int]:
    """Runs `action` at the first real progress report (the inline runner has no other gap)."""
    seen: list[int] = []

    def _on_progress(done: int, _total: int) -> None:
        seen.append(done)
        if done > 0 and len(seen) == 2:
            action()

    view.vm.progress_changed.connect(_on_progress)
    return seen


def test_cancel_stops_the_import_and_writes_nothing(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path, app_session: AppSession
) -> None:
    dialog.read(str(write_strong(tmp_path, many_workouts())))
    seen = cancel_midway(dialog, lambda: click(qtbot, dialog.cancel_button))
    click_import(dialog)

    assert len(seen) == 2  # stopped at the next check after the click
    assert dialog.notice.isVisible() and dialog.notice.text() == CANCELLED
    assert dialog.vm.stage is Stage.READY
    assert dialog.import_button.isVisible() and not dialog.cancel_button.isVisible()
    assert app_session.me.logs.logged_movements() == []
    assert app_session.me.logs.workouts() == [] and app_session.me.activities.history() == []
    assert app_session.me.exercises.list() == []


def answer(reply: QMessageBox.StandardButton, asked: list[str]) -> Any:
    def question(_parent: object, _title: str, text: str, *_args: object) -> Any:
        asked.append(text)
        return reply

    return question


def test_closing_while_importing_asks_and_then_cancels(
    qtbot: QtBot,
    dialog: ImportDialog,
    tmp_path: Path,
    app_session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes, asked))
    dialog.read(str(write_strong(tmp_path, many_workouts())))
    cancel_midway(dialog, dialog.close)
    click_import(dialog)

    assert asked == [STOP_QUESTION]
    assert not dialog.isVisible()
    assert app_session.me.logs.logged_movements() == []


def test_closing_while_importing_can_be_refused(
    qtbot: QtBot,
    dialog: ImportDialog,
    tmp_path: Path,
    app_session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No, asked))
    dialog.read(str(write_strong(tmp_path, many_workouts())))
    cancel_midway(dialog, dialog.reject)
    click_import(dialog)

    assert asked == [STOP_QUESTION]
    assert dialog.isVisible() and dialog.vm.stage is Stage.DONE
    assert dialog.summary.text().startswith("Imported 24 workouts and 2,160 sets from ")


# --- bad files --------------------------------------------------------------------------------


def test_a_binary_file_is_refused_with_a_sentence(dialog: ImportDialog, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(bytes(range(256)) * 40)
    dialog.read(str(path))

    assert dialog.message.isVisible()
    assert (
        dialog.message.text()
        == "photo.jpg is not a text file; choose the CSV the other app exported."
    )
    assert dialog.pages.currentWidget() is dialog.empty_page
    assert not dialog.import_button.isVisible()
    assert dialog.choose_button.text() == "Choose another file…"


def test_a_csv_of_another_app_is_refused_with_a_sentence(
    dialog: ImportDialog, tmp_path: Path
) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("Date,Payee,Amount\n2026-01-02,Coffee,3.50\n", encoding="utf-8")
    dialog.read(str(path))

    assert dialog.message.isVisible()
    assert dialog.message.text() == (
        "Alloy reads CSV exports from Strong, Hevy and FitNotes, and this is none of them: "
        'its first line is "Date,Payee,Amount".'
    )
    assert dialog.pages.currentWidget() is dialog.empty_page


# --- off the GUI thread ---------------------------------------------------------------------


def test_preview_and_import_run_on_a_worker_with_a_progress_bar(
    qtbot: QtBot, ui_alloy: Alloy, tmp_path: Path
) -> None:
    runner = TaskRunner()
    session = AppSession(ui_alloy, runner)
    token = ui_alloy.auth.register("threaded@example.com", "correct horse", "Tam")
    assert session.resume(token.access_token)
    view = ImportDialog(session, choose_file=never_asked)
    qtbot.addWidget(view)
    view.show()
    values: list[int] = []
    view.vm.progress_changed.connect(lambda done, _total: values.append(done))

    view.read(str(write_strong(tmp_path, many_workouts())))
    assert view.vm.stage is Stage.READING  # the file is read on a worker
    qtbot.waitUntil(lambda: view.vm.stage is Stage.READY, timeout=10000)
    assert tiles(view)[:2] == [("24", "workouts"), ("2,160", "working sets")]
    click_import(view)
    qtbot.waitUntil(lambda: view.vm.stage is Stage.DONE, timeout=10000)

    assert view.summary.text().startswith("Imported 24 workouts and 2,160 sets from ")
    assert values[0] == 0 and values[-1] == view.progress.maximum() > 0
    assert runner.wait(5000)
