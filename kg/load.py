"""Load RDF that kg wrote (``kg build -o``, ``kg export``) into a store: the corpus path.

Extraction is the slow part, so a corpus is extracted by several workers, each writing an
N-Quads shard (``kg build part-3/ -o shard-3.nq``); ``kg load shard-*.nq --store DIR`` then
streams the shards in. Article graphs are compared by ``kg:contentHash``:

* a new article is bulk-loaded (N-Quads are cut where the graph changes and the pieces loaded
  by parallel Oxigraph bulk loads, each one atomic, so an article is never half-written);
* an article the store already holds with the same hash is skipped, so loading twice changes nothing;
* an article the store holds with another hash is replaced in one transaction;
* entity-resolution records are added to what is there; any other named graph (``kg analyze``'s
  scores, graphs kg did not write) is a snapshot and replaces the store's graph of that name.

Every file is parsed once before anything is written, so a malformed file changes nothing.
Entities are not re-resolved against the store: a shard keeps the IRIs ``kg build`` gave it
(an entity's IRI comes from its type and name, so the same entity meets itself across shards).
"""
from __future__ import annotations

import mmap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .backends import RDF_FORMATS, FilePiece, short
from .errors import Errors, InputError, StoreError
from .vocab import KG, RESOLUTION_GRAPH, doc_of

__all__ = ["load_files", "scan_files", "LoadReport", "Scan", "split_at_graphs", "graph_cuts"]

_FORMATS = {".nq": "nq", ".nquads": "nq", ".trig": "trig"}
_HASH = ox.NamedNode(str(KG.contentHash))
_NO_STATEMENT = object()  # a blank or comment line


@dataclass
class LoadReport:
    """What loading one file did."""

    path: str
    quads: int = 0
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (f"{self.path}: {self.quads:,} quads, {self.new} new, {self.replaced} replaced, "
                f"{self.unchanged} unchanged articles in {self.seconds:.1f} s")


@dataclass
class Scan:
    """One checked input file (see :func:`scan_files`)."""

    path: str
    fmt: str
    quads: int
    graphs: list[Any]  # graph names in order of their first quad
    contiguous: bool  # each graph's quads form one run


def scan_files(paths: Sequence[str]) -> list[Scan]:
    """Parse each file once, without writing anything: its graphs, in order, and its size.

    Raises
    ------
    InputError
        E001 missing file, E025 not N-Quads or TriG.
    StoreError
        E020 a file is not valid RDF.
    """
    return [_scan(p) for p in paths]


def load_files(store: Any, files: Sequence[str | Scan], *,
               progress: Callable[[LoadReport], None] | None = None) -> list[LoadReport]:
    """Load N-Quads / TriG files into ``store`` (a writable :class:`kg.store.KgStore`).

    ``files`` are paths or the results of :func:`scan_files`. Every file is scanned before the
    first write, so a missing or malformed one (errors as in :func:`scan_files`) changes nothing.
    """
    scans = [f if isinstance(f, Scan) else _scan(f) for f in files]
    reports = []
    for scan in scans:
        t = time.perf_counter()
        report = _load(store, scan)
        report.seconds = time.perf_counter() - t
        reports.append(report)
        if progress is not None:
            progress(report)
    return reports


def _scan(path: str) -> Scan:
    p = Path(path)
    fmt = _FORMATS.get(p.suffix.lower())
    if not p.is_file():
        raise InputError(Errors.E001.format(path=path))
    if fmt is None:
        raise InputError(Errors.E025.format(path=path))
    graphs, last, n = [], None, 0
    try:
        for n, quad in enumerate(ox.parse(path=str(p), format=RDF_FORMATS[fmt]), 1):
            g = quad.graph_name
            if g != last:  # runs, not quads: a cheap test per quad
                graphs.append(g)
                last = g
    except (SyntaxError, OSError, ValueError) as e:  # pyoxigraph's parse errors are SyntaxError
        raise StoreError(Errors.E020.format(path=path, detail=short(e))) from None
    unique = list(dict.fromkeys(graphs))
    return Scan(str(path), fmt, n, unique, contiguous=len(unique) == len(graphs))


