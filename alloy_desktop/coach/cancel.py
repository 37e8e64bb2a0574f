"""A cancellation flag that another thread can raise, waking a blocked network read at once."""

from __future__ import annotations

import socket
import threading
from contextlib import suppress


class CancelToken:
    """Set from any thread; the streaming thread checks it and its socket is shut down.

    Closing a socket another thread is reading leaves that thread blocked (and the file
    descriptor may be reused under it); shutdown() instead makes the blocked read return
    at once, so Stop stops immediately even while the model is still loading.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        """Raises the flag and wakes the read in progress, if any."""
        with self._lock:
            self._event.set()
            sock = self._socket
        if sock is not None:
            _shutdown(sock)

    def watch(self, sock: socket.socket | None) -> None:
        """Remembers the socket of the current request (cancelling early shuts it at once)."""
        with self._lock:
            self._socket = sock
            cancelled = self._event.is_set()
        if cancelled and sock is not None:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with suppress(OSError):  # already closed by its owner: nothing left to wake
        sock.shutdown(socket.SHUT_RDWR)
