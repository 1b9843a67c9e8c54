"""Where a kg store's quads live: a pyoxigraph Store (folder or memory) or a SPARQL 1.1 server.

:class:`kg.store.KgStore` holds one of these and decides *what* to write; a backend
knows *how*: bulk ingestion or one transaction on Oxigraph, the Graph Store Protocol
and SPARQL Update on a server. Both take N-Quads, Oxigraph's fastest input.
"""
from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .errors import Errors, StoreError
from .rdf import nt
from .vocab import KG, PREFIXES, RESOLUTION_GRAPH

__all__ = ["Local", "Remote", "Closed", "Pipeline", "FilePiece", "to_ox", "RDF_FORMATS", "SUFFIXES", "BULK_MIN_QUADS",
           "open_dir", "load_file", "first_int", "delete_merges_sparql", "short"]

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
               "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
SUFFIXES = {".ttl": "ttl", ".turtle": "ttl", ".trig": "trig", ".nq": "nq", ".nquads": "nq", ".nt": "nt",
             ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}
QUAD_FORMATS = {"trig", "nq"}


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


BULK_MIN_QUADS = 20_000  # below this a batch goes in as one transaction rather than a bulk ingestion
BULK_MIN_BYTES = 4_000_000  # the same for N-Quads text (about 20k quads)


@dataclass(frozen=True)
class FilePiece:
    """Bytes ``start:end`` of a file, read when loaded, so a big file is never held in memory whole."""

    path: str
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def reader(self) -> io.BufferedReader:
        return io.BufferedReader(_Range(self.path, self.start, self.end), 1 << 20)

    def read(self) -> bytes:
        with open(self.path, "rb") as f:
            f.seek(self.start)
            return f.read(len(self))


class _Range(io.RawIOBase):
    def __init__(self, path: str, start: int, end: int):
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed with the reader
        self._file.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self._left)
        if n <= 0:
            return 0
        got = self._file.readinto(memoryview(buffer)[:n]) or 0
        self._left -= got
        return got

    def close(self) -> None:
        self._file.close()
        super().close()


def _bytes(part: bytes | FilePiece) -> bytes:
    return part.read() if isinstance(part, FilePiece) else part


class Pipeline:
    """Runs ``write`` for each batch in background threads while the caller prepares the next.

    Up to ``width`` batches are in flight at once; a batch submitted ``exclusive`` waits for all
    earlier ones and holds back the next, so a replacement never races the batch it replaces.
    Leaving the ``with`` block waits for every batch (also when the caller fails), and a write
    error is raised in the caller. Oxigraph releases the GIL while it parses and indexes, so this
    overlaps Python and Rust work, and two bulk loads use two cores.
    """

    def __init__(self, write: Any, width: int = 1):
        self._write, self._width = write, max(1, width)
        self._threads: list[tuple[threading.Thread, bool]] = []
        self._errors: list[BaseException] = []

    def submit(self, *args: Any, exclusive: bool = False) -> None:
        if exclusive or any(ex for _, ex in self._threads):
            self.wait()
        while len(self._threads) >= self._width:
            self._threads.pop(0)[0].join()
        self._raise()
        thread = threading.Thread(target=self._run, args=args, name="kg-store-writer", daemon=False)
        thread.start()
        self._threads.append((thread, exclusive))

    def _run(self, *args: Any) -> None:
        try:
            self._write(*args)
        except BaseException as e:  # noqa: BLE001 - handed to the caller in wait()
            self._errors.append(e)

    def wait(self) -> None:
        while self._threads:
            self._threads.pop(0)[0].join()
        self._raise()

    def _raise(self) -> None:
        if self._errors:
            err = self._errors[0]
            self._errors.clear()
            raise err

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        if exc_type is None:
            self.wait()
        else:  # the caller failed: still let the batches in flight land, but keep the caller's error
            try:
                self.wait()
            except Exception:  # noqa: BLE001,S110
                pass


def delete_merges_sparql(g: URIRef) -> str:
    return (f"DELETE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?m ?p ?o }} }} "
            f"WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?m <{KG.inGraph}> <{g}> ; ?p ?o }} }}")


def first_int(result: Any) -> int:
    for row in result:
        return int(row[0].value)
    return 0


def short(err: Exception) -> str:
    return " ".join(str(err).split())[:160]


