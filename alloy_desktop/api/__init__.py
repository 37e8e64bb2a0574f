"""One headless entry point mirroring the spec's endpoints: `Alloy.open(...)`, then `for_token`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from alloy_desktop import __version__
from alloy_desktop.api import errors, schemas
from alloy_desktop.coach.config import CoachConfig, Provider
from alloy_desktop.coach.hosts import DEFAULT_OPENAI_URL
from alloy_desktop.services.activities import ActivityService
from alloy_desktop.services.auth import AuthService, load_or_create_secret
from alloy_desktop.services.backup import BackupService
from alloy_desktop.services.body_weight import BodyWeightService
from alloy_desktop.services.circuits import CircuitService
from alloy_desktop.services.coach import CoachService, CoachUnavailable, llm_health
from alloy_desktop.services.context import AppContext, UserContext, open_context, utc_now
from alloy_desktop.services.database_file import (
    DatabaseBackup,
    DatabaseFiles,
    DatabaseFileService,
    Restored,
)
from alloy_desktop.services.days import DayService
from alloy_desktop.services.exercises import CustomExerciseService
from alloy_desktop.services.imports import ImportService
from alloy_desktop.services.library import LibraryService
from alloy_desktop.services.logs import LogService
from alloy_desktop.services.prescriptions import PrescriptionService
from alloy_desktop.services.programs import ProgramService
from alloy_desktop.services.routines import RoutineService
from alloy_desktop.services.settings import SettingsService
from alloy_desktop.services.streams import CoachStream
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


class UserApi:
    """Services bound to one signed-in user: no call here can name another user's rows."""

    def __init__(self, app: AppContext, user: schemas.UserResponse) -> None:
        ctx = UserContext(app, user.id)
        self.user = user
        self.programs = ProgramService(ctx)
        self.days = DayService(ctx)
        self.logs = LogService(ctx)
        self.settings = SettingsService(ctx)
        self.circuits = CircuitService(ctx, is_admin=user.is_admin)
        self.activities = ActivityService(ctx)
        self.library = LibraryService(ctx)
        # The lifter's own movements, imports from other apps, export and full backup.
        self.exercises = CustomExerciseService(ctx)
        self.imports = ImportService(ctx)
        self.backup = BackupService(ctx)
        # What to put on the bar for every planned set; plates, warm-ups, rest timers.
        self.prescriptions = PrescriptionService(ctx)
        # History with edits, deletes and their undo; hand-built routines; the body weight log.
        self.history = WorkoutHistoryService(ctx)
        self.routines = RoutineService(ctx)
        self.body_weight = BodyWeightService(ctx)
        # The local LLM coach; it may redesign new programs' sessions when the setting is on.
        self.coach = CoachService(ctx)
        self.programs.session_designer = self.coach.design_microcycles
        self.days.conversations = self.coach  # /days/{date}/adapt/stream is the coach's flow


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
