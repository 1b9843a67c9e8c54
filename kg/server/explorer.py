"""The explorer: query page, search, entity pages and the map's subgraph API (HTML escaped by Jinja)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio.to_thread
import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import Errors
from . import queries as Q
from .pool import PoolBusy, QueryTimeout, WorkerDied
from .worker import QueryTask

__all__ = ["explorer_routes", "entity_href", "select_rows"]

_PACKAGE = Path(__file__).resolve().parent.parent
_TEMPLATES = Environment(loader=FileSystemLoader(_PACKAGE / "templates"),
                         autoescape=select_autoescape(default=True, default_for_string=True))
_MAX_MAP_NODES = 200
_EXPLORER_ROWS = 5000
_SHORT = {"https://w3id.org/kg-news/rel/": "rel:", Q.ENT: "ent:", "https://w3id.org/kg-news/ontology#": "kg:",
          "https://w3id.org/kg-news/article/": "art:"}


class ExplorerError(Exception):
    """A page's query failed; carries the HTTP status to answer with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def explorer_routes() -> list[Any]:
    """Routes for /, /search, /entity/..., /api/subgraph and /static (vis-network from pyvis)."""
    return [
        Route("/", index_page),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/search", search_page),
        Route("/entity/{rest:path}", entity_page),
        Route("/api/subgraph", subgraph_api, methods=["POST"]),
        Route("/static/vendor/{name}", vendor_file),
        Mount("/static", StaticFiles(directory=_PACKAGE / "static"), name="static"),
    ]


async def index_page(request: Request) -> Response:
    config = request.app.state.kg
    examples = config.examples or {"all facts": _DEFAULT_EXAMPLE}
    return _render("explorer.html", examples=examples, max_rows=config.max_rows, timeout=config.timeout)


async def search_page(request: Request) -> Response:
    text = request.query_params.get("q", "").strip()[:200]
    hits: list[dict[str, Any]] = []
    if text:
        try:
            rows = await select_rows(request, Q.SEARCH, q=ox.Literal(text.lower()))
        except ExplorerError as exc:
            return _render("explorer_search.html", status=exc.status, q=text, hits=[], error=str(exc))
        hits = [dict(row, href=entity_href(row["e"])) for row in rows if row.get("e")]
    return _render("explorer_search.html", q=text, hits=hits, error=None)


async def entity_page(request: Request) -> Response:
    local = request.scope.get("raw_path", b"").decode("latin-1").split("/entity/", 1)[-1]
    try:
        node = ox.NamedNode(Q.ENT + local)
    except ValueError:
        return _render("explorer_entity.html", status=404, error=Errors.E413.format(value=local), entity=None)
    try:
        entity = await _load_entity(request, node)
    except ExplorerError as exc:
        return _render("explorer_entity.html", status=exc.status, error=str(exc), entity=None)
    status = 200 if entity["labels"] or entity["facts_out"] or entity["facts_in"] else 404
    error = None if status == 200 else Errors.E413.format(value=node.value)
    return _render("explorer_entity.html", status=status, error=error, entity=entity)


async def _load_entity(request: Request, node: ox.NamedNode) -> dict[str, Any]:
    props = await select_rows(request, Q.ENTITY_PROPS, e=node)
    by_prop: dict[str, list[str]] = {}
    for row in props:
        by_prop.setdefault(row["p"], []).append(row["v"])
    labels = by_prop.get("http://www.w3.org/2000/01/rdf-schema#label", [])
    facts_out = await select_rows(request, Q.FACTS_OUT, e=node)
    facts_in = await select_rows(request, Q.FACTS_IN, e=node)
    claims_by = await select_rows(request, Q.CLAIMS_BY, e=node)
    claims_about = []
    if labels and len(labels[0]) >= 3:  # a two-letter name would match half the claims
        claims_about = await select_rows(request, Q.CLAIMS_ABOUT, needle=ox.Literal(labels[0].lower()))
    facts = [_decorate(row) for row in facts_out], [_decorate(row) for row in facts_in]
    neighbours = {r["other"]: r.get("otherLabel") or short(r["other"]) for r in facts_out + facts_in
                  if r.get("other", "").startswith(Q.ENT)}
    return {"iri": node.value, "labels": labels,
            "aliases": by_prop.get("http://www.w3.org/2004/02/skos/core#altLabel", []),
            "types": [short(t) for t in by_prop.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])],
            "entity_types": by_prop.get("https://w3id.org/kg-news/ontology#entityType", []),
            "facts_out": facts[0], "facts_in": facts[1],
            "claims_by": [_decorate(r) for r in claims_by], "claims_about": [_decorate(r) for r in claims_about],
            "neighbours": sorted(((entity_href(iri), label) for iri, label in neighbours.items()),
                                 key=lambda pair: pair[1].lower())}


