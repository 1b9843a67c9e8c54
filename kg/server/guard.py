"""Refuse SPARQL that would reach outside the store (SERVICE, LOAD, FROM) before Oxigraph sees it."""
from __future__ import annotations

from typing import Any

from ..errors import Errors, QueryError, QueryRejected

__all__ = ["check_sparql"]

# Oxigraph executes SERVICE and LOAD and has no switch to turn them off (FIELD-NOTES), so
# the only safe place to stop them is the parsed algebra. A regex misses `\u0053ERVICE`.
_REFUSED = {
    "ServiceGraphPattern": "SERVICE (federated queries) is not allowed",
    "Load": "LOAD is not allowed",
}


def check_sparql(text: str, *, allow_update: bool = False) -> str:
    """Parse ``text`` and return its form ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE" or "UPDATE").

    Raises ``QueryRejected`` for SERVICE, LOAD, FROM/FROM NAMED/USING and, unless
    ``allow_update``, for updates; ``QueryError`` when neither parser accepts it.

    >>> check_sparql("SELECT * WHERE { ?s ?p ?o }")
    'SELECT'
    """
    try:
        from kg.query import check_query  # the shared guard, when the rdf helper has written it
    except ImportError:  # pragma: no cover - only before kg/query.py lands
        check_query = None
    form, algebra = _parse(text)
    if form == "UPDATE" and not allow_update:
        raise QueryRejected(Errors.E401)
    if check_query is not None:
        check_query(text, allow_update=allow_update)
    _walk(algebra)
    return form


def _parse(text: str) -> tuple[str, Any]:
    # Imported lazily: rdflib's SPARQL parser costs ~0.3 s to import.
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        query = translateQuery(parseQuery(text))
    except Exception as query_exc:  # noqa: BLE001 - pyparsing raises several types
        try:
            update = translateUpdate(parseUpdate(text))
        except Exception:  # noqa: BLE001
            raise QueryError(Errors.E030.format(detail=_message(query_exc))) from None
        return "UPDATE", update.algebra
    name = query.algebra.name
    return name.replace("Query", "").upper(), query.algebra


def _walk(node: Any) -> None:
    """Depth-first over CompValues, lists and dicts, refusing any forbidden node."""
    stack = [node]
    while stack:
        item = stack.pop()
        name = getattr(item, "name", None)
        if isinstance(item, dict):
            if name in _REFUSED:
                raise QueryRejected(Errors.E031.format(detail=_REFUSED[name]))
            if dict.get(item, "datasetClause") or dict.get(item, "using"):
                raise QueryRejected(Errors.E031.format(
                    detail="FROM / FROM NAMED / USING are not allowed; use default-graph-uri or GRAPH"))
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)


def _message(exc: Exception) -> str:
    return " ".join(str(exc).split())[:500]