def _load(store: Any, scan: Scan) -> LoadReport:
    report = LoadReport(scan.path, scan.quads)
    articles = [g for g in scan.graphs if _is_article(g)]
    stored: dict[str, str | None] = {}
    for i in range(0, len(articles), 1000):  # VALUES blocks of a sensible size
        stored.update((str(g), h) for g, h in store.stored_hashes([g.value for g in articles[i:i + 1000]]).items())
    # Other named graphs (analysis scores, anything not kg's) are snapshots: replaced whole, like a GSP PUT.
    snapshots = {g.value for g in scan.graphs if _is_snapshot(g) and store.has_graph(g.value)}
    if scan.quads == 0:
        return report
    if scan.fmt == "nq" and scan.contiguous and not stored and not snapshots:  # the corpus case: all new
        with open(scan.path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            cuts = graph_cuts(data, store.load_width)  # only the lines around each cut are read here
        store.bulk_nquads([FilePiece(scan.path, a, b) for a, b in zip(cuts, cuts[1:])])
        report.new = len(articles)
        return report
    by_graph: dict[Any, list[ox.Quad]] = {}
    for quad in ox.parse(path=scan.path, format=RDF_FORMATS[scan.fmt]):
        by_graph.setdefault(quad.graph_name, []).append(quad)
    fresh: list[ox.Quad] = []
    replaced: dict[str, bytes] = {}
    for g, quads in by_graph.items():
        if _is_article(g) and g.value in stored and stored[g.value] is not None \
                and stored[g.value] == _hash_of(quads):
            report.unchanged += 1
        elif (_is_article(g) and g.value in stored) or (isinstance(g, ox.NamedNode) and g.value in snapshots):
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
            replaced[g.value] = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            report.replaced += _is_article(g)
        else:  # new graphs; merge records and the default graph are added to what the store has
            fresh += quads
            report.new += _is_article(g)
    if replaced:
        store.replace_graphs(replaced)
    if fresh:
        store.bulk_nquads(split_at_graphs(ox.serialize(fresh, format=ox.RdfFormat.N_QUADS), store.load_width))
    return report


def _is_article(graph: Any) -> bool:
    return isinstance(graph, ox.NamedNode) and doc_of(graph.value) is not None


def _is_snapshot(graph: Any) -> bool:
    return isinstance(graph, ox.NamedNode) and not _is_article(graph) and graph.value != str(RESOLUTION_GRAPH)


def _hash_of(quads: list[ox.Quad]) -> str | None:
    for q in quads:
        if q.predicate == _HASH:
            return q.object.value
    return None


def split_at_graphs(data: bytes, parts: int) -> list[bytes]:
    """Cut N-Quads into about ``parts`` pieces of similar size, only where the graph changes.

    A graph's quads must form one run (as kg writes them); a piece then holds whole graphs.

    >>> nq = (b'<urn:a> <urn:p> "1" <urn:g1> .\\n<urn:b> <urn:p> "2" <urn:g1> .\\n'
    ...       b'# a comment\\n<urn:c> <urn:p> "3" <urn:g2> .\\n')
    >>> [p.count(b"<urn:p>") for p in split_at_graphs(nq, 2)]
    [2, 1]
    >>> len(split_at_graphs(nq, 8))  # never more pieces than graphs
    2
    """
    cuts = graph_cuts(data, parts)
    return [data[a:b] for a, b in zip(cuts, cuts[1:])]


def graph_cuts(data: Any, parts: int) -> list[int]:
    """The offsets :func:`split_at_graphs` cuts at, first (0) and last (``len(data)``) included.

    ``data`` is bytes or an ``mmap`` of a file: only the lines around each cut are looked at.
    """
    cuts = [0]
    for i in range(1, parts):
        newline = data.find(b"\n", len(data) * i // parts)
        if newline == -1:
            break
        pos = max(cuts[-1], newline + 1)
        before = _graph_before(data, pos)
        while pos < len(data):
            end = data.find(b"\n", pos)
            end = len(data) if end == -1 else end + 1
            g = _line_graph(data[pos:end])
            if g is not _NO_STATEMENT and (before is _NO_STATEMENT or g != before):
                break
            if g is not _NO_STATEMENT:
                before = g
            pos = end
        if pos >= len(data):
            break
        if pos > cuts[-1]:
            cuts.append(pos)
    if len(data) > cuts[-1]:
        cuts.append(len(data))
    return cuts


def _graph_before(data: bytes, pos: int) -> Any:
    """The graph of the last statement line ending before ``pos``."""
    end = pos
    while end > 0:
        start = data.rfind(b"\n", 0, end - 1) + 1
        g = _line_graph(data[start:end])
        if g is not _NO_STATEMENT:
            return g
        end = start
    return _NO_STATEMENT


def _line_graph(line: bytes) -> Any:
    text = line.strip()
    if not text or text.startswith(b"#"):
        return _NO_STATEMENT
    for quad in ox.parse(text, format=ox.RdfFormat.N_QUADS):
        return quad.graph_name
    return _NO_STATEMENT