def _decorate(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in ("other", "attributedTo", "speakerIri"):
        if row.get(key):
            out[key + "Href"] = entity_href(row[key])
    if row.get("pred"):
        out["predShort"] = row.get("predLabel") or short(row["pred"])
    return out


async def subgraph_api(request: Request) -> Response:
    """POST {"iris": [...]} -> {"nodes": [...], "edges": [...]} around those entities."""
    config = request.app.state.kg
    body = await request.body()
    if len(body) > config.max_request_bytes:
        return JSONResponse({"error": Errors.E406.format(size=len(body), limit=config.max_request_bytes)}, 413)
    try:
        iris = [str(i) for i in json.loads(body).get("iris", [])][: _MAX_MAP_NODES]
        nodes = [ox.NamedNode(i) for i in iris if i.startswith(Q.ENT)]
    except (ValueError, AttributeError, TypeError) as exc:
        return JSONResponse({"error": f"expected {{\"iris\": [entity IRIs]}}: {exc}"}, 400)
    if not nodes:
        return JSONResponse({"nodes": [], "edges": [], "capped": False})
    try:
        graph = await _subgraph(request, nodes)
    except ExplorerError as exc:
        return JSONResponse({"error": str(exc)}, exc.status)
    graph["capped"] = len(iris) >= _MAX_MAP_NODES
    return JSONResponse(graph)


async def _subgraph(request: Request, nodes: list[ox.NamedNode]) -> dict[str, Any]:
    # str(NamedNode) is "<iri>" and NamedNode() refused anything that could close it.
    values = " ".join(str(node) for node in dict.fromkeys(nodes))
    edges = await select_rows(request, Q.SUBGRAPH_EDGES.replace("{values}", values))
    ids = {n.value for n in nodes} | {e["s"] for e in edges} | {e["o"] for e in edges}
    ids = sorted(ids)[: _MAX_MAP_NODES * 5]
    info = await select_rows(request, Q.NODE_INFO.replace("{values}", " ".join(f"<{i}>" for i in ids)))
    node_list = [{"id": r["n"], "label": r.get("name") or short(r["n"]), "group": r.get("entityType") or "OTHER",
                  "href": entity_href(r["n"])} for r in info]
    kept = set(ids)
    edge_list = [{"from": e["s"], "to": e["o"], "label": e.get("predLabel") or short(e["p"]),
                  "evidence": e.get("evidenceText") or "", "date": e.get("published") or ""}
                 for e in edges if e["s"] in kept and e["o"] in kept]
    return {"nodes": node_list, "edges": edge_list}


async def vendor_file(request: Request) -> Response:
    """vis-network as bundled inside pyvis: served locally, never from a CDN."""
    name = request.path_params["name"]
    if name not in ("vis-network.min.js", "vis-network.css"):
        return Response("not found\n", 404, media_type="text/plain")
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})


async def select_rows(request: Request, sparql: str, **bound: Any) -> list[dict[str, Any]]:
    """Run an explorer SELECT in the worker pool; ``bound`` values are substituted, never pasted."""
    config = request.app.state.kg
    # The explorer's queries carry their own LIMITs; the protocol's row cap is for user queries.
    task = QueryTask(sparql, results="python", graph=None, max_rows=_EXPLORER_ROWS,
                     substitutions=tuple(bound.items()), check=False)  # our own constant text
    try:
        answer = await anyio.to_thread.run_sync(config.pool.run, task, config.timeout)
    except (QueryTimeout, PoolBusy, WorkerDied) as exc:
        raise ExplorerError(str(exc), {QueryTimeout: 504, PoolBusy: 503}.get(type(exc), 500)) from None
    if answer.kind == "error":
        raise ExplorerError(Errors.E030.format(detail=answer.body), 500)
    names, rows = answer.body
    return [{n: t.value for n, t in zip(names, row) if t is not None} for row in rows]


def entity_href(iri: str) -> str | None:
    """The explorer link for an entity IRI, or None for anything outside ``ent:``.

    >>> entity_href("https://w3id.org/kg-news/entity/person/elon_musk")
    '/entity/person/elon_musk'
    """
    if not iri.startswith(Q.ENT):
        return None
    return "/entity/" + quote(iri[len(Q.ENT):], safe="/%:@!$&'()*+,;=-._~")


def short(iri: str) -> str:
    """``rel:meet`` for a kg IRI, the IRI itself otherwise."""
    for base, prefix in _SHORT.items():
        if iri.startswith(base):
            return prefix + iri[len(base):]
    return iri


def _render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_TEMPLATES.get_template(name).render(**context), status_code=status)


_DEFAULT_EXAMPLE = Q.PROLOGUE + """SELECT ?subject ?predicate ?object ?evidence WHERE {
  ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?s rdfs:label ?subject } OPTIONAL { ?p rdfs:label ?predicate }
  OPTIONAL { ?o rdfs:label ?object } OPTIONAL { ?st kg:evidenceText ?evidence }
} LIMIT 100"""
