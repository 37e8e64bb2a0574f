"""The Ollama wrapper against the fake server, through the real ollama client: failures typed."""

from __future__ import annotations

import threading
import time

import pytest
from fake_ollama import FakeOllama

from alloy_desktop.coach.cancel import CancelToken
from alloy_desktop.coach.client import DISABLE_ENV, CoachClient, CoachConfig, with_tag
from alloy_desktop.coach.errors import CoachError, CoachErrorKind

HELLO = [{"role": "user", "content": "Hello coach"}]


def client(fake: FakeOllama, **config: object) -> CoachClient:
    return CoachClient(CoachConfig(host=fake.url, **config))  # type: ignore[arg-type]


def failure(fake: FakeOllama, **config: object) -> tuple[list[str], CoachError]:
    """Streams until it fails; returns what arrived first and the typed error."""
    got: list[str] = []
    with pytest.raises(CoachError) as caught:
        for chunk in client(fake, **config).stream_chat(HELLO):
            got.append(chunk)
    return got, caught.value


# --- health -----------------------------------------------------------------------------------


def test_health_finds_the_model_in_the_tags(fake_ollama: FakeOllama) -> None:
    check = client(fake_ollama).check()
    assert check.ready and check.models == ("gemma3:4b",)
    assert check.message == f"gemma3:4b is ready at {fake_ollama.url}."


def test_health_says_when_the_model_is_missing(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.models = ["llama3.2:3b"]
    check = client(fake_ollama).check()
    assert check.reachable and not check.model_present
    assert "gemma3:4b isn't installed" in check.message


def test_health_when_nothing_listens(fake_ollama: FakeOllama) -> None:
    fake_ollama.set_refusing(True)
    check = client(fake_ollama).check()
    assert not check.reachable and not check.model_present
    assert check.message.startswith(f"The coach is offline: nothing answers at {fake_ollama.url}")


def test_untagged_model_names_mean_latest() -> None:
    assert with_tag("gemma3") == "gemma3:latest"
    assert with_tag("gemma3:4b") == "gemma3:4b"
    assert with_tag("registry.local:5000/gemma3") == "registry.local:5000/gemma3:latest"


def test_the_environment_can_switch_the_coach_off(
    fake_ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DISABLE_ENV, "1")
    assert "switched off" in client(fake_ollama).check().message
    _, error = failure(fake_ollama)
    assert error.kind is CoachErrorKind.OFFLINE
    assert fake_ollama.requests == []  # not a single request went out


# --- streaming --------------------------------------------------------------------------------


def test_tokens_arrive_in_order_and_the_request_is_a_streamed_chat(
    fake_ollama: FakeOllama,
) -> None:
    assert list(client(fake_ollama).stream_chat(HELLO)) == list(fake_ollama.switches.tokens)
    body = fake_ollama.chats()[0]
    assert body["model"] == "gemma3:4b" and body["stream"] is True
    assert body["messages"] == HELLO
    assert body["options"]["num_ctx"] == 8192


def test_refused_connection_in_a_stream_is_offline(fake_ollama: FakeOllama) -> None:
    fake_ollama.set_refusing(True)
    got, error = failure(fake_ollama)
    assert got == [] and error.kind is CoachErrorKind.OFFLINE
    assert error.message.startswith("The coach is offline")


def test_unknown_model_is_a_404_and_reads_as_model_missing(fake_ollama: FakeOllama) -> None:
    _, error = failure(fake_ollama, model="mistral:7b")
    assert error.kind is CoachErrorKind.MODEL_MISSING
    assert "mistral:7b isn't installed" in error.message and not error.retryable


def test_a_read_timeout_is_typed(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.first_byte_delay = 1.0
    _, error = failure(fake_ollama, timeout=0.2)
    assert error.kind is CoachErrorKind.TIMEOUT
    assert error.message == "The coach took too long to answer (nothing for 0.2 s)."


def test_a_dropped_connection_keeps_what_arrived(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.drop_after = 3
    got, error = failure(fake_ollama)
    assert got == list(fake_ollama.switches.tokens[:3])
    assert error.kind is CoachErrorKind.DROPPED and error.retryable


def test_a_malformed_line_is_typed(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.malformed_after = 2
    got, error = failure(fake_ollama)
    assert got == list(fake_ollama.switches.tokens[:2])
    assert error.kind is CoachErrorKind.MALFORMED


def test_an_error_line_inside_the_stream_is_a_server_error(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.error_line_after = 1
    _, error = failure(fake_ollama)
    assert error.kind is CoachErrorKind.SERVER
    assert "an error was encountered while running the model" in error.message


def test_an_http_500_is_a_server_error(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.status = 500
    _, error = failure(fake_ollama)
    assert error.kind is CoachErrorKind.SERVER and "(500)" in error.message


def test_cancel_from_another_thread_ends_a_waiting_stream_at_once(
    fake_ollama: FakeOllama,
) -> None:
    fake_ollama.switches.token_delay = 5.0  # the second token would take five seconds
    token = CancelToken()
    coach = CoachClient(CoachConfig(host=fake_ollama.url), token)
    got: list[str] = []
    ended = threading.Event()

    def consume() -> None:
        got.extend(coach.stream_chat(HELLO))
        ended.set()

    threading.Thread(target=consume, daemon=True).start()
    deadline = time.monotonic() + 2
    while not got and time.monotonic() < deadline:
        time.sleep(0.005)
    started = time.monotonic()
    token.cancel()
    assert ended.wait(1.0), "the stream did not notice the cancel"
    assert time.monotonic() - started < 0.5
    assert got == ["Your "]  # ended quietly: a cancel is not an error


def test_cancel_while_the_model_is_still_loading(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.first_byte_delay = 5.0  # no response headers yet
    token = CancelToken()
    coach = CoachClient(CoachConfig(host=fake_ollama.url), token)
    ended = threading.Event()
    threading.Thread(
        target=lambda: (list(coach.stream_chat(HELLO)), ended.set()), daemon=True
    ).start()
    deadline = time.monotonic() + 2
    while not fake_ollama.chats() and time.monotonic() < deadline:
        time.sleep(0.005)
    token.cancel()
    assert ended.wait(1.0)


# --- structured output ------------------------------------------------------------------------


def test_chat_json_sends_the_schema_as_format_and_parses_the_reply(
    fake_ollama: FakeOllama,
) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    fake_ollama.switches.structured = [{"n": 3}]
    assert client(fake_ollama).chat_json(HELLO, schema) == {"n": 3}
    body = fake_ollama.chats()[0]
    assert body["format"] == schema and body["stream"] is False
    assert body["options"]["temperature"] == 0


def test_chat_json_that_is_not_json_is_invalid_output(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.structured = ["Sure! Here are the changes: remove squats"]
    with pytest.raises(CoachError) as caught:
        client(fake_ollama).chat_json(HELLO, {"type": "object"})
    assert caught.value.kind is CoachErrorKind.INVALID_OUTPUT and caught.value.retryable


def test_chat_json_refused_is_offline_on_the_non_streaming_path(fake_ollama: FakeOllama) -> None:
    fake_ollama.set_refusing(True)
    with pytest.raises(CoachError) as caught:
        client(fake_ollama).chat_json(HELLO, {"type": "object"})
    assert caught.value.kind is CoachErrorKind.OFFLINE


def test_chat_json_read_timeout(fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.first_byte_delay = 1.0
    with pytest.raises(CoachError) as caught:
        client(fake_ollama, timeout=0.2).chat_json(HELLO, {"type": "object"})
    assert caught.value.kind is CoachErrorKind.TIMEOUT
