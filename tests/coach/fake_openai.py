"""A fake OpenAI-compatible server for tests: /v1/models, SSE chat completions, failure switches."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

MODEL = "gemma-3-270m-it"
REPLY = ("Your ", "legs ", "are ", "sore, ", "so ", "go ", "lighter ", "today.")


@dataclass
class Switches:
    """What the server does next; tests flip these between calls."""

    models: list[str] = field(default_factory=lambda: [MODEL])
    tokens: tuple[str, ...] = REPLY
    token_delay: float = 0.0
    first_byte_delay: float = 0.0
    drop_after: int | None = None  # close the socket mid-stream after this many tokens
    malformed_after: int | None = None  # an SSE data line that isn't JSON
    error_after: int | None = None  # an {"error": ...} event, as llama.cpp sends on failure
    no_finish: bool = False  # end the body cleanly but without a finish reason or [DONE]
    status: int = 200
    # Response formats answered with 400, as servers without them do ("json_schema", ...).
    refuse_formats: tuple[str, ...] = ()
    structured: list[Any] = field(default_factory=list)  # non-streamed replies, in order


class FakeOpenAI:
    """Speaks the chat-completions API like llama.cpp's server does; see `Switches`."""

    def __init__(self) -> None:
        self.switches = Switches()
        self.requests: list[tuple[str, str, dict[str, Any]]] = []
        self._lock = threading.Lock()
        self._calls = 0
        self._stopping = threading.Event()
        server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server: ThreadingHTTPServer | None = server
        self.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def chats(self) -> list[dict[str, Any]]:
        with self._lock:
            return [b for _, p, b in self.requests if p == "/v1/chat/completions"]

    def record(self, method: str, path: str, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append((method, path, body))

    def next_structured(self) -> Any:
        with self._lock:
            replies = self.switches.structured
            if not replies:
                return {}
            reply = replies[min(self._calls, len(replies) - 1)]
            self._calls += 1
            return reply

    def refuse_connections(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def close(self) -> None:
        self._stopping.set()
        self.refuse_connections()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        server_fake = fake

    return Handler


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_fake: FakeOpenAI

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self.server_fake.record("GET", self.path, {})
        if self.path == "/v1/models":
            data = [_model(m) for m in self.server_fake.switches.models]
            self._json(200, {"object": "list", "data": data})
        else:
            self._json(404, {"error": {"message": "File Not Found", "code": 404}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server_fake.record("POST", self.path, body)
        s = self.server_fake.switches
        if self.path != "/v1/chat/completions":
            self._json(404, {"error": {"message": "File Not Found", "code": 404}})
            return
        if s.status != 200:
            self._json(s.status, {"error": {"message": "the runner crashed", "code": s.status}})
            return
        fmt = body.get("response_format") or {}
        if fmt.get("type") in s.refuse_formats:
            self._json(400, {"error": {"message": "response_format not supported", "code": 400}})
            return
        self._wait(s.first_byte_delay)
        if body.get("stream"):
            self._stream(s)
        else:
            self._whole(body)

    def _whole(self, body: dict[str, Any]) -> None:
        if body.get("response_format") or self.server_fake.switches.structured:
            reply = self.server_fake.next_structured()
            text = reply if isinstance(reply, str) else json.dumps(reply)
        else:
            text = "".join(self.server_fake.switches.tokens)
        self._json(200, _completion(text))

    def _stream(self, s: Switches) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        start = time.monotonic()
        try:
            for i, token in enumerate(s.tokens):
                if self._interrupt(i, s):
                    return
                self._event(json.dumps(_chunk(token, None)))
                self._wait(start + (i + 1) * s.token_delay - time.monotonic())
            if not s.no_finish:
                self._event(json.dumps(_chunk("", "stop")))
                self._event("[DONE]")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            return

    def _interrupt(self, i: int, s: Switches) -> bool:
        if s.drop_after is not None and i >= s.drop_after:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return True
        if s.malformed_after is not None and i == s.malformed_after:
            self._event('{"choices": [ {"delta": ')
        if s.error_after is not None and i == s.error_after:
            self._event(json.dumps({"error": {"message": "the model crashed", "code": 500}}))
            self.wfile.write(b"0\r\n\r\n")
            return True
        return False

    def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.server_fake.stopping:
            time.sleep(min(0.01, max(0.0, deadline - time.monotonic())))

    def _event(self, data: str) -> None:
        raw = f"data: {data}\n\n".encode()
        self.wfile.write(f"{len(raw):x}\r\n".encode() + raw + b"\r\n")
        self.wfile.flush()

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _model(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 1767225600, "owned_by": "me"}


def _chunk(text: str, finish: str | None) -> dict[str, Any]:
    delta = {"content": text} if text else {}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1767225600,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-2",
        "object": "chat.completion",
        "created": 1767225600,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A fresh fake OpenAI-compatible server on a free port for one test."""
    server = FakeOpenAI()
    yield server
    server.close()
