"""The Ollama client wrapper: settings-driven timeouts, a health check, streamed and JSON chat."""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from alloy_desktop.coach.cancel import CancelToken
from alloy_desktop.coach.config import (
    CHAT_TEMPERATURE,
    CONTEXT_TOKENS,
    DEFAULT_HOST,
    DEFAULT_MODEL,
    DEFAULT_TIMEOUT,
    DISABLE_ENV,
    HEALTH_TIMEOUT,
    CoachConfig,
    Message,
    ModelCheck,
    disabled,
)
from alloy_desktop.coach.errors import (
    CoachError,
    CoachErrorKind,
    classify,
    invalid_output,
    model_missing,
    switched_off,
)

if TYPE_CHECKING:
    import httpx
    from ollama import ChatResponse, Client

# Re-exported: callers and tests knew these from here before the OpenAI-compatible client.
__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MODEL",
    "DEFAULT_TIMEOUT",
    "DISABLE_ENV",
    "CoachClient",
    "CoachConfig",
    "ModelCheck",
    "OllamaClient",
    "disabled",
    "switched_off",
    "with_tag",
]


def with_tag(name: str) -> str:
    """ "gemma3" -> "gemma3:latest": Ollama's name for an untagged model."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


class CoachClient:
    """One conversation's connection to Ollama through the official `ollama` client.

    Every request opens its own connection (keep-alive is off) so the cancel token can
    be handed the socket as soon as it connects, and shut it down from another thread.
    """

    def __init__(self, config: CoachConfig, cancel: CancelToken | None = None) -> None:
        self.config = config
        self.cancel = cancel or CancelToken()
        self._client: Client | None = None

    # --- public ---------------------------------------------------------------------------

    def check(self) -> ModelCheck:
        """Server reachable, model present; never raises (a failure reads as a message)."""
        if disabled():
            return ModelCheck(False, False, (), switched_off().message)
        try:
            with self._make(min(self.config.timeout, HEALTH_TIMEOUT)) as client:
                listed = client.list()
        except Exception as exc:  # noqa: BLE001 - every failure is an answer here
            error = self._classify(exc)
            return ModelCheck(False, False, (), error.message)
        names = tuple(m.model for m in listed.models if m.model)
        present = with_tag(self.config.model) in {with_tag(n) for n in names}
        if present:
            text = f"{self.config.model} is ready at {self.config.host}."
        else:
            text = model_missing(self.config.model).message
        return ModelCheck(True, present, names, text)

    def stream_chat(self, messages: Sequence[Message]) -> Iterator[str]:
        """The reply's text as it arrives; ends early, quietly, when the token is cancelled."""
        client = self._ready()
        parts: Generator[ChatResponse, None, None] | None = None
        try:
            # The client returns a generator; closing it closes the HTTP response.
            parts = cast(
                "Generator[ChatResponse, None, None]",
                client.chat(
                    model=self.config.model,
                    messages=list(messages),
                    stream=True,
                    options={
                        "temperature": CHAT_TEMPERATURE,
                        "num_ctx": CONTEXT_TOKENS,
                        "num_predict": self.config.max_tokens,
                    },
                ),
            )
            for part in parts:
                if self.cancel.cancelled:
                    return
                if part.message.content:
                    yield part.message.content
                if part.done:
                    return
        except Exception as exc:
            if self.cancel.cancelled:
                return  # the shutdown that Stop did surfaces as a read error: not a failure
            raise self._classify(exc) from exc
        finally:
            if parts is not None:
                parts.close()
        if not self.cancel.cancelled:
            # The body ended cleanly but without Ollama's final "done" line.
            raise CoachError(CoachErrorKind.DROPPED, "The coach's answer ended unexpectedly.")

    def chat_json(self, messages: Sequence[Message], schema: Mapping[str, Any]) -> Any:
        """One non-streamed reply constrained to a JSON schema (Ollama's `format`), parsed."""
        client = self._ready()
        try:
            reply = client.chat(
                model=self.config.model,
                messages=list(messages),
                format=dict(schema),
                options={
                    "temperature": 0,
                    "num_ctx": CONTEXT_TOKENS,
                    "num_predict": self.config.json_max_tokens,
                },
            )
        except Exception as exc:
            raise self._classify(exc) from exc
        text = reply.message.content or ""
        try:
            return json.loads(text)
        except ValueError as exc:
            raise invalid_output(f"not JSON: {text[:200]!r}") from exc

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- plumbing -------------------------------------------------------------------------

    def _ready(self) -> Client:
        if disabled():
            raise switched_off()
        if self._client is None:
            self._client = self._make(self.config.timeout)
        return self._client

    def _make(self, read_timeout: float) -> Client:
        # Lazy: ollama, pydantic and httpx cost a noticeable slice of start-up time.
        import httpx
        from ollama import Client

        timeout = httpx.Timeout(
            connect=self.config.connect_timeout,
            read=read_timeout,
            write=self.config.connect_timeout * 3,
            pool=self.config.connect_timeout,
        )
        return Client(
            host=self.config.host,
            timeout=timeout,
            limits=httpx.Limits(max_keepalive_connections=0),
            event_hooks={"request": [self._on_request]},
        )

    def _on_request(self, request: httpx.Request) -> None:
        # httpcore reports each new connection to the request's "trace" callback.
        request.extensions["trace"] = self._on_trace

    def _on_trace(self, event: str, info: dict[str, Any]) -> None:
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            self.cancel.watch(stream.get_extra_info("socket") if stream is not None else None)

    def _classify(self, exc: BaseException) -> CoachError:
        return classify(exc, self.config.host, self.config.model, self.config.timeout)


OllamaClient = CoachClient  # the name beside OpenAIClient; CoachClient stays for callers
