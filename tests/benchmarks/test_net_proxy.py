"""The delaying proxy: each direction held by the delay, and a cut that drops and refuses."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from benchmarks.net_proxy import DelayingProxy


@pytest.fixture
def echo_port() -> Iterator[int]:
    """A loopback server echoing every byte back, on as many connections as asked."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve(connection: socket.socket) -> None:
        with connection:
            while data := connection.recv(4096):
                connection.sendall(data)

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


def round_trip(port: int, payload: bytes = b"ping") -> float:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        started = time.perf_counter()
        sock.sendall(payload)
        received = b""
        while len(received) < len(payload):
            chunk = sock.recv(4096)
            assert chunk, "the connection closed"
            received += chunk
        assert received == payload
        return time.perf_counter() - started


def test_a_round_trip_takes_the_delay_each_way(echo_port: int) -> None:
    with DelayingProxy("127.0.0.1", echo_port, one_way_delay_s=0.1) as proxy:
        seconds = round_trip(proxy.port)
    assert 0.2 <= seconds < 1.0


def test_a_cut_drops_open_connections_refuses_new_ones_and_heals(echo_port: int) -> None:
    with DelayingProxy("127.0.0.1", echo_port) as proxy:
        sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
        sock.sendall(b"a")
        assert sock.recv(1) == b"a"
        proxy.cut_for(0.5)
        with pytest.raises(OSError):
            sock.sendall(b"b")
            if not sock.recv(1):  # an orderly end also counts as dropped
                raise ConnectionResetError
        sock.close()
        with pytest.raises(OSError):
            round_trip(proxy.port)
        assert proxy.connections_refused >= 1
        time.sleep(0.6)
        assert round_trip(proxy.port) < 1.0
