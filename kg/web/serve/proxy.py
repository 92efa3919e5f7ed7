"""Requests to Oxigraph, and its answers streamed to the client within the limits.

An answer is held back until it is complete or :attr:`Limits.held_bytes` long: a small answer
goes out whole with its ``Content-Length``, and a failure in the first part of any answer (the
query timeout, the result-size limit, a backend that broke off) is still a clean HTTP error with a
message. After that the answer streams, chunk by chunk as the client takes it (Oxigraph is read
only as fast as the client reads, so memory stays flat whatever the answer's size). A limit hit
while streaming ends the answer without its closing chunk: every HTTP client then reports an
incomplete answer rather than taking a truncated one for complete.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator, Callable, Mapping

import aiohttp
from aiohttp import web

from kg.web.serve.backend import BACKEND_GRACE
from kg.web.serve.limits import Limits, TimerBudget, timer_budget
from kg.web.serve.policy import Refusal

FORWARDED_HEADERS = ("Content-Type",)
"""The only headers of Oxigraph's answers passed on; the front server writes the others."""

CANCELLED = b"The SPARQL operation has been cancelled"
"""What Oxigraph writes into an answer when its own timeout stops a query."""


class Backend:
    """The HTTP client of the front server for its Oxigraph server."""

    def __init__(self, port: int, limits: Limits) -> None:
        self.port = port
        self.limits = limits
        self.session: aiohttp.ClientSession | None = None
        self.queries: asyncio.Semaphore | None = None
        timeout = limits.query_timeout
        self.timers = (
            None
            if timeout is None
            else TimerBudget(
                limits.backend_timers or timer_budget(), float(math.ceil(timeout + BACKEND_GRACE)) + 0.5
            )
        )

    async def open(self) -> None:
        connector = aiohttp.TCPConnector(limit=self.limits.backend_connections, keepalive_timeout=30)
        self.session = aiohttp.ClientSession(
            f"http://127.0.0.1:{self.port}",
            connector=connector,
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=10),
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding"),
        )
        self.queries = asyncio.Semaphore(self.limits.max_queries)

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None

    def deadline(self) -> float | None:
        timeout = self.limits.query_timeout
        return None if timeout is None else asyncio.get_running_loop().time() + timeout

    async def relay(
        self,
        request: web.BaseRequest,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str],
        answer_headers: Mapping[str, str],
        data: bytes | AsyncIterator[bytes] | None = None,
        params: list[tuple[str, str]] | None = None,
        rewrite: Callable[[int, str, bytes], bytes] | None = None,
        query: bool = True,
    ) -> web.StreamResponse:
        """Send one request to Oxigraph and relay its answer; ``rewrite(status, type, body)``
        may change a complete answer (never a streamed one). A ``query`` waits for its turn among
        :attr:`Limits.max_queries` and runs within the query timeout; other requests (the
        editor's files, authorised writes) do neither."""
        assert self.session is not None and self.queries is not None
        deadline = self.deadline() if query else None
        loop = asyncio.get_running_loop()

        def remaining() -> float | None:
            return None if deadline is None else max(0.0, deadline - loop.time())

        turn = False
        try:
            if query:
                try:
                    await asyncio.wait_for(self.queries.acquire(), remaining())
                except TimeoutError:
                    raise Refusal(
                        503,
                        "this endpoint runs its limit of queries at once; retry soon",
                        {"Retry-After": "2"},
                    ) from None
                turn = True
                if self.timers is not None:
                    wait = self.timers.take(loop.time())
                    if wait is not None:
                        raise Refusal(
                            503,
                            "this endpoint answers its limit of queries per second; retry soon",
                            {"Retry-After": str(max(1, math.ceil(wait)))},
                        )
            try:
                upstream = await asyncio.wait_for(
                    self.session.request(method, path, params=params, data=data, headers=dict(headers)),
                    remaining(),
                )
            except TimeoutError:
                raise Refusal(503, self.timeout_message()) from None
            except aiohttp.ClientError:
                raise Refusal(502, "the SPARQL server behind kg serve is not answering") from None
            try:
                return await self._stream(request, upstream, remaining, answer_headers, rewrite)
            finally:
                if upstream.content.at_eof():
                    upstream.release()  # read to the end: the connection serves the next request
                else:
                    upstream.close()  # given up on: Oxigraph sees the connection close
        finally:
            if turn:
                self.queries.release()

    def timeout_message(self) -> str:
        return (
            f"the query ran longer than the {self.limits.query_timeout:g} s limit of this endpoint "
            "and was stopped: narrow it (more specific patterns, LIMIT), or run it on your own copy "
            "with `kg query`"
        )

    def size_message(self) -> str:
        limit = self.limits.max_result_bytes or 0
        return (
            f"the answer is larger than the {limit:,} byte limit of this endpoint and was stopped: "
            "narrow the query or page through it with LIMIT and OFFSET"
        )

    async def _stream(
        self,
        request: web.BaseRequest,
        upstream: aiohttp.ClientResponse,
        remaining: Callable[[], float | None],
        answer_headers: Mapping[str, str],
        rewrite: Callable[[int, str, bytes], bytes] | None,
    ) -> web.StreamResponse:
        limits = self.limits
        cap = limits.max_result_bytes
        ctype = upstream.headers.get("Content-Type", "")
        held = bytearray()
        out: web.StreamResponse | None = None
        total = 0
        problem: str | None = None
        while True:
            try:
                chunk = await asyncio.wait_for(upstream.content.readany(), remaining())
            except TimeoutError:
                problem = self.timeout_message()
                break
            except (aiohttp.ClientError, ConnectionError):
                problem = "the SPARQL server behind kg serve broke off its answer"
                break
            if not chunk:
                break
            total += len(chunk)
            if cap is not None and total > cap:
                problem = self.size_message()
                break
            if out is None:
                held += chunk
                if len(held) < limits.held_bytes:
                    continue
                out = web.StreamResponse(status=upstream.status, headers=self._headers(ctype, answer_headers))
                try:
                    await asyncio.wait_for(out.prepare(request), limits.send_timeout)
                    if request.method != "HEAD":
                        await asyncio.wait_for(out.write(bytes(held)), limits.send_timeout)
                except (TimeoutError, ConnectionError):
                    return _abort(request, out)
                held = bytearray()
                if request.method == "HEAD":
                    return out
                continue
            try:
                await asyncio.wait_for(out.write(chunk), limits.send_timeout)
            except (TimeoutError, ConnectionError):
                return _abort(request, out)
        if out is not None:
            if problem is not None:
                return _abort(request, out)
            return out
        body = bytes(held)
        if problem is None and upstream.status == 200 and CANCELLED in body[-200:]:
            problem = self.timeout_message()
        if problem is not None:
            status = 502 if problem.startswith("the SPARQL server") else 503
            raise Refusal(status, problem)
        if rewrite is not None:
            body = rewrite(upstream.status, ctype, body)
        return web.Response(status=upstream.status, body=body, headers=self._headers(ctype, answer_headers))

    @staticmethod
    def _headers(ctype: str, answer_headers: Mapping[str, str]) -> dict[str, str]:
        headers = dict(answer_headers)
        if ctype:
            headers["Content-Type"] = ctype
        return headers


