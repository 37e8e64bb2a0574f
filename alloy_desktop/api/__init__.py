"""One headless entry point mirroring the spec's endpoints: `Alloy.open(...)`, then `for_token`."""

# Each service is imported and built on first use: the app's start (sign-in, then Today's
# plan) needs a handful of them, and importing all of them (the coach, imports with its
# fuzzy matcher, backups...) costs a cold start over 0.1 s for nothing it shows.

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from threading import RLock
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from alloy_desktop import __version__
from alloy_desktop.api import errors, schemas
from alloy_desktop.services.auth import AuthService, load_or_create_secret
from alloy_desktop.services.context import AppContext, UserContext, open_context, utc_now
from alloy_desktop.services.database_file import (
    DatabaseBackup,
    DatabaseFiles,
    DatabaseFileService,
    Restored,
)
from alloy_desktop.services.streams import CoachStream

if TYPE_CHECKING:
    from alloy_desktop.api.sync import SyncApi
    from alloy_desktop.services.activities import ActivityService
    from alloy_desktop.services.backup import BackupService
    from alloy_desktop.services.body_weight import BodyWeightService
    from alloy_desktop.services.circuits import CircuitService
    from alloy_desktop.services.coach import CoachService, CoachUnavailable
    from alloy_desktop.services.coaching import CoachingService
    from alloy_desktop.services.days import DayService
    from alloy_desktop.services.exercises import CustomExerciseService
    from alloy_desktop.services.imports import ImportService
    from alloy_desktop.services.library import LibraryService
    from alloy_desktop.services.logs import LogService
    from alloy_desktop.services.prescriptions import PrescriptionService
    from alloy_desktop.services.programs import ProgramService
    from alloy_desktop.services.routines import RoutineService
    from alloy_desktop.services.settings import SettingsService
    from alloy_desktop.services.workout_edits import WorkoutHistoryService

__all__ = [
    "Alloy",
    "CoachStream",
    "CoachUnavailable",
    "DatabaseBackup",
    "DatabaseFiles",
    "Restored",
    "UserApi",
    "errors",
    "schemas",
]

APP_NAME = "Alloy"


# The api's own names that live in slower modules, imported when first asked for.
_LAZY_NAMES = {"CoachUnavailable": "alloy_desktop.services.coach"}


# The module behind each of UserApi's services, for preload().
_SERVICE_MODULES = {
    "programs": "alloy_desktop.services.programs",
    "days": "alloy_desktop.services.days",
    "logs": "alloy_desktop.services.logs",
    "settings": "alloy_desktop.services.settings",
    "circuits": "alloy_desktop.services.circuits",
    "activities": "alloy_desktop.services.activities",
    "library": "alloy_desktop.services.library",
    "exercises": "alloy_desktop.services.exercises",
    "imports": "alloy_desktop.services.imports",
    "backup": "alloy_desktop.services.backup",
    "prescriptions": "alloy_desktop.services.prescriptions",
    "history": "alloy_desktop.services.workout_edits",
    "routines": "alloy_desktop.services.routines",
    "body_weight": "alloy_desktop.services.body_weight",
    "coaching": "alloy_desktop.services.coaching",
    "coach": "alloy_desktop.services.coach",
    "sync": "alloy_desktop.api.sync",
}


def preload(*services: str) -> None:
    """Imports these UserApi services' modules now rather than on their first use.

    For a caller that knows what it will need and has a cheaper moment now: the app, before
    Qt is loaded (PySide6 then scans the source of every module imported after it).
    """
    for name in services:
        importlib.import_module(_SERVICE_MODULES[name])


def __getattr__(name: str) -> object:
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


_S = TypeVar("_S")


class _Service(Generic[_S]):
    """A UserApi service, built on its first use and kept: once, even if threads ask together.

    The app's worker threads share the api with the window, and a service some caller has
    set up (the coach's progress callback, say) must be the one every caller gets.
    """

    def __init__(self, build: Callable[[UserApi], _S]) -> None:
        self._build = build
        self.name = build.__name__

    @overload
    def __get__(self, api: None, owner: type[UserApi]) -> _Service[_S]: ...

    @overload
    def __get__(self, api: UserApi, owner: type[UserApi]) -> _S: ...

    def __get__(self, api: UserApi | None, owner: type[UserApi]) -> _S | _Service[_S]:
        if api is None:
            return self
        with api._building:
            built: _S | None = api.__dict__.get(self.name)
            if built is None:
                # Kept under the same name: from now on the attribute is found without us.
                built = api.__dict__[self.name] = self._build(api)
        return built


