"""A coach and their athletes: invitations, the athlete list, and who may see whose training."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import CoachLinkStatus
from alloy_desktop.services import validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import Conflict, Forbidden, NotFound, ValidationError
from alloy_desktop.services.logs import LogService
from alloy_desktop.services.schemas import (
    AdherenceResponse,
    AthleteSummary,
    CoachLinkResponse,
    CoachLinks,
    LiftTrend,
    UserResponse,
)
from alloy_desktop.store.models import CoachLink, User

MAX_EMAIL = 255
READ_ONLY = "A coach sees an athlete's training; only the athlete changes their logs and settings."
NO_ATHLETE = "This lifter is not one of your athletes (or has not accepted your invitation)."


class CoachingService:
    """`me.coaching`: invite athletes, answer a coach, end a link, list one's athletes."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    def invite(self, athlete_email: str) -> CoachLinkResponse:
        """Asks the account with this email to accept the caller as their coach."""
        email = validate.text(athlete_email, "athlete_email", MAX_EMAIL).strip().lower()
        if "@" not in email:
            raise ValidationError("athlete_email", "Enter the athlete's email address.")
        with self._ctx.write() as s:
            athlete = s.scalar(select(User).where(func.lower(User.email) == email))
            if athlete is None or not athlete.is_active:
                raise ValidationError(
                    "athlete_email", "No lifter with that email has an account on this server."
                )
            if athlete.id == self._ctx.user_id:
                raise ValidationError("athlete_email", "You cannot coach yourself.")
            link = s.scalar(
                select(CoachLink).where(
                    CoachLink.coach_user_id == self._ctx.user_id,
                    CoachLink.athlete_user_id == athlete.id,
                )
            )
            if link is not None and link.status in (
                CoachLinkStatus.PENDING,
                CoachLinkStatus.ACCEPTED,
            ):
                raise Conflict(f"{athlete.name or athlete.email} is already invited or coached.")
            if link is None:
                link = CoachLink(coach_user_id=self._ctx.user_id, athlete_user_id=athlete.id)
                s.add(link)
            link.status, link.created_at, link.answered_at = (
                CoachLinkStatus.PENDING,
                self._ctx.now(),
                None,
            )
            s.flush()
            return _response(s, link)

    def links(self) -> CoachLinks:
        """Every link the caller is part of, newest first on each side."""
        uid = self._ctx.user_id
        with self._ctx.read() as s:
            rows = s.scalars(
                select(CoachLink)
                .where(or_(CoachLink.coach_user_id == uid, CoachLink.athlete_user_id == uid))
                .order_by(CoachLink.created_at.desc(), CoachLink.id.desc())
            ).all()
            answers = [_response(s, row) for row in rows]
        return CoachLinks(
            as_coach=tuple(a for a in answers if a.coach_id == uid),
            as_athlete=tuple(a for a in answers if a.athlete_id == uid),
        )

    def answer(self, link_id: int, accept: bool) -> CoachLinkResponse:
        """The athlete accepts or declines a pending invitation."""
        wanted = validate.identifier(link_id, "link_id")
        if not isinstance(accept, bool):
            raise ValidationError("accept", "Accept must be yes or no.")
        with self._ctx.write() as s:
            link = s.get(CoachLink, wanted)
            if link is None or link.athlete_user_id != self._ctx.user_id:
                raise NotFound("Invitation not found.")
            if link.status is not CoachLinkStatus.PENDING:
                raise Conflict("This invitation has already been answered.")
            link.status = CoachLinkStatus.ACCEPTED if accept else CoachLinkStatus.DECLINED
            link.answered_at = self._ctx.now()
            s.flush()
            return _response(s, link)

    def end(self, link_id: int) -> CoachLinkResponse:
        """Either side ends a pending or accepted link; the coach sees nothing from then on."""
        wanted = validate.identifier(link_id, "link_id")
        uid = self._ctx.user_id
        with self._ctx.write() as s:
            link = s.get(CoachLink, wanted)
            if link is None or uid not in (link.coach_user_id, link.athlete_user_id):
                raise NotFound("Invitation not found.")
            if link.status in (CoachLinkStatus.DECLINED, CoachLinkStatus.ENDED):
                raise Conflict("This link has already ended.")
            link.status, link.answered_at = CoachLinkStatus.ENDED, self._ctx.now()
            s.flush()
            return _response(s, link)

    def athletes(self) -> list[AthleteSummary]:
        """The caller's athletes with adherence, last workout, recovery and main lifts."""
        with self._ctx.read() as s:
            users = [s.get(User, aid) for aid in coached(s, self._ctx.user_id)]
        return [athlete_summary(self._ctx, user) for user in users if user is not None]

    def athlete_user(self, athlete_id: int) -> UserResponse:
        """One of the caller's athletes; NotFound for anyone else (never Forbidden, so a
        stranger cannot learn which ids exist)."""
        wanted = validate.identifier(athlete_id, "athlete_id")
        with self._ctx.read() as s:
            user = s.get(User, wanted) if wanted in coached(s, self._ctx.user_id) else None
            if user is None:
                raise NotFound(NO_ATHLETE)
            return UserResponse(user.id, user.email, user.name, user.is_active, user.is_admin)


