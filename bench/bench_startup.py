"""Cold start to Today's painted plan against a bare PySide6 + pyqtgraph window; peak memory.

Targets: the app within 1.2x the bare window's time, measured in the same run; under 250 MB.
Every run is a fresh interpreter (offscreen Qt). Both sides use cached bytecode, as an
installed app does: one warm-up run of each is made first and not counted. One more start
of the app, under `python -X importtime` and not timed, lists where its imports spend.
Last, the floor: the yardstick's window without pyqtgraph, with each layer Alloy stands on
imported first, shows how much of the budget the libraries take before any of Alloy runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.app import TODAY_SERVICES
from alloy_desktop.demo import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo

TARGET_RATIO = 1.2
TARGET_MB = 250.0
TIMEOUT_S = 60
TOP_IMPORTS = 10

# The yardstick: what any PySide6 + pyqtgraph app pays before it shows anything.
BASELINE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(pg.PlotWidget())
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)  # the first paint is queued ahead of this
app.exec()
"""

# The floor's layers, each imported before the window is made; a layer includes the ones
# above it. The api with Today's services is every import of the start but the Qt views'.
# The last row is not on the start path: the ORM and its mapped classes load after the
# paint, and the row shows what a start would pay if Today read through them again.
API_WITH_TODAY = f"import alloy_desktop.api as a; a.preload(*{TODAY_SERVICES!r})"
FLOOR_LAYERS = (
    ("Qt window alone (no pyqtgraph)", ""),
    ("+ SQLAlchemy Core", "import sqlalchemy"),
    ("+ Alloy's Core tables", "import alloy_desktop.store.tables"),
    ("+ the api and Today's services", API_WITH_TODAY),
    (
        "(after the paint) + ORM and mapped models",
        f"{API_WITH_TODAY}; import alloy_desktop.store.models",
    ),
)

FLOOR_WINDOW = """
import os
import sys
{layer}
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Today"))
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)
os._exit(app.exec())  # as the app's measured start ends: no interpreter teardown
"""


@dataclass(frozen=True)
class Run:
    """One child process: wall time from spawn to exit, and its peak resident memory."""

    seconds: float
    peak_mb: float


def prepare(folder: Path) -> str:
    """A data folder like a returning lifter's: history, a plan for today, a remembered token."""
    from PySide6.QtCore import QSettings

    alloy = Alloy.open(folder / "alloy.db", data_dir=folder)
    try:
        ensure_demo(alloy)
        token = alloy.auth.login(DEMO_EMAIL, DEMO_PASSWORD, remember_days=30).access_token
        plan = _train_today(alloy.for_token(token))
    finally:
        alloy.close()
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("auth/token", token)
    settings.setValue("window/last_page", "today")
    settings.sync()
    return plan


def _train_today(me: UserApi) -> str:
    """The demo plans four weekdays; a fresh program makes today a training day whatever it is."""
    today = date.today()
    days = tuple(sorted({(today.weekday() + offset) % 7 for offset in (0, 2, 4)}))
    me.settings.update_profile(
        schemas.ProfileUpdate(scheduling=schemas.SchedulingPreferences(3, days, 60, 7))
    )
    me.programs.create(
        schemas.ProgramCreate(
            goals=(schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4)),
            duration_weeks=8,
            name="Bench block",
            start_date=today,
        )
    )
    session = me.days.plan(today).session
    if session is None:
        return f"{today:%A}: rest day"
    return f"{today:%A}: {session.name}, {len(session.exercises)} exercises"


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app ships compiled bytecode
    return env


