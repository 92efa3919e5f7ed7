"""``kg serve``: the built graph as a SPARQL 1.1 endpoint that can face the internet.

Two processes work together. The Oxigraph server (:mod:`~kg.web.serve.backend`) holds a fresh
store loaded from ``dist/kg.nq`` on a private loopback port. In front of it, an aiohttp server is
what users reach; it answers the website (``site/``) and the project's query editor
(:mod:`kg.web.editor`, at ``/editor/``) itself and sends queries, updates and Graph Store requests
on to Oxigraph (whose own editor, which fetches from other sites, is never shown). Each module
does one thing:

* :mod:`~kg.web.serve.policy` — what a request is (one place: method, path, headers, body form),
  who may write, which origins may ask;
* :mod:`~kg.web.serve.prologue` — the prefixes and base IRI of ``kg query``, predeclared;
* :mod:`~kg.web.serve.federation` — ``SERVICE`` only to the allow-list;
* :mod:`~kg.web.serve.limits` — timeouts, sizes, connection bounds and the connection guard;
* :mod:`~kg.web.serve.proxy` — requests to Oxigraph, answers streamed within the limits;
* :mod:`~kg.web.serve.description` — the service description with the public address;
* :mod:`~kg.web.serve.app` — routing one request through all of the above;
* :mod:`~kg.web.serve.server` — :class:`Server` (start, stop) and :func:`serve` (``kg serve``).

The threat model and the deployment behind a TLS reverse proxy are in ``docs/endpoint.md``.
"""

from kg.web.serve.backend import free_port, oxigraph_binary, remove_abandoned_stores
from kg.web.serve.limits import Limits
from kg.web.serve.server import Server, serve

__all__ = ["Limits", "Server", "free_port", "oxigraph_binary", "remove_abandoned_stores", "serve"]
