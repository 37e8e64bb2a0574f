"""OpenAI-compatible servers (LM Studio, llama.cpp, LocalAI, vLLM, Ollama's /v1) for the coach."""

from __future__ import annotations

import functools
import logging
import os
import ssl
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from alloy_desktop.coach.cancel import CancelToken
from alloy_desktop.coach.config import (
    CHAT_TEMPERATURE,
    HEALTH_TIMEOUT,
    CoachConfig,
    Message,
    ModelCheck,
    Provider,
    disabled,
)
from alloy_desktop.coach.errors import (
    CoachError,
    CoachErrorKind,
    model_missing,
    offline,
    switched_off,
)
from alloy_desktop.coach.formats import instructions_for, parse_json_text

if TYPE_CHECKING:
    import httpx2
    from openai import OpenAI
    from openai.types.chat import ChatCompletionChunk

log = logging.getLogger(__name__)

API_KEY_ENV = "OPENAI_API_KEY"  # vLLM and hosted gateways may want one; local servers don't
NO_KEY = "not-needed"  # the client refuses to start without some key
SCHEMA_NAME = "alloy_answer"

# How each server takes a schema, best first: OpenAI's json_schema (LM Studio, vLLM,
# llama.cpp's own server, Ollama's /v1), then json_object with a "schema" (llama-cpp-python,
# Anyscale-style servers), then the schema in the instructions. A server that refuses one
# (400/422) is asked the next way from then on, for the rest of the run.
JSON_SCHEMA, JSON_OBJECT, INSTRUCTIONS = 0, 1, 2
_format_level: dict[tuple[str, str], int] = {}  # (base URL, model) -> the way that works
_format_lock = threading.Lock()


class _FormatRefused(Exception):
    """The server rejected a response format (it predates that kind of structured output)."""


