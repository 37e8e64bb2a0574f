"""Shared mode: `alloy --database postgresql+psycopg://...`, a coach and athletes on one server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from alloy_desktop import startup
from alloy_desktop.api import Alloy, UserApi, errors, schemas
from alloy_desktop.app import parse_args
from alloy_desktop.store.migrate import current_revision, head_revision

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse"


def no_dialog() -> QApplication:
    raise AssertionError("no dialog expected")


def sign_up(alloy: Alloy, email: str, name: str) -> UserApi:
    return alloy.for_token(alloy.auth.register(email, PASSWORD, name).access_token)


def test_the_database_option_and_its_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "postgresql+psycopg://coach:pw@gym.example:5432/alloy"
    assert parse_args(["--database", url]).database == url
    monkeypatch.setenv("ALLOY_DATABASE_URL", url)
    assert parse_args([]).database == url
    monkeypatch.delenv("ALLOY_DATABASE_URL")
    assert parse_args([]).database is None


def test_a_fresh_server_is_migrated_and_serves_accounts(pg_empty_url: str, tmp_path: Path) -> None:
    opened = startup.open_shared(pg_empty_url, tmp_path, no_dialog)
    assert opened is not None
    try:
        assert current_revision(opened.alloy.context.db.engine) == head_revision()
        assert opened.notice.startswith("Shared database: ")
        assert "pw" not in opened.notice and "@" not in opened.notice  # never the password
        me = sign_up(opened.alloy, "coach@example.com", "Cam")
        assert (
            opened.alloy.for_token(
                opened.alloy.auth.login("coach@example.com", PASSWORD).access_token
            ).user
            == me.user
        )
    finally:
        opened.alloy.close()


def test_an_unreachable_server_asks_to_retry_and_quits_on_no(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(startup, "_ask_retry", lambda message, _app: asked.append(message) or False)
    url = "postgresql+psycopg://alloy:secret@127.0.0.1:1/alloy"
    assert startup.open_shared(url, tmp_path, no_dialog) is None
    assert asked == [
        "The database alloy on 127.0.0.1:1 can't be reached. Check that the server is running "
        "and this computer is on its network, then try again."
    ]


def test_no_postgresql_driver_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The bundle's pure-Python psycopg needs the system's libpq: say so, never a traceback."""

    def no_libpq(*_args: object, **_kwargs: object) -> Alloy:
        raise ImportError("no pq wrapper available")

    monkeypatch.setattr(Alloy, "open", no_libpq)
    asked: list[str] = []
    monkeypatch.setattr(startup, "_ask_retry", lambda message, _app: asked.append(message) or False)
    assert startup.open_shared("postgresql+psycopg://a@b/c", tmp_path, no_dialog) is None
    assert asked == [startup.NO_DRIVER] and "apt-get install libpq5" in asked[0]


def test_a_coach_and_two_athletes_on_one_server(pg_url: str, tmp_path: Path) -> None:
    alloy = Alloy.open(pg_url, data_dir=tmp_path, clock=lambda: NOW)
    try:
        coach = sign_up(alloy, "coach@example.com", "Cam")
        ash, bo = sign_up(alloy, "ash@example.com", "Ash"), sign_up(alloy, "bo@example.com", "Bo")
        ash.coaching.answer(coach.coaching.invite("ash@example.com").id, accept=True)
        bo_link = coach.coaching.invite("bo@example.com")
        squat = next(m.id for m in alloy.context.catalog.movements if m.name == "Barbell Squat")
        for athlete, weight in ((ash, 100.0), (bo, 140.0)):
            athlete.logs.log_custom_workout(
                schemas.CustomWorkoutLogCreate(
                    (schemas.CustomExercise(squat, (schemas.CompletedSet(1, weight, 5, 8.0),)),),
                    name="Legs",
                    performed_at=NOW - timedelta(days=1),
                )
            )
        # Only the athlete who accepted is listed and readable; Bo's answer is still pending.
        assert [a.name for a in coach.coaching.athletes()] == ["Ash"]
        with pytest.raises(errors.NotFound):
            coach.athlete(bo.user.id)
        view = coach.athlete(ash.user.id)
        assert [p.weight_kg for p in view.logs.e1rm_trend(squat)] == [100.0]
        with pytest.raises(errors.Forbidden):
            view.body_weight.log(schemas.BodyWeightCreate(80.0))
        # The coach plans; the athlete sees it at once on the shared server.
        goals = (schemas.GoalWeight("STRENGTH", 10),)
        made = view.programs.create(schemas.ProgramCreate(goals=goals, duration_weeks=8))
        assert [p.id for p in ash.programs.list()] == [made.id]
        assert bo.programs.list() == []
        # Athletes see nothing of each other, nor of the coach.
        for athlete, other in ((ash, bo), (bo, ash)):
            with pytest.raises(errors.NotFound):
                athlete.athlete(other.user.id)
        bo.coaching.answer(bo_link.id, accept=False)
        assert [a.name for a in coach.coaching.athletes()] == ["Ash"]
    finally:
        alloy.close()
