"""Asking the graph: named queries (``queries/*.rq``), results and their formats, the embedded
store (pyoxigraph over ``dist/``), remote SPARQL endpoints and ``kg push``.
"""