class OpenAIClient:
    """One conversation's connection to an OpenAI-compatible server through `openai`.

    Same contract as the Ollama client: check(), stream_chat(), chat_json(), close(), and a
    cancel token that shuts the socket from another thread. The SDK's own retries are off:
    the coach service retries with its own backoff, the same for every provider.
    """

    def __init__(self, config: CoachConfig, cancel: CancelToken | None = None) -> None:
        self.config = config
        self.cancel = cancel or CancelToken()
        self._client: OpenAI | None = None
        self._model: str = config.model.strip()

    # --- public ---------------------------------------------------------------------------

    def check(self) -> ModelCheck:
        """Server reachable, model listed; never raises (a failure reads as a message)."""
        if disabled():
            return ModelCheck(False, False, (), switched_off().message)
        try:
            names = self._list_models(HEALTH_TIMEOUT)
        except CoachError as error:
            reachable = error.kind is not CoachErrorKind.OFFLINE
            return ModelCheck(reachable, False, (), error.message)
        wanted = self.config.model.strip()
        present = bool(names) and (not wanted or _find(wanted, names) is not None)
        return ModelCheck(True, present, names, self._check_words(wanted, names, present))

    def stream_chat(self, messages: Sequence[Message]) -> Iterator[str]:
        """The reply's text as it arrives; ends early, quietly, when the token is cancelled."""
        finished = False
        stream = None
        try:
            stream = self._ready().chat.completions.create(
                model=self._model_name(),
                messages=_messages(messages),
                stream=True,
                temperature=CHAT_TEMPERATURE,
                max_tokens=self.config.max_tokens,
            )
            for chunk in stream:
                if self.cancel.cancelled:
                    return
                text, done = _chunk_parts(chunk)
                if text:
                    yield text
                finished = finished or done
        except Exception as exc:
            if self.cancel.cancelled:
                return  # the shutdown that Stop did surfaces as a read error: not a failure
            raise self._classify(exc) from exc
        finally:
            if stream is not None:
                stream.close()
        if not finished and not self.cancel.cancelled:
            # The body ended without a finish reason: the server went away mid-answer.
            raise CoachError(CoachErrorKind.DROPPED, "The coach's answer ended unexpectedly.")

    def chat_json(self, messages: Sequence[Message], schema: Mapping[str, Any]) -> Any:
        """One reply constrained to `schema` in the best way the server takes.

        A server that rejects a response format is asked the next way (see JSON_SCHEMA);
        the last is the schema in the instructions. The text is parsed here either way
        and validated by the caller.
        """
        key = (self.config.host, self._model_name())
        level = _format_level.get(key, JSON_SCHEMA)
        while level < INSTRUCTIONS:
            try:
                return parse_json_text(self._complete(messages, _response_format(schema, level)))
            except _FormatRefused:
                level += 1
                with _format_lock:
                    _format_level[key] = level
                log.info("%s refused a response format; trying the next", self.config.host)
        asked = [*messages, {"role": "user", "content": instructions_for(schema)}]
        return parse_json_text(self._complete(asked, None))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- plumbing -------------------------------------------------------------------------

    def _complete(self, messages: Sequence[Message], response_format: dict[str, Any] | None) -> str:
        import openai

        extra: dict[str, Any] = {}
        if response_format is not None:
            extra["response_format"] = response_format
        try:
            reply = self._ready().chat.completions.create(
                model=self._model_name(),
                messages=_messages(messages),
                temperature=0,
                max_tokens=self.config.json_max_tokens,
                **extra,
            )
        except openai.APIStatusError as exc:
            if response_format is not None and _refused_format(exc):
                raise _FormatRefused() from exc
            raise self._classify(exc) from exc
        except Exception as exc:
            raise self._classify(exc) from exc
        choice = reply.choices[0] if reply.choices else None
        return (choice.message.content or "") if choice is not None else ""

    def _model_name(self) -> str:
        """The configured model, or the first one the server lists when none is set."""
        if not self._model:
            names = self._list_models(self.config.timeout)
            if not names:
                raise CoachError(
                    CoachErrorKind.MODEL_MISSING,
                    f"The coach's server at {self.config.host} serves no model.",
                )
            self._model = names[0]
        return self._model

    def _list_models(self, timeout: float) -> tuple[str, ...]:
        try:
            page = self._ready().models.list(timeout=min(self.config.timeout, timeout))
            return tuple(m.id for m in page.data if m.id)
        except Exception as exc:
            raise self._classify(exc) from exc

    def _check_words(self, wanted: str, names: tuple[str, ...], present: bool) -> str:
        where = self.config.host
        if present and wanted:
            return f"{wanted} is ready at {where}."
        if present:
            return f"{names[0]} is ready at {where} (the first model it serves)."
        if not names:
            return f"The server at {where} answers but serves no model."
        return model_missing(wanted, Provider.OPENAI, names).message

    def _ready(self) -> OpenAI:
        if disabled():
            raise switched_off()
        if self._client is None:
            self._client = self._make()
        return self._client

    def _make(self) -> OpenAI:
        # Lazy: openai and its HTTP stack cost start-up time and most lifters use Ollama.
        import httpx2
        from openai import OpenAI

        c = self.config
        timeout = httpx2.Timeout(
            connect=c.connect_timeout,
            read=c.timeout,
            write=c.connect_timeout * 3,
            pool=c.connect_timeout,
        )
        http = httpx2.Client(
            timeout=timeout,
            verify=_tls(),
            limits=httpx2.Limits(max_keepalive_connections=0),
            event_hooks={"request": [self._on_request]},
        )
        key = os.environ.get(API_KEY_ENV, "").strip() or NO_KEY
        client = OpenAI(
            api_key=key, base_url=c.host, timeout=timeout, max_retries=0, http_client=http
        )
        # The SDK loads its chat types on first use (~0.1 s, holding the GIL in long steps):
        # let that happen with the first client (the status line's check), not mid-answer.
        _ = client.chat.completions
        return client

    def _on_request(self, request: httpx2.Request) -> None:
        # httpcore reports each new connection to the request's "trace" callback.
        request.extensions["trace"] = self._on_trace

    def _on_trace(self, event: str, info: dict[str, Any]) -> None:
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            self.cancel.watch(stream.get_extra_info("socket") if stream is not None else None)

    def _classify(self, exc: BaseException) -> CoachError:
        return classify_openai(exc, self.config)


