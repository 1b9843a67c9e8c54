"""Run SPARQL safely against a kg store and format the results (table, CSV, SPARQL JSON).

Every query is parsed with rdflib first and refused if it reaches outside the
store: ``SERVICE``, ``LOAD``, ``FROM``/``FROM NAMED``/``USING`` and (unless allowed)
any update. Inspecting the parsed algebra catches ``\\u0053ERVICE`` escapes and
lowercase spellings that a regular expression would miss.

>>> from kg.store import open_store
>>> r = run(open_store(), "ASK { ?s ?p ?o }")
>>> r.boolean
False
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .errors import Errors, QueryError, QueryRejected
from .vocab import PREFIXES

__all__ = ["QueryResult", "run", "format_result", "check_query", "shorten", "term_value", "FORMATS"]

FORMATS = ("table", "csv", "json")
_NUMERIC = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
            "nonPositiveInteger", "unsignedInt", "unsignedLong"}
_FLOAT = {"double", "float", "decimal"}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CELL_MAX = 120  # table cells longer than this are cut (csv and json keep everything)


@dataclass
class QueryResult:
    """What a query returned.

    ``rows`` hold Python values (``str`` for IRIs and text, ``int``/``float``/``bool`` for
    typed numbers and booleans, ``None`` for unbound); ``boolean`` is set for ASK;
    ``triples`` (subject, predicate, object strings) for CONSTRUCT/DESCRIBE.
    ``terms`` keeps the pyoxigraph terms behind ``rows``/``triples`` for exact output.
    """

    vars: list[str]
    rows: list[tuple[Any, ...]] | None = None
    boolean: bool | None = None
    triples: list[tuple[str, str, Any]] | None = None
    terms: list[tuple[Any, ...]] = field(default_factory=list, repr=False)


def check_query(sparql: str, allow_update: bool = False) -> str:
    """Parse ``sparql`` and refuse anything that reaches outside the store.

    Returns the query form: ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"``, ``"DESCRIBE"`` or ``"UPDATE"``.

    Raises
    ------
    QueryRejected
        SERVICE, LOAD, FROM / FROM NAMED / USING, or an update when ``allow_update`` is false.
    QueryError
        Malformed SPARQL (one line, with the parser's position).

    Examples
    --------
    >>> check_query("SELECT ?s WHERE { ?s rel:meet ?o }")
    'SELECT'
    >>> check_query("select * where { service <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    kg.errors.QueryRejected: [E031] query refused: SERVICE (federated query) is not allowed
    """
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = translateQuery(parseQuery(sparql), initNs=PREFIXES)
    except Exception as query_error:  # noqa: BLE001 - pyparsing and rdflib raise several types
        try:
            update = translateUpdate(parseUpdate(sparql), initNs=PREFIXES)
        except Exception:  # noqa: BLE001
            raise QueryError(Errors.E030.format(detail=_one_line(query_error))) from None
        if not allow_update:
            raise QueryRejected(Errors.E031.format(detail="updates are not allowed here (the store is read-only "
                                                          "for queries)")) from None
        for op in update.algebra:
            _refuse(op)
        return "UPDATE"
    if dict.get(parsed.algebra, "datasetClause"):
        raise QueryRejected(Errors.E031.format(detail="FROM / FROM NAMED dataset clauses are not allowed: "
                                                      "the query always runs on the store's graphs"))
    _refuse(parsed.algebra)
    return parsed.algebra.name.replace("Query", "").upper()


def run(store: Any, sparql: str) -> QueryResult:
    """Check and run a query on a :class:`~kg.store.KgStore` (or a bare pyoxigraph Store).

    Parameters
    ----------
    store : KgStore or pyoxigraph.Store
    sparql : str
        SELECT, ASK, CONSTRUCT or DESCRIBE; kg's prefixes (kg, rel, ent, schema, ...) are predeclared.

    Raises
    ------
    QueryRejected, QueryError
    """
    form = check_query(sparql)
    try:
        if isinstance(store, ox.Store):
            result = store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        else:
            result = store.query(sparql)
    except (SyntaxError, ValueError, OSError) as e:
        raise QueryError(Errors.E030.format(detail=_one_line(e))) from None
    return _collect(result, form)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as an aligned ``table``, SPARQL ``csv`` or SPARQL 1.1 ``json``.

    >>> print(format_result(QueryResult(["s"], rows=[("https://w3id.org/kg-news/entity/person/elon_musk",)])))
    s
    --------------------
    ent:person/elon_musk
    (1 row)
    """
    if fmt not in FORMATS:
        raise QueryError(Errors.E032.format(value=fmt, choices=", ".join(FORMATS)))
    return {"table": _table, "csv": _csv, "json": _json}[fmt](result)


def shorten(value: Any) -> str:
    """An IRI as ``prefix:local`` when one of kg's prefixes fits; other values as text.

    >>> shorten("https://w3id.org/kg-news/rel/meet"), shorten("http://example.com/x"), shorten(3)
    ('rel:meet', 'http://example.com/x', '3')
    """
    text = "" if value is None else str(value)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns) and len(text) > len(ns) and " " not in text:
            return f"{prefix}:{text[len(ns):]}"
    return text


def _refuse(node: Any) -> None:
    """Walk rdflib's algebra and raise on anything that leaves the store."""
    stack = [node]
    while stack:
        item = stack.pop()
        name = getattr(item, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryRejected(Errors.E031.format(detail="SERVICE (federated query) is not allowed"))
        if name == "Load":
            raise QueryRejected(Errors.E031.format(detail="LOAD is not allowed"))
        if name == "Modify" and dict.get(item, "using"):  # CompValue.get() answers a missing key with its name
            raise QueryRejected(Errors.E031.format(detail="USING / USING NAMED dataset clauses are not allowed"))
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:300]


def term_value(term: Any) -> Any:
    """A pyoxigraph term as a Python value: ``str`` for IRIs and text, ``int``/``float``/``bool`` for typed
    numbers and booleans, ``"_:id"`` for blank nodes, ``None`` for unbound.

    >>> term_value(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    3
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dt = term.datatype.value[len(_XSD):] if term.datatype.value.startswith(_XSD) else ""
        try:
            if dt in _NUMERIC:
                return int(term.value)
            if dt in _FLOAT:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def _collect(result: Any, form: str) -> QueryResult:
    if isinstance(result, ox.QueryBoolean) or isinstance(result, bool):
        return QueryResult([], boolean=bool(result))
    if form in ("CONSTRUCT", "DESCRIBE") or not hasattr(result, "variables"):
        terms = [(t.subject, t.predicate, t.object) for t in result]
        return QueryResult(["subject", "predicate", "object"], triples=[tuple(map(term_value, t)) for t in terms],
                           terms=terms)
    names = [v.value for v in result.variables]
    terms = [tuple(row[n] for n in names) for row in result]
    return QueryResult(names, rows=[tuple(map(term_value, t)) for t in terms], terms=terms)


def _cells(result: QueryResult) -> list[tuple[Any, ...]]:
    if result.boolean is not None:
        return [(result.boolean,)]
    return result.rows if result.rows is not None else (result.triples or [])


def _table(result: QueryResult) -> str:
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    cut = (lambda s: s if len(s) <= _CELL_MAX else s[:_CELL_MAX - 1] + "…")
    rows = [[cut(" ".join(shorten(v).split())) for v in row] for row in _cells(result)]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(result.vars)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(result.vars), "-" * (sum(widths) + 2 * max(len(widths) - 1, 0))] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _csv(result: QueryResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # SPARQL 1.1 CSV uses CRLF
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    writer.writerow(result.vars)
    for row in _cells(result):
        writer.writerow(["" if v is None else (str(v).lower() if isinstance(v, bool) else v) for v in row])
    return buf.getvalue()


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})
    terms = result.terms or [tuple(ox.Literal(str(v)) if v is not None else None for v in row)
                             for row in _cells(result)]
    bindings = [{k: _json_term(t) for k, t in zip(result.vars, row) if t is not None} for row in terms]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False)
