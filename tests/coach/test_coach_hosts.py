"""OLLAMA_HOST read as the ollama CLI reads it: bare host, host:port, scheme, IPv6, path."""

from __future__ import annotations

import pytest

from alloy_desktop.coach.config import CoachConfig
from alloy_desktop.coach.hosts import (
    DEFAULT_OLLAMA_HOST,
    default_ollama_host,
    ollama_host_from_env,
    parse_ollama_host,
)


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("1.2.3.4", "http://1.2.3.4:11434"),
        (":56789", "http://127.0.0.1:56789"),
        ("1.2.3.4:56789", "http://1.2.3.4:56789"),
        ("http://1.2.3.4", "http://1.2.3.4:80"),
        ("https://1.2.3.4", "https://1.2.3.4:443"),
        ("https://1.2.3.4:56789", "https://1.2.3.4:56789"),
        ("example.com", "http://example.com:11434"),
        ("example.com:56789", "http://example.com:56789"),
        ("http://example.com", "http://example.com:80"),
        ("https://example.com:56789", "https://example.com:56789"),
        ("example.com/", "http://example.com:11434"),
        ("example.com/path", "http://example.com:11434/path"),
        ("0.0.0.0", "http://0.0.0.0:11434"),
        ("  'gpu-box:11500' ", "http://gpu-box:11500"),
        ('"gpu-box"', "http://gpu-box:11434"),
        ("gpu-box:99999", "http://gpu-box:11434"),  # a bad port falls back to the default
        ("gpu-box:abc", "http://gpu-box:11434"),
        ("[::1]", "http://[::1]:11434"),
        ("[0001:002:003:0004::1]:56789", "http://[0001:002:003:0004::1]:56789"),
        ("https://[::1]:56789/path/", "https://[::1]:56789/path"),
        ("::1", "http://[::1]:11434"),
    ],
)
def test_values_mean_what_the_cli_makes_of_them(value: str, url: str) -> None:
    assert parse_ollama_host(value) == url


def test_unset_or_blank_means_no_host_from_the_environment() -> None:
    assert ollama_host_from_env({}) is None
    assert ollama_host_from_env({"OLLAMA_HOST": "  "}) is None
    assert default_ollama_host({}) == DEFAULT_OLLAMA_HOST == "http://localhost:11434"


def test_the_default_config_follows_ollama_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", "gpu-box:11500")
    assert CoachConfig().host == "http://gpu-box:11500"
    monkeypatch.delenv("OLLAMA_HOST")
    assert CoachConfig().host == DEFAULT_OLLAMA_HOST
