"""Code that runs inside a query worker process: open the store, answer tasks, serialise results."""
from __future__ import annotations

import json
from itertools import islice
from typing import Any, NamedTuple

import pyoxigraph as ox

from kg.vocab import PREFIXES

__all__ = ["StoreSource", "QueryTask", "UpdateTask", "Answer", "worker_main", "open_source", "run_task"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class StoreSource(NamedTuple):
    """Where a worker finds the data: an Oxigraph directory ("disk") or an RDF file loaded in memory ("file")."""

    kind: str
    path: str


class QueryTask(NamedTuple):
    """One query. ``results``/``graph`` name the QueryResultsFormat/RdfFormat to answer in,
    "python" for solutions as lists of pyoxigraph terms, or None when the client accepts none."""

    sparql: str
    results: str | None = "JSON"
    graph: str | None = "TURTLE"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    substitutions: tuple[tuple[str, Any], ...] = ()
    check: bool = True  # run kg.query's guard here first (False only for the explorer's own queries)


class UpdateTask(NamedTuple):
    """One SPARQL update; ``snapshot`` is where an in-memory store is written back afterwards."""

    sparql: str
    snapshot: str | None = None


class Answer(NamedTuple):
    """What a worker sends back: a body (or rows), its format and whether the row cap cut it."""

    kind: str  # "solutions" | "boolean" | "graph" | "rows" | "updated" | "error" | "refused" | "unacceptable"
    body: Any = b""
    format: str | None = None
    truncated: bool = False


def worker_main(conn: Any, source: StoreSource) -> None:
    """Process entry point: open the store once, then answer tasks until the pipe closes."""
    try:
        store = open_source(source)
    except (OSError, SyntaxError, ValueError) as exc:
        conn.send(f"cannot open {source.path}: {_one_line(exc)}")
        return
    _refusal("ASK {}")  # import and warm rdflib's parser now, not on the first user query
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_task(store, task))


def update_main(conn: Any, source: StoreSource, task: UpdateTask) -> None:
    """Process entry point for one update: writable store, update, flush (or snapshot), exit."""
    try:
        store = ox.Store(source.path) if source.kind == "disk" else open_source(source)
        store.update(task.sparql, prefixes=PREFIXES)
        if source.kind == "disk":
            store.flush()
        else:
            store.dump(task.snapshot, format=ox.RdfFormat.N_QUADS)
        conn.send(Answer("updated"))
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        conn.send(Answer("error", _one_line(exc)))


def open_source(source: StoreSource) -> ox.Store:
    """Open ``source`` for reading: read-only on disk, or a fresh in-memory store loaded from the file."""
    if source.kind == "disk":
        return ox.Store.read_only(source.path)
    from kg.store import open_store  # same file formats as `kg query --graph`

    return open_store(graph_file=source.path).store


def run_task(store: ox.Store, task: QueryTask) -> Answer:
    """Run one query, capping rows at ``task.max_rows``; errors come back as an Answer, never raise.

    The guard runs here, in the worker, so that parsing (pure Python, ~1 ms) uses every
    worker's core instead of queueing on the server's GIL; Oxigraph still never sees a
    query the guard refused.
    """
    if task.check:
        refusal = _refusal(task.sparql)
        if refusal is not None:
            return refusal
    try:
        result = store.query(task.sparql, **_dataset_arguments(task))
        if isinstance(result, ox.QueryBoolean):
            return _boolean(bool(result), task)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, task)
        return _graph(result, task)
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        return Answer("error", _one_line(exc))


def _refusal(sparql: str) -> Answer | None:
    from kg.errors import QueryError, QueryRejected
    from kg.server.guard import check_sparql

    try:
        check_sparql(sparql)
    except QueryRejected as exc:
        return Answer("refused", str(exc))
    except QueryError as exc:
        return Answer("error", str(exc))
    return None


def _dataset_arguments(task: QueryTask) -> dict[str, Any]:
    # default-graph-uri / named-graph-uri only select graphs already in the store: Oxigraph
    # never fetches them, unlike FROM in rdflib.
    args: dict[str, Any] = {"prefixes": PREFIXES}  # predeclared, as in `kg query`
    if task.default_graphs:
        args["default_graph"] = [ox.NamedNode(iri) for iri in task.default_graphs]
    else:
        args["use_default_graph_as_union"] = True
    if task.named_graphs:
        args["named_graphs"] = [ox.NamedNode(iri) for iri in task.named_graphs]
    if task.substitutions:
        args["substitutions"] = {ox.Variable(name): term for name, term in task.substitutions}
    return args


def _boolean(value: bool, task: QueryTask) -> Answer:
    if task.results is None:
        return Answer("unacceptable")
    if task.results == "python":
        return Answer("rows", value)
    body = json.dumps({"head": {}, "boolean": value}).encode()
    return Answer("boolean", _convert(body, task.results), task.results)


def _solutions(result: ox.QuerySolutions, task: QueryTask) -> Answer:
    if task.results is None:
        return Answer("unacceptable")
    names = [v.value for v in result.variables]
    rows = list(islice(result, task.max_rows + 1))
    truncated = len(rows) > task.max_rows
    rows = rows[: task.max_rows]
    if task.results == "python":
        return Answer("rows", (names, [tuple(row) for row in rows]), None, truncated)
    # The capped rows go through SPARQL JSON and back into pyoxigraph, so every format is
    # still written by pyoxigraph's own serialisers.
    bindings = [{n: _term_json(t) for n, t in zip(names, row) if t is not None} for row in rows]
    body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()
    return Answer("solutions", _convert(body, task.results), task.results, truncated)


def _graph(result: ox.QueryTriples, task: QueryTask) -> Answer:
    if task.graph is None:
        return Answer("unacceptable")
    triples = list(islice(result, task.max_rows + 1))
    truncated = len(triples) > task.max_rows
    fmt = getattr(ox.RdfFormat, task.graph)
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3) else None
    body = ox.serialize(triples[: task.max_rows], format=fmt, prefixes=prefixes) if prefixes else \
        ox.serialize(triples[: task.max_rows], format=fmt)
    return Answer("graph", body, task.graph, truncated)


def _convert(json_body: bytes, fmt: str) -> bytes:
    if fmt == "JSON":
        return json_body
    parsed = ox.parse_query_results(json_body, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt))


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    parts = ("subject", "predicate", "object")
    return {"type": "triple", "value": {p: _term_json(getattr(term, p)) for p in parts}}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:1000]