def _abort(request: web.BaseRequest, out: web.StreamResponse) -> web.StreamResponse:
    """End a streamed answer without its closing chunk: the client sees it is incomplete."""
    out.force_close()
    transport = request.transport
    if transport is not None:
        with contextlib.suppress(Exception):
            transport.close()
    return out


async def body_chunks(
    request: web.BaseRequest, *, limit: int, pause: float, first: bytes = b""
) -> AsyncIterator[bytes]:
    """The request body as it arrives, for an upload streamed on to Oxigraph: refused past
    ``limit`` bytes, or when the client pauses longer than ``pause`` seconds."""
    total = len(first)
    if first:
        yield first
    while True:
        try:
            chunk = await asyncio.wait_for(request.content.readany(), pause)
        except TimeoutError:
            raise Refusal(408, f"the request body stopped arriving for {pause:g} s") from None
        if not chunk:
            return
        total += len(chunk)
        if total > limit:
            raise Refusal(413, f"the request body is larger than the {limit:,} byte limit of this endpoint")
        yield chunk


async def read_body(request: web.BaseRequest, *, limit: int, timeout: float) -> bytes:
    """The whole request body, within ``limit`` bytes and ``timeout`` seconds."""
    if not request.body_exists:
        return b""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    parts = bytearray()
    while True:
        try:
            chunk = await asyncio.wait_for(request.content.readany(), max(0.0, deadline - loop.time()))
        except TimeoutError:
            raise Refusal(408, f"the request body did not arrive within {timeout:g} s") from None
        if not chunk:
            return bytes(parts)
        parts += chunk
        if len(parts) > limit:
            raise Refusal(413, f"the request body is larger than the {limit:,} byte limit of this endpoint")
