"""Open a kg store: Oxigraph on disk (a folder), in memory (an RDF file or nothing), or a SPARQL 1.1 server (a URL).

Each article lives in its own named graph, so adding an article again replaces
it and removing it drops exactly what it contributed. Queries see the union of
all graphs.

>>> from kg.model import Article, ArticleGraph, Entity
>>> store = open_store()
>>> store.add([ArticleGraph(Article("Musk spoke."), [Entity("e1", "Elon Musk", "PERSON")])])
1
>>> store.stats()["entities"]
1
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .atomic import atomic_output
from .errors import Errors, InputError, StoreError
from .model import ArticleGraph
from .rdf import article_quads, content_hash, nt
from .vocab import KG, PREFIXES, RESOLUTION_GRAPH, article_iri, doc_of, graph_iri

__all__ = ["open_store", "KgStore", "RDF_FORMATS", "rdf_format", "to_ox"]

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
               "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
_SUFFIXES = {".ttl": "ttl", ".turtle": "ttl", ".trig": "trig", ".nq": "nq", ".nquads": "nq", ".nt": "nt",
             ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}
_QUAD_FORMATS = {"trig", "nq"}


def open_store(path: str | None = None, *, graph_file: str | None = None, create: bool = False,
               read_only: bool = False, update_url: str | None = None, gsp_url: str | None = None) -> "KgStore":
    """Open a store.

    Parameters
    ----------
    path : str, optional
        A store folder (Oxigraph on disk), an ``http(s)://…/query`` SPARQL endpoint, or None for memory.
    graph_file : str, optional
        An RDF file (.ttl .trig .nq .nt .jsonld .rdf) loaded into an in-memory store.
    create : bool
        Create the folder store if it does not exist yet.
    read_only : bool
        Open a folder store read-only (queries only; several readers may share it).
    update_url, gsp_url : str, optional
        For a remote store: SPARQL Update and Graph Store Protocol URLs (default: ``/update`` and ``/store``
        beside the query URL, as Oxigraph server has them).

    Raises
    ------
    StoreError
        E020 not RDF, E021 cannot open, E022 in use by another process, E023 not a kg store.
    """
    if graph_file is not None:
        return KgStore(_Local(_load_file(graph_file)), str(graph_file))
    if path is None:
        return KgStore(_Local(ox.Store()), ":memory:")
    if str(path).startswith(("http://", "https://")):
        return KgStore(_Remote(str(path), update_url, gsp_url), str(path))
    return KgStore(_Local(_open_dir(Path(path), create, read_only), read_only=read_only), str(path))


def rdf_format(name_or_path: str) -> str:
    """Our short name of an RDF format, from a name (``"ttl"``) or a file name (``"x.trig"``).

    >>> rdf_format("graph.TriG"), rdf_format("nq")
    ('trig', 'nq')
    """
    if name_or_path in RDF_FORMATS:
        return name_or_path
    fmt = _SUFFIXES.get(Path(name_or_path).suffix.lower())
    if fmt is None:
        raise InputError(Errors.E006.format(path=name_or_path, choices=", ".join(RDF_FORMATS)))
    return fmt


class KgStore:
    """A kg store; see :func:`open_store`. ``.store`` is the pyoxigraph Store (None when remote)."""

    def __init__(self, backend: Any, location: str):
        self._backend = backend
        self.location = location

    @property
    def store(self) -> ox.Store | None:
        return getattr(self._backend, "store", None)

    @property
    def read_only(self) -> bool:
        return self._backend.read_only

    def __enter__(self) -> "KgStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._backend.count()

    def query(self, sparql: str) -> Any:
        """Run SPARQL on the union of all graphs, with kg's prefixes predeclared; returns pyoxigraph results.

        No safety checks: :func:`kg.query.run` is the guarded entry point for user queries.
        """
        return self._backend.query(sparql)

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (trusted callers only) in one transaction."""
        self._writable("update")
        self._backend.update(sparql)

    def add(self, graphs: Iterable[ArticleGraph], *, resolve: bool = True, batch_size: int = 200) -> int:
        """Add articles, replacing any earlier version of each; returns the number of articles given.

        With ``resolve`` (default) entities are merged with the ones already in the store
        (see :mod:`kg.resolve`). Each article node gets ``kg:contentHash``, the SHA-256 of its
        quads and merge records (:func:`kg.rdf.content_hash`); an article whose stored hash equals
        the new one is unchanged and nothing is written for it (one lookup per batch).
        Each batch is written atomically, so a build killed mid-way
        leaves the store with the batches written before and never half an article: new
        articles go in as one bulk ingestion (or one transaction when the batch is small),
        replaced ones in one transaction that drops the old version and inserts the new.
        On a local store a batch is written in a background thread while the next one is prepared.
        """
        self._writable("add")
        from .resolve import Resolver
        resolver = Resolver(self) if resolve else None
        count = 0
        written: dict[URIRef, str] = {}  # graph -> hash this call wrote: a later copy of one replaces it
        with _Pipeline(self._backend.write) as pipeline:
            for chunk in _batches(graphs, batch_size):
                latest = list({ag.article.doc: ag for ag in chunk}.values())  # the last version of a doc wins
                stored = self._stored_hashes([graph_iri(ag.article.doc) for ag in latest])
                drops, quads = [], []
                for ag in latest:
                    g = graph_iri(ag.article.doc)
                    iri_map, merges = resolver.resolve(ag) if resolver else ({}, [])
                    article = article_quads(ag, iri_map)
                    digest = content_hash(article + merges)
                    old = written[g] if g in written else stored.get(g)
                    if old == digest:
                        continue  # unchanged: the store already holds exactly these quads
                    if g in written or g in stored or self._backend.has_graph(g):
                        drops.append(g)
                    written[g] = digest
                    article.append((article_iri(ag.article.doc), _CONTENT_HASH, Literal(digest), g))
                    quads.append(article + merges)
                if quads:
                    pipeline.submit(drops, quads)  # in order: a replacement runs after the batch it replaces
                count += len(chunk)
        return count

    def _stored_hashes(self, graphs: list[URIRef]) -> dict[URIRef, str | None]:
        """``kg:contentHash`` of those article graphs the store has an article node in (None: no hash)."""
        if not graphs:
            return {}
        values = " ".join(f"<{g}>" for g in graphs)
        rows = self._backend.query(
            f"SELECT ?g ?h WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?a a schema:NewsArticle "
            "OPTIONAL { ?a kg:contentHash ?h } } }")
        out: dict[URIRef, str | None] = {}
        for r in rows:
            g, h = URIRef(r["g"].value), r["h"]
            if out.get(g) is None:
                out[g] = h.value if h is not None else None
        return out

    def remove(self, doc_or_source: str) -> int:
        """Remove an article (doc id, article/graph IRI or source path); returns the number of quads removed.

        Entity merges that only this article supported are undone in the other articles' graphs.
        """
        self._writable("remove")
        from .resolve import undo_operations
        docs = self._find_docs(doc_or_source)
        if not docs:
            raise InputError(Errors.E200.format(value=doc_or_source, path=self.location))
        removed = 0
        for doc in docs:
            g = graph_iri(doc)
            removed += _first_int(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"))
            ops = [f"DROP SILENT GRAPH <{g}>", _delete_merges_sparql(g)] + undo_operations(self, g)
            self._backend.update(" ;\n".join(ops))
        return removed

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Swap one named graph's content for ``quads`` (pyoxigraph quads), e.g. analysis scores."""
        self._writable("replace_graph")
        self._backend.write_ox(URIRef(graph), list(quads))

    def dump(self, path: str, fmt: str | None = None) -> None:
        """Write the store to ``path`` atomically (temporary file, then rename).

        ``fmt``: trig or nq keep the named graphs; ttl, nt and xml write the union; jsonld
        writes JSON-LD with kg's context (see :func:`kg.export.export`).
        """
        fmt = rdf_format(fmt or path)
        if fmt == "jsonld":
            from .export import export
            export(self, "jsonld", path)
            return
        with atomic_output(path) as tmp:
            self._backend.dump(tmp, fmt)

    def stats(self) -> dict[str, int]:
        """Counts: articles, entities, statements, claims, triples (union, distinct) and quads."""
        q = {"articles": "?x a schema:NewsArticle", "entities": "?x kg:entityType ?t",
             "statements": "?x a kg:Statement", "claims": "?x a kg:Claim"}
        out = {k: _first_int(self.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {v} }}")) for k, v in q.items()}
        out["triples"] = _first_int(self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"))
        out["quads"] = len(self)
        return out

    def flush(self) -> None:
        self._backend.flush()

    def close(self) -> None:
        """Flush and release the store (and its folder lock)."""
        if self._backend is not None:
            self._backend.close()
            self._backend = _Closed()

    def _writable(self, action: str) -> None:
        if self._backend.read_only:
            raise StoreError(Errors.E201.format(path=self.location, action=action))

    def _find_docs(self, value: str) -> list[str]:
        doc = doc_of(value)
        if doc is not None:
            return [doc] if self._backend.has_graph(graph_iri(doc)) else []
        wanted = {value, os.path.normpath(value), os.path.abspath(value)}
        literals = " ".join(nt(Literal(v)) for v in sorted(wanted))
        rows = self.query("SELECT DISTINCT ?doc WHERE { ?a a schema:NewsArticle ; kg:docId ?doc ; kg:source ?src . "
                          f"VALUES ?v {{ {literals} }} "
                          "FILTER(?doc = ?v || ?src = ?v || STR(?a) = ?v) }")
        return sorted(r["doc"].value for r in rows)


def to_ox(term: Any, _cache: dict = {}) -> Any:  # noqa: B006 - a deliberate per-process IRI cache
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        node = _cache.get(term)
        if node is None:
            node = _cache[term] = ox.NamedNode(str(term))
            if len(_cache) > 200_000:
                _cache.clear()
        return node
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=to_ox(term.datatype))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_CONTENT_HASH = KG.contentHash
BULK_MIN_QUADS = 20_000  # below this a batch goes in as one transaction rather than a bulk ingestion


def _nquads(quads: Iterable[tuple]) -> bytes:
    """Quads (rdflib terms) as N-Quads bytes, for Oxigraph's Rust parser (faster than building ox terms)."""
    return "".join([f"{nt(s)} {nt(p)} {nt(o)} {nt(g)} .\n" for s, p, o, g in quads]).encode("utf-8")


class _Pipeline:
    """Runs ``write`` for one batch in a background thread while the caller prepares the next.

    At most one batch is in flight; batches are written in order; leaving the ``with`` block waits
    for the last one (also when the caller fails), and a write error is raised in the caller.
    Oxigraph releases the GIL while it parses and indexes, so this overlaps Python and Rust work.
    """

    def __init__(self, write: Any):
        import threading
        self._write, self._thread, self._error = write, None, None
        self._threading = threading

    def submit(self, *args: Any) -> None:
        self.wait()
        self._thread = self._threading.Thread(target=self._run, args=args, name="kg-store-writer", daemon=False)
        self._thread.start()

    def _run(self, *args: Any) -> None:
        try:
            self._write(*args)
        except BaseException as e:  # noqa: BLE001 - handed to the caller in wait()
            self._error = e

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            err, self._error = self._error, None
            raise err

    def __enter__(self) -> "_Pipeline":
        return self

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        if exc_type is None:
            self.wait()
        else:  # the caller failed: still let the batch in flight land, but keep the caller's error
            try:
                self.wait()
            except Exception:  # noqa: BLE001,S110
                pass


def _delete_merges_sparql(g: URIRef) -> str:
    return (f"DELETE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?m ?p ?o }} }} "
            f"WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?m <{KG.inGraph}> <{g}> ; ?p ?o }} }}")


def _first_int(result: Any) -> int:
    for row in result:
        return int(row[0].value)
    return 0


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _short(err: Exception) -> str:
    return " ".join(str(err).split())[:160]


def _open_dir(path: Path, create: bool, read_only: bool) -> ox.Store:
    if path.exists() and not path.is_dir():
        raise StoreError(Errors.E023.format(path=path))
    is_store = (path / "CURRENT").is_file()
    if not is_store and (read_only or not create):
        if not path.exists():
            raise StoreError(Errors.E021.format(path=path, detail="no such folder; build one with `kg build … --store`"))
        raise StoreError(Errors.E023.format(path=path))
    if not is_store and path.is_dir() and any(path.iterdir()):
        raise StoreError(Errors.E023.format(path=path))  # never write a store into someone's folder
    try:
        if not read_only:
            path.mkdir(parents=True, exist_ok=True)  # RocksDB creates the last folder only
        if read_only:
            return ox.Store.read_only(str(path))
        store = ox.Store(str(path))
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreError(Errors.E022.format(path=path)) from None
        raise StoreError(Errors.E021.format(path=path, detail=_short(e))) from None
    # A bulk load killed before its ingestion leaves its sorted files (never part of the store) behind.
    # We hold the folder lock now, so no other bulk load can be running: remove them.
    for leftover in path.glob("bulk-*.sst"):
        try:
            leftover.unlink()
        except OSError:
            pass
    return store


def _load_file(path: str) -> ox.Store:
    fmt = _SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise StoreError(Errors.E024.format(path=path, choices=" ".join(_SUFFIXES)))
    store = ox.Store()
    try:
        store.load(path=str(path), format=RDF_FORMATS[fmt])
    except FileNotFoundError:
        raise StoreError(Errors.E021.format(path=path, detail="no such file")) from None
    except SyntaxError as e:
        raise StoreError(Errors.E020.format(path=path, detail=_short(e))) from None
    except (OSError, ValueError) as e:
        raise StoreError(Errors.E020.format(path=path, detail=_short(e))) from None
    return store


class _Local:
    """Backend over a pyoxigraph Store."""

    def __init__(self, store: ox.Store, read_only: bool = False):
        self.store, self.read_only = store, read_only

    def query(self, sparql: str) -> Any:
        return self.store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)

    def update(self, sparql: str) -> None:
        self.store.update(sparql, prefixes=PREFIXES)

    def has_graph(self, g: URIRef) -> bool:
        return self.store.contains_named_graph(to_ox(g))

    def count(self) -> int:
        return len(self.store)

    def write(self, drops: list[URIRef], quads: list[list[tuple]]) -> None:
        """Write a batch: ``quads`` holds one list per article (its graph first); ``drops`` the replaced graphs.

        Every path is all-or-nothing for each article, also under SIGKILL:
        * new articles, big batch: ``bulk_load`` of N-Quads. Oxigraph writes sorted SST files beside the
          store and ingests them for all indexes in one RocksDB ``IngestExternalFiles`` call, which is
          atomic; until then nothing is visible. 3x faster than a transaction.
        * new articles, small batch: one transaction (``load``), so tiny batches don't pile up SST files.
        * replaced articles: DROP + DELETE merges + INSERT DATA in one SPARQL update (one transaction),
          so a crash never leaves an article half-gone.
        """
        drop_set = set(drops)
        fresh = [qs for qs in quads if not qs or qs[0][3] not in drop_set]
        replaced = [q for qs in quads if qs and qs[0][3] in drop_set for q in qs]
        n_fresh = sum(map(len, fresh))
        if n_fresh:
            data = _nquads(q for qs in fresh for q in qs)
            if n_fresh >= BULK_MIN_QUADS:
                self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            else:
                self.store.load(data, format=ox.RdfFormat.N_QUADS)
        if drop_set:
            body = "\n".join(f"GRAPH {nt(g)} {{ {nt(s)} {nt(p)} {nt(o)} }}" for s, p, o, g in replaced)
            ops = [f"DROP SILENT GRAPH <{g}> ;\n{_delete_merges_sparql(g)}" for g in drops]
            self.store.update(" ;\n".join(ops + ([f"INSERT DATA {{ {body} }}"] if body else [])))

    def write_ox(self, graph: URIRef, quads: list[ox.Quad]) -> None:
        self.store.update(f"DROP SILENT GRAPH <{graph}>")
        self.store.extend(quads)

    def dump(self, path: str, fmt: str) -> None:
        prefixes = PREFIXES if fmt in ("ttl", "trig", "xml") else None
        if fmt in _QUAD_FORMATS:
            self.store.dump(path, RDF_FORMATS[fmt], prefixes=prefixes)
        else:  # triple formats get the union of all graphs
            triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            ox.serialize(triples, path, RDF_FORMATS[fmt], prefixes=prefixes)

    def flush(self) -> None:
        if not self.read_only:
            self.store.flush()

    def close(self) -> None:
        self.flush()
        self.store = None  # dropping the last reference closes RocksDB and frees the folder lock


