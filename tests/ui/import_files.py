"""Small Strong and Hevy exports written by the import tests (pytest puts tests/ui on sys.path)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
HEVY_HEADER = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
    "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe"
)
# Two workouts: a known lift, a misspelt one (an unsure match), one the library lacks,
# a warm-up, a treadmill run (an activity) and a typo in the reps (line 6, left out).
STRONG_ROWS = (
    "2026-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),1,80,5,0,0,,,8",
    "2026-03-05 17:30:12,Push Day,1h 5m,Bench Press (Barbell),2,80,5,0,0,,,8",
    "2026-03-05 17:30:12,Push Day,1h 5m,Zottman Wiggle Thing,1,20,10,0,0,,,",
    "2026-03-05 17:30:12,Push Day,1h 5m,Running (Treadmill),1,0,0,5,1800,,,",
    "2026-03-05 17:30:12,Push Day,1h 5m,Squat (Barbell),1,100,10000,0,0,,,",
    "2026-03-07 17:30:12,Pull Day,50m,Deadlift (Barbell),1,140,5,0,0,,,",
    "2026-03-07 17:30:12,Pull Day,50m,Incline DB Prss,W,20,10,0,0,,,",
    "2026-03-07 17:30:12,Pull Day,50m,Incline DB Prss,1,30,8,0,0,,,",
)
HEVY_ROWS = (
    'Upper,"9 Apr 2026, 17:18","9 Apr 2026, 18:20",,Bench Press (Barbell),,,0,normal,100,5,,,8',
    'Upper,"9 Apr 2026, 17:18","9 Apr 2026, 18:20",,Bench Press (Barbell),,,1,normal,100,4,,,9',
    'Lower,"11 Apr 2026, 17:00","11 Apr 2026, 18:00",,Squat (Barbell),,,0,warmup,60,8,,,',
    'Lower,"11 Apr 2026, 17:00","11 Apr 2026, 18:00",,Squat (Barbell),,,1,normal,120,5,,,',
)
BENCH = "Barbell Bench Press - Medium Grip"


def write_strong(folder: Path, rows: tuple[str, ...] = STRONG_ROWS) -> Path:
    path = folder / "strong.csv"
    path.write_text("\n".join((STRONG_HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def write_hevy(folder: Path) -> Path:
    path = folder / "workouts.csv"
    path.write_text("\n".join((HEVY_HEADER, *HEVY_ROWS)) + "\n", encoding="utf-8")
    return path


def many_workouts(count: int = 24, sets: int = 90) -> tuple[str, ...]:
    """Over 2,000 sets: the import then checks Cancel between batches, not only at the end."""
    rows = []
    for n in range(count):
        stamp = f"{date(2025, 1, 1) + timedelta(days=3 * n)} 18:00:00"
        rows += [
            f"{stamp},Volume,2h,Bench Press (Barbell),{i},80,5,0,0,,," for i in range(1, sets + 1)
        ]
    return tuple(rows)
