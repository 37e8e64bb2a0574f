"""The coach's failures as a small typed set, each with one sentence meant for the lifter."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum

from alloy_desktop.coach.config import DISABLE_ENV, Provider

log = logging.getLogger(__name__)


class CoachErrorKind(StrEnum):
    """Why the coach could not answer; decides the message and whether a retry can help."""

    OFFLINE = "offline"  # nothing answers at the host (refused, unknown host, connect timeout)
    MODEL_MISSING = "model_missing"  # the server answers but lacks the model (HTTP 404)
    TIMEOUT = "timeout"  # connected, but no byte arrived within the read timeout
    DROPPED = "dropped"  # the connection closed in the middle of an answer
    MALFORMED = "malformed"  # a line of the stream that is not the JSON Ollama sends
    SERVER = "server"  # any other HTTP error, or an error reported inside the stream
    INVALID_OUTPUT = "invalid_output"  # structured output that fails the schema or the rules
    REFUSED = "refused"  # the server wants a key Alloy doesn't have (HTTP 401/403)


# Offline and a missing model will not fix themselves in the next second: don't retry those.
RETRYABLE = frozenset(
    {
        CoachErrorKind.TIMEOUT,
        CoachErrorKind.DROPPED,
        CoachErrorKind.MALFORMED,
        CoachErrorKind.SERVER,
        CoachErrorKind.INVALID_OUTPUT,
    }
)


class CoachError(Exception):
    """A classified coach failure; `message` is one sentence for a person."""

    def __init__(self, kind: CoachErrorKind, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE

    @property
    def unavailable(self) -> bool:
        """The coach can't be reached at all (as opposed to answering badly)."""
        return self.kind in (
            CoachErrorKind.OFFLINE,
            CoachErrorKind.MODEL_MISSING,
            CoachErrorKind.REFUSED,
        )


def offline(host: str) -> CoachError:
    return CoachError(
        CoachErrorKind.OFFLINE,
        f"The coach is offline: nothing answers at {host}.",
    )


def model_missing(
    model: str, provider: Provider = Provider.OLLAMA, served: Sequence[str] = ()
) -> CoachError:
    """The server answers without the model: Ollama can pull it, other servers must load it."""
    if provider is Provider.OLLAMA:
        text = f"The coach's model {model} isn't installed (run “ollama pull {model}”)."
    else:
        listed = f" (it serves {', '.join(served[:5])})" if served else ""
        text = f"The coach's server doesn't serve the model {model}{listed}."
    return CoachError(CoachErrorKind.MODEL_MISSING, text)


def switched_off() -> CoachError:
    """The error every call raises while ALLOY_DISABLE_OLLAMA=1."""
    return CoachError(CoachErrorKind.OFFLINE, f"The coach is switched off ({DISABLE_ENV}=1).")


def invalid_output(detail: str) -> CoachError:
    return CoachError(
        CoachErrorKind.INVALID_OUTPUT,
        "The coach's answer didn't fit the expected format.",
        detail,
    )


def classify(exc: BaseException, host: str, model: str, timeout: float) -> CoachError:
    """Maps what the ollama client and httpx actually raise onto the typed set.

    Non-streaming calls turn a refused connection into the builtin ConnectionError;
    streaming calls raise httpx.ConnectError on the first chunk instead, and a read
    timeout is httpx.ReadTimeout on both paths. Error lines inside a stream arrive as
    ResponseError with status -1; a line that isn't JSON is a JSONDecodeError and a
    line of the wrong shape a pydantic ValidationError (both ValueErrors).
    """
    if isinstance(exc, CoachError):
        return exc
    # Lazy, like the client itself: neither is loaded until the coach is first used.
    import httpx
    from ollama import ResponseError

    if isinstance(exc, ResponseError):
        return _response_error(exc, model)
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout) or type(exc) is ConnectionError:
        return offline(host)
    if isinstance(exc, httpx.TimeoutException):
        return CoachError(
            CoachErrorKind.TIMEOUT,
            f"The coach took too long to answer (nothing for {timeout:g} s).",
        )
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | ConnectionError):
        return CoachError(
            CoachErrorKind.DROPPED, "The connection to the coach dropped mid-answer.", str(exc)
        )
    if isinstance(exc, ValueError):
        return CoachError(
            CoachErrorKind.MALFORMED, "The coach sent a reply Alloy couldn't read.", str(exc)
        )
    if isinstance(exc, httpx.HTTPError):
        return CoachError(CoachErrorKind.SERVER, "The coach's server failed to answer.", str(exc))
    log.exception("unexpected error from the coach client", exc_info=exc)
    return CoachError(CoachErrorKind.SERVER, "The coach failed in an unexpected way.", repr(exc))


def _response_error(exc: BaseException, model: str) -> CoachError:
    status = getattr(exc, "status_code", -1)
    detail = str(getattr(exc, "error", exc))
    if status == 404:
        return model_missing(model)
    if status == -1:  # an {"error": ...} line inside a stream
        return CoachError(CoachErrorKind.SERVER, f"The coach stopped with an error: {detail}.")
    return CoachError(
        CoachErrorKind.SERVER, f"The coach's server answered with an error ({status}).", detail
    )
