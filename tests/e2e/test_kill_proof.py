"""Kill -9 proof: the real app, killed at random moments while sets are entered, loses none."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alloy_desktop import harness

# About 20 kills keep this under a minute on two cores; bench/bench_kill.py does 100.
KILLS = int(os.environ.get("ALLOY_KILLS", "20"))


@pytest.mark.slow
def test_no_acknowledged_set_is_lost_and_the_file_stays_sound(tmp_path: Path) -> None:
    harness.prepare(tmp_path)
    report = harness.run_kills(tmp_path, KILLS, seed=13, max_wait_s=1.5)
    print(report.line())
    assert report.kills == KILLS
    assert report.lost == 0 and report.corrupt == 0, report.problems
    assert report.problems == []
    assert report.acknowledged >= KILLS // 2  # the child really was entering sets
    assert report.recovered >= report.acknowledged
