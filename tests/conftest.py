"""Shared fixtures: the bundled example is built once per session, through the CLI, in-process."""
from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "musk-china-ai.txt"
QUERIES = ROOT / "examples" / "queries"
PUBLISHED = "2023-06-05"


def run_kg(*argv: str, stdin: str | None = None) -> SimpleNamespace:
    """Run ``kg`` in-process; returns ``.status``, ``.out`` and ``.err`` text."""
    from kg.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin) if stdin is not None else None, stdout=out, stderr=err)
    return SimpleNamespace(status=int(status), out=out.getvalue(), err=err.getvalue())


@pytest.fixture(scope="session")
def kg_run():
    """``kg_run("query", ...)`` runs the CLI in-process (see :func:`run_kg`)."""
    return run_kg


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> SimpleNamespace:
    """The example article built once (model loaded once) into a TriG file and an on-disk store."""
    tmp = tmp_path_factory.mktemp("built")
    trig, store = tmp / "graph.trig", tmp / "store"
    r = run_kg("build", str(EXAMPLE), "--published", PUBLISHED, "-o", str(trig), "--store", str(store))
    if r.status != 0:
        pytest.fail(f"kg build failed ({r.status}): {r.err.strip()}", pytrace=False)
    return SimpleNamespace(trig=trig, store=store, out=r.out)


@pytest.fixture(scope="session")
def graph(built):
    """The built TriG file opened as an in-memory store (read-only use)."""
    from kg.store import open_store

    store = open_store(graph_file=str(built.trig))
    yield store
    store.close()