class UserApi:
    """Services bound to one signed-in user: no call here can name another user's rows.

    Every service is created on its first use and kept; the coach's is imported only when
    a conversation, a session design or a health check needs it.
    """

    read_only = False  # True for an athlete as their coach sees them (api/athletes.py)

    def __init__(self, app: AppContext, user: schemas.UserResponse) -> None:
        self._ctx: UserContext = UserContext(app, user.id)
        # Programs and day plans: the lifter's own, or what their coach plans for them.
        self._plans: UserContext = self._ctx
        self.user = user
        self._building = RLock()

    def services(self) -> dict[str, object]:
        """Every service by name, each built now if it was not yet (for tools that walk them)."""
        return {name: getattr(self, name) for name in _SERVICE_MODULES}

    @_Service
    def programs(self) -> ProgramService:
        from alloy_desktop.services.programs import ProgramService

        programs = ProgramService(self._plans)
        # The coach may redesign new programs' sessions when the setting is on.
        programs.session_designer = _CoachHandOver(self).design_microcycles
        return programs

    @_Service
    def days(self) -> DayService:
        from alloy_desktop.services.days import DayService

        days = DayService(self._plans)
        days.conversations = _CoachHandOver(self)  # /days/{date}/adapt/stream is the coach's
        return days

    @_Service
    def logs(self) -> LogService:
        from alloy_desktop.services.logs import LogService

        return LogService(self._ctx)

    @_Service
    def settings(self) -> SettingsService:
        from alloy_desktop.services.settings import SettingsService

        return SettingsService(self._ctx)

    @_Service
    def circuits(self) -> CircuitService:
        from alloy_desktop.services.circuits import CircuitService

        return CircuitService(self._ctx, is_admin=self.user.is_admin)

    @_Service
    def activities(self) -> ActivityService:
        from alloy_desktop.services.activities import ActivityService

        return ActivityService(self._ctx)

    @_Service
    def library(self) -> LibraryService:
        from alloy_desktop.services.library import LibraryService

        return LibraryService(self._ctx)

    # The lifter's own movements, imports from other apps, export and full backup.

    @_Service
    def exercises(self) -> CustomExerciseService:
        from alloy_desktop.services.exercises import CustomExerciseService

        return CustomExerciseService(self._ctx)

    @_Service
    def imports(self) -> ImportService:
        from alloy_desktop.services.imports import ImportService

        return ImportService(self._ctx)

    @_Service
    def backup(self) -> BackupService:
        from alloy_desktop.services.backup import BackupService

        return BackupService(self._ctx)

    @_Service
    def prescriptions(self) -> PrescriptionService:
        """What to put on the bar for every planned set; plates, warm-ups, rest timers."""
        from alloy_desktop.services.prescriptions import PrescriptionService

        return PrescriptionService(self._ctx)

    # History with edits, deletes and their undo; hand-built routines; the body weight log.

    @_Service
    def history(self) -> WorkoutHistoryService:
        from alloy_desktop.services.workout_edits import WorkoutHistoryService

        return WorkoutHistoryService(self._ctx)

    @_Service
    def routines(self) -> RoutineService:
        from alloy_desktop.services.routines import RoutineService

        return RoutineService(self._ctx)

    @_Service
    def body_weight(self) -> BodyWeightService:
        from alloy_desktop.services.body_weight import BodyWeightService

        return BodyWeightService(self._ctx)

    # A coach and their athletes (shared mode): invitations, the athlete list, one athlete.

    @_Service
    def coaching(self) -> CoachingService:
        from alloy_desktop.services.coaching import CoachingService

        return CoachingService(self._ctx)

    def athlete(self, athlete_id: int) -> UserApi:
        """One of the caller's athletes as their coach sees them (NotFound for anyone else):
        Today, Progress, history and settings read-only; programs and day plans editable."""
        from alloy_desktop.api.athletes import AthleteApi

        athlete = self.coaching.athlete_user(athlete_id)
        return AthleteApi(self._ctx.app, athlete)

    @_Service
    def sync(self) -> SyncApi:
        """Offline-first sync with a coach's shared server (its driver loads at the first link)."""
        from alloy_desktop.api.sync import SyncApi

        # The service writes through the app's context: an athlete seen by their coach
        # (read_only) must not be linked or synced from the coach's window.
        return SyncApi(self._ctx.app, self._ctx.user_id, read_only=self.read_only)

    @_Service
    def coach(self) -> CoachService:
        """The local LLM coach."""
        from alloy_desktop.services.coach import CoachService

        return CoachService(self._ctx)


