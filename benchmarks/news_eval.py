#!/usr/bin/env python3
"""News extraction benchmark: extract the seed article and/or the held-out dev set and score each set.

Usage::

    python benchmarks/news_eval.py [--set seed|dev|dev2|dev3|dev4|dev5|all] [--verbose] [--cli] [--gold DIR ...] [--text DIR ...]
                                   [--out FILE]

``--set all`` (the default) scores the seed (``../shared/bench/news``), the dev set (``benchmarks/news``) and the
second to fifth dev sets (``benchmarks/news_dev2`` ... ``benchmarks/news_dev5``) separately and prints one overall line per set; no dev gold is ever edited
to fit the system.

Each article ``NAME.txt`` is paired with ``NAME.gold.json`` (its ``published`` date is used as the
article date). Predictions are written as JSON Lines and scored by ``../shared/bench/news_score.py``;
the scorer's overall line is printed last.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import re
import os
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["run_benchmark", "run_set", "overall", "main", "SETS"]

ROOT = Path(__file__).resolve().parent.parent
# The shared benchmark folder sits beside the checkout (../shared/bench); KG_BENCH overrides.
BENCH = Path(os.environ.get("KG_BENCH") or ROOT.parent / "shared" / "bench")
SCORER = BENCH / "news_score.py"
SEED_DIR = BENCH / "news"
DEV_DIR = ROOT / "benchmarks" / "news"
DEV2_DIR = ROOT / "benchmarks" / "news_dev2"
DEV3_DIR = ROOT / "benchmarks" / "news_dev3"
DEV4_DIR = ROOT / "benchmarks" / "news_dev4"
DEV5_DIR = ROOT / "benchmarks" / "news_dev5"
SETS = {"seed": [SEED_DIR], "dev": [DEV_DIR], "dev2": [DEV2_DIR], "dev3": [DEV3_DIR], "dev4": [DEV4_DIR], "dev5": [DEV5_DIR]}


def _pairs(gold_dirs: list[Path], text_dirs: list[Path]) -> list[tuple[Path, Path, str | None]]:
    """(text file, gold file, published) for every gold file with a text next to it or in a text dir."""
    out = []
    for gdir in gold_dirs:
        golds = sorted(gdir.glob("*.gold.json")) if gdir.is_dir() else [gdir]
        for gold in golds:
            stem = gold.name[: -len(".gold.json")]
            meta = json.loads(gold.read_text())
            cands = [gold.parent / meta.get("text_file", f"{stem}.txt")] + [d / f"{stem}.txt" for d in text_dirs]
            text = next((c for c in cands if c.exists()), None)
            if text is not None:
                out.append((text, gold, meta.get("published")))
    return out


def _predict_library(pairs, out_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from kg.extract import extract
    from kg.model import Article
    try:
        from kg.ingest import read_articles
    except ImportError:  # ingest not built yet: raw text (extract drops credit lines itself)
        read_articles = None
    articles = []
    for text, _gold, published in pairs:
        if read_articles is not None:
            articles += read_articles([str(text)], published=published)
        else:
            articles.append(Article(text.read_text(encoding="utf-8"), str(text), published=published))
    with open(out_path, "w", encoding="utf-8") as fh:
        for graph in extract(articles):
            fh.write(json.dumps(graph.to_json()) + "\n")


def _predict_cli(pairs, out_path: Path) -> None:
    kg = ROOT / ".venv" / "bin" / "kg"
    with open(out_path, "w", encoding="utf-8") as fh:
        for text, _gold, published in pairs:
            cmd = [str(kg), "extract", str(text), "--format", "json"]
            if published:
                cmd += ["--published", published]
            fh.write(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def run_set(name: str, **kwargs) -> str:
    """Extract and score one named gold set ("seed", "dev", "dev2", ..., "dev5"); keyword arguments go to `run_benchmark`."""
    return run_benchmark(SETS[name], **kwargs)


def run_benchmark(gold_dirs: list[Path] | None = None, text_dirs: list[Path] | None = None, *,
                  cli: bool = False, verbose: bool = False, out: Path | None = None) -> str:
    """Extract, score, and return the scorer's full output.

    gold_dirs (list[Path] | None): gold files or folders; the seed folder by default.
    text_dirs (list[Path] | None): extra folders holding NAME.txt for NAME.gold.json.
    cli (bool): go through the `kg extract` console script instead of the library.
    verbose (bool): ask the scorer to list misses and extras.
    out (Path | None): where to keep the predictions (a temporary file by default).
    RETURNS (str): the scorer's stdout.
    """
    pairs = _pairs(gold_dirs or [SEED_DIR], text_dirs or [])
    out = out or Path(tempfile.mkstemp(suffix=".jsonl", prefix="news_pred_")[1])
    (_predict_cli if cli else _predict_library)(pairs, out)
    args = ["--gold", *[str(g) for _t, g, _p in pairs], "--pred", str(out)] + (["--verbose"] if verbose else [])
    return _score(args)


def _score(args: list[str]) -> str:
    """Run the shared scorer's main() in this process (no interpreter start-up) and return what it printed."""
    spec = importlib.util.spec_from_file_location("news_score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    buf = io.StringIO()
    argv = sys.argv
    try:
        sys.argv = [str(SCORER), *args]
        with contextlib.redirect_stdout(buf):
            scorer.main()
    finally:
        sys.argv = argv
    return buf.getvalue()


def overall(output: str) -> dict[str, float]:
    """Parse the scorer's overall line into numbers ("entity F1 0.950 | ..." -> {"entity_f1": 0.95})."""
    line = next(ln for ln in output.splitlines() if ln.startswith("overall:"))
    pat = {"entity_f1": r"entity F1 ([\d.]+)", "rel_p": r"relation P ([\d.]+)", "rel_r": r"relation P [\d.]+ R ([\d.]+)",
           "core_recall": r"core recall ([\d.]+)", "claim_p": r"claims P ([\d.]+)", "claim_r": r"claims P [\d.]+ R ([\d.]+)",
           "time_acc": r"\| time ([\d.]+)", "byline": r"byline ([\d.]+)", "boilerplate_leaks": r"leaks (\d+)"}
    return {k: float(m.group(1)) for k, p in pat.items() if (m := re.search(p, line))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=[*SETS, "all"], default="all", help="which gold set(s) to score")
    ap.add_argument("--gold", nargs="*", type=Path, default=[], help="extra gold files/folders (scored with the seed)")
    ap.add_argument("--text", nargs="*", type=Path, default=[], help="folders with the articles' .txt files")
    ap.add_argument("--cli", action="store_true", help="run `kg extract --format json` instead of the library")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--out", type=Path, help="keep the predictions here (JSONL)")
    a = ap.parse_args(argv)
    names = list(SETS) if a.set == "all" else [a.set]
    for name in names:
        gold = SETS[name] + (a.gold if name == "seed" else [])
        out = a.out.with_suffix(f".{name}.jsonl") if a.out and len(names) > 1 else a.out
        output = run_benchmark(gold, a.text, cli=a.cli, verbose=a.verbose, out=out)
        print(f"== {name}")
        print(output.rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
