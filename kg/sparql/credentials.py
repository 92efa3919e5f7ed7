"""Credentials for remote stores: from the environment or netrc, never an argument, and scrubbed
from every message."""

from __future__ import annotations

import base64
import netrc
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

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
