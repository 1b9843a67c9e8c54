#!/usr/bin/env python3
"""Extraction speed: the bare spaCy model vs the full kg pipeline on the same news texts.

Usage::

    python benchmarks/speed.py [--words 20000] [--runs 3] [--batch-size 64]

The texts are the seed article and the dev set (``benchmarks/news/*.txt``) repeated to about
``--words`` words. Both sides run in one process: the bare model through ``nlp.pipe``, kg through
``kg.nlp.load_nlp`` + ``kg.extract.extract`` (pipeline, mapping to the JSON contract included).
Prints the median of ``--runs`` runs as words/s for each and the ratio kg/bare (issue target <= 1.3x).
Not a unit test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.nlp import load_nlp  # noqa: E402

__all__ = ["corpus", "time_bare", "time_kg", "main"]

SOURCES = [Path("/work/shared/bench/news/seed.txt"), *sorted((ROOT / "benchmarks" / "news").glob("*.txt"))]


def corpus(words: int) -> list[str]:
    """The benchmark texts repeated until they hold at least `words` words."""
    texts = [p.read_text(encoding="utf-8") for p in SOURCES if p.exists()]
    out, n = [], 0
    while n < words:
        for t in texts:
            out.append(t)
            n += len(t.split())
    return out


def time_bare(nlp, texts: list[str], batch_size: int) -> float:
    """Seconds for the bare model (kg components disabled) over `texts`."""
    kg_pipes = [p for p in nlp.pipe_names if p.startswith("kg_")]
    start = time.perf_counter()
    with nlp.select_pipes(disable=kg_pipes):
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    return time.perf_counter() - start


def time_kg(nlp, texts: list[str], batch_size: int) -> float:
    """Seconds for kg's full extraction (pipeline + JSON contract) over `texts`."""
    arts = [Article(t, f"doc{i}.txt", published="2024-06-12") for i, t in enumerate(texts)]
    start = time.perf_counter()
    for graph in extract(arts, nlp, batch_size=batch_size):
        graph.to_json()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    a = ap.parse_args(argv)
    texts = corpus(a.words)
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    time_kg(nlp, texts[:5], a.batch_size)  # warm-up: lexicons, lazy imports
    bare = statistics.median(time_bare(nlp, texts, a.batch_size) for _ in range(a.runs))
    full = statistics.median(time_kg(nlp, texts, a.batch_size) for _ in range(a.runs))
    print(f"texts: {len(texts)} articles, {words} words; model {nlp.meta.get('name')} {nlp.meta.get('version')}; "
          f"median of {a.runs}, 1 process, batch {a.batch_size}")
    print(f"bare spaCy: {words / bare:,.0f} words/s ({bare:.2f} s)")
    print(f"kg extract: {words / full:,.0f} words/s ({full:.2f} s)")
    print(f"ratio kg/bare: {full / bare:.2f}x (target <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
