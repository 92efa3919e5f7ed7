"""The limits of a public endpoint, and the guard that holds every connection to them.

Every limit has a default that is safe on the internet and is documented in ``docs/endpoint.md``:

* a query runs at most :attr:`Limits.query_timeout` seconds (default 10; the front server answers
  ``503`` with a message, Oxigraph cancels the evaluation);
* an answer is at most :attr:`Limits.max_result_bytes` long;
* a connection must deliver a complete request head within :attr:`Limits.idle_timeout` seconds of
  opening, or of the end of its previous answer (idle keep-alive connections, clients that never
  send, and clients that send their headers byte by byte are all closed by this one rule);
* a request body must arrive within :attr:`Limits.body_timeout` seconds (writes: without a pause
  that long), and a client must take each part of an answer within :attr:`Limits.send_timeout`;
* at most :attr:`Limits.max_connections` connections are open at once; one more is answered
  ``503`` with ``Retry-After`` and closed;
* Oxigraph's own query timeout starts a thread per query that sleeps for the whole timeout, even
  when the query took a millisecond; a process that cannot start one more thread dies. So at
  most :attr:`Limits.backend_timers` queries are sent within one backend timeout (by default
  16,384, fewer where the machine allows fewer threads); beyond that a query is answered ``503``
  with ``Retry-After``. That bounds the sustained rate at ``backend_timers / (timeout + 1)``
  queries per second (1,489 at the default 10 s), and keeps the backend alive under any flood;
* at most :attr:`Limits.max_queries` queries run in Oxigraph at once; others wait for a turn
  within their own timeout; and Oxigraph sees at most :attr:`Limits.backend_connections`
  connections, however many clients there are.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

DEFAULT_QUERY_TIMEOUT = 10.0
DEFAULT_MAX_RESULT_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_CONNECTIONS = 256


@dataclass(frozen=True)
class Limits:
    """What one client may ask of the endpoint."""

    query_timeout: float | None = DEFAULT_QUERY_TIMEOUT
    """seconds a query may run (``None``: no limit)"""
    max_result_bytes: int | None = DEFAULT_MAX_RESULT_BYTES
    """bytes an answer may have (``None``: no limit)"""
    commit_bytes: int = 256 * 1024
    """an answer is held back until it is complete or this long, so a failure in its first part
    (timeout, size limit, broken backend) is still a clean HTTP error; then it is streamed"""
    idle_timeout: float = 15.0
    body_timeout: float = 30.0
    send_timeout: float = 30.0
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    max_queries: int = 8
    backend_connections: int = 16
    backend_timers: int | None = None
    """queries Oxigraph may hold a timeout timer for at once (``None``: from this machine's
    limits, see :func:`timer_budget`)"""
    """connections to Oxigraph at most (it spends a thread on each, and dies when it cannot
    start one)"""
    max_query_bytes: int = 1024 * 1024
    """the largest query or update form read into memory"""
    max_upload_bytes: int = 2 * 1024 * 1024 * 1024
    """the largest authorised Graph Store upload or SPARQL Update (streamed to Oxigraph)"""
    backlog: int = 1024
    max_header_bytes: int = 8190

    def __post_init__(self) -> None:
        if self.query_timeout is not None and self.query_timeout <= 0:
            raise ValueError("the query timeout must be positive")
        if self.max_result_bytes is not None and self.max_result_bytes <= 0:
            raise ValueError("the result-size limit must be positive")
        if self.max_connections < 1 or self.max_queries < 1 or self.backend_connections < 1:
            raise ValueError("the connection and query bounds must be at least 1")

    @property
    def held_bytes(self) -> int:
        """How much of an answer is held back before it streams."""
        if self.max_result_bytes is None:
            return self.commit_bytes
        return min(self.commit_bytes, self.max_result_bytes + 1)


_BUSY_TEXT = b"this endpoint serves its limit of connections: retry soon\n"
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 1\r\n"
    b"Connection: close\r\n"
    b"Content-Length: " + str(len(_BUSY_TEXT)).encode() + b"\r\n\r\n" + _BUSY_TEXT
)
"""What a connection beyond the bound is told before it is closed."""


def timer_budget() -> int:
    """How many timer threads Oxigraph may hold on this machine: 16,384, or less where the
    process's memory maps (two per thread) or the cgroup's task limit allow less."""
    budget = 16_384
    for path, per_thread in (("/proc/sys/vm/max_map_count", 4), ("/sys/fs/cgroup/pids.max", 2)):
        try:
            text = open(path).read().strip()  # noqa: SIM115 - a one-line /proc read
        except OSError:
            continue
        if text.isdigit():
            budget = min(budget, int(text) // per_thread)
    return max(64, budget)


class TimerBudget:
    """The queries sent to Oxigraph whose timeout timer still sleeps, against the budget."""

    def __init__(self, budget: int, lifetime: float) -> None:
        self.budget = budget
        self.lifetime = lifetime
        self.expiries: collections.deque[float] = collections.deque()

    def take(self, now: float) -> float | None:
        """Take a timer; ``None`` when taken, else the seconds until one is free again."""
        while self.expiries and self.expiries[0] <= now:
            self.expiries.popleft()
        if len(self.expiries) >= self.budget:
            return max(0.0, self.expiries[0] - now)
        self.expiries.append(now + self.lifetime)
        return None


class ConnectionGuard(asyncio.Protocol):
    """Wraps the HTTP library's protocol for one connection: refuses connections beyond the bound,
    and closes a connection that has not delivered a request head within the idle timeout.

    The request handler calls :meth:`request_started` when a head has arrived and
    :meth:`request_finished` when its answer is done (found from the request's transport)."""

    def __init__(self, inner: Any, limits: Limits, counter: ConnectionCounter) -> None:
        self.inner = inner
        self.limits = limits
        self.counter = counter
        self.transport: asyncio.Transport | None = None
        self.admitted = False
        self._timer: asyncio.TimerHandle | None = None

    # ---- asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport = cast(asyncio.Transport, transport)  # uvloop's is one, not a subclass
        self.transport = transport
        if not self.counter.admit():
            # answered without reading: the client learns why instead of timing out
            transport.write(BUSY)
            if transport.can_write_eof():
                transport.write_eof()
            loop = asyncio.get_running_loop()
            loop.call_later(1.0, transport.close)
            return
        self.admitted = True
        self._arm()
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.admitted:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        if self.admitted:
            return self.inner.eof_received()  # type: ignore[no-any-return]
        if self.transport is not None:
            self.transport.close()
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self.admitted:
            self.admitted = False
            self.counter.release()
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.admitted:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.admitted:
            self.inner.resume_writing()

    # ---- the idle rule

    def request_started(self) -> None:
        self._disarm()

    def request_finished(self) -> None:
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.limits.idle_timeout, self._idle)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _idle(self) -> None:
        self._timer = None
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()


class ConnectionCounter:
    """How many connections are open, against the bound."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self.open = 0

    def admit(self) -> bool:
        if self.open >= self.bound:
            return False
        self.open += 1
        return True

    def release(self) -> None:
        self.open -= 1


def guarded(factory: Callable[[], Any], limits: Limits) -> Callable[[], ConnectionGuard]:
    """A protocol factory for ``loop.create_server`` that guards every connection."""
    counter = ConnectionCounter(limits.max_connections)
    return lambda: ConnectionGuard(factory(), limits, counter)


def guard_of(transport: asyncio.BaseTransport | None) -> ConnectionGuard | None:
    """The guard of a request's connection, if it has one."""
    if transport is None:
        return None
    protocol = transport.get_protocol()
    return protocol if isinstance(protocol, ConnectionGuard) else None