class _Closed:
    read_only = True

    def __getattr__(self, name: str) -> Any:
        raise StoreError(Errors.E021.format(path="(closed)", detail="the store was closed"))

    def close(self) -> None:
        pass


class _Remote:
    """Backend over a SPARQL 1.1 Query/Update + Graph Store Protocol server (Oxigraph server, Fuseki, ...).

    Start Oxigraph server with ``--union-default-graph`` so plain patterns see every article graph.
    """

    read_only = False

    def __init__(self, url: str, update_url: str | None, gsp_url: str | None):
        base = url.rsplit("/", 1)[0]
        self.url, self.update_url, self.gsp_url = url, update_url or base + "/update", gsp_url or base + "/store"
        self._prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

    def _http(self, url: str, data: bytes | None, headers: dict[str, str], method: str = "POST") -> tuple[bytes, str]:
        import urllib.error
        import urllib.request
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=300) as resp:  # noqa: S310 - the user named this server
                return resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            detail = f"HTTP {e.code} {_short(Exception(e.read().decode('utf-8', 'replace')))}"
            raise StoreError(Errors.E202.format(url=url, detail=detail)) from None
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(Errors.E202.format(url=url, detail=_short(getattr(e, "reason", e)))) from None

    def query(self, sparql: str) -> Any:
        from urllib.parse import urlencode
        data = urlencode({"query": self._prologue + sparql}).encode()
        body, ctype = self._http(self.url, data, {"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "application/sparql-results+json, application/n-triples"})
        if "json" in ctype:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]

    def update(self, sparql: str) -> None:
        from urllib.parse import urlencode
        self._http(self.update_url, urlencode({"update": self._prologue + sparql}).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})

    def has_graph(self, g: URIRef) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"))

    def count(self) -> int:
        return _first_int(self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))

    def write(self, drops: list[URIRef], quads: list[list[tuple]]) -> None:
        if drops:
            self.update(" ;\n".join(_delete_merges_sparql(g) for g in drops))
        by_graph: dict[URIRef, list[str]] = {}
        for s, p, o, g in (q for qs in quads for q in qs):
            by_graph.setdefault(g, []).append(f"{nt(s)} {nt(p)} {nt(o)} .")
        for g, lines in by_graph.items():  # GSP: PUT replaces an article graph, POST appends merge records
            method = "POST" if g == RESOLUTION_GRAPH else "PUT"
            self._gsp(g, "\n".join(lines), method)

    def write_ox(self, graph: URIRef, quads: list[ox.Quad]) -> None:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        self._gsp(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), "PUT")

    def _gsp(self, graph: URIRef, ntriples: str, method: str) -> None:
        from urllib.parse import quote
        self._http(f"{self.gsp_url}?graph={quote(str(graph), safe='')}", ntriples.encode("utf-8"),
                   {"Content-Type": "application/n-triples"}, method)

    def dump(self, path: str, fmt: str) -> None:
        body, _ = self._http(self.gsp_url, None, {"Accept": "application/n-quads"}, "GET")
        local = ox.Store()
        local.load(body, format=ox.RdfFormat.N_QUADS)
        _Local(local).dump(path, fmt)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass
