"""The ``kg`` command: argument parsing and printing only; the work happens in the library.

Each subcommand imports what it calls lazily, so ``kg --help`` stays fast and a
module that is missing breaks only its own command.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TextIO

from . import __version__
from .atomic import atomic_output
from .cli_parser import RDF_FORMATS, ExitStatus, build_parser
from .errors import Errors, InputError, KgError

__all__ = ["main", "ExitStatus", "RDF_FORMATS"]


@dataclass
class _IO:
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO

    def out(self, text: str = "") -> None:
        print(text, file=self.stdout)


def main(argv: list[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run ``kg`` with ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    Known errors print one ``kg: error: …`` line on stderr and return 1; ``--traceback`` re-raises.
    """
    io = _IO(stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    parser = build_parser(COMMANDS, __version__)
    try:
        with contextlib.redirect_stdout(io.stdout), contextlib.redirect_stderr(io.stderr):
            args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, usage errors
        return e.code if isinstance(e.code, int) else ExitStatus.USAGE
    if not getattr(args, "func", None):
        parser.print_usage(io.stderr)
        return ExitStatus.USAGE
    with _warnings_to(io.stderr):
        try:
            return int(args.func(args, io) or ExitStatus.SUCCESS)
        except (Exception, KeyboardInterrupt) as e:  # one line, never a traceback, unless asked for
            if args.traceback:
                raise
            status, message = _explain(e, args.command)
    if message:
        print(message, file=io.stderr)
    return status


def _explain(e: BaseException, command: str) -> tuple[ExitStatus, str | None]:
    """Exit status and the one stderr line for an exception that ended ``command``."""
    if isinstance(e, KeyboardInterrupt):
        return ExitStatus.INTERRUPTED, "kg: interrupted"
    if isinstance(e, BrokenPipeError):  # `kg query ... | head`: the reader left; nothing to report
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitStatus.ERROR, None
    if isinstance(e, KgError):
        message = str(e)
    elif isinstance(e, ImportError):  # a module the command needs, imported deep inside the library
        message = Errors.E500.format(command=command, module=e.name or "a module", detail=e)
    else:
        message = Errors.E503.format(kind=type(e).__name__, detail=e)
    return ExitStatus.ERROR, "kg: error: " + " ".join(message.split())


# -- commands --------------------------------------------------------------------------------------

def cmd_extract(args: argparse.Namespace, io: _IO) -> int:
    """Print what kg extracts from each article (JSON Lines or a readable summary)."""
    articles = _read(args, io)
    extract = _load("extract", "kg.extract", "extract")
    nlp = _load("extract", "kg.nlp", "load_nlp")(args.model)
    for graph in extract(articles, nlp, n_process=args.jobs, progress=_progress(io, len(articles))):
        if args.format == "json":
            io.out(json.dumps(graph.to_json(), ensure_ascii=False))
        else:
            io.out(_describe(graph))
    return ExitStatus.SUCCESS


def cmd_build(args: argparse.Namespace, io: _IO) -> int:
    """Extract articles and write their graphs to an RDF file and/or a store."""
    if not args.output and not args.store:
        raise InputError(Errors.E501)
    fmt = _rdf_format(args.output) if args.output else None  # fail before any slow work
    articles = _read(args, io)
    extract = _load("build", "kg.extract", "extract")
    nlp = _load("build", "kg.nlp", "load_nlp")(args.model)
    open_store = _load("build", "kg.store", "open_store")
    # Open the store before extracting: "in use" or "not a kg store" is known at once, not after an hour.
    store = open_store(args.store, create=True, update_url=args.update_url, gsp_url=args.gsp_url) \
        if args.store else None
    totals = [0, 0, 0, 0]
    graphs = _tally(extract(articles, nlp, n_process=args.jobs, progress=_progress(io, len(articles))), totals)
    try:
        if args.output:
            graphs = list(graphs)  # written twice: to the store and to the file
        if store is not None:
            store.add(graphs)  # streams: each batch is committed while the next is extracted
    finally:
        if store is not None:
            _close(store)
    if args.output:
        _write_rdf(open_store, graphs, args.output, fmt)
    where = " and ".join(x for x in (args.output, args.store) if x)
    io.out(f"{totals[0]} articles, {totals[1]} entities, {totals[2]} relations, {totals[3]} claims -> {where}")
    return ExitStatus.SUCCESS


def _tally(graphs: Any, totals: list[int]) -> Any:
    """Pass ``graphs`` through, counting articles, entities, relations and claims into ``totals``."""
    for g in graphs:
        totals[0] += 1
        totals[1] += len(g.entities)
        totals[2] += len(g.relations)
        totals[3] += len(g.claims)
        yield g


def cmd_query(args: argparse.Namespace, io: _IO) -> int:
    """Run a SPARQL query against a store or an RDF file."""
    if bool(args.sparql) == bool(args.file):
        raise InputError(Errors.E502)
    sparql = args.sparql if args.sparql else _read_text(args.file)
    with _store(args, "query") as store:
        result = _load("query", "kg.query", "run")(store, sparql)
    format_result = _load("query", "kg.query", "format_result")
    io.out(format_result(result, args.format).rstrip("\n"))
    return ExitStatus.SUCCESS


def cmd_stats(args: argparse.Namespace, io: _IO) -> int:
    """Count articles, entities, relations (statement nodes), claims and triples."""
    with _store(args, "stats") as store:
        counts = store.stats()  # SPARQL COUNTs over the union graph
    shown = {"articles": "articles", "entities": "entities", "relations": "statements", "claims": "claims",
             "triples": "triples"}
    width = max(map(len, shown))
    for name, key in shown.items():
        io.out(f"{name:<{width}}  {counts.get(key, 0)}")
    return ExitStatus.SUCCESS


def cmd_viz(args: argparse.Namespace, io: _IO) -> int:
    """Draw the relationship map as one self-contained HTML file."""
    render_map = _load("viz", "kg.viz", "render_map")
    opts = {k: getattr(args, k) for k in ("focus", "hops", "min_degree", "since", "until", "max_nodes")
            if getattr(args, k) is not None}
    with _store(args, "viz") as store:
        stats = render_map(store, args.output, **opts)
    stats = stats or {}
    note = f", {stats['left_out']} left out (see --max-nodes)" if stats.get("left_out") else ""
    io.out(f"map -> {args.output} ({stats.get('nodes', '?')} entities, {stats.get('edges', '?')} facts{note})")
    return ExitStatus.SUCCESS


def cmd_openie(args: argparse.Namespace, io: _IO) -> int:
    """Print CaRB-style tab-separated extractions for one sentence per line."""
    if not Path(args.sentences).exists():
        raise InputError(Errors.E001.format(path=args.sentences))
    run_openie = _load("openie", "kg.openie", "run_openie")
    if not args.output:
        run_openie(args.sentences, io.stdout, model=args.model)
        return ExitStatus.SUCCESS
    with atomic_output(args.output) as tmp, open(tmp, "w", encoding="utf-8") as out:
        n = run_openie(args.sentences, out, model=args.model)
    print(f"kg: {n} extractions -> {args.output}", file=io.stderr)
    return ExitStatus.SUCCESS


def cmd_validate(args: argparse.Namespace, io: _IO) -> int:
    """Check the graph against the SHACL shapes; exit 1 if it does not conform."""
    validate = _load("validate", "kg.validate", "validate")
    with _store(args, "validate") as store:
        conforms, report = validate(store)
    io.out(report.rstrip("\n"))
    if not conforms:
        print("kg: error: " + Errors.E504, file=io.stderr)
        return ExitStatus.ERROR
    return ExitStatus.SUCCESS


def cmd_export(args: argparse.Namespace, io: _IO) -> int:
    """Write the graph as RDF or for graph tools (GraphML, GEXF, CSV)."""
    export = _load("export", "kg.export", "export")
    with _store(args, "export") as store:
        written = export(store, args.format, args.output)
    io.out(f"{args.format} -> {', '.join(map(str, written or [args.output]))}")
    return ExitStatus.SUCCESS


def cmd_remove(args: argparse.Namespace, io: _IO) -> int:
    """Remove one article (by source path or doc id) from a store."""
    open_store = _load("remove", "kg.store", "open_store")
    store = open_store(args.store, update_url=args.update_url, gsp_url=args.gsp_url)
    try:
        removed = store.remove(args.article)
    finally:
        _close(store)
    io.out(f"removed {args.article}" + (f" ({removed} quads)" if isinstance(removed, int) else ""))
    return ExitStatus.SUCCESS


def cmd_load(args: argparse.Namespace, io: _IO) -> int:
    """Load N-Quads / TriG files written by kg (e.g. corpus shards from `kg build -o`) into a store."""
    scan_files = _load("load", "kg.load", "scan_files")
    open_store = _load("load", "kg.store", "open_store")
    started = time.perf_counter()
    scans = scan_files(args.files)  # a bad file fails here, before a store is created or touched
    store = open_store(args.store, create=True, update_url=args.update_url, gsp_url=args.gsp_url)
    show = _progress(io, len(scans))
    try:
        reports = store.load(scans, progress=(lambda r: print(r, file=io.stderr, flush=True)) if show else None)
    finally:
        _close(store)
    took = time.perf_counter() - started
    quads = sum(r.quads for r in reports)
    io.out(f"{len(reports)} file{'s' * (len(reports) != 1)}, {quads:,} quads: {sum(r.new for r in reports)} new, "
           f"{sum(r.replaced for r in reports)} replaced, {sum(r.unchanged for r in reports)} unchanged articles "
           f"in {took:.1f} s -> {args.store}")
    return ExitStatus.SUCCESS


def cmd_analyze(args: argparse.Namespace, io: _IO) -> int:
    """Print the most central entities and communities."""
    analyze = _load("analyze", "kg.analysis", "analyze")
    with _store(args, "analyze") as store:
        rows = analyze(store)
    io.out(_table(rows[:args.top] if args.top else rows))
    return ExitStatus.SUCCESS


def cmd_path(args: argparse.Namespace, io: _IO) -> int:
    """Print the shortest connections between two entities."""
    paths = _load("path", "kg.analysis", "paths")
    with _store(args, "path") as store:
        found = paths(store, args.source, args.target, k=args.k)
    if not found:
        io.out(f"no connection between {args.source!r} and {args.target!r}")
    for i, steps in enumerate(found, 1):
        io.out(f"{i}. " + "; ".join(f"{st.subject} -{st.predicate}-> {st.object}" for st in steps))
        for st in steps:
            io.out(f"     {st.evidence}")
    return ExitStatus.SUCCESS


def cmd_serve(args: argparse.Namespace, io: _IO) -> int:
    """Serve the SPARQL 1.1 Protocol and the explorer page until interrupted."""
    serve = _load("serve", "kg.server", "serve")
    limits = {"max_rows": args.max_rows} if args.max_rows else {}  # else the server's own default
    serve(store_path=args.store, graph_file=args.graph, host=args.host, port=args.port,
          allow_update=args.allow_update, timeout=args.timeout, **limits)
    return ExitStatus.SUCCESS


COMMANDS = {"extract": cmd_extract, "build": cmd_build, "openie": cmd_openie, "load": cmd_load, "remove": cmd_remove,
            "query": cmd_query, "stats": cmd_stats, "viz": cmd_viz, "validate": cmd_validate, "export": cmd_export,
            "analyze": cmd_analyze, "path": cmd_path, "serve": cmd_serve}


# -- helpers ---------------------------------------------------------------------------------------

def _load(command: str, module: str, name: str) -> Any:
    """Import ``module.name`` for ``command``; a missing or broken module is a one-line error."""
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as e:
        raise KgError(Errors.E500.format(command=command, module=module, detail=e)) from e
    except AttributeError:
        raise KgError(Errors.E500.format(command=command, module=module, detail=f"it has no {name}")) from None


def _read(args: argparse.Namespace, io: _IO) -> list:
    from .ingest import read_articles

    # Our own stdin goes through ingest's byte checks; a caller's stream is read as text.
    return read_articles(args.articles, published=args.published,
                         stdin=None if io.stdin is sys.stdin else io.stdin)


_WRITERS = {"analyze"}


@contextlib.contextmanager
def _store(args: argparse.Namespace, command: str):
    if args.graph and not Path(args.graph).exists():
        raise InputError(Errors.E001.format(path=args.graph))
    open_store = _load(command, "kg.store", "open_store")
    if args.store:
        # Readers open a folder store read-only, so they can run beside a build; analyze writes its scores back.
        store = open_store(args.store, read_only=command not in _WRITERS, update_url=args.update_url,
                           gsp_url=args.gsp_url)
    else:
        store = open_store(graph_file=args.graph)
    try:
        yield store
    finally:
        _close(store)


def _close(store: Any) -> None:
    store.close()
    # A finished query can stay reachable through a reference cycle (rdflib/pyparsing keep frames in
    # exception tracebacks); collect it so the folder lock is free for the next command in this process.
    gc.collect()


def _rdf_format(path: str) -> str:
    fmt = RDF_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(Errors.E006.format(path=path, choices=", ".join(RDF_FORMATS)))
    return fmt


def _write_rdf(open_store: Callable, graphs: list, out: str, fmt: str) -> None:
    """Serialise through an in-memory store (same IRIs and merges as --store) into ``out``, atomically."""
    with atomic_output(out) as tmp:
        store = open_store(None)
        try:
            store.add(graphs)
            store.dump(tmp, fmt)
        finally:
            _close(store)


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Errors.E001.format(path=path)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(Errors.E009.format(path=path, detail=getattr(e, "strerror", None) or e)) from None


def _progress(io: _IO, n: int) -> bool:
    return n > 1 and hasattr(io.stderr, "isatty") and io.stderr.isatty()


def _describe(graph: Any) -> str:
    """A readable summary of one ArticleGraph (``kg extract --format text``)."""
    a = graph.article
    names = {e.id: e.name for e in graph.entities}
    lines = [f"# {a.title or a.source}  ({a.published or 'date unknown'})"]
    lines += [f"  {e.type:<12} {e.name}" + (f"  (also: {', '.join(e.aliases)})" if e.aliases else "")
              for e in graph.entities]
    for r in graph.relations:
        obj = "(no object)" if r.object is None else names.get(r.object, r.object)
        extra = "".join(f" {k}={names.get(v, v)}" for k, v in r.qualifiers.items() if isinstance(v, str))
        flag = " [negated]" if r.negated else f" [said by {names.get(r.attributed_to)}]" if r.attributed_to else ""
        lines.append(f"  {names.get(r.subject, r.subject)} -{r.predicate}-> {obj}  {r.confidence:.2f}{extra}{flag}")
    lines += [f"  {names.get(c.speaker, '?')} {c.cue}: {c.content}" for c in graph.claims]
    return "\n".join(lines)


def _table(rows: list[dict]) -> str:
    """Tab-separated rows with a header; floats to 4 places."""
    if not rows:
        return "(no entities)"
    cols = list(rows[0])
    cell = lambda v: f"{v:.4f}" if isinstance(v, float) else str(v)  # noqa: E731
    return "\n".join(["\t".join(cols)] + ["\t".join(cell(r.get(c, "")) for c in cols) for r in rows])


@contextlib.contextmanager
def _warnings_to(stream: TextIO):
    """Library warnings (logger "kg") become ``kg: warning: …`` lines during one command."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("kg: warning: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("kg")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