def run_once(command: list[str], env: dict[str, str]) -> Run:
    """Spawns the command and waits for it; the rusage is this child's alone."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = started + TIMEOUT_S
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            raise SystemExit(f"timed out after {TIMEOUT_S} s: {' '.join(command)}")
        time.sleep(0.002)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"exit {child.returncode}: {' '.join(command)}\n{errors}")
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class ImportCost:
    """One module of `-X importtime`: its own time, with what it imported, and who asked."""

    name: str
    self_ms: float
    cumulative_ms: float
    depth: int
    importer: str = ""  # "" for a module the program itself imported


def import_costs(command: list[str], env: dict[str, str]) -> list[ImportCost]:
    """Every module one start imports, in `-X importtime`'s order (children first)."""
    traced = [command[0], "-X", "importtime", *command[1:]]
    done = subprocess.run(traced, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    if done.returncode != 0:
        raise SystemExit(f"exit {done.returncode}: {' '.join(traced)}\n{done.stderr}")
    costs: list[ImportCost] = []
    for line in done.stderr.splitlines():
        # "import time:       412 |       8233 |     sqlalchemy.orm" (µs; indent = depth)
        fields = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(fields) != 3 or "[us]" in line:
            continue
        name = fields[2].rstrip()
        depth = (len(name) - len(name.lstrip())) // 2
        costs.append(ImportCost(name.strip(), int(fields[0]) / 1000, int(fields[1]) / 1000, depth))
    # A module is listed after everything it imported, so the deeper ones still waiting when
    # a module comes are its own imports (theirs took the ones deeper still).
    waiting: list[int] = []
    for index, cost in enumerate(costs):
        while waiting and costs[waiting[-1]].depth > cost.depth:
            child = waiting.pop()
            costs[child] = replace(costs[child], importer=cost.name)
        waiting.append(index)
    return costs


def first_paint_line(folder: Path) -> str:
    """What the app logged when it painted (the page and how long it took)."""
    lines = (folder / "alloy.log").read_text(encoding="utf-8").splitlines()
    return next(
        (line for line in reversed(lines) if "first paint" in line), "no first paint logged"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Eleven: on a shared 2-core host single starts spread by ±25 %, and a median of five
    # moved the ratio by ±0.05 from run to run.
    parser.add_argument("--runs", type=int, default=11, help="measured runs of each (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="alloy-bench-") as tmp:
        root = Path(tmp)
        folder = root / "data"
        folder.mkdir()
        print(f"prepared data folder: {prepare(folder)}")
        env = child_env(root / "pycache")
        app = [sys.executable, "-m", "alloy_desktop", "--data-dir", str(folder)]
        app.append("--exit-after-paint")
        bare_runs, app_runs = beside_bare(app, root, env, args.runs)
        painted = first_paint_line(folder)
        imports = import_costs(app, env)
        floor = floor_runs(root, env, args.runs)
    report(bare_runs, app_runs, painted)
    report_imports(imports)
    report_floor(floor, bare_runs)
    return 0


def floor_runs(root: Path, env: dict[str, str], runs: int) -> dict[str, list[Run]]:
    """Each floor layer's window, started `runs` times, layers interleaved like beside_bare."""
    commands: dict[str, list[str]] = {}
    for index, (label, layer) in enumerate(FLOOR_LAYERS):
        script = root / f"floor_{index}.py"
        script.write_text(FLOOR_WINDOW.format(layer=layer), encoding="utf-8")
        commands[label] = [sys.executable, str(script)]
        run_once(commands[label], env)  # warm-up, as for the bare window
    found: dict[str, list[Run]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            found[label].append(run_once(command, env))
    return found


def report_floor(floor: dict[str, list[Run]], bare_runs: list[Run]) -> None:
    """How much of the bare window's time each layer under Alloy costs, before Alloy runs.

    These windows end as the app's measured start does, without tearing the interpreter
    down (the bare window pays that), so the api row is the app's ratio less its own work:
    opening the database, Today's plan and its page. The last row is for comparison only:
    what the start would weigh if it still loaded the ORM before the paint.
    """
    bare = statistics.median(r.seconds for r in bare_runs)
    print(
        f"the floor: the bare window without pyqtgraph, each layer imported first (median of"
        f" {len(bare_runs)})"
    )
    for label, runs in floor.items():
        seconds = statistics.median(r.seconds for r in runs)
        print(f"  {label:<44} {seconds * 1000:7.0f} ms  {seconds / bare:5.2f}x the bare window")


def beside_bare(
    app: list[str], root: Path, env: dict[str, str], runs: int
) -> tuple[list[Run], list[Run]]:
    """Runs of the bare window and of `app`, interleaved so background load hits both alike."""
    baseline_script = root / "bare_window.py"
    baseline_script.write_text(BASELINE, encoding="utf-8")
    bare = [sys.executable, str(baseline_script)]
    run_once(bare, env), run_once(app, env)  # warm-up: bytecode caches, disk cache
    bare_runs: list[Run] = []
    app_runs: list[Run] = []
    for _ in range(runs):
        bare_runs.append(run_once(bare, env))
        app_runs.append(run_once(app, env))
    return bare_runs, app_runs


def report(bare_runs: list[Run], app_runs: list[Run], painted: str) -> None:
    bare = statistics.median(r.seconds for r in bare_runs)
    app = statistics.median(r.seconds for r in app_runs)
    peak = max(r.peak_mb for r in app_runs)
    ratio = app / bare
    met = "met" if ratio <= TARGET_RATIO else "not met"
    print(f"bare PySide6 + pyqtgraph window: {bare * 1000:7.0f} ms  (median of {len(bare_runs)})")
    print(f"alloy to Today's painted plan:   {app * 1000:7.0f} ms  (median of {len(app_runs)})")
    print(f"ratio:                           {ratio:7.2f}   (target <= {TARGET_RATIO}: {met})")
    print(f"alloy peak RSS:                  {peak:7.0f} MB  (target < {TARGET_MB:.0f})")
    print(f"app log: {painted.split(': ', 1)[-1]}")
    bare_spread = ", ".join(f"{r.seconds * 1000:.0f}" for r in bare_runs)
    spread = ", ".join(f"{r.seconds * 1000:.0f}" for r in app_runs)
    print(f"bare runs (ms):  {bare_spread}")
    print(f"alloy runs (ms): {spread}")


def report_imports(costs: list[ImportCost]) -> None:
    """The heaviest modules of one start, by time with their own imports, and the total.

    Times are inflated by the tracing itself; the order and the shares are what to read.
    """
    total = sum(cost.cumulative_ms for cost in costs if cost.depth == 0)
    print(f"alloy's imports, one start under -X importtime: {total:.0f} ms in {len(costs)} modules")
    print(f"  {'heaviest, with what they import':<44} {'cumul ms':>8} {'self ms':>8}  imported by")
    heaviest = sorted(costs, key=lambda cost: cost.cumulative_ms, reverse=True)[:TOP_IMPORTS]
    for cost in heaviest:
        print(f"  {_cost_line(cost)}")
    # A module's time counts again in each of its importers above; by their own time alone,
    # the modules whose code is slow to run.
    print("  heaviest by their own time alone")
    for cost in sorted(costs, key=lambda cost: cost.self_ms, reverse=True)[:TOP_IMPORTS]:
        print(f"  {_cost_line(cost)}")


def _cost_line(cost: ImportCost) -> str:
    importer = cost.importer or "(the program)"
    return f"{cost.name:<44} {cost.cumulative_ms:8.0f} {cost.self_ms:8.0f}  {importer}"


if __name__ == "__main__":
    raise SystemExit(main())
