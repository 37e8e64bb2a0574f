"""Importing Strong, Hevy and FitNotes history through `me.imports`: from file to chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from db_state import day_bests_kept, day_bests_rebuilt, fingerprint

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.api.errors import ImportCancelled, ValidationError
from alloy_desktop.domain.enums import MuscleGroup, SetType, WeightUnit
from alloy_desktop.domain.metrics import lb_to_kg
from alloy_desktop.services.imports import records
from alloy_desktop.services.schemas import (
    CompletedSet,
    CustomExercise,
    CustomMovementCreate,
    CustomWorkoutLogCreate,
    ImportPreview,
)

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
STRONG = f"""{STRONG_HEADER}
2024-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),W,40,10,0,0,,,
2024-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),1,80,5,0,0,,,8
2024-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),2,80,5,0,0,"felt good, fast",,8.5
2024-03-05 17:30:12,Push Day,1h 5m,Landmine Press,1,30,10,0,0,,,
2024-03-05 17:30:12,Push Day,1h 5m,Running,1,0,0,2.5,900,,,
2024-03-08 18:00:00,Push Day,50m,Bench Press (Barbell),1,85,5,0,0,,,9
2024-03-08 18:00:00,Push Day,50m,Bench Press (Barbell),2,80,7,0,0,,,9
2024-03-08 18:00:00,Push Day,50m,Rest Timer,Rest Timer,0,0,0,90,,,
2024-03-10 18:00:00,Legs,50m,Squat (Barbell),1,100,5,0,0,,,
2024-03-10 18:00:00,Legs,50m,Squat (Barbell),2,10000,5,0,0,,,
"""
HEVY_HEADER = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
    "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe"
)
HEVY = f"""{HEVY_HEADER}
Upper,"1 Nov 2026, 07:10","1 Nov 2026, 08:05",Good day,Bench Press (Barbell),,,0,warmup,60,5,,,
Upper,"1 Nov 2026, 07:10","1 Nov 2026, 08:05",Good day,Bench Press (Barbell),,,1,normal,100,5,,,8
Upper,"1 Nov 2026, 07:10","1 Nov 2026, 08:05",Good day,Bench Press (Barbell),,,2,dropset,80,8,,,
Upper,"1 Nov 2026, 07:10","1 Nov 2026, 08:05",Good day,Lat Pulldown (Cable),0,,0,normal,70,10,,,8
Upper,"1 Nov 2026, 07:10","1 Nov 2026, 08:05",Good day,Seated Row (Cable),0,,0,failure,60,12,,,10
Upper,"1 Nov 2026, 07:10","1 Nov 2026, 08:05",Good day,Treadmill,,,0,normal,,,3.2,1200,
"""
FITNOTES = """Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time
2025-01-06,Flat Barbell Bench Press,Chest,225,5,,,
2025-01-06,Flat Barbell Bench Press,Chest,225,4,,,
2025-01-06,Flat Barbell Bench Press,Chest,lots,5,,,
2025-01-06,Running,Cardio,,,5,km,0:30:00
2025-01-08,Barbell Squat,Legs,315,3,,,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping(preview: ImportPreview, name: str) -> int:
    found = next(m for m in preview.mappings if m.source_name == name)
    assert found.movement_id is not None
    return found.movement_id


@pytest.fixture
def strong(tmp_path: Path) -> Path:
    return write(tmp_path, "strong.csv", STRONG)


# --- preview --------------------------------------------------------------------------------


def test_preview_counts_maps_and_reports_without_writing(
    alloy: Alloy, me: UserApi, strong: Path
) -> None:
    before = fingerprint(alloy)
    preview = me.imports.preview(strong, unit="KG")
    assert (preview.format, preview.rows_read) == ("STRONG", 10)
    assert (preview.workouts, preview.sets, preview.warmup_sets, preview.activities) == (3, 6, 1, 1)
    assert (str(preview.first_day), str(preview.last_day)) == ("2024-03-05", "2024-03-10")
    assert preview.unit is WeightUnit.KG and not preview.unit_from_file
    how = {m.source_name: (m.how, m.movement_name) for m in preview.mappings}
    assert how["Bench Press (Barbell)"] == ("matched", "Barbell Bench Press - Medium Grip")
    assert how["Squat (Barbell)"] == ("matched", "Barbell Squat")
    assert how["Landmine Press"] == ("custom", "New custom exercise")
    assert how["Running"][0] == "activity"
    assert [(p.line, p.field) for p in preview.problems] == [(11, "Weight")]
    assert "10000" in preview.problems[0].message
    assert fingerprint(alloy) == before


