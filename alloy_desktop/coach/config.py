"""What every coach client needs to know: provider, server, model, timeouts and answer caps."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from alloy_desktop.coach.hosts import DEFAULT_OLLAMA_HOST, default_ollama_host

DEFAULT_HOST = DEFAULT_OLLAMA_HOST
DEFAULT_MODEL = "gemma3:4b"
DEFAULT_TIMEOUT = 1100.0  # the spec's read timeout: a laptop may need minutes to load a model
CONNECT_TIMEOUT = 3.0  # a local server either answers at once or isn't there
HEALTH_TIMEOUT = 5.0  # listing models is instant when the server is up
CONTEXT_TOKENS = 8192  # Ollama's default window (2-4k) would silently cut a long conversation
CHAT_TEMPERATURE = 0.4
# The prompt asks for at most 150 words; a cap keeps a rambling model from holding the
# thread for minutes. Structured answers are bounded by their schema, this is the backstop.
ANSWER_TOKENS = 400
JSON_TOKENS = 600
DISABLE_ENV = "ALLOY_DISABLE_OLLAMA"  # "1": never touch the network (smoke runs, offline CI)
MAX_TOKENS_ENV = "ALLOY_COACH_MAX_TOKENS"  # a smaller cap on spoken answers (tests, slow laptops)

Message = Mapping[str, str]


class Provider(StrEnum):
    """Which API the coach's server speaks."""

    OLLAMA = "ollama"  # Ollama's own /api, through the `ollama` client
    OPENAI = "openai"  # /v1/chat/completions: LM Studio, llama.cpp, LocalAI, vLLM, Ollama's /v1


PROVIDER_WORDS = {Provider.OLLAMA: "Ollama", Provider.OPENAI: "OpenAI-compatible server"}


def answer_tokens(env: Mapping[str, str] | None = None) -> int:
    """The cap on a spoken answer: ALLOY_COACH_MAX_TOKENS when it is a positive number."""
    raw = (os.environ if env is None else env).get(MAX_TOKENS_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else ANSWER_TOKENS


@dataclass(frozen=True)
class CoachConfig:
    """Where the model lives and how long to wait for it (from the user's settings).

    `host` is Ollama's address or the OpenAI-compatible base URL (…/v1); an empty `model`
    on an OpenAI-compatible server means whichever model it serves first.
    """

    host: str = field(default_factory=default_ollama_host)
    model: str = DEFAULT_MODEL
    timeout: float = DEFAULT_TIMEOUT  # read timeout: the longest silence between two bytes
    connect_timeout: float = CONNECT_TIMEOUT
    provider: Provider = Provider.OLLAMA
    max_tokens: int = field(default_factory=answer_tokens)
    json_max_tokens: int = JSON_TOKENS

    @property
    def provider_words(self) -> str:
        return PROVIDER_WORDS[self.provider]


@dataclass(frozen=True)
class ModelCheck:
    """What the server's model list said: is it there, and does it have our model."""

    reachable: bool
    model_present: bool
    models: tuple[str, ...]
    message: str

    @property
    def ready(self) -> bool:
        return self.reachable and self.model_present


def disabled() -> bool:
    """Whether the environment switched the coach off."""
    return os.environ.get(DISABLE_ENV, "").strip() in ("1", "true", "yes")
