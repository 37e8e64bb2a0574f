"""An athlete as their coach sees them: Today, Progress and history read-only; plans editable."""

from __future__ import annotations

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.services.coaching import ReadOnlyUserContext
from alloy_desktop.services.context import AppContext, UserContext


class AthleteApi(UserApi):
    """The services of one athlete, built for their coach.

    Every service reads the athlete's rows through a context that refuses writes, so logs,
    history, settings and the rest stay the athlete's to change. Programs and the day plans
    are the coach's to make: those two services write as the athlete's own would.
    """

    read_only = True

    def __init__(self, app: AppContext, athlete: schemas.UserResponse) -> None:
        super().__init__(app, athlete)
        self._ctx = ReadOnlyUserContext(app, athlete.id)
        self._plans = UserContext(app, athlete.id)
