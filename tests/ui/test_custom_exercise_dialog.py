"""Custom exercise editor: create, edit, errors beside fields; reached from the library picker."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import Equipment, MovementPattern, MuscleGroup
from alloy_desktop.ui.viewmodels.session import MOVEMENTS, AppSession
from alloy_desktop.ui.viewmodels.workout_logger import LibrarySearchViewModel, MovementChoice
from alloy_desktop.ui.views.custom_exercise_dialog import CustomExerciseDialog
from alloy_desktop.ui.widgets.library_picker import CUSTOM_MARK, LibraryPicker

Editor = Callable[..., CustomExerciseDialog]
LANDMINE = schemas.CustomMovementCreate(
    name="Landmine Press",
    pattern="VERTICAL_PUSH",
    equipment="BARBELL",
    primary_muscles=("FRONT_DELTS",),
    secondary_muscles=("TRICEPS",),
)


@pytest.fixture
def editor(qtbot: QtBot, app_session: AppSession) -> Editor:
    def make(movement_id: int | None = None, name: str = "") -> CustomExerciseDialog:
        dialog = CustomExerciseDialog(app_session, movement_id, name)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(dialog: CustomExerciseDialog, pattern: str, equipment: str) -> None:
    dialog.pattern.setCurrentIndex(dialog.pattern.findData(pattern))
    dialog.equipment.setCurrentIndex(dialog.equipment.findData(equipment))


def tick(qtbot: QtBot, dialog: CustomExerciseDialog, which: str, *names: str) -> None:
    """Ticks muscles by their visible names, clicking each tick box as a person would."""
    muscles = getattr(dialog, which)
    for name in names:
        item = next(
            muscles.item(i) for i in range(muscles.count()) if muscles.item(i).text() == name
        )
        rect = muscles.visualItemRect(item)
        point = QPoint(rect.left() + 10, rect.center().y())  # on the tick box, left of the text
        qtbot.mouseClick(muscles.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert item.checkState() == Qt.CheckState.Checked, name


def errors(dialog: CustomExerciseDialog) -> dict[str, str]:
    """The error lines on show, by the field they sit beside."""
    fields = {
        "name": dialog.name_error,
        "pattern": dialog.pattern_error,
        "equipment": dialog.equipment_error,
        "primary": dialog.primary_error,
        "secondary": dialog.secondary_error,
        "general": dialog.message,
    }
    return {k: w.text() for k, w in fields.items() if isinstance(w, QLabel) and w.isVisible()}


# --- creating -------------------------------------------------------------------------------


def test_a_new_exercise_is_created_with_its_muscles(
    qtbot: QtBot, editor: Editor, app_session: AppSession
) -> None:
    dialog = editor()
    assert dialog.windowTitle() == "New custom exercise"
    assert dialog.save_button.text() == "Create exercise"
    topics: list[str] = []
    app_session.changed.connect(topics.append)
    saved: list[MovementChoice] = []
    dialog.saved.connect(saved.append)
    qtbot.keyClicks(dialog.name, "Sissy Squat")
    choose(dialog, "ISOLATION_LOWER", "BODY_ONLY")
    tick(qtbot, dialog, "primary", "Quads")
    tick(qtbot, dialog, "secondary", "Abs")
    click(qtbot, dialog.save_button)

    assert not dialog.isVisible()
    [made] = app_session.me.exercises.list()
    assert (made.name, made.pattern, made.equipment) == (
        "Sissy Squat",
        MovementPattern.ISOLATION_LOWER,
        Equipment.BODY_ONLY,
    )
    assert made.primary_muscles == (MuscleGroup.QUADS,)
    assert made.secondary_muscles == (MuscleGroup.ABS,)
    assert made.is_custom and not made.is_compound
    assert [c.name for c in saved] == ["Sissy Squat"] and saved[0].is_custom
    assert topics == [MOVEMENTS]


def test_a_name_is_enough_for_a_first_guess(editor: Editor) -> None:
    dialog = editor(name="Landmine press")
    assert dialog.name.text() == "Landmine press"
    assert dialog.pattern.currentText() == "Vertical push (overhead press)"
    assert dialog.primary.checked() == (MuscleGroup.FRONT_DELTS,)
    # A vertical push is always compound: the box says so and cannot be unticked.
    assert dialog.compound.isChecked() and not dialog.compound.isEnabled()
    choose(dialog, "ISOLATION_UPPER", "CABLE")
    assert dialog.compound.isEnabled()


def test_errors_are_shown_beside_their_fields(
    qtbot: QtBot, editor: Editor, app_session: AppSession
) -> None:
    dialog = editor()
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {"name": "Name is required."}
    assert dialog.name.property("invalid") is True

    qtbot.keyClicks(dialog.name, "Cossack Squat")
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {"primary": "Choose at least one primary muscle."}
    assert dialog.name.property("invalid") is False
    assert dialog.primary.property("invalid") is True

    app_session.me.exercises.create(LANDMINE)
    dialog.name.setText("landmine  press")
    tick(qtbot, dialog, "primary", "Front delts")
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {"name": "You already have a custom exercise called landmine press."}
    assert dialog.isVisible()
    assert [m.name for m in app_session.me.exercises.list()] == ["Landmine Press"]


def test_a_primary_muscle_cannot_also_be_secondary(qtbot: QtBot, editor: Editor) -> None:
    dialog = editor()
    tick(qtbot, dialog, "secondary", "Glutes")
    tick(qtbot, dialog, "primary", "Glutes")
    glutes = dialog.secondary.item_of(MuscleGroup.GLUTES)
    assert glutes.checkState() == Qt.CheckState.Unchecked
    assert not glutes.flags() & Qt.ItemFlag.ItemIsEnabled


# --- editing --------------------------------------------------------------------------------


def test_an_exercise_is_edited_in_place(
    qtbot: QtBot, editor: Editor, app_session: AppSession
) -> None:
    made = app_session.me.exercises.create(LANDMINE)
    dialog = editor(made.id)
    assert dialog.windowTitle() == "Edit custom exercise"
    assert dialog.save_button.text() == "Save changes"
    assert dialog.name.text() == "Landmine Press"
    assert dialog.pattern.currentData() == MovementPattern.VERTICAL_PUSH
    assert dialog.equipment.currentText() == "Barbell"
    assert dialog.primary.checked() == (MuscleGroup.FRONT_DELTS,)
    assert dialog.secondary.checked() == (MuscleGroup.TRICEPS,)

    dialog.name.setText("Half-kneeling Landmine Press")
    tick(qtbot, dialog, "primary", "Chest")
    click(qtbot, dialog.save_button)

    [edited] = app_session.me.exercises.list()
    assert edited.id == made.id and edited.name == "Half-kneeling Landmine Press"
    assert set(edited.primary_muscles) == {MuscleGroup.FRONT_DELTS, MuscleGroup.CHEST}


# --- from the library picker ----------------------------------------------------------------


@pytest.fixture
def picker(qtbot: QtBot, app_session: AppSession) -> LibraryPicker:
    dialog = LibraryPicker(LibrarySearchViewModel(app_session), "Add exercise")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def search(qtbot: QtBot, picker: LibraryPicker, text: str) -> list[str]:
    picker.search.clear()
    qtbot.keyClicks(picker.search, text)
    picker.vm.search_now()
    return [picker.results.item(i).text() for i in range(picker.results.count())]


def test_the_picker_marks_custom_exercises_and_edits_only_those(
    qtbot: QtBot, app_session: AppSession, picker: LibraryPicker
) -> None:
    app_session.me.exercises.create(LANDMINE)
    found = search(qtbot, picker, "landmine")
    assert f"Landmine Press\n{CUSTOM_MARK} · barbell · front delts" in found
    assert picker.choose("Landmine Press")
    assert picker.edit_button.isEnabled()
    assert picker.choose("Landmine Linear Jammer")  # the library's own
    assert not picker.edit_button.isEnabled()


def test_new_custom_exercise_from_the_picker_is_taken_straight_away(
    qtbot: QtBot, app_session: AppSession, picker: LibraryPicker
) -> None:
    picked: list[MovementChoice] = []
    picker.picked.connect(picked.append)
    assert search(qtbot, picker, "Zercher carry") == []
    click(qtbot, picker.new_button)
    editor = picker.editor
    assert isinstance(editor, CustomExerciseDialog)
    assert editor.name.text() == "Zercher carry"  # what was typed in the search
    choose(editor, "CARRY", "BARBELL")
    tick(qtbot, editor, "primary", "Upper back", "Abs")
    click(qtbot, editor.save_button)

    assert [c.name for c in picked] == ["Zercher carry"]
    assert not picker.isVisible()
    assert [m.name for m in app_session.me.exercises.list()] == ["Zercher carry"]


def test_edit_from_the_picker_shows_the_new_name(
    qtbot: QtBot, app_session: AppSession, picker: LibraryPicker
) -> None:
    app_session.me.exercises.create(LANDMINE)
    search(qtbot, picker, "press")
    assert picker.choose("Landmine Press")
    click(qtbot, picker.edit_button)
    editor = picker.editor
    assert isinstance(editor, CustomExerciseDialog)
    editor.name.setText("Landmine Push Press")
    click(qtbot, editor.save_button)

    assert picker.isVisible() and picker.editor is None
    chosen = picker.chosen()
    assert chosen is not None and chosen.name == "Landmine Push Press"
