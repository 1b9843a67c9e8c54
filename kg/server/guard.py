"""The server's use of kg.query's guard: refuse SERVICE, LOAD and FROM before Oxigraph sees a query."""
from __future__ import annotations

import threading

from ..errors import Errors, QueryRejected
from ..query import check_query

__all__ = ["check_sparql"]

# rdflib's pyparsing grammar is not thread-safe: concurrent parses fail with odd errors.
_PARSER_LOCK = threading.Lock()


def check_sparql(text: str, *, allow_update: bool = False) -> str:
    """Return the form of ``text`` ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE" or "UPDATE").

    Oxigraph executes SERVICE and LOAD with no switch to turn them off, so kg.query's
    check (rdflib's parsed algebra, not a regex) runs on everything first. Updates are
    parsed as allowed there so that refusing them here can say how to enable them.

    >>> check_sparql("SELECT * WHERE { ?s ?p ?o }")
    'SELECT'
    """
    with _PARSER_LOCK:
        form = check_query(text, allow_update=True)
    if form == "UPDATE" and not allow_update:
        raise QueryRejected(Errors.E401)
    return form