def coached(s: Session, coach_id: int) -> list[int]:
    """Ids of the athletes with an accepted link to this coach, by name then id."""
    rows = s.execute(
        select(User.id)
        .join(CoachLink, CoachLink.athlete_user_id == User.id)
        .where(
            CoachLink.coach_user_id == coach_id,
            CoachLink.status == CoachLinkStatus.ACCEPTED,
            User.is_active.is_(True),
        )
        .order_by(func.lower(func.coalesce(User.name, User.email)), User.id)
    )
    return [int(row[0]) for row in rows]


def _response(s: Session, link: CoachLink) -> CoachLinkResponse:
    coach, athlete = s.get(User, link.coach_user_id), s.get(User, link.athlete_user_id)
    assert coach is not None and athlete is not None  # foreign keys, cascading deletes
    return CoachLinkResponse(
        id=link.id,
        coach_id=coach.id,
        coach_name=coach.name or coach.email,
        athlete_id=athlete.id,
        athlete_name=athlete.name or athlete.email,
        status=link.status,
        created_at=link.created_at,
        answered_at=link.answered_at,
    )


@dataclass(frozen=True)
class ReadOnlyUserContext(UserContext):
    """An athlete's data as their coach reads it: every write is refused with a sentence."""

    def write(self) -> AbstractContextManager[Session]:
        raise Forbidden(READ_ONLY)


# --- the coach's athlete list -------------------------------------------------------------

MAIN_LIFTS = 3  # the athlete's most logged movements, charted on their row
TREND_SPAN = timedelta(weeks=12)


def athlete_summary(ctx: UserContext, user: User) -> AthleteSummary:
    """Reads one athlete's figures through their own (read-only) services."""
    logs = LogService(ReadOnlyUserContext(ctx.app, user.id))
    since = (ctx.now() - TREND_SPAN).date()
    lifts = tuple(
        LiftTrend(mid, name, tuple(logs.e1rm_trend(mid, since=since)))
        for mid, name in logs.logged_movements()[:MAIN_LIFTS]
    )
    recovery = sorted(logs.muscle_recovery(), key=lambda r: r.recovery_level)
    latest = logs.workouts(limit=1)
    return AthleteSummary(
        athlete_id=user.id,
        name=user.name or user.email,
        email=user.email,
        adherence=_adherence(logs),
        last_workout=latest[0] if latest else None,
        least_recovered=tuple(recovery[:3]),
        lifts=lifts,
    )


def _adherence(logs: LogService) -> AdherenceResponse | None:
    try:
        return logs.adherence()
    except NotFound:
        return None
