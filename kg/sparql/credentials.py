"""Credentials for remote stores: from the environment or netrc, never an argument, scrubbed
from every message, and sent to their own host only (:func:`open_url`: no ``Authorization``
follows a redirect to another host, port or scheme, nor from ``https`` down to ``http``)."""

from __future__ import annotations

import base64
import netrc
import os
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.errors import EndpointError


@dataclass(frozen=True)
class Credentials:
    """An ``Authorization`` header value and where it came from (the value is never shown)."""

    header: str = field(repr=False)
    source: str
    secrets: tuple[str, ...] = field(default=(), repr=False)

    def scrub(self, text: str) -> str:
        """``text`` with every secret (and its encoded forms) replaced by ``***``."""
        for secret in (*self.secrets, self.header):
            if secret:
                text = text.replace(secret, "***")
        return text


def credentials_for(url: str, env: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for ``url``: ``KG_ENDPOINT_TOKEN``, else ``KG_ENDPOINT_USER`` and
    ``KG_ENDPOINT_PASSWORD``, else the netrc entry of its host (``$NETRC`` or ``~/.netrc``)."""
    env = os.environ if env is None else env
    if token := env.get("KG_ENDPOINT_TOKEN"):
        return Credentials(f"Bearer {token}", "KG_ENDPOINT_TOKEN", (token,))
    user, password = env.get("KG_ENDPOINT_USER"), env.get("KG_ENDPOINT_PASSWORD")
    if user and password is not None:
        return _basic(user, password, "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD")
    path = Path(env.get("NETRC") or Path.home() / ".netrc")
    host = urllib.parse.urlsplit(url).hostname or ""
    if path.is_file():
        try:
            entry = netrc.netrc(str(path)).authenticators(host)
        except (netrc.NetrcParseError, OSError) as err:
            # the parse error quotes the file's lines: say where, never what
            raise EndpointError(
                f"cannot read the netrc file {path} (line {getattr(err, 'lineno', '?')})"
            ) from None
        if entry and entry[0] is not None:
            return _basic(entry[0], entry[2] or "", f"netrc ({path})")
    return None


def _basic(user: str, password: str, source: str) -> Credentials:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return Credentials(f"Basic {token}", source, (password, token) if password else (token,))


def keeps_credentials(origin: str, target: str) -> bool:
    """Whether a request redirected from ``origin`` to ``target`` may carry the credentials:
    only to the same host and port, by the same scheme or from ``http`` up to ``https``."""
    a, b = urllib.parse.urlsplit(origin), urllib.parse.urlsplit(target)
    if (a.hostname or "").lower() != (b.hostname or "").lower():
        return False
    if (a.scheme, b.scheme) == ("http", "https"):  # an upgrade on the same host: the default ports differ
        return b.port in (None, 443) and a.port in (None, 80)
    return a.scheme == b.scheme and (a.port or _DEFAULT_PORT.get(a.scheme)) == (
        b.port or _DEFAULT_PORT.get(b.scheme)
    )


_DEFAULT_PORT = {"http": 80, "https": 443}


class CredentialsStayHome(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, except that ``Authorization`` is dropped on the way to another origin
    or down to ``http``, and that 307/308 keep the method and body as RFC 9110 says (urllib refuses
    them for POST and PUT)."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if code in (307, 308):
            new: urllib.request.Request | None = urllib.request.Request(
                newurl,
                data=req.data,
                headers=dict(req.header_items()),
                origin_req_host=req.origin_req_host,
                unverifiable=True,
                method=req.get_method(),
            )
        else:
            new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and not keeps_credentials(req.full_url, new.full_url):
            for name in list(new.headers) + list(new.unredirected_hdrs):
                if name.lower() in ("authorization", "proxy-authorization", "cookie"):
                    new.remove_header(name)
        return new


_OPENER = urllib.request.build_opener(CredentialsStayHome)


def open_url(request: urllib.request.Request, timeout: float) -> Any:
    """``urllib.request.urlopen`` with :class:`CredentialsStayHome` for redirects."""
    return _OPENER.open(request, timeout=timeout)