def test_strong_unit_is_asked_and_lb_converts(me: UserApi, strong: Path) -> None:
    preview = me.imports.preview(strong)  # the lifter's own unit (kg) until they say
    assert preview.unit is WeightUnit.KG and not preview.unit_from_file
    in_lb = me.imports.with_unit(preview, "LB")
    assert in_lb.unit is WeightUnit.LB
    assert [(p.line, p.field) for p in in_lb.problems] == [(11, "Weight")]  # still too heavy
    me.imports.commit(in_lb)
    bench = mapping(in_lb, "Bench Press (Barbell)")
    top = me.logs.e1rm_trend(bench)[-1]
    assert top.weight_kg == pytest.approx(lb_to_kg(85))


# --- commit ---------------------------------------------------------------------------------


def test_commit_writes_workouts_sets_activities_and_charts_them(me: UserApi, strong: Path) -> None:
    preview = me.imports.preview(strong, unit="KG")
    result = me.imports.commit(preview)
    assert (result.workouts, result.sets, result.warmup_sets, result.activities) == (3, 6, 1, 1)
    assert result.custom_exercises_created == ("Landmine Press",)
    bench = mapping(preview, "Bench Press (Barbell)")
    trend = me.logs.e1rm_trend(bench)
    # Two days of bench: the warm-up (40 x 10) draws no point; the second day is a PR.
    assert [(str(p.day), p.weight_kg, p.reps, p.is_pr) for p in trend] == [
        ("2024-03-05", 80.0, 5, False),
        ("2024-03-08", 85.0, 5, True),
    ]
    workouts = me.logs.workouts()
    assert [w.name for w in workouts] == ["Legs", "Push Day", "Push Day"]
    first = me.logs.workout(workouts[-1].id)
    bench_sets = next(e for e in first.exercises if e.movement_id == bench).sets
    assert [s.set_type for s in bench_sets] == [SetType.WARMUP, SetType.NORMAL, SetType.NORMAL]
    assert bench_sets[2].note == "felt good, fast"  # Strong's Notes column, kept per set
    assert first.personal_records == ()  # the first time sets no record
    second = me.logs.workout(workouts[1].id)
    # 85 x 5 beats the e1RM; no earlier set was that heavy, so there is no rep record yet.
    assert [r.kind for r in second.personal_records] == ["E1RM"]
    custom = me.exercises.list()
    assert [c.name for c in custom] == ["Landmine Press"] and custom[0].is_custom
    assert custom[0].pattern.value == "VERTICAL_PUSH"
    runs = me.activities.history()
    assert [(a.activity_name, a.duration_seconds, a.distance_km) for a in runs] == [
        ("Running", 900, 2.5)
    ]
    assert me.logs.last_performance(bench) is not None


def test_reimporting_the_same_file_adds_nothing(alloy: Alloy, me: UserApi, strong: Path) -> None:
    me.imports.commit(me.imports.preview(strong, unit="KG"))
    before = fingerprint(alloy)
    again = me.imports.preview(strong, unit="KG")
    assert again.duplicates == 3
    landmine = next(m for m in again.mappings if m.source_name == "Landmine Press")
    assert (landmine.how, landmine.movement_id) == ("remembered", me.exercises.list()[0].id)
    result = me.imports.commit(again)
    assert (result.workouts, result.sets, result.activities) == (0, 0, 0)
    assert result.duplicates_skipped == 3 and result.custom_exercises_created == ()
    assert fingerprint(alloy) == before


def test_overrides_are_used_and_remembered(me: UserApi, strong: Path) -> None:
    preview = me.imports.preview(strong, unit="KG")
    press = me.library.search("Standing Military Press")[0].id
    me.imports.commit(preview, overrides={"Landmine Press": press})
    assert me.exercises.list() == []
    assert press in {mid for mid, _ in me.logs.logged_movements()}
    later = write(strong.parent, "later.csv", STRONG.replace("2024-03", "2024-04"))
    again = me.imports.preview(later, unit="KG")
    landmine = next(m for m in again.mappings if m.source_name == "Landmine Press")
    assert (landmine.how, landmine.movement_id) == ("remembered", press)


