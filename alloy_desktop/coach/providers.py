"""One coach contract over every provider: the client protocol and the factory that picks one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from alloy_desktop.coach.cancel import CancelToken
from alloy_desktop.coach.client import CoachClient
from alloy_desktop.coach.config import CoachConfig, Message, ModelCheck, Provider
from alloy_desktop.coach.openai_client import OpenAIClient


class ChatClient(Protocol):
    """What the coach service needs from a model server, whichever API it speaks."""

    config: CoachConfig
    cancel: CancelToken

    def check(self) -> ModelCheck: ...

    def stream_chat(self, messages: Sequence[Message]) -> Iterator[str]: ...

    def chat_json(self, messages: Sequence[Message], schema: Mapping[str, Any]) -> Any: ...

    def close(self) -> None: ...


def open_client(config: CoachConfig, cancel: CancelToken | None = None) -> ChatClient:
    """The client for the configured provider (nothing connects until the first call)."""
    if config.provider is Provider.OPENAI:
        return OpenAIClient(config, cancel)
    return CoachClient(config, cancel)
