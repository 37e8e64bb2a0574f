"""Local accounts: bcrypt passwords, HS256 tokens signed with a per-install secret."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import bcrypt
import jwt
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from alloy_desktop.services import schemas, validate
from alloy_desktop.services.context import AppContext
from alloy_desktop.services.errors import AuthError, Conflict, StoreReadOnly, ValidationError
from alloy_desktop.services.schemas import UserResponse
from alloy_desktop.store import tables
from alloy_desktop.store.lazy import lazy_module

if TYPE_CHECKING:
    from alloy_desktop.store import models
else:
    models = lazy_module("alloy_desktop.store.models")

ALGORITHM = "HS256"
SECRET_FILENAME = "secret.key"
MIN_PASSWORD = 8
MAX_PASSWORD_BYTES = 72  # bcrypt ignores everything past 72 bytes; refuse rather than truncate
DEFAULT_EXPIRE_MINUTES = 30
MAX_REMEMBER_DAYS = 90
WRONG_CREDENTIALS = "That email and password don't match an account."


def load_or_create_secret(data_dir: Path | None) -> bytes:
    """The install's signing key, created once with owner-only permissions."""
    if data_dir is None:
        return secrets.token_bytes(32)
    path = data_dir / SECRET_FILENAME
    try:
        if path.exists():
            return path.read_bytes()
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key
    except OSError as exc:  # a read-only or full data folder: a sentence, not a traceback
        raise StoreReadOnly(
            f"Alloy could not write its sign-in key in {data_dir}: {exc.strerror or exc}. "
            "Check that the folder is writable and the disk has room.",
            str(data_dir),
        ) from exc


def normalise_email(value: object) -> str:
    """Trimmed and lower-cased; must look like an address."""
    email = validate.text(value, "email", 255, required=True).lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or domain.startswith("."):
        raise ValidationError("email", "Enter an email address like name@example.com.")
    return email


def check_password(value: object) -> bytes:
    """At least 8 characters and no more than bcrypt can hash."""
    if not isinstance(value, str):
        raise ValidationError("password", "Password must be text.")
    raw = value.encode("utf-8")
    if len(value) < MIN_PASSWORD:
        raise ValidationError("password", f"Password must be at least {MIN_PASSWORD} characters.")
    if len(raw) > MAX_PASSWORD_BYTES or "\x00" in value:
        raise ValidationError("password", "Password must be at most 72 bytes.")
    return raw


class AuthService:
    """Register, log in and verify tokens for one install."""

    def __init__(self, app: AppContext, secret: bytes) -> None:
        self._app = app
        self._secret = secret

    def register(self, email: str, password: str, name: str) -> schemas.TokenResponse:
        """Creates an account (the install's first is admin) with default profile and settings."""
        address = normalise_email(email)
        raw = check_password(password)
        display = validate.text(name, "name", 100, required=True)
        hashed = bcrypt.hashpw(raw, bcrypt.gensalt()).decode("ascii")
        try:
            with self._app.write() as s:
                if s.scalar(select(models.User.id).where(models.User.email == address)) is not None:
                    raise Conflict("An account with that email already exists.")
                first = (s.scalar(select(func.count(models.User.id))) or 0) == 0
                user = models.User(
                    email=address, name=display, hashed_password=hashed, is_admin=first
                )
                s.add(user)
                s.flush()
                s.add_all(
                    [models.UserProfile(user_id=user.id), models.UserSettings(user_id=user.id)]
                )
                user_id = user.id
        except IntegrityError as exc:  # a race with another window registering the same email
            raise Conflict("An account with that email already exists.") from exc
        return self._issue(user_id, None)

    def user_count(self) -> int:
        """How many accounts exist (the first start shows a welcome flow)."""
        with self._app.read() as s:
            return s.scalar(select(func.count(models.User.id))) or 0

    def login(
        self, email: str, password: str, remember_days: int | None = None
    ) -> schemas.TokenResponse:
        """Checks the password and is_active; the same error for a wrong email or password."""
        try:
            # Text no account could have (not a string, a lone surrogate, a NUL) is no match.
            address = validate.text(email, "email", 255).lower()
        except ValidationError as exc:
            raise AuthError(WRONG_CREDENTIALS) from exc
        if not isinstance(password, str):
            raise AuthError(WRONG_CREDENTIALS)
        if remember_days is not None:
            validate.whole(remember_days, "remember_days", 1, MAX_REMEMBER_DAYS)
        with self._app.read() as s:
            user = s.scalar(select(models.User).where(models.User.email == address))
        if user is None or not user.hashed_password or not _matches(password, user.hashed_password):
            raise AuthError(WRONG_CREDENTIALS)
        if not user.is_active:
            raise AuthError("This account is deactivated.")
        return self._issue(user.id, remember_days)

    def verify_token(self, token: str) -> UserResponse:
        """Decodes the token, checks expiry and that the user still exists and is active."""
        user_id = self.user_id_for(token)
        users = tables.users
        with self._app.connect() as connection:
            user = connection.execute(
                select(
                    users.c.id, users.c.email, users.c.name, users.c.is_active, users.c.is_admin
                ).where(users.c.id == user_id)
            ).first()
        if user is None or not user.is_active:
            raise AuthError("Your session has ended. Please sign in again.")
        return UserResponse(user.id, user.email, user.name, user.is_active, user.is_admin)

    def user_id_for(self, token: str) -> int:
        """The user id a valid, unexpired token names."""
        if not isinstance(token, str) or not token:
            raise AuthError("Please sign in.")
        # Expiry is checked against the app's clock (injectable in tests), not PyJWT's.
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                options={"require": ["sub", "exp"], "verify_exp": False},
            )
            user_id, expires = int(claims["sub"]), float(claims["exp"])
        except (jwt.PyJWTError, TypeError, ValueError) as exc:
            raise AuthError("Your session is not valid. Please sign in again.") from exc
        if expires <= self._app.now().timestamp():
            raise AuthError("Your session has expired. Please sign in again.")
        return user_id

    def _issue(self, user_id: int, remember_days: int | None) -> schemas.TokenResponse:
        lifetime = timedelta(days=remember_days) if remember_days else self._expiry(user_id)
        claims = {"sub": str(user_id), "exp": self._app.now() + lifetime}
        return schemas.TokenResponse(
            access_token=jwt.encode(claims, self._secret, algorithm=ALGORITHM), user_id=user_id
        )

    def _expiry(self, user_id: int) -> timedelta:
        with self._app.read() as s:
            minutes = s.scalar(
                select(models.UserSettings.access_token_expire_minutes).where(
                    models.UserSettings.user_id == user_id
                )
            )
        return timedelta(minutes=minutes or DEFAULT_EXPIRE_MINUTES)


def _matches(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:
        return False
