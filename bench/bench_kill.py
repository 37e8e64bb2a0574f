"""Kill -9 proof, full run: the real app killed 100 times while entering sets; lost, damaged.

Each kill starts `alloy --harness` (offscreen) on one data folder; the app resumes its
draft and enters sets through the workout logger's view-model, printing ACK after each
set's draft write returns. Most kills land 0-2 s into set entry, every fifth during
start-up. After each kill the file is reopened: `PRAGMA integrity_check`, then the sets
in the log and the draft are counted against those acknowledged. Target: 0 lost, 0 corrupt.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from alloy_desktop import harness


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-wait", type=float, default=2.0, help="seconds into set entry")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="alloy-kill-") as tmp:
        folder = Path(tmp)
        harness.prepare(folder)

        def _progress(number: int, acked: int, recovered: int) -> None:
            if number % 10 == 0:
                print(f"  {number} kills: {recovered} sets held", flush=True)

        report = harness.run_kills(folder, args.kills, args.seed, args.max_wait, _progress)
    elapsed = time.perf_counter() - started
    print(report.line())
    print(
        f"{report.recovered} sets held at the end ({report.workouts_finished} workouts "
        f"finished and logged), {elapsed:.0f} s"
    )
    for problem in report.problems:
        print(f"  {problem}")
    return 0 if report.lost == 0 and report.corrupt == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
