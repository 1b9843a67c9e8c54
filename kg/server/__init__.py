"""kg's HTTP server: a SPARQL 1.1 Protocol endpoint and an explorer page over a store.

>>> from kg.server import serve
>>> serve(graph_file="out/graph.trig", port=7878)  # doctest: +SKIP
"""
from __future__ import annotations

from .app import TOKEN_ENV, ServerConfig, create_app, serve

__all__ = ["serve", "create_app", "ServerConfig", "TOKEN_ENV"]
