"""Local accounts through the public api: registration, passwords, login, tokens, the secret."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import bcrypt
import jwt
import pytest
from sqlalchemy import select, update

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.services.errors import AuthError, Conflict, ValidationError
from alloy_desktop.services.schemas import SettingsUpdate
from alloy_desktop.store.models import User, UserProfile, UserSettings

PASSWORD = "correct horse battery"  # the api conftest's password for `me` and `other`


def user_row(alloy: Alloy, email: str) -> User:
    with alloy.context.db.sessions() as s:
        row = s.scalar(select(User).where(User.email == email))
        assert row is not None
        s.expunge(row)
        return row


def secret_of(alloy_dir: Path) -> bytes:
    return (alloy_dir / "secret.key").read_bytes()


def claims(token: str, secret: bytes) -> dict[str, object]:
    return jwt.decode(token, secret, algorithms=["HS256"], options={"verify_exp": False})


# --- Register -------------------------------------------------------------------------------


def test_register_normalises_email_and_creates_profile_and_settings(alloy: Alloy) -> None:
    token = alloy.auth.register("  Ann@Example.COM ", PASSWORD, "  Ann ")

    row = user_row(alloy, "ann@example.com")
    assert (row.id, row.name, row.is_active) == (token.user_id, "Ann", True)
    with alloy.context.db.sessions() as s:
        assert s.scalar(select(UserProfile.id).where(UserProfile.user_id == row.id)) is not None
        assert s.scalar(select(UserSettings.id).where(UserSettings.user_id == row.id)) is not None
    assert alloy.for_token(token.access_token).user.email == "ann@example.com"


def test_register_rejects_a_taken_email_whatever_its_case(alloy: Alloy) -> None:
    alloy.auth.register("ann@example.com", PASSWORD, "Ann")

    with pytest.raises(Conflict, match="already exists"):
        alloy.auth.register("ANN@example.com ", "another password", "Ann again")

    with alloy.context.db.sessions() as s:
        assert len(s.scalars(select(User)).all()) == 1


@pytest.mark.parametrize("password", ["", "short", "1234567"])
def test_register_needs_eight_characters(alloy: Alloy, password: str) -> None:
    with pytest.raises(ValidationError, match="at least 8 characters") as caught:
        alloy.auth.register("ann@example.com", password, "Ann")
    assert caught.value.field == "password"
    with alloy.context.db.sessions() as s:
        assert s.scalar(select(User.id)) is None


def test_register_accepts_exactly_eight_characters(alloy: Alloy) -> None:
    token = alloy.auth.register("ann@example.com", "12345678", "Ann")
    assert alloy.auth.login("ann@example.com", "12345678").user_id == token.user_id


@pytest.mark.parametrize("email", ["", "ann", "ann@", "@example.com", "ann@example"])
def test_register_rejects_a_malformed_email(alloy: Alloy, email: str) -> None:
    with pytest.raises(ValidationError) as caught:
        alloy.auth.register(email, PASSWORD, "Ann")
    assert caught.value.field == "email"


def test_passwords_are_bcrypt_hashed_with_a_salt_each(alloy: Alloy) -> None:
    alloy.auth.register("ann@example.com", PASSWORD, "Ann")
    alloy.auth.register("bob@example.com", PASSWORD, "Bob")

    ann, bob = user_row(alloy, "ann@example.com"), user_row(alloy, "bob@example.com")
    assert ann.hashed_password and bob.hashed_password
    assert ann.hashed_password != bob.hashed_password
    for hashed in (ann.hashed_password, bob.hashed_password):
        assert hashed.startswith("$2")
        assert PASSWORD not in hashed
        assert bcrypt.checkpw(PASSWORD.encode(), hashed.encode())


def test_first_account_is_admin_and_the_second_is_not(alloy: Alloy) -> None:
    first = alloy.for_token(alloy.auth.register("ann@example.com", PASSWORD, "Ann").access_token)
    second = alloy.for_token(alloy.auth.register("bob@example.com", PASSWORD, "Bob").access_token)

    assert first.user.is_admin is True
    assert second.user.is_admin is False
    assert user_row(alloy, "ann@example.com").is_admin is True
    assert user_row(alloy, "bob@example.com").is_admin is False


# --- Login ----------------------------------------------------------------------------------


def test_login_returns_a_token_for_the_account(alloy: Alloy, me: UserApi) -> None:
    token = alloy.auth.login(" ME@example.com", PASSWORD)

    assert token.user_id == me.user.id
    assert token.token_type == "bearer"
    assert alloy.for_token(token.access_token).user.id == me.user.id


def test_wrong_email_and_wrong_password_get_the_same_message(alloy: Alloy, me: UserApi) -> None:
    with pytest.raises(AuthError) as wrong_email:
        alloy.auth.login("nobody@example.com", PASSWORD)
    with pytest.raises(AuthError) as wrong_password:
        alloy.auth.login("me@example.com", "not the password")

    assert wrong_email.value.message == wrong_password.value.message


def test_login_refuses_a_deactivated_account(alloy: Alloy, me: UserApi) -> None:
    token = alloy.auth.login("me@example.com", PASSWORD)
    with alloy.context.db.sessions() as s, s.begin():
        s.execute(update(User).where(User.id == me.user.id).values(is_active=False))

    with pytest.raises(AuthError, match="deactivated"):
        alloy.auth.login("me@example.com", PASSWORD)
    with pytest.raises(AuthError):
        alloy.for_token(token.access_token)


# --- Tokens ---------------------------------------------------------------------------------


def test_token_is_hs256_with_subject_and_expiry(
    alloy: Alloy, me: UserApi, db_path: Path, clock: Any
) -> None:
    token = alloy.auth.login("me@example.com", PASSWORD).access_token

    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    decoded = claims(token, secret_of(db_path.parent))
    assert decoded["sub"] == str(me.user.id)
    assert decoded["exp"] == int((clock.now + timedelta(minutes=30)).timestamp())


def test_a_token_from_another_secret_is_refused(alloy: Alloy, me: UserApi) -> None:
    forged = jwt.encode({"sub": str(me.user.id), "exp": 4102444800}, b"x" * 32, algorithm="HS256")

    with pytest.raises(AuthError):
        alloy.for_token(forged)
    with pytest.raises(AuthError):
        alloy.for_token("")


def test_token_expires_after_the_default_thirty_minutes(
    alloy: Alloy, me: UserApi, clock: Any
) -> None:
    token = alloy.auth.login("me@example.com", PASSWORD).access_token

    clock.advance(minutes=29)
    assert alloy.for_token(token).user.id == me.user.id
    clock.advance(minutes=1)
    with pytest.raises(AuthError, match="expired"):
        alloy.for_token(token)


def test_token_lifetime_follows_the_users_setting(alloy: Alloy, me: UserApi, clock: Any) -> None:
    me.settings.update(SettingsUpdate(access_token_expire_minutes=120))
    token = alloy.auth.login("me@example.com", PASSWORD).access_token

    clock.advance(minutes=119)
    assert alloy.for_token(token).user.id == me.user.id
    clock.advance(minutes=2)
    with pytest.raises(AuthError, match="expired"):
        alloy.for_token(token)


def test_remember_me_lasts_the_given_days(alloy: Alloy, me: UserApi, clock: Any) -> None:
    token = alloy.auth.login("me@example.com", PASSWORD, remember_days=7).access_token

    clock.advance(days=6, hours=23)
    assert alloy.for_token(token).user.id == me.user.id
    clock.advance(hours=2)
    with pytest.raises(AuthError, match="expired"):
        alloy.for_token(token)


@pytest.mark.parametrize("days", [0, 91])
def test_remember_me_days_must_be_in_range(alloy: Alloy, me: UserApi, days: int) -> None:
    with pytest.raises(ValidationError) as caught:
        alloy.auth.login("me@example.com", PASSWORD, remember_days=days)
    assert caught.value.field == "remember_days"


# --- The signing secret ---------------------------------------------------------------------


def test_secret_file_is_owner_only_and_reused_on_reopen(
    alloy: Alloy, me: UserApi, db_path: Path, clock: Any
) -> None:
    path = db_path.parent / "secret.key"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secret = path.read_bytes()
    assert len(secret) >= 32
    token = alloy.auth.login("me@example.com", PASSWORD).access_token
    alloy.close()

    reopened = Alloy.open(db_path, clock=clock)
    try:
        assert path.read_bytes() == secret
        assert reopened.for_token(token).user.id == me.user.id
    finally:
        reopened.close()


def test_an_unwritable_data_folder_is_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    from alloy_desktop.services.auth import load_or_create_secret
    from alloy_desktop.services.errors import StoreReadOnly

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreReadOnly) as error:
        load_or_create_secret(blocker / "data")
    assert "sign-in key" in error.value.message
