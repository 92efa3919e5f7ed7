"""The front server's request handler: every request is classified by :mod:`~kg.web.serve.policy`,
then answered here (refusals, CORS preflight, the website, the service description) or sent to
Oxigraph as a request this module builds itself (:mod:`~kg.web.serve.proxy`)."""

from __future__ import annotations

import mimetypes
import re
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

from aiohttp import web

from kg.web.serve import description
from kg.web.serve.federation import check_remote_calls
from kg.web.serve.limits import Limits, guard_of
from kg.web.serve.policy import (
    RDF_TYPES,
    Policy,
    Refusal,
    Route,
    check_endpoint,
    check_headers,
    classify,
    graph_target,
    header,
    media_type,
    sparql_request,
)
from kg.web.serve.prologue import user_message, with_prologue
from kg.web.serve.proxy import Backend, body_chunks, read_body

_HOST = re.compile(
    r"(?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}(?::[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](?::[0-9]{1,5})?"
)
_ACCEPT_LIMIT = 1024


class FrontApp:
    """What the front server does with one request."""

    def __init__(
        self,
        *,
        backend: Backend,
        policy: Policy,
        limits: Limits,
        roots: Sequence[Path],
        services: Sequence[str],
        public_url: str | None,
        listen_url: str,
    ) -> None:
        self.backend = backend
        self.policy = policy
        self.limits = limits
        self.roots = tuple(r.resolve() for r in roots)
        """where pages are looked up, in order: the website (if any), then the query editor's own"""
        self.services = tuple(services)
        self.public_url = public_url
        self.listen_url = listen_url

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        guard = guard_of(request.transport)
        if guard is not None:
            guard.request_started()
        try:
            try:
                return await self._dispatch(request)
            except Refusal as refusal:
                return self._refuse(request, refusal)
        finally:
            if guard is not None:
                guard.request_finished()

    # ------------------------------------------------------------ answers of our own

    def _common(self, request: web.BaseRequest) -> dict[str, str]:
        headers = {"Vary": "Origin", "Server": "kommunen-kg"}
        origin = header(request.headers, "Origin")
        if self.policy.allows_origin(origin) and origin:
            headers["Access-Control-Allow-Origin"] = origin
        return headers

    def _refuse(self, request: web.BaseRequest, refusal: Refusal) -> web.Response:
        headers = {**self._common(request), **refusal.headers}
        response = web.Response(
            status=refusal.status,
            text=refusal.message + "\n",
            content_type="text/plain",
            charset="utf-8",
            headers=headers,
        )
        if refusal.status in (400, 401, 403, 408, 411, 413, 415, 417) and request.body_exists:
            response.force_close()  # the rest of the body is not read, so not taken for a request
        return response

    def _preflight(self, request: web.BaseRequest) -> web.Response:
        origin = header(request.headers, "Origin")
        if not self.policy.allows_origin(origin):
            return web.Response(
                status=403,
                text="cross-origin requests from this origin are not allowed\n",
                headers={"Vary": "Origin", "Server": "kommunen-kg"},
            )
        methods = "GET, HEAD, POST, OPTIONS" + (", PUT, DELETE" if self.policy.writable else "")
        return web.Response(
            status=204,
            headers={
                **self._common(request),
                "Access-Control-Allow-Methods": methods,
                "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
                "Access-Control-Max-Age": "600",
            },
        )

    def public_base(self, request: web.BaseRequest) -> str:
        """The address clients use: ``--public-url``, else the Host they named, else ours."""
        if self.public_url:
            return self.public_url
        host = header(request.headers, "Host")
        if host and _HOST.fullmatch(host):
            return f"http://{host}/"
        return self.listen_url

    def limits_text(self) -> str:
        limits = self.limits
        timeout = f"{limits.query_timeout:g} s per query" if limits.query_timeout else "no query timeout"
        size = (
            f"answers up to {limits.max_result_bytes:,} bytes"
            if limits.max_result_bytes
            else "no answer-size limit"
        )
        return f"{timeout}, {size}, {limits.max_connections} connections"

    def _description(self, request: web.BaseRequest) -> web.Response:
        media = description.negotiate(header(request.headers, "Accept"))
        body = description.describe(
            self.public_base(request) + "query",
            writable=self.policy.writable,
            services=self.services,
            limits=self.limits_text(),
            media=media,
        )
        return web.Response(
            body=body, headers={**self._common(request), "Content-Type": f"{media}; charset=utf-8"}
        )

    def _static(self, request: web.BaseRequest, path: str) -> web.Response:
        local = urllib.parse.unquote(path).lstrip("/")
        for root in self.roots:
            target = (root / local).resolve()
            if not target.is_relative_to(root):
                raise Refusal(404, "not found")
            if target.is_dir():
                if not path.endswith("/"):  # the page's relative links need the folder's slash
                    raise Refusal(301, "moved", {"Location": path + "/"})
                target = target / "index.html"
            if target.is_file():
                break
        else:
            raise Refusal(404, "not found")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return web.Response(
            body=target.read_bytes(), headers={**self._common(request), "Content-Type": ctype}
        )

    # ------------------------------------------------------------ routing

    async def _dispatch(self, request: web.BaseRequest) -> web.StreamResponse:
        check_headers(request.headers)
        route = classify(request.method, request.path)
        if route.kind == "options":
            return self._preflight(request)
        if route.kind == "static":
            return self._static(request, route.path)
        params = {key: request.query.getall(key) for key in request.query}
        if route.kind == "store":
            return await self._store(request, route, params)
        return await self._sparql(request, route, params)

    def _accept(self, request: web.BaseRequest) -> dict[str, str]:
        values = request.headers.getall("Accept", [])
        accept = ", ".join(v.strip() for v in values if v.strip())
        if len(accept) > _ACCEPT_LIMIT:
            raise Refusal(400, "the Accept header is too long")
        return {"Accept": accept} if accept else {}

    async def _sparql(
        self, request: web.BaseRequest, route: Route, params: dict[str, list[str]]
    ) -> web.StreamResponse:
        limits = self.limits
        size = limits.max_query_bytes
        if route.write:
            self.policy.authorize_write(request.headers)
            size = limits.max_upload_bytes
        await _continue(request)
        body = await read_body(request, limit=size, timeout=limits.body_timeout)
        sparql = sparql_request(route, request.method, params, header(request.headers, "Content-Type"), body)
        if sparql is None:
            return self._description(request)
        if sparql.operation == "update":
            self.policy.authorize_write(request.headers)
        check_endpoint(route, sparql)
        text = with_prologue(sparql.text)
        check_remote_calls(text, sparql.operation, self.services)
        form = urllib.parse.urlencode([(sparql.operation, text), *sparql.dataset]).encode()

        def positions(status: int, ctype: str, body: bytes) -> bytes:
            if status == 400 and ctype.startswith("text/plain"):
                return user_message(body.decode("utf-8", "replace")).encode()
            return body

        return await self.backend.relay(
            request,
            "POST",
            "/" + sparql.operation,
            headers={**self._accept(request), "Content-Type": "application/x-www-form-urlencoded"},
            answer_headers=self._common(request),
            data=form,
            rewrite=positions,
            query=sparql.operation == "query",
        )

    async def _store(
        self, request: web.BaseRequest, route: Route, params: dict[str, list[str]]
    ) -> web.StreamResponse:
        name, graph = graph_target(params)
        query = [(name, graph)]
        headers = self._accept(request)
        data = None
        if route.write:
            self.policy.authorize_write(request.headers)
            if request.method in ("PUT", "POST"):
                ctype = media_type(header(request.headers, "Content-Type"))
                if ctype not in RDF_TYPES:
                    raise Refusal(
                        415,
                        f"a Graph Store write carries RDF ({', '.join(RDF_TYPES)}), not {ctype or 'nothing'}",
                    )
                headers["Content-Type"] = ctype
                await _continue(request)
                data = body_chunks(
                    request, limit=self.limits.max_upload_bytes, pause=self.limits.body_timeout
                )
        elif request.body_exists:
            raise Refusal(400, f"a {request.method} request carries no body")
        return await self.backend.relay(
            request,
            "HEAD" if request.method == "HEAD" else request.method,
            "/store",
            headers=headers,
            answer_headers=self._common(request),
            data=data,
            params=query,
            query=not route.write,
        )


async def _continue(request: web.BaseRequest) -> None:
    """Answer ``Expect: 100-continue`` once the request is known to be allowed."""
    expect = header(request.headers, "Expect")
    if expect is not None and expect.strip().lower() == "100-continue" and request.writer is not None:
        await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
