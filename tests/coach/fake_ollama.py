"""A fake Ollama server for tests: real HTTP on 127.0.0.1, NDJSON streaming, failure switches."""

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

DEFAULT_MODEL = "gemma3:4b"
DEFAULT_REPLY = ("Your ", "legs ", "are ", "sore, ", "so ", "go ", "lighter ", "today.")


@dataclass
class Switches:
    """What the server does next; tests flip these between calls (read by handler threads)."""

    models: list[str] = field(default_factory=lambda: [DEFAULT_MODEL])
    tokens: tuple[str, ...] = DEFAULT_REPLY
    token_delay: float = 0.0  # seconds between streamed lines ("slow tokens")
    first_byte_delay: float = 0.0  # seconds before the response starts (for read timeouts)
    drop_after: int | None = None  # close the socket mid-stream after this many tokens
    malformed_after: int | None = None  # send a line that isn't JSON after this many tokens
    error_line_after: int | None = None  # send {"error": ...} after this many tokens
    status: int = 200  # e.g. 500 for a server error on chat/generate
    # Replies to non-streaming calls with `format`, used in order (the last one repeats).
    structured: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Recorded:
    """One request the server received."""

    method: str
    path: str
    body: dict[str, Any]


class FakeOllama:
    """Speaks /api/tags, /api/chat and /api/generate like Ollama does; see `Switches`."""

    def __init__(self) -> None:
        self.switches = Switches()
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._structured_calls = 0
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self._start(0)

    # --- life cycle ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _start(self, port: int) -> None:
        server = _QuietServer(("127.0.0.1", port), _handler_for(self))
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def set_refusing(self, refusing: bool) -> None:
        """Stop listening (connections are refused) or listen again on the same port."""
        if refusing and self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        elif not refusing and self._server is None:
            self._start(self.port)

    def close(self) -> None:
        self._stopping.set()
        self.set_refusing(True)

    # --- what the tests read ------------------------------------------------------------

    def chats(self) -> list[dict[str, Any]]:
        """Bodies of every /api/chat request, oldest first."""
        with self._lock:
            return [r.body for r in self.requests if r.path == "/api/chat"]

    def next_structured(self) -> Any:
        with self._lock:
            replies = self.switches.structured
            if not replies:
                return {}
            index = min(self._structured_calls, len(replies) - 1)
            self._structured_calls += 1
            return replies[index]

    def record(self, method: str, path: str, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(Recorded(method, path, body))

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()


class _QuietServer(ThreadingHTTPServer):
    """Handler threads die with the test; a client hanging up is not worth a traceback."""

    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


def _handler_for(fake: FakeOllama) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        server_fake = fake

    return Handler


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 with chunked bodies, as Ollama streams: a drop mid-body is then detectable.
    protocol_version = "HTTP/1.1"
    server_fake: FakeOllama

    def log_message(self, format: str, *args: Any) -> None:
        return

    # --- routing ------------------------------------------------------------------------

    def do_GET(self) -> None:
        self.server_fake.record("GET", self.path, {})
        if self.path == "/api/tags":
            self._json(200, {"models": [_model_entry(m) for m in self.server_fake.switches.models]})
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server_fake.record("POST", self.path, body)
        if self.path not in ("/api/chat", "/api/generate"):
            self._json(404, {"error": "not found"})
            return
        switches = self.server_fake.switches
        if body.get("model") not in switches.models:
            model = body.get("model")
            self._json(404, {"error": f'model "{model}" not found, try pulling it first'})
            return
        if switches.status != 200:
            self._json(switches.status, {"error": "the runner crashed"})
            return
        self._wait(switches.first_byte_delay)
        if body.get("stream", True):
            self._stream(body, chat=self.path == "/api/chat")
        else:
            self._whole(body, chat=self.path == "/api/chat")

    # --- answers ------------------------------------------------------------------------

    def _whole(self, body: dict[str, Any], chat: bool) -> None:
        if body.get("format"):
            reply = self.server_fake.next_structured()
            text = reply if isinstance(reply, str) else json.dumps(reply)
        else:
            text = "".join(self.server_fake.switches.tokens)
        self._json(200, _part(body["model"], text, done=True, chat=chat))

    def _stream(self, body: dict[str, Any], chat: bool) -> None:
        s = self.server_fake.switches
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        start = time.monotonic()
        try:
            for i, token in enumerate(s.tokens):
                if self._interrupt(i, s):
                    return
                self._chunk(json.dumps(_part(body["model"], token, False, chat)) + "\n")
                # Paced against the start, so sleeping's overshoot doesn't slow the rate down.
                self._wait(start + (i + 1) * s.token_delay - time.monotonic())
            self._chunk(json.dumps(_part(body["model"], "", True, chat)) + "\n")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            return  # the client hung up (Stop): nothing more to send

    def _interrupt(self, i: int, s: Switches) -> bool:
        """Performs a failure switch due at token `i`; True when the stream must end here."""
        if s.drop_after is not None and i >= s.drop_after:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)  # no final chunk: an incomplete body
            self.close_connection = True
            return True
        if s.malformed_after is not None and i == s.malformed_after:
            self._chunk('{"model": "broken", "message": {"content": \n')
        if s.error_line_after is not None and i == s.error_line_after:
            self._chunk(
                json.dumps({"error": "an error was encountered while running the model"}) + "\n"
            )
            self.wfile.write(b"0\r\n\r\n")
            return True
        return False

    # --- plumbing -----------------------------------------------------------------------

    def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.server_fake.stopping:
            time.sleep(min(0.01, max(0.0, deadline - time.monotonic())))

    def _chunk(self, text: str) -> None:
        data = text.encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _part(model: str, text: str, done: bool, chat: bool) -> dict[str, Any]:
    """One NDJSON line as Ollama writes it for /api/chat or /api/generate."""
    part: dict[str, Any] = {"model": model, "created_at": "2026-11-02T09:00:00Z", "done": done}
    if chat:
        part["message"] = {"role": "assistant", "content": text}
    else:
        part["response"] = text
    if done:
        part["done_reason"] = "stop"
        part["eval_count"] = 42
    return part


def _model_entry(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "model": name,
        "modified_at": "2026-10-01T12:00:00Z",
        "size": 3338801804,
        "digest": "a2af6cc3eb7fa8be8504abaf9b04e88f17a119ec3f04a3addf55f92841195f5a",
        "details": {"format": "gguf", "family": "gemma3", "parameter_size": "4.3B"},
    }


@pytest.fixture
def fake_ollama() -> Iterator[FakeOllama]:
    """A fresh fake Ollama on a free port for one test."""
    server = FakeOllama()
    yield server
    server.close()
