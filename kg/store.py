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
from rdflib import Literal, URIRef

from .atomic import atomic_output
from .backends import (BULK_MIN_QUADS, RDF_FORMATS, SUFFIXES, Closed, Local, Pipeline, Remote, delete_merges_sparql,
                       first_int, load_file, open_dir, to_ox)
from .errors import Errors, InputError, StoreError
from .model import ArticleGraph
from .rdf import article_quads, hashed_nquads, nt
from .vocab import KG, article_iri, doc_of, graph_iri

__all__ = ["open_store", "KgStore", "RDF_FORMATS", "rdf_format", "to_ox", "BULK_MIN_QUADS"]



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
        return KgStore(Local(load_file(graph_file)), str(graph_file))
    if path is None:
        return KgStore(Local(ox.Store()), ":memory:")
    if str(path).startswith(("http://", "https://")):
        return KgStore(Remote(str(path), update_url, gsp_url), str(path))
    return KgStore(Local(open_dir(Path(path), create, read_only), read_only=read_only), str(path))


def rdf_format(name_or_path: str) -> str:
    """Our short name of an RDF format, from a name (``"ttl"``) or a file name (``"x.trig"``).

    >>> rdf_format("graph.TriG"), rdf_format("nq")
    ('trig', 'nq')
    """
    if name_or_path in RDF_FORMATS:
        return name_or_path
    fmt = SUFFIXES.get(Path(name_or_path).suffix.lower())
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
        On a local store batches are written in background threads while the next one is prepared;
        two bulk-loaded batches may be written at once, so after a crash the batches that landed
        need not be the first ones (adding the same articles again completes the store).
        """
        self._writable("add")
        from .resolve import Resolver
        resolver = Resolver(self) if resolve else None
        count = 0
        written: dict[URIRef, str] = {}  # graph -> hash this call wrote: a later copy of one replaces it
        with Pipeline(self._backend.write, self._backend.write_width) as pipeline:
            for chunk in _batches(graphs, batch_size):
                latest = list({ag.article.doc: ag for ag in chunk}.values())  # the last version of a doc wins
                stored = self.stored_hashes([graph_iri(ag.article.doc) for ag in latest])
                drops, quads = [], []
                for ag in latest:
                    g = graph_iri(ag.article.doc)
                    iri_map, merges = resolver.resolve(ag) if resolver else ({}, [])
                    article = article_quads(ag, iri_map) + merges
                    text, digest = hashed_nquads(article)  # serialised once: hashed, then written as is
                    old = written[g] if g in written else stored.get(g)
                    if old == digest:
                        continue  # unchanged: the store already holds exactly these quads
                    if g in written or g in stored or self._backend.has_graph(g):
                        drops.append(g)
                    written[g] = digest
                    stamp = (article_iri(ag.article.doc), _CONTENT_HASH, Literal(digest), g)
                    article.append(stamp)
                    quads.append((article, text + f"{nt(stamp[0])} {nt(stamp[1])} {nt(stamp[2])} {nt(g)} .\n"))
                if quads:  # a replacement runs alone, after the batch it replaces
                    pipeline.submit(drops, quads, exclusive=not self._backend.overlaps(drops, quads))
                count += len(chunk)
        return count

    def stored_hashes(self, graphs: list[URIRef] | list[str]) -> dict[URIRef, str | None]:
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

    def has_graph(self, graph: str) -> bool:
        """Whether the store has a named graph with this IRI."""
        return self._backend.has_graph(URIRef(graph))

    def load(self, paths: list[str], *, progress: Any = None) -> list[Any]:
        """Load N-Quads / TriG files written by kg (see :mod:`kg.load`); returns a report per file."""
        self._writable("load")
        from .load import load_files
        return load_files(self, paths, progress=progress)

    @property
    def load_width(self) -> int:
        """How many bulk loads :mod:`kg.load` runs at once on this store."""
        return self._backend.load_width

    def bulk_nquads(self, parts: list[bytes]) -> None:
        """Add N-Quads text as is (each part atomic, parts loaded in parallel); for :mod:`kg.load`."""
        self._writable("load")
        self._backend.bulk_nquads(parts)

    def replace_graphs(self, graphs: dict[str, bytes]) -> None:
        """Replace article graphs by N-Triples content, dropping their merge records; for :mod:`kg.load`."""
        self._writable("load")
        self._backend.replace_graphs(graphs)

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
            removed += first_int(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"))
            ops = [f"DROP SILENT GRAPH <{g}>", delete_merges_sparql(g)] + undo_operations(self, g)
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
        out = {k: first_int(self.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {v} }}")) for k, v in q.items()}
        out["triples"] = first_int(self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"))
        out["quads"] = len(self)
        return out

    def flush(self) -> None:
        self._backend.flush()

    def close(self) -> None:
        """Flush and release the store (and its folder lock)."""
        if self._backend is not None:
            self._backend.close()
            self._backend = Closed()

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


_CONTENT_HASH = KG.contentHash


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
