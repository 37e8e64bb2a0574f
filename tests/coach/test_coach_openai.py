"""The OpenAI-compatible client against the fake server: the same typed contract as Ollama's."""

from __future__ import annotations

import threading
import time

import pytest
from fake_openai import MODEL, FakeOpenAI

from alloy_desktop.coach import openai_client
from alloy_desktop.coach.cancel import CancelToken
from alloy_desktop.coach.config import CoachConfig, Provider
from alloy_desktop.coach.errors import CoachError, CoachErrorKind
from alloy_desktop.coach.openai_client import OpenAIClient
from alloy_desktop.coach.providers import open_client

HELLO = [{"role": "user", "content": "Hello coach"}]
SCHEMA = {"type": "object", "properties": {"changes": {"type": "array"}}, "required": ["changes"]}


@pytest.fixture(autouse=True)
def forget_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's server starts unknown: no remembered refusals of a response format."""
    monkeypatch.setattr(openai_client, "_format_level", {})


def config(fake: FakeOpenAI, **changes: object) -> CoachConfig:
    values: dict[str, object] = {
        "host": fake.url,
        "model": MODEL,
        "provider": Provider.OPENAI,
        "timeout": 5.0,
    }
    return CoachConfig(**{**values, **changes})  # type: ignore[arg-type]


def client(fake: FakeOpenAI, **changes: object) -> OpenAIClient:
    return OpenAIClient(config(fake, **changes))


def failure(fake: FakeOpenAI, **changes: object) -> tuple[list[str], CoachError]:
    got: list[str] = []
    with pytest.raises(CoachError) as caught:
        for chunk in client(fake, **changes).stream_chat(HELLO):
            got.append(chunk)
    return got, caught.value


def test_the_factory_picks_the_client_by_provider(fake_openai: FakeOpenAI) -> None:
    assert isinstance(open_client(config(fake_openai)), OpenAIClient)
    assert not isinstance(open_client(CoachConfig(host="http://127.0.0.1:9")), OpenAIClient)


# --- health -----------------------------------------------------------------------------------


def test_health_lists_the_models_and_finds_ours(fake_openai: FakeOpenAI) -> None:
    check = client(fake_openai).check()
    assert check.ready and check.models == (MODEL,)
    assert check.message == f"{MODEL} is ready at {fake_openai.url}."


def test_health_without_a_model_name_takes_the_first_served(fake_openai: FakeOpenAI) -> None:
    check = client(fake_openai, model="").check()
    assert check.ready
    assert check.message == f"{MODEL} is ready at {fake_openai.url} (the first model it serves)."


def test_a_model_named_by_its_file_is_found(fake_openai: FakeOpenAI) -> None:
    fake_openai.switches.models = ["/models/gemma-3-270m-it-Q4_K_M.gguf"]
    assert client(fake_openai, model="gemma-3-270m-it-Q4_K_M").check().model_present


def test_health_says_what_the_server_serves_instead(fake_openai: FakeOpenAI) -> None:
    fake_openai.switches.models = ["qwen2.5-0.5b"]
    check = client(fake_openai).check()
    assert check.reachable and not check.model_present
    assert check.message == (
        f"The coach's server doesn't serve the model {MODEL} (it serves qwen2.5-0.5b)."
    )


def test_health_when_nothing_listens(fake_openai: FakeOpenAI) -> None:
    fake_openai.refuse_connections()
    check = client(fake_openai).check()
    assert not check.reachable
    assert check.message == f"The coach is offline: nothing answers at {fake_openai.url}."


def test_a_base_url_without_v1_is_named_as_the_likely_mistake(fake_openai: FakeOpenAI) -> None:
    check = client(fake_openai, host=fake_openai.url.removesuffix("/v1")).check()
    assert check.reachable and not check.ready
    assert "does the address end in /v1?" in check.message


# --- streaming --------------------------------------------------------------------------------


def test_tokens_arrive_in_order_from_a_streamed_completion(fake_openai: FakeOpenAI) -> None:
    got = list(client(fake_openai, max_tokens=64).stream_chat(HELLO))
    assert got == list(fake_openai.switches.tokens)
    body = fake_openai.chats()[0]
    assert body["stream"] is True and body["model"] == MODEL and body["max_tokens"] == 64
    assert body["messages"] == HELLO


def test_no_model_configured_streams_from_the_first_served(fake_openai: FakeOpenAI) -> None:
    list(client(fake_openai, model="").stream_chat(HELLO))
    assert fake_openai.chats()[0]["model"] == MODEL