def open_dir(path: Path, create: bool, read_only: bool) -> ox.Store:
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
        raise StoreError(Errors.E021.format(path=path, detail=short(e))) from None
    # A bulk load killed before its ingestion leaves its sorted files (never part of the store) behind.
    # We hold the folder lock now, so no other bulk load can be running: remove them.
    for leftover in path.glob("bulk-*.sst"):
        try:
            leftover.unlink()
        except OSError:
            pass
    return store


def load_file(path: str) -> ox.Store:
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise StoreError(Errors.E024.format(path=path, choices=" ".join(SUFFIXES)))
    store = ox.Store()
    try:
        store.load(path=str(path), format=RDF_FORMATS[fmt])
    except FileNotFoundError:
        raise StoreError(Errors.E021.format(path=path, detail="no such file")) from None
    except SyntaxError as e:
        raise StoreError(Errors.E020.format(path=path, detail=short(e))) from None
    except (OSError, ValueError) as e:
        raise StoreError(Errors.E020.format(path=path, detail=short(e))) from None
    return store


class Local:
    """Backend over a pyoxigraph Store."""

    def __init__(self, store: ox.Store, read_only: bool = False):
        self.store, self.read_only = store, read_only
        self.write_width = min(2, os.cpu_count() or 1)  # batches written at once (see ``overlaps``)
        self.load_width = min(4, (os.cpu_count() or 1) + 1)  # parallel bulk loads per file in `kg load`

    def query(self, sparql: str) -> Any:
        return self.store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)

    def update(self, sparql: str) -> None:
        self.store.update(sparql, prefixes=PREFIXES)

    def has_graph(self, g: URIRef) -> bool:
        return self.store.contains_named_graph(to_ox(g))

    def count(self) -> int:
        return len(self.store)

    def overlaps(self, drops: list[URIRef], articles: list[tuple[list[tuple], str]]) -> bool:
        """Whether this batch may be written while others are: a bulk load of new articles only.

        Concurrent bulk loads are independent RocksDB ingestions (each atomic), so two of them
        use two cores; transactions and replacements go one at a time.
        """
        return not drops and sum(len(qs) for qs, _ in articles) >= BULK_MIN_QUADS

    def write(self, drops: list[URIRef], articles: list[tuple[list[tuple], str]]) -> None:
        """Write a batch: ``articles`` holds each article's quads (its graph first) and their N-Quads text;
        ``drops`` the replaced graphs.

        Every path is all-or-nothing for each article, also under SIGKILL:
        * new articles, big batch: ``bulk_load`` of N-Quads. Oxigraph writes sorted SST files beside the
          store and ingests them for all indexes in one RocksDB ``IngestExternalFiles`` call, which is
          atomic; until then nothing is visible. 3x faster than a transaction.
        * new articles, small batch: one transaction (``load``), so tiny batches don't pile up SST files.
        * replaced articles: DROP + DELETE merges + INSERT DATA in one SPARQL update (one transaction),
          so a crash never leaves an article half-gone.
        """
        drop_set = set(drops)
        fresh = [(qs, text) for qs, text in articles if not qs or qs[0][3] not in drop_set]
        replaced = [q for qs, _ in articles if qs and qs[0][3] in drop_set for q in qs]
        n_fresh = sum(len(qs) for qs, _ in fresh)
        if n_fresh:
            data = "".join(text for _, text in fresh).encode("utf-8")
            if n_fresh >= BULK_MIN_QUADS:
                self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            else:
                self.store.load(data, format=ox.RdfFormat.N_QUADS)
        if drop_set:
            body = "\n".join(f"GRAPH {nt(g)} {{ {nt(s)} {nt(p)} {nt(o)} }}" for s, p, o, g in replaced)
            ops = [f"DROP SILENT GRAPH <{g}> ;\n{delete_merges_sparql(g)}" for g in drops]
            self.store.update(" ;\n".join(ops + ([f"INSERT DATA {{ {body} }}"] if body else [])))

    def write_ox(self, graph: URIRef, quads: list[ox.Quad]) -> None:
        self.store.update(f"DROP SILENT GRAPH <{graph}>")
        self.store.extend(quads)

    def bulk_nquads(self, parts: list[bytes | FilePiece]) -> None:
        """Add N-Quads, each part by its own bulk load, all at once (small input: one transaction)."""
        if sum(map(len, parts)) < BULK_MIN_BYTES:
            self.store.load(b"".join(_bytes(p) for p in parts), format=ox.RdfFormat.N_QUADS)
            return
        errors: list[BaseException] = []

        def run(part: bytes | FilePiece) -> None:
            try:
                if isinstance(part, FilePiece):
                    with part.reader() as stream:
                        self.store.bulk_load(stream, format=ox.RdfFormat.N_QUADS)
                else:
                    self.store.bulk_load(part, format=ox.RdfFormat.N_QUADS)
            except BaseException as e:  # noqa: BLE001 - raised below, in the caller
                errors.append(e)

        threads = [threading.Thread(target=run, args=(part,), name="kg-bulk-load") for part in parts]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]

    def replace_graphs(self, graphs: dict[str, bytes]) -> None:
        """Swap each named graph's content for the given N-Triples, with its merge records, in one transaction."""
        ops = []
        for g, ntriples in graphs.items():
            ops += [f"DROP SILENT GRAPH <{g}>", delete_merges_sparql(URIRef(g)),
                    f"INSERT DATA {{ GRAPH <{g}> {{ {ntriples.decode('utf-8')} }} }}"]
        self.store.update(" ;\n".join(ops))

    def dump(self, path: str, fmt: str) -> None:
        prefixes = PREFIXES if fmt in ("ttl", "trig", "xml") else None
        if fmt in QUAD_FORMATS:
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