# --- helpers ----------------------------------------------------------------------------------


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for the process: loading the CA store costs ~60 ms per client."""
    return ssl.create_default_context()


def _messages(messages: Sequence[Message]) -> list[Any]:
    return [{"role": m["role"], "content": m["content"]} for m in messages]


def _chunk_parts(chunk: ChatCompletionChunk) -> tuple[str, bool]:
    """(text, finished) of one streamed chunk; usage-only chunks carry no choice."""
    if not chunk.choices:
        return "", False
    choice = chunk.choices[0]
    text = choice.delta.content if choice.delta is not None else None
    return text or "", choice.finish_reason is not None


def _refused_format(exc: Any) -> bool:
    """A 400/422, or a 500 that names response_format (llama-cpp-python validates that way)."""
    status = int(getattr(exc, "status_code", 0))
    return status in (400, 422) or (status == 500 and "response_format" in str(exc))


def _response_format(schema: Mapping[str, Any], level: int) -> dict[str, Any]:
    if level == JSON_OBJECT:
        return {"type": "json_object", "schema": dict(schema)}
    return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "schema": dict(schema)}}


def _find(wanted: str, names: Sequence[str]) -> str | None:
    """The listed model meant by `wanted`: same id, same id without a tag, or same file."""
    stem = wanted.removesuffix(":latest").lower()
    for name in names:
        plain = name.removesuffix(":latest").lower()
        if stem in (plain, PurePosixPath(plain).stem, PurePosixPath(plain).name):
            return name
    return None


def classify_openai(exc: BaseException, config: CoachConfig) -> CoachError:
    """Maps what `openai` (and its httpx2 stack) raises onto the coach's typed failures.

    Inside a stream the SDK wraps every transport error as APIConnectionError: the cause
    tells a refused connection (offline) from one that broke mid-answer (dropped).
    """
    if isinstance(exc, CoachError):
        return exc
    import httpx2
    import openai

    if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException) and not _connect_failed(
        exc
    ):
        return CoachError(
            CoachErrorKind.TIMEOUT,
            f"The coach took too long to answer (nothing for {config.timeout:g} s).",
        )
    if isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
        if _connect_failed(exc):
            return offline(config.host)
        return CoachError(
            CoachErrorKind.DROPPED, "The connection to the coach dropped mid-answer.", str(exc)
        )
    if isinstance(exc, openai.APIStatusError):
        return _status_error(exc, config)
    if isinstance(exc, openai.APIError):  # an {"error": ...} event inside the stream
        return CoachError(CoachErrorKind.SERVER, f"The coach stopped with an error: {exc.message}.")
    if isinstance(exc, ValueError):
        return CoachError(
            CoachErrorKind.MALFORMED, "The coach sent a reply Alloy couldn't read.", str(exc)
        )
    log.exception("unexpected error from the OpenAI-compatible client", exc_info=exc)
    return CoachError(CoachErrorKind.SERVER, "The coach failed in an unexpected way.", repr(exc))


def _connect_failed(exc: BaseException) -> bool:
    import httpx2

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, httpx2.ConnectError | httpx2.ConnectTimeout | ConnectionRefusedError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _status_error(exc: Any, config: CoachConfig) -> CoachError:
    status = int(getattr(exc, "status_code", 0))
    detail = str(getattr(exc, "message", exc))
    if status == 404 and "model" in detail.lower():
        return model_missing(config.model, Provider.OPENAI)
    if status == 404:
        return CoachError(
            CoachErrorKind.MODEL_MISSING,
            f"No OpenAI-compatible API answers at {config.host} (does the address end in /v1?).",
            detail,
        )
    if status in (401, 403):
        return CoachError(
            CoachErrorKind.REFUSED,
            f"The coach's server refused Alloy's key (set {API_KEY_ENV} for it).",
            detail,
        )
    return CoachError(
        CoachErrorKind.SERVER, f"The coach's server answered with an error ({status}).", detail
    )
