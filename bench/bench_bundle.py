"""The packaged app: size on disk (target < 180 MB) and cold start of the bundle to first paint.

Run after `make package` (or pass --bundle). Start-up uses the same returning-lifter data folder
as bench_startup.py, so the two figures compare source and bundle directly.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_startup import TARGET_RATIO, beside_bare, child_env, first_paint_line, prepare

TARGET_MB = 180.0
# A folder heavier than this share of the bundle is listed by its contents instead, so that
# PySide6/ (most of the bundle) does not hide which of its libraries weigh.
OPEN_FOLDER_SHARE = 0.15


def folder_mb(path: Path) -> float:
    """Bytes of every regular file below path (links counted once, as du does)."""
    if path.is_symlink():
        return 0.0
    if path.is_file():
        return path.stat().st_size / 1024 / 1024
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1024 / 1024


def heaviest(bundle: Path, count: int = 10) -> list[tuple[str, float]]:
    """The heaviest files and folders of the bundle, big folders opened up."""
    total = folder_mb(bundle)
    entries = [(path, folder_mb(path)) for path in bundle.iterdir()]
    while True:
        big = [e for e in entries if e[0].is_dir() and e[1] > total * OPEN_FOLDER_SHARE]
        if not big:
            break
        folder = max(big, key=lambda e: e[1])
        entries.remove(folder)
        entries += [(path, folder_mb(path)) for path in folder[0].iterdir()]
    entries.sort(key=lambda e: e[1], reverse=True)
    return [
        (str(path.relative_to(bundle)) + ("/" if path.is_dir() else ""), mb)
        for path, mb in entries[:count]
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=Path("dist/alloy"))
    parser.add_argument("--runs", type=int, default=11)  # as bench_startup: medians of 11
    args = parser.parse_args()
    executable = args.bundle / "alloy"
    if not executable.exists():
        print(f"skipped: no bundle at {args.bundle} (run `make package` first)")
        return 0
    size = folder_mb(args.bundle)
    print(f"bundle size on disk:          {size:7.1f} MB  (target < {TARGET_MB:.0f})")
    print("heaviest parts:")
    for name, mb in heaviest(args.bundle):
        # PyInstaller appends every Python module, compressed, to the executable.
        note = "  (launcher and all Python modules)" if name == executable.name else ""
        print(f"  {mb:7.1f} MB  {name}{note}")
    archives = sorted(args.bundle.parent.glob("alloy-*.tar.gz"))
    if archives:
        print(f"archive {archives[-1].name}: {archives[-1].stat().st_size / 1024 / 1024:.1f} MB")
    with tempfile.TemporaryDirectory(prefix="alloy-bundle-bench-") as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        print(f"prepared data folder: {prepare(folder)}")
        command = [str(executable), "--data-dir", str(folder), "--exit-after-paint"]
        env = child_env(Path(tmp) / "pycache")
        bare_runs, runs = beside_bare(command, Path(tmp), env, args.runs)
        painted = first_paint_line(folder)
    median = statistics.median(r.seconds for r in runs)
    bare_median = statistics.median(r.seconds for r in bare_runs)
    ratio = median / bare_median
    verdict = "met" if ratio <= TARGET_RATIO else "not met"
    print(f"bundle cold start to paint:   {median * 1000:7.0f} ms  (median of {len(runs)})")
    print(f"bare PySide6 + pyqtgraph window from source: {bare_median * 1000:.0f} ms")
    print(f"ratio:                        {ratio:7.2f}     (target <= {TARGET_RATIO}: {verdict})")
    print(f"bundle peak RSS:              {max(r.peak_mb for r in runs):7.0f} MB")
    print(f"app log: {painted.split(': ', 1)[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