class Closed:
    read_only = True

    def __getattr__(self, name: str) -> Any:
        raise StoreError(Errors.E021.format(path="(closed)", detail="the store was closed"))

    def close(self) -> None:
        pass


class Remote:
    """Backend over a SPARQL 1.1 Query/Update + Graph Store Protocol server (Oxigraph server, Fuseki, ...).

    Start Oxigraph server with ``--union-default-graph`` so plain patterns see every article graph.
    """

    read_only = False
    write_width = load_width = 1

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
            detail = f"HTTP {e.code} {short(Exception(e.read().decode('utf-8', 'replace')))}"
            raise StoreError(Errors.E202.format(url=url, detail=detail)) from None
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(Errors.E202.format(url=url, detail=short(getattr(e, "reason", e)))) from None

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
        return first_int(self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))

    def overlaps(self, drops: list[URIRef], articles: list[tuple[list[tuple], str]]) -> bool:
        return False

    def write(self, drops: list[URIRef], articles: list[tuple[list[tuple], str]]) -> None:
        if drops:
            self.update(" ;\n".join(delete_merges_sparql(g) for g in drops))
        by_graph: dict[URIRef, list[str]] = {}
        for s, p, o, g in (q for qs, _ in articles for q in qs):
            by_graph.setdefault(g, []).append(f"{nt(s)} {nt(p)} {nt(o)} .")
        for g, lines in by_graph.items():  # GSP: PUT replaces an article graph, POST appends merge records
            method = "POST" if g == RESOLUTION_GRAPH else "PUT"
            self._gsp(g, "\n".join(lines), method)

    def write_ox(self, graph: URIRef, quads: list[ox.Quad]) -> None:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        self._gsp(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), "PUT")

    def bulk_nquads(self, parts: list[bytes | FilePiece]) -> None:
        for part in parts:  # GSP POST of a dataset to the service's default endpoint adds its quads
            self._http(self.gsp_url, _bytes(part), {"Content-Type": "application/n-quads"}, "POST")

    def replace_graphs(self, graphs: dict[str, bytes]) -> None:
        self.update(" ;\n".join(delete_merges_sparql(URIRef(g)) for g in graphs))
        for g, ntriples in graphs.items():
            self._gsp(URIRef(g), ntriples.decode("utf-8"), "PUT")

    def _gsp(self, graph: URIRef, ntriples: str, method: str) -> None:
        from urllib.parse import quote
        self._http(f"{self.gsp_url}?graph={quote(str(graph), safe='')}", ntriples.encode("utf-8"),
                   {"Content-Type": "application/n-triples"}, method)

    def dump(self, path: str, fmt: str) -> None:
        body, _ = self._http(self.gsp_url, None, {"Accept": "application/n-quads"}, "GET")
        local = ox.Store()
        local.load(body, format=ox.RdfFormat.N_QUADS)
        Local(local).dump(path, fmt)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass
