"""Readers of Strong, Hevy and FitNotes exports: formats, ugly files and refused lines."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from alloy_desktop.domain.enums import SetType, WeightUnit
from alloy_desktop.services.errors import ValidationError
from alloy_desktop.services.imports import readers
from alloy_desktop.services.imports.model import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    ParsedFile,
)
from alloy_desktop.services.imports.readers import read_export
from alloy_desktop.services.schemas import ImportProblem

TODAY = date(2026, 11, 2)
KM_PER_MILE = 1.609344
KG_PER_LB = 0.45359237

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"'
)
FITNOTES_HEADER = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment"

# Strong, as the app writes it: warm-up, drop and failure sets, a rest timer between sets,
# a note that holds a comma and a line break, and a cardio day (lines 10 and 11).
STRONG_CLASSIC = f"""{STRONG_HEADER}
2024-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),W,40,10,0,0,,"Felt good, slept 8h",
2024-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),1,80,8,0,0,"Paused, then
touch and go",,8
2024-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),Rest Timer,0,0,0,120,,,
2024-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),2,80,7,0,0,,,9.5
2024-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),D,60,12,0,0,,,
2024-03-05 17:30:12,Push Day,1h 5m,  Triceps   Pushdown ,F,25,15,0,0,,,10
2024-03-05 17:30:12,Push Day,1h 5m,Dips,1,,12,0,0,,,
2024-03-07 07:05,Cardio,45m,Running (Outdoor),1,0,0,5.2,1800,,,
2024-03-07 07:05,Cardio,45m,Plank,1,0,0,0,60,,,
"""


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    """Writes text as UTF-8 with the line endings exactly as given."""
    return write_bytes(tmp_path, text.encode("utf-8"), name)


def write_bytes(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read(path: Path, unit_hint: WeightUnit | None = None) -> ParsedFile:
    return read_export(path, unit_hint, today=TODAY)


def problem_at(parsed: ParsedFile, line: int) -> ImportProblem:
    found = [problem for problem in parsed.problems if problem.line == line]
    assert len(found) == 1, parsed.problems
    return found[0]


def refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as caught:
        read(path)
    assert caught.value.field == "path"
    return caught.value.message


# --- Strong --------------------------------------------------------------------------------


def test_strong_classic_export_gives_workouts_sets_and_activities(tmp_path: Path) -> None:
    parsed = read(write(tmp_path, STRONG_CLASSIC))

    assert (parsed.format, parsed.format_label) == ("STRONG", "Strong")
    assert parsed.unit is None  # plain "Weight": the lifter says kg or lb
    assert parsed.rows_read == 9  # the rest timer row counts as read
    assert parsed.problems == []
    push, cardio = parsed.workouts
    assert push.key == "strong|2024-03-05T17:30:12|Push Day"
    assert push.name == "Push Day"
    assert push.started_at == datetime(2024, 3, 5, 17, 30, 12)
    assert push.duration_seconds == 3900
    assert push.notes == "Felt good, slept 8h"
    assert [(s.exercise, s.set_order, s.set_type) for s in push.sets] == [
        ("Bench Press (Barbell)", 1, SetType.WARMUP),
        ("Bench Press (Barbell)", 2, SetType.NORMAL),
        ("Bench Press (Barbell)", 3, SetType.NORMAL),
        ("Bench Press (Barbell)", 4, SetType.DROP),
        ("Triceps Pushdown", 1, SetType.FAILURE),
        ("Dips", 1, SetType.NORMAL),
    ]
    assert [s.weight for s in push.sets] == [40, 80, 80, 60, 25, 0]
    assert [s.reps for s in push.sets] == [10, 8, 7, 12, 15, 12]
    assert [s.rpe for s in push.sets] == [None, 8, 9.5, None, 10, None]
    # The quoted note spans lines 3-4, so the sets after it sit one line further down.
    assert [s.line for s in push.sets] == [2, 3, 6, 7, 8, 9]
    assert push.sets[1].note == "Paused, then\ntouch and go"
    assert push.activities == []

    assert cardio.key == "strong|2024-03-07T07:05:00|Cardio"
    assert cardio.duration_seconds == 2700
    assert cardio.sets == []
    run, plank = cardio.activities
    assert (run.line, run.exercise, run.distance_km, run.duration_seconds) == (
        10,
        "Running (Outdoor)",
        5.2,
        1800,
    )
    assert (plank.line, plank.exercise, plank.distance_km, plank.duration_seconds) == (
        11,
        "Plank",
        None,
        60,
    )


def test_strong_semicolons_decimal_commas_bom_and_crlf(tmp_path: Path) -> None:
    header = STRONG_HEADER.replace(",", ";")
    lines = [
        header,
        '2024-03-05 17:30:12;"Beine";1h;"Kniebeuge (Langhantel)";1;62,5;5;0;0;"";"";7,5',
        '2024-03-05 17:30:12;"Beine";1h;"Kniebeuge (Langhantel)";2;1.002,5;5;0;0;"";"";',
        '2024-03-05 17:30:12;"Beine";1h;"Rudern (Maschine)";1;0;0;2,5;600;"";"";',
    ]
    data = "\ufeff" + "\r\n".join(lines) + "\r\n"
    parsed = read(write(tmp_path, data))

    assert parsed.format == "STRONG"
    assert parsed.problems == []
    (workout,) = parsed.workouts
    assert workout.name == "Beine"
    assert workout.duration_seconds == 3600
    first, second = workout.sets
    assert (first.weight, first.reps, first.rpe) == (62.5, 5, 7.5)
    assert second.weight == 1002.5  # unit unknown: below the pound bound, the service re-checks
    (row,) = workout.activities
    assert (row.exercise, row.distance_km, row.duration_seconds) == ("Rudern (Maschine)", 2.5, 600)


def test_strong_without_rpe_or_duration_in_any_column_order(tmp_path: Path) -> None:
    text = (
        "Exercise Name,Date,Workout Name,Set Order,Reps,Weight,Distance,Seconds,Notes,"
        "Workout Notes\n"
        "Deadlift (Barbell),2024-01-10 18:00:00,Pull,1,5,140,0,0,,\n"
        "Deadlift (Barbell),2024-01-10 18:00:00,Pull,2,5,150,0,0,,\n"
    )
    parsed = read(write(tmp_path, text))

    (workout,) = parsed.workouts
    assert workout.duration_seconds is None
    assert [(s.weight, s.reps, s.rpe, s.set_order) for s in workout.sets] == [
        (140, 5, None, 1),
        (150, 5, None, 2),
    ]


def test_strong_header_naming_pounds_and_miles(tmp_path: Path) -> None:
    text = (
        "Workout #,Date,Workout Name,Duration (sec),Exercise Name,Set Order,Weight (lbs),Reps,"
        "RPE,Distance (mi),Seconds,Notes,Workout Notes\n"
        "1,2024-03-05 18:01:12,Push,3600,Bench Press,1,135,10,,0,0,,\n"
        "1,2024-03-05 18:01:12,Push,3600,Treadmill,1,0,0,,3,1500,,\n"
    )
    parsed = read(write(tmp_path, text))

    assert parsed.unit == WeightUnit.LB
    (workout,) = parsed.workouts
    assert workout.duration_seconds == 3600
    assert workout.sets[0].weight == 135  # kept in the file's unit
    (treadmill,) = workout.activities
    assert treadmill.distance_km == pytest.approx(3 * KM_PER_MILE)


def test_strong_header_naming_kilograms_and_metres(tmp_path: Path) -> None:
    text = (
        "Workout #,Date,Workout Name,Duration (sec),Exercise Name,Set Order,Weight (kg),Reps,"
        "RPE,Distance (meters),Seconds,Notes,Workout Notes\n"
        "1,2024-03-05 18:01:12,Row,1200,Rowing (Machine),1,0,0,,2000,480,,\n"
        "1,2024-03-05 18:01:12,Row,1200,Bench Press,1,1200,1,,0,0,,\n"
    )
    parsed = read(write(tmp_path, text))

    assert parsed.unit == WeightUnit.KG
    (workout,) = parsed.workouts
    assert workout.activities[0].distance_km == pytest.approx(2.0)
    problem = problem_at(parsed, 3)
    assert (problem.field, problem.skipped) == ("Weight (kg)", True)
    assert problem.message == 'Weight (kg) "1200" is more than 1000 kg.'


def test_strong_rest_timer_rows_are_skipped_silently(tmp_path: Path) -> None:
    text = (
        f"{STRONG_HEADER}\n"
        "2024-03-05 17:30:12,Push,1h,,Rest Timer,0,0,0,90,,,\n"
        "2024-03-05 17:30:12,Push,1h,Bench Press,1,80,5,0,0,,,\n"
        "2024-03-05 17:30:12,Push,1h,Bench Press,rest timer,0,0,0,90,,,\n"
    )
    parsed = read(write(tmp_path, text))

    assert parsed.rows_read == 3
    assert parsed.problems == []
    assert len(parsed.workouts[0].sets) == 1
    assert parsed.workouts[0].activities == []


def test_strong_unknown_set_order_keeps_a_normal_set(tmp_path: Path) -> None:
    text = f"{STRONG_HEADER}\n2024-03-05 17:30:12,Push,1h,Bench Press,X,80,5,0,0,,,\n"
    parsed = read(write(tmp_path, text))

    assert parsed.workouts[0].sets[0].set_type == SetType.NORMAL
    problem = problem_at(parsed, 2)
    assert (problem.field, problem.skipped) == ("Set Order", False)


def test_strong_exercise_note_rows_carry_over_to_the_sets_after_them(tmp_path: Path) -> None:
    text = (
        f"{STRONG_HEADER}\n"
        "2024-03-05 17:30:12,Push,1h,Bench Press,Note,0,0,0,0,Wide grip,,\n"
        "2024-03-05 17:30:12,Push,1h,Bench Press,1,80,5,0,0,,,\n"
        "2024-03-05 17:30:12,Push,1h,Bench Press,2,80,5,0,0,Own note,,\n"
    )
    parsed = read(write(tmp_path, text))

    assert [s.note for s in parsed.workouts[0].sets] == ["Wide grip", "Own note"]


def test_strong_twelve_hour_times_and_odd_spaces(tmp_path: Path) -> None:
    text = f"{STRONG_HEADER}\n2024-03-05 5:30:12\u202fPM,Push,1h 2m 3s,Bench,1,80,5,0,0,,,\n"
    parsed = read(write(tmp_path, text))

    (workout,) = parsed.workouts
    assert workout.started_at == datetime(2024, 3, 5, 17, 30, 12)
    assert workout.duration_seconds == 3723


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("1h 5m", 3900), ("45m", 2700), ("1h", 3600), ("30s", 30), ("1h 2m 3s", 3723), ("", None)],
)
def test_strong_durations(tmp_path: Path, duration: str, seconds: int | None) -> None:
    text = f"{STRONG_HEADER}\n2024-03-05 17:30,Push,{duration},Bench,1,80,5,0,0,,,\n"
    parsed = read(write(tmp_path, text))

    assert parsed.workouts[0].duration_seconds == seconds
    assert parsed.problems == []


def test_strong_unreadable_duration_keeps_the_workout(tmp_path: Path) -> None:
    text = f"{STRONG_HEADER}\n2024-03-05 17:30,Push,forever,Bench,1,80,5,0,0,,,\n"
    parsed = read(write(tmp_path, text))

    assert parsed.workouts[0].duration_seconds is None
    problem = problem_at(parsed, 2)
    assert (problem.field, problem.skipped) == ("Duration", False)


HOSTILE_ROWS = {
    2: "2024-03-05 17:30:12,Push,1h,Bench,1,80,10000,0,0,,,",
    3: "2024-03-05 17:30:12,Push,1h,Bench,2,1e9,5,0,0,,,",
    4: "2024-03-05 17:30:12,Push,1h,Bench,3,-20,5,0,0,,,",
    5: "1900-01-01 10:00:00,Push,1h,Bench,1,80,5,0,0,,,",
    6: "2100-01-01 10:00:00,Push,1h,Bench,1,80,5,0,0,,,",
    7: "2024-03-05 17:30:12,Push,1h,Bench,4,80,5,0,0,,,12",
    8: "2024-03-05 17:30:12,Push,1h,Bench,5,80,0,0,0,,,",
    9: "2024-03-05 17:30:12,Push,1h,Bench,6",
    10: "2024-03-05 17:30:12,Push,1h,Bench,7,80,ten,0,0,,,",
    11: "2024-03-05 17:30:12,Push,1h,Bench,8,nan,5,0,0,,,",
    12: "not-a-date,Push,1h,Bench,9,80,5,0,0,,,",
    13: "2024-03-05 17:30:12,Push,1h,Bench,10,80,8.5,0,0,,,",
    14: "2024-03-05 17:30:12,Push,1h,,11,80,5,0,0,,,",
    15: "2024-03-05 17:30:12,Push,1h,Bench,12,100,5,0,0,,,",
}
HOSTILE_PROBLEMS = {
    2: ("Reps", True, 'Reps "10000" is more than 100.'),
    3: ("Weight", True, 'Weight "1e9" is more than 2205, too heavy even in pounds.'),
    4: ("Weight", True, 'Weight "-20" is negative.'),
    5: ("Date", True, 'Date "1900-01-01 10:00:00" is before 1970.'),
    6: ("Date", True, 'Date "2100-01-01 10:00:00" is in the future.'),
    7: ("RPE", False, 'RPE "12" is not between 1 and 10; the set was kept without it.'),
    8: ("Reps", True, "The set has a weight but no reps."),
    9: (
        "Weight",
        True,
        "The line has 5 fields, the header has 12; Weight and what follows are missing.",
    ),
    10: ("Reps", True, 'Reps "ten" is not a whole number.'),
    11: ("Weight", True, 'Weight "nan" is not a number.'),
    12: ("Date", True, 'Date "not-a-date" is not a date and time Alloy can read.'),
    13: ("Reps", True, 'Reps "8.5" is not a whole number.'),
    14: ("Exercise Name", True, "Exercise Name is empty."),
}


def test_strong_hostile_rows_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    text = STRONG_HEADER + "\n" + "\n".join(HOSTILE_ROWS.values()) + "\n"
    parsed = read(write(tmp_path, text))

    assert parsed.rows_read == len(HOSTILE_ROWS)
    found = {p.line: (p.field, p.skipped, p.message) for p in parsed.problems}
    assert found == HOSTILE_PROBLEMS
    (workout,) = parsed.workouts
    assert [(s.line, s.weight, s.reps, s.rpe) for s in workout.sets] == [
        (7, 80, 5, None),
        (15, 100, 5, None),
    ]


def test_weight_limit_follows_the_unit_hint_when_the_file_is_silent(tmp_path: Path) -> None:
    path = write(tmp_path, f"{STRONG_HEADER}\n2024-03-05 17:30,Push,,Leg Press,1,1500,5,0,0,,,\n")

    assert read(path).workouts[0].sets[0].weight == 1500  # could be 1500 lb
    in_kg = read(path, WeightUnit.KG)
    assert in_kg.workouts == []
    assert in_kg.problems[0].message == 'Weight "1500" is more than 1000 kg.'
    assert in_kg.unit is None  # the hint picks the limit; the unit stays unconfirmed


def test_workouts_come_out_in_chronological_order(tmp_path: Path) -> None:
    text = (
        f"{STRONG_HEADER}\n"
        "2024-03-09 10:00:00,C,,Squat,1,100,5,0,0,,,\n"
        "2024-03-01 10:00:00,A,,Squat,1,90,5,0,0,,,\n"
        "2024-03-05 10:00:00,B,,Squat,1,95,5,0,0,,,\n"
        "2024-03-01 10:00:00,A,,Squat,2,92.5,5,0,0,,,\n"
    )
    parsed = read(write(tmp_path, text))

    assert [w.name for w in parsed.workouts] == ["A", "B", "C"]
    assert [s.weight for s in parsed.workouts[0].sets] == [90, 92.5]


def test_long_names_and_notes_are_truncated(tmp_path: Path) -> None:
    long_name = "Very  Long   " + "x" * 400
    long_note = "n" * (MAX_NOTE_CHARS + 500)
    text = (
        f'{STRONG_HEADER}\n2024-03-05 17:30,"{long_name}",,"{long_name}",1,80,5,0,0,{long_note},,\n'
    )
    parsed = read(write(tmp_path, text))

    workout = parsed.workouts[0]
    assert len(workout.name) == MAX_NAME_CHARS
    assert workout.sets[0].exercise.startswith("Very Long x")
    assert len(workout.sets[0].exercise) == MAX_NAME_CHARS
    assert len(workout.sets[0].note) == MAX_NOTE_CHARS
    assert parsed.problems == []


def test_tab_separated_strong(tmp_path: Path) -> None:
    text = STRONG_HEADER.replace(",", "\t") + "\n" + "2024-03-05 17:30\tPush\t\tBench\t1\t80\t5\n"
    short = read(write(tmp_path, text))
    assert problem_at(short, 2).field == "Distance"

    full = "2024-03-05 17:30\tPush\t\tBench\t1\t80\t5\t0\t0\t\t\t\n"
    parsed = read(write(tmp_path, STRONG_HEADER.replace(",", "\t") + "\n" + full))
    assert parsed.workouts[0].sets[0].weight == 80


# --- Hevy ----------------------------------------------------------------------------------

# Hevy, as the app writes it: every row repeats its workout; superset_id groups the fly and
# the pulldown; the treadmill row is cardio (line 8); the file is not in date order.
HEVY_TEXT = f"""{HEVY_HEADER}
"Upper A","9 Apr 2026, 17:18","9 Apr 2026, 18:33","Good session, new PR","Bench Press (Barbell)",,"Elbows in",0,"warmup",40,10,,,
"Upper A","9 Apr 2026, 17:18","9 Apr 2026, 18:33","Good session, new PR","Bench Press (Barbell)",,"Elbows in",1,"normal",100,5,,,8.5
"Upper A","9 Apr 2026, 17:18","9 Apr 2026, 18:33","Good session, new PR","Bench Press (Barbell)",,"Elbows in",2,"failure",100,3,,,10
"Upper A","9 Apr 2026, 17:18","9 Apr 2026, 18:33","Good session, new PR","Bench Press (Barbell)",,"Elbows in",3,"dropset",80,6,,,
"Upper A","9 Apr 2026, 17:18","9 Apr 2026, 18:33","Good session, new PR","Chest Fly (Cable)",0,"",0,"normal",20,12,,,
"Upper A","9 Apr 2026, 17:18","9 Apr 2026, 18:33","Good session, new PR","Lat Pulldown (Cable)",0,"",0,"normal",60,10,,,
"Upper A","9 Apr 2026, 17:18","9 Apr 2026, 18:33","Good session, new PR","Treadmill",,"",0,"normal",,,2.5,900,
"Legs","07 Apr 2026, 08:00","07 Apr 2026, 09:00","","Squat (Barbell)",,"",0,"normal",120,5,,,
"""  # noqa: E501

HEVY_LBS_TEXT = f"""{HEVY_HEADER.replace("weight_kg", "weight_lbs").replace("distance_km", "distance_miles")}
"Push","1 Mar 2026, 10:00","1 Mar 2026, 09:00","","Bench Press (Barbell)",,"",0,"normal",225,5,,,
"Push","1 Mar 2026, 10:00","1 Mar 2026, 09:00","","Running",,"",0,"normal",,,2,1200,
"Push","1 Mar 2026, 10:00","1 Mar 2026, 09:00","","Bench Press (Barbell)",,"",1,"normal",3000,5,,,
"Push","1 Mar 2026, 10:00","1 Mar 2026, 09:00","","Bench Press (Barbell)",,"",2,"superset",200,5,,,
"""  # noqa: E501


def test_hevy_export_gives_set_types_durations_notes_and_cardio(tmp_path: Path) -> None:
    parsed = read(write(tmp_path, HEVY_TEXT))

    assert (parsed.format, parsed.format_label, parsed.unit) == ("HEVY", "Hevy", WeightUnit.KG)
    assert parsed.problems == []
    assert parsed.rows_read == 8
    legs, upper = parsed.workouts  # chronological, though Legs comes last in the file
    assert legs.key == "hevy|2026-04-07T08:00:00|Legs"
    assert legs.duration_seconds == 3600
    assert upper.key == "hevy|2026-04-09T17:18:00|Upper A"
    assert upper.started_at == datetime(2026, 4, 9, 17, 18)
    assert upper.duration_seconds == 75 * 60
    assert upper.notes == "Good session, new PR"
    assert [(s.exercise, s.set_order, s.set_type, s.weight, s.reps) for s in upper.sets] == [
        ("Bench Press (Barbell)", 1, SetType.WARMUP, 40, 10),
        ("Bench Press (Barbell)", 2, SetType.NORMAL, 100, 5),
        ("Bench Press (Barbell)", 3, SetType.FAILURE, 100, 3),
        ("Bench Press (Barbell)", 4, SetType.DROP, 80, 6),
        ("Chest Fly (Cable)", 1, SetType.NORMAL, 20, 12),
        ("Lat Pulldown (Cable)", 1, SetType.NORMAL, 60, 10),
    ]
    assert [s.rpe for s in upper.sets[:3]] == [None, 8.5, 10]
    assert [s.note for s in upper.sets] == ["Elbows in"] * 4 + ["", ""]
    (treadmill,) = upper.activities
    assert (treadmill.line, treadmill.distance_km, treadmill.duration_seconds) == (8, 2.5, 900)


def test_hevy_pounds_and_miles(tmp_path: Path) -> None:
    parsed = read(write(tmp_path, HEVY_LBS_TEXT))

    assert parsed.unit == WeightUnit.LB
    (workout,) = parsed.workouts
    assert workout.duration_seconds is None  # it ends before it starts
    assert [(s.weight, s.set_type) for s in workout.sets] == [
        (225, SetType.NORMAL),
        (200, SetType.NORMAL),
    ]
    assert workout.activities[0].distance_km == pytest.approx(2 * KM_PER_MILE)
    heavy = problem_at(parsed, 4)
    assert (heavy.field, heavy.skipped) == ("weight_lbs", True)
    assert heavy.message == 'weight_lbs "3000" is more than 2205 lb.'
    odd_type = problem_at(parsed, 5)
    assert (odd_type.field, odd_type.skipped) == ("set_type", False)


@pytest.mark.parametrize(
    "start",
    [
        "9 Apr 2026, 17:18",
        "09 Apr 2026, 17:18",
        "2026-04-09 17:18:00",
        "2026-04-09T17:18:00Z",
        "Apr 9, 2026, 5:18 PM",
    ],
)
def test_hevy_date_forms(tmp_path: Path, start: str) -> None:
    row = f'"Pull","{start}","","","Row",,"",0,"normal",50,8,,,'
    parsed = read(write(tmp_path, f"{HEVY_HEADER}\n{row}\n"))

    assert parsed.problems == []
    assert parsed.workouts[0].started_at == datetime(2026, 4, 9, 17, 18)


# --- FitNotes ------------------------------------------------------------------------------

FITNOTES_TEXT = f"""{FITNOTES_HEADER}
2024-03-05,Flat Barbell Bench Press,Chest,80.0,8,,,,"Easy, fast"
2024-03-05,Flat Barbell Bench Press,Chest,82.5,6,,,,
2024-03-05,Rope Push Down,Triceps,30.0,12,,,,
2024-03-05,Flat Barbell Bench Press,Chest,85.0,4,,,,
2024-03-05,Rope Push Down,Triceps,30.0,ten,,,,
2024-03-05,Rope Push Down,Triceps
2024-03-06,Cycling,Cardio,,,12.5,km,0:30:00,
2024-03-06,Rowing Machine,Cardio,,,2000,m,08:00,
2024-03-06,Walking,Cardio,,,1,mi,30:00,
2024-03-06,Plank,Abs,,,,,0:01:30,
2024-02-30,Squat,Legs,100,5,,,,
2024-03-06,Sled Push,Legs,100,,50,parsecs,,
"""


def test_fitnotes_kgs_with_malformed_rows(tmp_path: Path) -> None:
    parsed = read(write(tmp_path, FITNOTES_TEXT))

    assert (parsed.format, parsed.format_label, parsed.unit) == (
        "FITNOTES",
        "FitNotes",
        WeightUnit.KG,
    )
    assert parsed.rows_read == 12
    assert {p.line: (p.field, p.skipped) for p in parsed.problems} == {
        6: ("Reps", True),
        7: ("Weight (kgs)", True),
        12: ("Date", True),
        13: ("Distance Unit", True),
    }
    assert problem_at(parsed, 6).message == 'Reps "ten" is not a whole number.'
    assert problem_at(parsed, 7).message.startswith("The line has 3 fields, the header has 9")

    chest, cardio = parsed.workouts
    assert chest.key == "fitnotes|2024-03-05"
    assert chest.name == "Chest + Triceps"
    assert chest.started_at == datetime(2024, 3, 5, 12, 0)
    assert chest.duration_seconds is None
    assert [(s.exercise, s.set_order, s.weight, s.reps, s.line) for s in chest.sets] == [
        ("Flat Barbell Bench Press", 1, 80, 8, 2),
        ("Flat Barbell Bench Press", 2, 82.5, 6, 3),
        ("Rope Push Down", 1, 30, 12, 4),
        ("Flat Barbell Bench Press", 3, 85, 4, 5),
    ]
    assert chest.sets[0].note == "Easy, fast"
    assert all(s.set_type == SetType.NORMAL and s.rpe is None for s in chest.sets)

    assert cardio.name == "Cardio + Abs"
    distances = [(a.exercise, a.distance_km, a.duration_seconds) for a in cardio.activities]
    assert distances[0] == ("Cycling", 12.5, 1800)
    assert distances[1] == ("Rowing Machine", pytest.approx(2.0), 480)
    assert distances[2] == ("Walking", pytest.approx(KM_PER_MILE), 1800)
    assert distances[3] == ("Plank", None, 90)
    assert cardio.sets == []


def test_fitnotes_lbs(tmp_path: Path) -> None:
    text = FITNOTES_HEADER.replace("(kgs)", "(lbs)") + "\n2024-03-05,Squat,Legs,225.0,5,,,,\n"
    parsed = read(write(tmp_path, text))

    assert parsed.unit == WeightUnit.LB
    assert parsed.workouts[0].sets[0].weight == 225
    assert parsed.workouts[0].name == "Legs"


def test_fitnotes_weight_unit_column_converts_into_the_first_unit(tmp_path: Path) -> None:
    text = (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
        "2025-12-23,Bench Press,Chest,225,lbs,5,,,,\n"
        "2025-12-23,Curl,Arms,20,kgs,10,,,,\n"
        "2025-12-23,Curl,Arms,20,stone,10,,,,\n"
    )
    parsed = read(write(tmp_path, text))

    assert parsed.unit == WeightUnit.LB
    bench, curl = parsed.workouts[0].sets
    assert bench.weight == 225
    assert curl.weight == pytest.approx(20 / KG_PER_LB)
    assert problem_at(parsed, 4).field == "Weight Unit"


# --- Whole-file refusals -------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert refusal(tmp_path / "nowhere.csv").startswith("There is no file at")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert "is not a file" in refusal(tmp_path)


@pytest.mark.parametrize("data", [b"", b"\n\n   \r\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert refusal(write_bytes(tmp_path, data)) == "export.csv is empty."


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(1, 32)) * 50,
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00",
    ],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    assert "is not a text file" in refusal(write_bytes(tmp_path, data))


def test_header_only_file_reads_as_nothing_to_import(tmp_path: Path) -> None:
    parsed = read(write(tmp_path, STRONG_HEADER + "\n"))

    assert (parsed.format, parsed.rows_read, parsed.workouts, parsed.problems) == (
        "STRONG",
        0,
        [],
        [],
    )


def test_unknown_header_names_the_supported_formats_and_the_first_line(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, "name,age,city\nBob,3,Paris\n"))

    assert "Strong, Hevy and FitNotes" in message
    assert 'first line is "name,age,city"' in message


def test_unknown_header_is_shown_truncated(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, "column," * 100 + "\n1\n"))

    assert "…" in message
    assert len(message) < 250


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, STRONG_CLASSIC)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    big = write_bytes(tmp_path, b"x" * (3 * 1024 * 1024), "big.csv")

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file was opened")

    with monkeypatch.context() as patched:
        patched.setattr(Path, "open", no_reading)
        message = refusal(big)
    assert message == "big.csv is 3 MB; Alloy reads exports of up to 2 MB."
    assert read(path).rows_read == 9  # a file within the limit still reads


def test_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    rows = "".join(f"2024-03-05 17:30,Push,,Bench,{n},80,5,0,0,,,\n" for n in range(5))

    message = refusal(write(tmp_path, f"{STRONG_HEADER}\n{rows}"))
    assert message == "The file has more than 3 rows, the most Alloy imports."


# --- Encodings, progress and speed ---------------------------------------------------------


def test_utf16_with_bom(tmp_path: Path) -> None:
    parsed = read(write_bytes(tmp_path, STRONG_CLASSIC.encode("utf-16")))

    assert parsed.rows_read == 9
    assert len(parsed.workouts[0].sets) == 6


def test_windows_1252_fallback(tmp_path: Path) -> None:
    text = f"{STRONG_HEADER}\n2024-03-05 17:30,Séance,,Développé couché,1,60,8,0,0,,,\n"
    parsed = read(write_bytes(tmp_path, text.encode("cp1252")))

    assert parsed.workouts[0].name == "Séance"
    assert parsed.workouts[0].sets[0].exercise == "Développé couché"


def strong_rows(count: int) -> str:
    rows = [STRONG_HEADER]
    for n in range(count):
        day = 1 + (n // 20) % 28
        month = 1 + (n // 560) % 12
        rows.append(
            f"2023-{month:02d}-{day:02d} 17:30:12,Push,1h 5m,Bench Press (Barbell),{n % 5 + 1},"
            f'{60 + n % 10}.5,{5 + n % 5},0,0,"a note, with a comma",,8'
        )
    return "\n".join(rows) + "\n"


def test_progress_is_reported_every_thousand_rows(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    read_export(
        write(tmp_path, strong_rows(2500)), progress=lambda *a: calls.append(a), today=TODAY
    )

    assert [done for done, _ in calls] == [1000, 2000, 2500]
    assert all(total >= done for done, total in calls)
    assert calls[-1] == (2500, 2500)


def test_ten_thousand_rows_are_all_read(tmp_path: Path) -> None:
    # Speed is measured by bench/bench_import.py; tests never assert on wall time.
    parsed = read(write(tmp_path, strong_rows(10_000)))

    assert parsed.rows_read == 10_000
    assert sum(len(w.sets) for w in parsed.workouts) == 10_000


def test_infinite_weight_is_not_a_number(tmp_path: Path) -> None:
    text = f"{STRONG_HEADER}\n2024-03-05 17:30,Push,,Bench,1,inf,5,0,0,,,\n"
    parsed = read(write(tmp_path, text))

    assert parsed.workouts == []
    assert problem_at(parsed, 2).message == 'Weight "inf" is not a number.'
