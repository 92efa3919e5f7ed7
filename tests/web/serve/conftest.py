"""Real kg serve front servers with tight limits on random loopback ports, and a raw HTTP client
that sends exactly the bytes a test writes (header smuggling, slow and idle clients)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.web.serve import Limits, Server

TOKEN = "serve-security-token-15"

TIGHT = Limits(
    query_timeout=2.0,
    max_result_bytes=4 * 1024 * 1024,
    commit_bytes=64 * 1024,
    idle_timeout=1.0,
    body_timeout=1.0,
    send_timeout=2.0,
    max_connections=32,
    max_queries=4,
)
"""Limits small enough that every attack ends within seconds."""


@pytest.fixture(scope="package")
def tight(dist: Path) -> Iterator[Server]:
    """A read-only server with :data:`TIGHT` limits."""
    with Server(dist, port=0, limits=TIGHT) as server:
        yield server


@pytest.fixture(scope="package")
def tight_writable(dist: Path) -> Iterator[Server]:
    """A writable server (token :data:`TOKEN`) with :data:`TIGHT` limits."""
    with Server(dist, port=0, writable=True, token=TOKEN, limits=TIGHT) as server:
        yield server


def raw(port: int, data: bytes, *, timeout: float = 10.0, read: int = 1 << 20) -> bytes:
    """Send ``data`` as it is on a fresh connection and read until the server closes it or
    ``read`` bytes have come (or ``timeout`` seconds passed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(data)
        got = bytearray()
        deadline = time.monotonic() + timeout
        while len(got) < read and time.monotonic() < deadline:
            try:
                chunk = conn.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            got += chunk
            if b"\r\n\r\n" in got and _complete(bytes(got)):
                break
        return bytes(got)


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


def status_of(answer: bytes) -> int:
    """The status code of a raw answer (0: none)."""
    first = answer.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) > 1 and first[1].isdigit() else 0


def body_of(answer: bytes) -> bytes:
    return answer.partition(b"\r\n\r\n")[2]
