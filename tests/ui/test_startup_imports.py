"""What a cold start imports: Today's first paint goes without charts, migrations or the coach.

Each of these is a large import that the first page does not show; a start that pulls one in
again is slower for every lifter, every day. The start runs in a fresh interpreter (this
one has imported everything already) and reports its modules; nothing here is timed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from alloy_desktop import api
from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.app import TODAY_SERVICES
from alloy_desktop.ui.views.main_window import PAGES, TOKEN_KEY

# Packages the first paint of Today must not import, and what needs each one.
NOT_AT_FIRST_PAINT = {
    "pyqtgraph": "the Progress page's charts",
    "numpy": "pyqtgraph",
    "alembic": "a database that is not at head",
    "ollama": "the coach",
    "openai": "the coach",
    "httpx": "the coach's clients",
    "rapidfuzz": "the importer's exercise matching",
    "alloy_desktop.services.coach": "the coach (its first check waits for the paint)",
    "alloy_desktop.services.imports": "File › Import history",
    "alloy_desktop.services.schemas.more": "the schemas of every page but Today",
    "alloy_desktop.domain.planner": "building or extending a program",
    # Today reads through Core tables: the ORM and its mapped classes are for writes and the
    # other pages (declaring and configuring them was a quarter of a cold start).
    "sqlalchemy.orm": "the ORM's sessions (writes and the other pages)",
    "alloy_desktop.store.models": "the ORM's mapped classes",
    "alloy_desktop.store.tables_more": "the tables Today does not read",
}

# Runs the app as `python -m alloy_desktop --exit-after-paint` does, and prints the modules
# loaded at the first paint, then after the Progress page is opened from there.
DRIVER = """
import json, os, sys
from alloy_desktop import app
from alloy_desktop.ui.views import main_window

report = {}
build = main_window.MainWindow.__init__

def __init__(self, *args, **kwargs):
    build(self, *args, **kwargs)

    def _painted():
        report["page"] = self.current_key()
        report["at_paint"] = sorted(sys.modules)
        plan = self.page("today").vm.plan
        report["adapted"] = plan is not None and plan.adapted_from_thread_id is not None
        self.show_page("progress")
        report["progress_shows"] = self.current_key()
        report["after_progress"] = sorted(sys.modules)

    self.first_paint.connect(_painted)

main_window.MainWindow.__init__ = __init__

def _exit_now(code):
    print(json.dumps(report), flush=True)
    os._exit(code)

app._exit_now = _exit_now
app.main(["--data-dir", sys.argv[1], "--exit-after-paint"])
"""


def returning_lifter(db_path: Path, adapted: bool = False) -> Path:
    """A data folder with a remembered sign-in, a program, and today a training day (its
    session adapted to sore legs and accepted, if `adapted`)."""
    folder = db_path.parent
    alloy = Alloy.open(db_path, data_dir=folder)
    try:
        alloy.auth.register("lifter@example.com", "correct horse", "Lee")
        token = alloy.auth.login("lifter@example.com", "correct horse", 30).access_token
        me = alloy.for_token(token)
        today = date.today()
        days = tuple(sorted({(today.weekday() + offset) % 7 for offset in (0, 2, 4)}))
        me.settings.update_profile(
            schemas.ProfileUpdate(scheduling=schemas.SchedulingPreferences(3, days, 60, 7))
        )
        me.programs.create(
            schemas.ProgramCreate(
                goals=(schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4)),
                duration_weeks=8,
                start_date=today,
            )
        )
        if adapted:
            soreness = (schemas.SorenessInput("LEGS", 8),)
            answer = me.days.adapt(today, schemas.AdaptationRequest(soreness=soreness))
            me.days.accept(today, schemas.AcceptPlanRequest(answer.thread_id))
    finally:
        alloy.close()
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue(TOKEN_KEY, token)
    settings.setValue("window/last_page", "today")
    settings.sync()
    return folder


@pytest.fixture(scope="module", params=["planned", "adapted"])
def start(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> dict[str, object]:
    """One cold start on a returning lifter's folder, as the modules it reported: today as
    planned, and today adapted (Today then shows the coach's conversation too)."""
    db_path = tmp_path_factory.mktemp("start") / "alloy.db"
    db_path.write_bytes(template_db.read_bytes())
    folder = returning_lifter(db_path, adapted=request.param == "adapted")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["adapted"] == (request.param == "adapted")
    return report


def loaded(modules: object, name: str) -> bool:
    assert isinstance(modules, list)
    return any(module == name or module.startswith(f"{name}.") for module in modules)


def test_the_start_paints_today(start: dict[str, object]) -> None:
    assert start["page"] == "today"


@pytest.mark.parametrize("package", sorted(NOT_AT_FIRST_PAINT))
def test_the_first_paint_goes_without(start: dict[str, object], package: str) -> None:
    assert not loaded(start["at_paint"], package), f"{package} is for {NOT_AT_FIRST_PAINT[package]}"


def test_pages_not_shown_are_not_imported(start: dict[str, object]) -> None:
    others = [spec.target.split(":")[0] for spec in PAGES if spec.key != "today"]
    assert [name for name in others if loaded(start["at_paint"], name)] == []


def test_the_progress_page_brings_its_charts_when_first_opened(start: dict[str, object]) -> None:
    assert start["progress_shows"] == "progress"
    assert loaded(start["after_progress"], "pyqtgraph")


def test_every_service_is_built_once_on_first_use(ui_alloy: Alloy, lee_token: str) -> None:
    me = ui_alloy.for_token(lee_token)
    names = [name for name, value in vars(UserApi).items() if isinstance(value, api._Service)]
    assert sorted(names) == sorted(api._SERVICE_MODULES)  # preload() knows every service
    assert "days" not in vars(me)  # nothing is built before it is asked for
    for name in names:
        assert getattr(me, name) is getattr(me, name)
    assert me.services() == {name: getattr(me, name) for name in names}
    assert set(TODAY_SERVICES) <= set(names)


def test_threads_asking_together_get_one_service(ui_alloy: Alloy, lee_token: str) -> None:
    me = ui_alloy.for_token(lee_token)
    with ThreadPoolExecutor(max_workers=8) as pool:
        coaches = list(pool.map(lambda _: me.coach, range(32)))
    assert all(coach is coaches[0] for coach in coaches)


def test_the_day_and_program_services_hand_over_to_the_coach(
    ui_alloy: Alloy, lee_token: str
) -> None:
    me = ui_alloy.for_token(lee_token)
    assert me.days.conversations is not None
    assert me.programs.session_designer is not None
    # No design without the setting on: the coach answers None, as it did when held directly.
    assert me.programs.session_designer(1, []) is None


@pytest.fixture
def lee_token(ui_alloy: Alloy) -> str:
    return ui_alloy.auth.register("lee@example.com", "correct horse", "Lee").access_token
