"""One coach contract over both providers, the provider settings, and OLLAMA_HOST as the default."""

from __future__ import annotations

import pytest
from coach_helpers import MONDAY, Sleeps
from fake_ollama import FakeOllama
from fake_openai import MODEL, FakeOpenAI

from alloy_desktop.api import Alloy, CoachUnavailable, UserApi, schemas
from alloy_desktop.api.errors import ValidationError
from alloy_desktop.domain.enums import ConversationStatus

SORE_LEGS = schemas.AdaptationRequest(
    soreness=(schemas.SorenessInput("LEGS", 8),), recovery_signal="POOR", notes="Stairs hurt"
)
FULL = "Your legs are sore, so go lighter today."


@pytest.fixture
def on_openai(coached: UserApi, fake_openai: FakeOpenAI) -> UserApi:
    """The coached lifter switched to an OpenAI-compatible server (no model named)."""
    coached.settings.update(
        schemas.SettingsUpdate(llm_provider="openai", openai_base_url=fake_openai.url)
    )
    return coached


def test_the_whole_flow_runs_against_an_openai_compatible_server(
    on_openai: UserApi, fake_openai: FakeOpenAI, fake_ollama: FakeOllama
) -> None:
    events = list(on_openai.days.adapt_stream(MONDAY, SORE_LEGS))
    assert [e.content for e in events[:-1]] == list(fake_openai.switches.tokens)
    assert (events[-1].status, events[-1].content) == ("completed", FULL)
    thread_id = events[-1].thread_id
    fake_openai.switches.structured = [
        {
            "changes": [
                {"action": "remove", "exercise": "Leg Extensions", "reason": "legs 8/10"},
                {"action": "adjust", "exercise": "Cable Crunch", "sets": 40},
            ]
        }
    ]
    proposal = on_openai.coach.propose_changes(thread_id)
    assert [c.description for c in proposal.changes] == ["Remove Leg Extensions: legs 8/10"]
    assert proposal.dropped == ("Dropped the change to Cable Crunch: 40 sets is outside 1-6.",)
    asked = fake_openai.chats()[-1]
    assert asked["model"] == MODEL and asked["response_format"]["type"] == "json_schema"
    assert on_openai.coach.accept(thread_id).status is ConversationStatus.ACCEPTED
    assert fake_ollama.chats() == []  # the other provider was never asked


def test_failures_end_the_stream_the_same_way(on_openai: UserApi, fake_openai: FakeOpenAI) -> None:
    fake_openai.switches.drop_after = 3
    last = list(on_openai.days.adapt_stream(MONDAY, SORE_LEGS))[-1]
    assert (last.status, last.error_kind) == ("failed", "dropped")
    assert last.content == "".join(fake_openai.switches.tokens[:3])


def test_proposals_retry_with_the_same_backoff(
    on_openai: UserApi, fake_openai: FakeOpenAI, sleeps: Sleeps
) -> None:
    thread_id = list(on_openai.days.adapt_stream(MONDAY, SORE_LEGS))[-1].thread_id
    fake_openai.switches.structured = ["no json", "still none", "never"]
    with pytest.raises(CoachUnavailable) as caught:
        on_openai.coach.propose_changes(thread_id)
    assert caught.value.kind == "invalid_output" and sleeps.calls == [0.5, 1.0]


def test_health_names_the_provider(on_openai: UserApi, fake_openai: FakeOpenAI) -> None:
    health = on_openai.coach.health()
    assert (health.status, health.provider, health.host) == ("healthy", "openai", fake_openai.url)
    assert health.models == (MODEL,)


def test_the_provider_settings_round_trip_and_are_checked(me: UserApi) -> None:
    settings = me.settings.get()
    assert (settings.llm_provider, settings.openai_base_url, settings.openai_model) == (
        "ollama",
        "http://localhost:8080/v1",
        "",
    )
    me.settings.update(
        schemas.SettingsUpdate(
            llm_provider="OPENAI", openai_base_url="http://box:1234/v1/", openai_model=" qwen "
        )
    )
    settings = me.settings.get()
    assert (settings.llm_provider, settings.openai_base_url, settings.openai_model) == (
        "openai",
        "http://box:1234/v1",
        "qwen",
    )
    with pytest.raises(ValidationError) as caught:
        me.settings.update(schemas.SettingsUpdate(llm_provider="claude"))
    assert caught.value.field == "llm_provider"
    with pytest.raises(ValidationError, match="Server address must be a web address"):
        me.settings.update(schemas.SettingsUpdate(openai_base_url="box:1234"))


# --- OLLAMA_HOST ------------------------------------------------------------------------------


def test_with_no_host_saved_ollama_host_decides(
    me: UserApi, fake_ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{fake_ollama.port}")  # as the CLI takes it
    settings = me.settings.get()
    assert (settings.ollama_host, settings.ollama_host_saved) == (fake_ollama.url, False)
    assert me.coach.health().status == "healthy"
    me.settings.update(schemas.SettingsUpdate(ollama_host="http://127.0.0.1:9"))
    assert me.settings.get().ollama_host_saved and me.coach.config().host == "http://127.0.0.1:9"
    me.settings.update(schemas.SettingsUpdate(ollama_host=""))  # forget it: the env again
    assert me.coach.config().host == fake_ollama.url


def test_the_apps_health_check_follows_ollama_host_too(
    alloy: Alloy, fake_ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f":{fake_ollama.port}")
    health = alloy.health_llm()
    assert (health.status, health.host) == ("healthy", f"http://127.0.0.1:{fake_ollama.port}")


def test_the_apps_health_check_can_ask_an_openai_server(
    alloy: Alloy, fake_openai: FakeOpenAI
) -> None:
    health = alloy.health_llm(host=fake_openai.url, provider="openai")
    assert (health.status, health.provider, health.model) == ("healthy", "openai", "")
    with pytest.raises(ValidationError):
        alloy.health_llm(provider="gemini")