class _CoachHandOver:
    """Hands the day and program services over to the coach, building it on the first call.

    Holding the coach service itself would import it with them, at every start.
    """

    def __init__(self, api: UserApi) -> None:
        self._api = api

    def adapt_stream(self, target_date: date, request: schemas.AdaptationRequest) -> CoachStream:
        return self._api.coach.adapt_stream(target_date, request)

    def continue_stream(self, thread_id: int, message: str) -> CoachStream:
        return self._api.coach.continue_stream(thread_id, message)

    def design_microcycles(
        self, program_id: int, microcycle_ids: Sequence[int]
    ) -> schemas.SessionDesignReport | None:
        return self._api.coach.design_microcycles(program_id, microcycle_ids)


class Alloy:
    """The app's api over one database; the screens, the tests and any later tool use it."""

    def __init__(self, app: AppContext) -> None:
        self._app = app
        self.auth = AuthService(app, load_or_create_secret(app.data_dir))
        # The whole file: back up now, list and restore backups (not per user: the install's).
        self.database = DatabaseFileService(app)

    @classmethod
    def open(
        cls,
        path_or_url: str | Path,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> Alloy:
        """Creates, migrates and seeds as needed; ':memory:' gives a throwaway database."""
        if data_dir is None and str(path_or_url) != ":memory:" and "://" not in str(path_or_url):
            data_dir = Path(path_or_url).expanduser().resolve().parent
        return cls(open_context(path_or_url, data_dir, clock))

    def for_token(self, token: str) -> UserApi:
        """User-scoped services; raises errors.AuthError if the token is invalid or expired."""
        return UserApi(self._app, self.auth.verify_token(token))

    def health(self) -> schemas.HealthResponse:
        """The spec's GET /health, plus which database is open."""
        url = self._app.db.engine.url
        return schemas.HealthResponse(
            "healthy", f"{APP_NAME} {__version__}", url.database or str(url)
        )

    def health_llm(
        self,
        host: str | None = None,
        model: str | None = None,
        timeout: float | None = None,
        provider: str | None = None,
    ) -> schemas.LLMHealthResponse:
        """The spec's GET /health/llm: is the model server reachable and does it have the model.

        Defaults are the spec's (Ollama at OLLAMA_HOST, else localhost:11434, gemma3:4b);
        `provider="openai"` checks an OpenAI-compatible server at `host` (its /v1 URL). A
        signed-in user's own settings are checked by `for_token(...).coach.health()`.
        Takes seconds at most.
        """
        from alloy_desktop.coach.config import CoachConfig, Provider
        from alloy_desktop.coach.hosts import DEFAULT_OPENAI_URL
        from alloy_desktop.services.coach import llm_health

        try:
            kind = Provider(provider or Provider.OLLAMA)
        except ValueError:
            raise errors.ValidationError("provider", "Choose ollama or openai.") from None
        defaults = CoachConfig()
        ollama = kind is Provider.OLLAMA
        config = CoachConfig(
            host=host or (defaults.host if ollama else DEFAULT_OPENAI_URL),
            model=model or (defaults.model if ollama else ""),  # "": the first model served
            timeout=timeout or defaults.timeout,
            provider=kind,
        )
        return llm_health(config)

    @property
    def context(self) -> AppContext:
        """The shared context (for background workers that need the clock or the catalog)."""
        return self._app

    def close(self) -> None:
        """Closes the database."""
        self._app.db.close()
