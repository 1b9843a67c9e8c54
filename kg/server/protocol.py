"""The SPARQL 1.1 Protocol endpoint (/sparql): queries, updates and the service description."""
from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import anyio.to_thread
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..errors import Errors, KgError, QueryError
from .guard import check_sparql
from .negotiate import GRAPH_TYPES, MEDIA_TYPE, RESULT_TYPES, pick_formats
from .pool import PoolBusy, QueryTimeout, WorkerDied
from .worker import QueryTask, UpdateTask

__all__ = ["sparql_endpoint", "SparqlRequest", "TooLarge"]

_FORM = "application/x-www-form-urlencoded"
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_STATUS = {QueryTimeout: 504, PoolBusy: 503, WorkerDied: 500}


class TooLarge(KgError):
    """The request is over max_request_bytes."""


@dataclass
class SparqlRequest:
    """The protocol operation a request carries, whatever way it was sent."""

    query: str | None = None
    update: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


async def sparql_endpoint(request: Request) -> Response:
    """GET/POST /sparql: route to a query, an update or the service description."""
    config = request.app.state.kg
    try:
        op = await _read_operation(request, config.max_request_bytes)
    except TooLarge as exc:
        return _text(str(exc), 413)
    except QueryError as exc:
        return _text(str(exc), 415 if "[E409]" in str(exc) else 400)
    if op.update is not None:
        return await _update(request, op)
    if op.query is None:
        if request.method == "GET":
            return _service_description(request)
        return _text(Errors.E408, 400)
    return await _query(request, op)


async def _query(request: Request, op: SparqlRequest) -> Response:
    config = request.app.state.kg
    try:
        task = _query_task(op, request.headers.get("accept"), config.max_rows)
    except QueryError as exc:
        return _text(str(exc), 400)
    if task.results is None and task.graph is None:
        return _not_acceptable(request, RESULT_TYPES + GRAPH_TYPES)
    try:
        # The worker runs kg.query's guard before Oxigraph sees the text (see worker.run_task).
        answer = await anyio.to_thread.run_sync(config.pool.run, task, config.timeout)
    except (QueryTimeout, PoolBusy, WorkerDied) as exc:
        return _text(str(exc), _STATUS[type(exc)])
    if answer.kind == "refused":
        return _text(answer.body, 403 if "[E401]" in answer.body else 400)
    if answer.kind == "error":
        detail = answer.body if answer.body.startswith("[E") else Errors.E030.format(detail=answer.body)
        return _text(detail, 400)
    if answer.kind == "unacceptable":
        return _not_acceptable(request, RESULT_TYPES if task.results is None else GRAPH_TYPES)
    headers = {"X-KG-Truncated": "true" if answer.truncated else "false", "Vary": "Accept"}
    if answer.truncated:
        headers["X-KG-Row-Limit"] = str(config.max_rows)
    return Response(answer.body, media_type=MEDIA_TYPE[answer.format], headers=headers)


def _query_task(op: SparqlRequest, accept: str | None, max_rows: int) -> QueryTask:
    results, graph = pick_formats(accept)
    for param, iris in (("default-graph-uri", op.default_graphs), ("named-graph-uri", op.named_graphs)):
        for iri in iris:
            try:
                ox.NamedNode(iri)
            except ValueError as exc:
                raise QueryError(Errors.E410.format(value=iri, param=param, detail=exc)) from None
    return QueryTask(op.query, results, graph, tuple(op.default_graphs), tuple(op.named_graphs), max_rows)


async def _update(request: Request, op: SparqlRequest) -> Response:
    config = request.app.state.kg
    if not config.allow_update:
        return _text(Errors.E401, 403)
    if request.method != "POST":
        return _text(Errors.E031.format(detail="updates must be sent with POST"), 405)
    if not _authorised(request.headers.get("authorization", ""), config.token):
        return _text(Errors.E403, 401, {"WWW-Authenticate": 'Bearer realm="kg"'})
    try:
        form = await anyio.to_thread.run_sync(lambda: check_sparql(op.update, allow_update=True))
    except QueryError as exc:
        return _text(str(exc), 400)
    if form != "UPDATE":
        return _text(Errors.E031.format(detail="send queries as query=, not update="), 400)
    try:
        answer = await anyio.to_thread.run_sync(config.apply_update, op.update)
    except (QueryTimeout, PoolBusy, WorkerDied) as exc:
        return _text(str(exc), _STATUS[type(exc)])
    if answer.kind == "error":
        return _text(Errors.E030.format(detail=answer.body), 400)
    return Response(status_code=204)


def _authorised(header: str, token: str | None) -> bool:
    scheme, _, given = header.partition(" ")
    # compare_digest: the comparison time does not leak how much of the token matched.
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


async def _read_operation(request: Request, limit: int) -> SparqlRequest:
    if len(request.url.query.encode()) > limit:
        raise TooLarge(Errors.E406.format(size=len(request.url.query.encode()), limit=limit))
    url_params = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        return _from_pairs(url_params)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _read_body(request, limit)
    if content_type == _FORM:
        return _from_pairs(url_params + parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    op = _from_pairs(url_params)
    text = body.decode("utf-8", "replace")
    if content_type == "application/sparql-query":
        op.query = text
    elif content_type == "application/sparql-update":
        op.update = text
    else:
        raise QueryError(Errors.E409.format(value=content_type))
    return op


def _from_pairs(pairs: list[tuple[str, str]]) -> SparqlRequest:
    op = SparqlRequest()
    for name, value in pairs:
        if name in ("query", "update"):
            setattr(op, name, value)
        elif name in ("default-graph-uri", "using-graph-uri"):
            op.default_graphs.append(value)
        elif name in ("named-graph-uri", "using-named-graph-uri"):
            op.named_graphs.append(value)
    return op


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(Errors.E406.format(size=int(declared), limit=limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:  # a chunked body has no Content-Length to check up front
            raise TooLarge(Errors.E406.format(size=f"more than {limit}", limit=limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _service_description(request: Request) -> Response:
    """Describe the endpoint in the sd: vocabulary, built as triples so no header text reaches Turtle raw."""
    config = request.app.state.kg
    sd = lambda term: ox.NamedNode(_SD + term)  # noqa: E731
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    try:
        endpoint = ox.NamedNode(str(request.url.replace(query="", fragment="")))
    except ValueError:
        endpoint = ox.NamedNode("http://127.0.0.1/sparql")
    triples = [(service, rdf_type, sd("Service")), (service, sd("endpoint"), endpoint),
               (service, sd("supportedLanguage"), sd("SPARQL11Query")),
               (service, sd("feature"), sd("UnionDefaultGraph")),
               (service, sd("defaultDataset"), dataset), (dataset, rdf_type, sd("Dataset")),
               (dataset, sd("defaultGraph"), graph), (graph, rdf_type, sd("Graph"))]
    if config.allow_update:
        triples.append((service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append((service, sd("resultFormat"), ox.NamedNode(_FORMATS + name)))
    body = ox.serialize([ox.Triple(*t) for t in triples], format=ox.RdfFormat.TURTLE, prefixes={"sd": _SD})
    return Response(body, media_type="text/turtle; charset=utf-8")


def _not_acceptable(request: Request, table: tuple[tuple[str, str], ...]) -> Response:
    choices = ", ".join(dict.fromkeys(media for media, _ in table))
    return _text(Errors.E407.format(accept=request.headers.get("accept", ""), choices=choices), 406)


def _text(message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)
