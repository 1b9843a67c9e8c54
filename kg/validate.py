"""Check a store against kg's SHACL shapes (ontology/shapes.ttl) and report violations readably."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from .query import shorten

__all__ = ["validate", "ONTOLOGY_DIR", "SHAPES", "union_graph"]

# ontology/ sits beside the package in a checkout; an installed wheel may carry it inside kg/ (package_data)
ONTOLOGY_DIR = next((p for p in (Path(__file__).resolve().parent / "ontology",
                                 Path(__file__).resolve().parent.parent / "ontology") if p.is_dir()),
                    Path(__file__).resolve().parent.parent / "ontology")
SHAPES = ONTOLOGY_DIR / "shapes.ttl"


def validate(store: Any, shapes: str | Path | None = None, *, max_results: int = 50) -> tuple[bool, str]:
    """Validate the union of a store's graphs against SHACL shapes.

    Parameters
    ----------
    store : KgStore
        The store to check (read-only access is enough).
    shapes : str or Path, optional
        A SHACL Turtle file; default ``ontology/shapes.ttl``.
    max_results : int
        Report at most this many violations (the total is always given).

    Returns
    -------
    (bool, str)
        Whether the graph conforms, and a report with one line per violation:
        focus node, path, message (and the offending value). Warnings (a claim with no
        speaker) are listed with a ``warning:`` prefix and do not break conformance.
    """
    import pyshacl

    data = union_graph(store)
    shape_graph = Graph().parse(str(shapes or SHAPES), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shape_graph, inference="none", advanced=True,
                                            allow_warnings=True)
    lines = _violations(results)
    errors = sum(not line.startswith("warning: ") for line in lines)
    warnings = len(lines) - errors
    note = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    if conforms:
        head = f"conforms{note}: {len(data)} triples checked against {Path(shapes or SHAPES).name}"
    else:
        head = f"does not conform: {errors} violation{'s' if errors != 1 else ''}{note} in {len(data)} triples"
    more = [f"... and {len(lines) - max_results} more"] if len(lines) > max_results else []
    return bool(conforms), "\n".join([head, *lines[:max_results], *more])


def union_graph(store: Any) -> Graph:
    """All triples of the store's graphs merged into one rdflib Graph (via N-Triples, which is fast)."""
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def _violations(results: Graph) -> list[str]:
    out = []
    for r in results.subjects(SH.resultSeverity, None):
        focus, path = results.value(r, SH.focusNode), results.value(r, SH.resultPath)
        message, value = results.value(r, SH.resultMessage), results.value(r, SH.value)
        severity = "" if results.value(r, SH.resultSeverity) == SH.Violation else "warning: "
        line = f"{severity}{shorten(focus)}  {shorten(path) if path is not None else '-'}: {message or 'violation'}"
        if value is not None and value != focus:
            text = shorten(value)
            line += f" (value: {text[:60] + '…' if len(text) > 60 else text})"
        out.append(" ".join(line.split()))
    return sorted(set(out))