def test_override_to_a_new_custom_exercise(me: UserApi, strong: Path) -> None:
    preview = me.imports.preview(strong, unit="KG")
    result = me.imports.commit(preview, overrides={"Squat (Barbell)": None})
    assert set(result.custom_exercises_created) == {"Landmine Press", "Squat (Barbell)"}


def test_bad_overrides_are_refused_by_field(alloy: Alloy, me: UserApi, strong: Path) -> None:
    preview = me.imports.preview(strong, unit="KG")
    before = fingerprint(alloy)
    with pytest.raises(ValidationError) as error:
        me.imports.commit(preview, overrides={"Deadlift (Barbell)": 1})
    assert error.value.field == "overrides"
    with pytest.raises(ValidationError):
        me.imports.commit(preview, overrides={"Landmine Press": "x"})  # type: ignore[dict-item]
    assert fingerprint(alloy) == before


def test_cancel_writes_nothing(alloy: Alloy, me: UserApi, strong: Path) -> None:
    preview = me.imports.preview(strong, unit="KG")
    before = fingerprint(alloy)
    with pytest.raises(ImportCancelled):
        me.imports.commit(preview, cancelled=lambda: True)
    assert fingerprint(alloy) == before
    assert me.exercises.list() == []


def test_a_late_failure_writes_nothing(
    alloy: Alloy, me: UserApi, strong: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = me.imports.preview(strong, unit="KG")
    before = fingerprint(alloy)

    def broken(*_: object) -> int:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(records, "recompute", broken)
    with pytest.raises(RuntimeError):
        me.imports.commit(preview)
    assert fingerprint(alloy) == before


def test_progress_reaches_the_total(me: UserApi, strong: Path) -> None:
    seen: list[tuple[int, int]] = []
    me.imports.commit(
        me.imports.preview(strong, unit="KG"), progress=lambda d, t: seen.append((d, t))
    )
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_older_history_reorders_records(alloy: Alloy, me: UserApi, tmp_path: Path) -> None:
    """A PR is judged against what came before it in time, not in import order."""
    squat = me.library.search("Barbell Squat")[0].id
    one = (CompletedSet(1, 100.0, 5, 8.0),)
    logged = me.logs.log_custom_workout(
        CustomWorkoutLogCreate((CustomExercise(squat, one),), name="Today")
    )
    assert logged.personal_records == ()  # the first squat ever, so far
    older = f"""{STRONG_HEADER}
2024-01-10 18:00:00,Legs,50m,Squat (Barbell),1,90,5,0,0,,,8
2024-02-10 18:00:00,Legs,50m,Squat (Barbell),1,95,5,0,0,,,8
"""
    me.imports.commit(me.imports.preview(write(tmp_path, "old.csv", older), unit="KG"))
    today = me.logs.workout(logged.id)
    assert [r.kind for r in today.personal_records] == ["E1RM"]
    assert today.personal_records[0].previous == pytest.approx(95 * (1 + 7 / 30))
    trend = me.logs.e1rm_trend(squat)
    assert [p.is_pr for p in trend] == [False, True, True]
    assert [p.weight_kg for p in trend] == [90.0, 95.0, 100.0]
    assert day_bests_kept(alloy, me.user.id) == day_bests_rebuilt(alloy, me.user.id)


# --- other formats --------------------------------------------------------------------------


def test_hevy_set_types_supersets_and_cardio(me: UserApi, tmp_path: Path) -> None:
    preview = me.imports.preview(write(tmp_path, "hevy.csv", HEVY))
    assert preview.format == "HEVY" and preview.unit_from_file and preview.unit is WeightUnit.KG
    assert (preview.workouts, preview.sets, preview.warmup_sets, preview.activities) == (1, 4, 1, 1)
    me.imports.commit(preview)
    workout = me.logs.workout(me.logs.workouts()[0].id)
    assert workout.name == "Upper" and workout.duration_seconds == 55 * 60
    types = [s.set_type for e in workout.exercises for s in e.sets]
    assert types == [SetType.WARMUP, SetType.NORMAL, SetType.DROP, SetType.NORMAL, SetType.FAILURE]
    # Hard sets: the working bench set, pulldown and row; not the warm-up, not the drop set.
    hard = [s.is_hard for e in workout.exercises for s in e.sets]
    assert hard == [False, True, False, True, True]
    # Yesterday's workout still tires the lats; the drop and warm-up sets add nothing.
    lats = next(r for r in me.logs.muscle_recovery() if r.muscle_group is MuscleGroup.LATS)
    assert lats.stored_level < 10
    weekly = {(w.muscle_group, w.hard_sets) for w in me.logs.weekly_hard_sets()}
    assert (MuscleGroup.CHEST, 1.0) in weekly
    assert me.activities.history()[0].activity_name == "Treadmill"


def test_fitnotes_pounds_and_malformed_rows(me: UserApi, tmp_path: Path) -> None:
    preview = me.imports.preview(write(tmp_path, "fitnotes.csv", FITNOTES))
    assert preview.format == "FITNOTES" and preview.unit is WeightUnit.LB
    assert (preview.workouts, preview.sets, preview.activities) == (2, 3, 1)
    assert [(p.line, p.skipped) for p in preview.problems] == [(4, True)]
    me.imports.commit(preview)
    bench = mapping(preview, "Flat Barbell Bench Press")
    assert me.logs.e1rm_trend(bench)[0].weight_kg == pytest.approx(lb_to_kg(225))
    assert old_enough(me)


def old_enough(me: UserApi) -> bool:
    """Years-old imported workouts leave today's recovery alone."""
    return all(r.stored_level == 10 for r in me.logs.muscle_recovery())


# --- bad input and isolation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x00\x01\x02PK\x03\x04" * 50, "not a text file"),
        (b"", "empty"),
        (b"name,when,what\nx,y,z\n", "Strong"),
    ],
)
def test_unreadable_files_are_refused_by_path(
    alloy: Alloy, me: UserApi, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = fingerprint(alloy)
    with pytest.raises(ValidationError) as error:
        me.imports.preview(path)
    assert error.value.field == "path" and words.lower() in error.value.message.lower()
    assert fingerprint(alloy) == before


@pytest.mark.parametrize("value", [None, 7, "", "/no/such/file.csv"])
def test_bad_paths_and_previews(me: UserApi, value: object) -> None:
    with pytest.raises(ValidationError) as error:
        me.imports.preview(value)  # type: ignore[arg-type]
    assert error.value.field == "path"
    with pytest.raises(ValidationError) as error:
        me.imports.commit(value)  # type: ignore[arg-type]
    assert error.value.field == "preview"


def test_another_user_sees_none_of_my_choices(me: UserApi, other: UserApi, strong: Path) -> None:
    press = me.library.search("Standing Military Press")[0].id
    me.exercises.create(
        CustomMovementCreate("Landmine Press", "VERTICAL_PUSH", "BARBELL", ("FRONT_DELTS",))
    )
    me.imports.commit(me.imports.preview(strong, unit="KG"), overrides={"Squat (Barbell)": press})
    theirs = other.imports.preview(strong, unit="KG")
    how = {m.source_name: (m.how, m.movement_id) for m in theirs.mappings}
    assert how["Landmine Press"] == ("custom", None)
    assert how["Squat (Barbell)"][0] == "matched" and how["Squat (Barbell)"][1] != press
    assert theirs.duplicates == 0
    result = other.imports.commit(theirs)
    assert result.workouts == 3 and result.custom_exercises_created == ("Landmine Press",)
    assert len(me.exercises.list()) == 1 and len(other.exercises.list()) == 1


def test_a_200_mb_file_is_refused_before_it_is_read(
    alloy: Alloy, me: UserApi, tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: no disk is spent on the 200 MB
        handle.write((STRONG_HEADER + "\n").encode())
        handle.truncate(200 * 1024 * 1024)
    before = fingerprint(alloy)
    with pytest.raises(ValidationError) as error:
        me.imports.preview(path)
    assert error.value.field == "path" and "100 MB" in error.value.message
    assert fingerprint(alloy) == before
