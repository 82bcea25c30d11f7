"""A delaying TCP proxy: a slow or broken network between the app and its server.

Standard library only (threads and sockets), for the tests and the typing benchmark:

    with DelayingProxy("127.0.0.1", 5432, one_way_delay_s=0.25) as proxy:
        url = proxy.url_for(server_url)   # the same URL, through the proxy's port
        ...
        proxy.cut()                       # every connection dropped, new ones refused
        proxy.restore()                   # accepting again
        proxy.cut_for(3.0)                # or: a three-second outage, restored by itself

Each byte is held `one_way_delay_s` before it is passed on, in each direction (0.025 s
each way is a 50 ms round trip, 0.25 s a 500 ms one); the delay may be changed at any
time, open connections included. The delay is latency, not
bandwidth: bytes read while earlier ones wait are queued behind them, in order. A cut
resets every open connection (the client sees "server closed the connection
unexpectedly") and, until restored, accepts new ones only to reset them at once, so a
client's reconnect fails fast as it does when a server is unreachable.
"""

from __future__ import annotations

import collections
import contextlib
import socket
import struct
import threading
import time
from types import TracebackType

from sqlalchemy.engine import make_url

CHUNK = 65536


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a dropped network looks to the client."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class _Pipe:
    """One direction of one connection: read, hold each chunk for the delay, then send."""

    def __init__(self, source: socket.socket, target: socket.socket, proxy: DelayingProxy) -> None:
        self.source = source
        self.target = target
        self.proxy = proxy  # its delay is read per chunk: it can change on open connections
        self._chunks: collections.deque[tuple[float, bytes]] = collections.deque()
        self._ready = threading.Condition()
        self._closed = False

    def start(self) -> None:
        threading.Thread(target=self._read, daemon=True, name="net-proxy-read").start()
        threading.Thread(target=self._send, daemon=True, name="net-proxy-send").start()

    def _read(self) -> None:
        while True:
            try:
                data = self.source.recv(CHUNK)
            except OSError:
                data = b""
            with self._ready:
                if not data:
                    self._closed = True
                else:
                    self._chunks.append((time.monotonic() + self.proxy.one_way_delay_s, data))
                self._ready.notify()
            if not data:
                return

    def _send(self) -> None:
        while True:
            with self._ready:
                while not self._chunks and not self._closed:
                    self._ready.wait()
                if not self._chunks:  # closed and drained: pass the end on
                    with contextlib.suppress(OSError):
                        self.target.shutdown(socket.SHUT_WR)
                    return
                due, data = self._chunks[0]
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            with self._ready:
                self._chunks.popleft()
            try:
                self.target.sendall(data)
            except OSError:
                return


class DelayingProxy:
    """Listens on a loopback port and forwards to `host:port` with a one-way delay."""

    def __init__(self, host: str, port: int, *, one_way_delay_s: float = 0.0) -> None:
        self.target = (host, port)
        self.one_way_delay_s = one_way_delay_s
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._refusing = False
        self._restore_at: float | None = None
        self._stopped = False
        self.connections_made = 0
        self.connections_refused = 0
        self._thread = threading.Thread(target=self._accept, daemon=True, name="net-proxy")
        self._thread.start()

    # --- the network's state -------------------------------------------------------------

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until `restore()`."""
        with self._lock:
            self._refusing = True
            self._restore_at = None
            dropping, self._open = self._open, set()
        for sock in dropping:
            _reset(sock)

    def cut_for(self, seconds: float) -> None:
        """A network cut that heals by itself after `seconds`."""
        self.cut()
        with self._lock:
            self._restore_at = time.monotonic() + seconds

    def restore(self) -> None:
        with self._lock:
            self._refusing = False
            self._restore_at = None

    @property
    def refusing(self) -> bool:
        with self._lock:
            if self._restore_at is not None and time.monotonic() >= self._restore_at:
                self._refusing = False
                self._restore_at = None
            return self._refusing

    def url_for(self, url: str) -> str:
        """`url` (a server URL) pointed at this proxy instead of the server."""
        return make_url(url).set(host="127.0.0.1", port=self.port).render_as_string(False)

    # --- plumbing -----------------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # closed
            if self._stopped:
                _reset(client)
                return
            if self.refusing:
                self.connections_refused += 1
                _reset(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                _reset(client)
                continue
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                # Cut while this one was being connected: `cut` did not see it, so it
                # must not outlive the cut (a test's "network down" would leak a link).
                healed = self._restore_at is not None and time.monotonic() >= self._restore_at
                cut_meanwhile = self._stopped or (self._refusing and not healed)
                if not cut_meanwhile:
                    self._open.update((client, server))
            if cut_meanwhile:
                self.connections_refused += 1
                _reset(client)
                _reset(server)
                continue
            self.connections_made += 1
            _Pipe(client, server, self).start()
            _Pipe(server, client, self).start()

    def close(self) -> None:
        self._stopped = True
        with contextlib.suppress(OSError):
            self._listener.close()
        self.cut()

    def __enter__(self) -> DelayingProxy:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()


def proxied(url: str, one_way_delay_s: float) -> tuple[DelayingProxy, str]:
    """A proxy in front of the server of `url`, and the URL that goes through it."""
    parsed = make_url(url)
    proxy = DelayingProxy(
        parsed.host or "127.0.0.1", parsed.port or 5432, one_way_delay_s=one_way_delay_s
    )
    return proxy, proxy.url_for(url)
