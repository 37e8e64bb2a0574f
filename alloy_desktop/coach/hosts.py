"""Where the coach's server is by default: OLLAMA_HOST read the way the ollama CLI reads it."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import urlsplit

OLLAMA_HOST_ENV = "OLLAMA_HOST"
DEFAULT_OLLAMA_HOST = "http://localhost:11434"
OLLAMA_PORT = 11434
DEFAULT_OPENAI_URL = "http://localhost:8080/v1"  # llama.cpp's server and LocalAI listen here
_SCHEME_PORTS = {"http": 80, "https": 443}


def parse_ollama_host(value: str) -> str:
    """An OLLAMA_HOST value as the URL the ollama CLI would call.

    The CLI's rules (envconfig.Host): quotes and spaces are trimmed; no scheme means http
    on port 11434; an explicit http:// or https:// without a port means 80 or 443; an
    empty host is 127.0.0.1; a port that is not 0-65535 falls back to the default; a
    path after the host is kept.
    """
    text = value.strip().strip("\"'").strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "http", text
    default_port = _SCHEME_PORTS.get(scheme, OLLAMA_PORT) if sep else OLLAMA_PORT
    hostport, _, path = rest.partition("/")
    host, port = _split_host_port(hostport, default_port)
    suffix = f"/{path}".rstrip("/") if path else ""
    return f"{scheme}://{_join(host, port)}{suffix}"


def ollama_host_from_env(env: Mapping[str, str] | None = None) -> str | None:
    """The host OLLAMA_HOST names, or None when it is unset or blank."""
    raw = (os.environ if env is None else env).get(OLLAMA_HOST_ENV, "")
    if not raw.strip().strip("\"'").strip():
        return None
    return parse_ollama_host(raw)


def default_ollama_host(env: Mapping[str, str] | None = None) -> str:
    """The host to use when the lifter saved none: OLLAMA_HOST, else localhost:11434."""
    return ollama_host_from_env(env) or DEFAULT_OLLAMA_HOST


def _split_host_port(hostport: str, default_port: int) -> tuple[str, int]:
    """Go's net.SplitHostPort with the CLI's fallbacks; never raises."""
    host, port_text = hostport, ""
    if hostport.startswith("["):  # [::1]:11434 or a bare [::1]
        inside, _, after = hostport[1:].partition("]")
        host, port_text = inside, after[1:] if after.startswith(":") else ""
    elif hostport.count(":") == 1:
        host, port_text = hostport.split(":")
    elif hostport.count(":") > 1 and _is_ip(hostport):
        host = hostport  # a bare IPv6 address: no port in it
    port = _port(port_text, default_port)
    return (host or "127.0.0.1"), port


def _port(text: str, default: int) -> int:
    if not text.isdigit():
        return default
    number = int(text)
    return number if 0 <= number <= 65535 else default


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _join(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def host_label(url: str) -> str:
    """ "http://127.0.0.1:11434/v1" -> "127.0.0.1:11434": how a status line names a server."""
    parts = urlsplit(url)
    return parts.netloc or url