@pytest.mark.parametrize(
    ("switch", "kind", "kept"),
    [
        ("refused", CoachErrorKind.OFFLINE, 0),
        ("timeout", CoachErrorKind.TIMEOUT, 0),
        ("dropped", CoachErrorKind.DROPPED, 3),
        ("malformed", CoachErrorKind.MALFORMED, 2),
        ("error event", CoachErrorKind.SERVER, 4),
        ("no finish", CoachErrorKind.DROPPED, 8),
        ("http 500", CoachErrorKind.SERVER, 0),
    ],
)
def test_every_failure_is_typed_like_ollamas(
    fake_openai: FakeOpenAI, switch: str, kind: CoachErrorKind, kept: int
) -> None:
    s = fake_openai.switches
    changes: dict[str, object] = {}
    if switch == "refused":
        fake_openai.refuse_connections()
    elif switch == "timeout":
        s.first_byte_delay, changes["timeout"] = 1.0, 0.2
    elif switch == "dropped":
        s.drop_after = 3
    elif switch == "malformed":
        s.malformed_after = 2
    elif switch == "error event":
        s.error_after = 4
    elif switch == "no finish":
        s.no_finish = True
    else:
        s.status = 500
    got, error = failure(fake_openai, **changes)
    assert error.kind is kind and got == list(s.tokens[:kept])


def test_messages_read_as_for_ollama(fake_openai: FakeOpenAI) -> None:
    fake_openai.switches.status = 500
    _, error = failure(fake_openai)
    assert error.message == "The coach's server answered with an error (500)."
    fake_openai.switches.status, fake_openai.switches.first_byte_delay = 200, 1.0
    _, error = failure(fake_openai, timeout=0.2)
    assert error.message == "The coach took too long to answer (nothing for 0.2 s)."


def test_cancel_from_another_thread_ends_a_waiting_stream_at_once(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.switches.token_delay = 0.5
    token = CancelToken()
    coach = OpenAIClient(config(fake_openai), token)
    got: list[str] = []
    started = time.monotonic()
    threading.Timer(0.2, token.cancel).start()
    got.extend(coach.stream_chat(HELLO))  # no exception: a cancel is not a failure
    assert time.monotonic() - started < 0.45
    assert got == ["Your "]


# --- structured answers -----------------------------------------------------------------------


def test_chat_json_sends_the_schema_as_response_format(fake_openai: FakeOpenAI) -> None:
    fake_openai.switches.structured = [{"changes": []}]
    assert client(fake_openai).chat_json(HELLO, SCHEMA) == {"changes": []}
    body = fake_openai.chats()[0]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert body["temperature"] == 0 and not body.get("stream")


def test_a_server_without_json_schema_gets_json_object_with_the_schema(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.switches.refuse_formats = ("json_schema",)  # as llama-cpp-python's server
    fake_openai.switches.structured = [{"changes": [1]}]
    coach = client(fake_openai)
    assert coach.chat_json(HELLO, SCHEMA) == {"changes": [1]}
    first, second = fake_openai.chats()
    assert first["response_format"]["type"] == "json_schema"
    assert second["response_format"] == {"type": "json_object", "schema": SCHEMA}
    coach.chat_json(HELLO, SCHEMA)  # remembered: no second refusal
    assert len(fake_openai.chats()) == 3


def test_a_server_without_either_is_asked_with_instructions(fake_openai: FakeOpenAI) -> None:
    fake_openai.switches.refuse_formats = ("json_schema", "json_object")
    fake_openai.switches.structured = ['Here you go:\n```json\n{"changes": [1]}\n```']
    coach = client(fake_openai)
    assert coach.chat_json(HELLO, SCHEMA) == {"changes": [1]}
    last = fake_openai.chats()[-1]
    assert "response_format" not in last
    assert "JSON schema" in last["messages"][-1]["content"]


def test_a_reply_without_json_is_invalid_output(fake_openai: FakeOpenAI) -> None:
    fake_openai.switches.structured = ["Sure! Remove the squats."]
    with pytest.raises(CoachError) as caught:
        client(fake_openai).chat_json(HELLO, SCHEMA)
    assert caught.value.kind is CoachErrorKind.INVALID_OUTPUT and caught.value.retryable


def test_a_key_the_server_refuses_is_not_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.switches.status = 401
    with pytest.raises(CoachError) as caught:
        client(fake_openai).chat_json(HELLO, SCHEMA)
    assert caught.value.kind is CoachErrorKind.REFUSED and caught.value.unavailable
    assert "OPENAI_API_KEY" in caught.value.message
