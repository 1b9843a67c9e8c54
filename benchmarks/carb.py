"""CaRB dev benchmark for the clause extractor: predictions file + the shared scorer's figures.

    .venv/bin/python benchmarks/carb.py [--pred OUT.tsv] [--model NAME]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from kg.openie import load_parser, openie_lines  # noqa: E402

__all__ = ["run_carb", "BENCH"]

BENCH = os.environ.get("KG_BENCH", os.path.join(os.path.dirname(ROOT), "shared", "bench"))
SENTENCES = os.path.join(BENCH, "carb", "dev", "sentences_dev.txt")
GOLD = os.path.join(BENCH, "carb", "dev", "gold_dev.tsv")
SCORER = os.path.join(BENCH, "carb_score.py")
FIGURES = {"precision": r"precision\s*:\s*([\d.]+)", "recall": r"recall\s*:\s*([\d.]+)",
           "f1": r"F1 \(best\)\s*:\s*([\d.]+)", "auc": r"AUC\s*:\s*([\d.]+)"}


def run_carb(pred_path: str, nlp=None, *, verbose: bool = True) -> dict:
    """Extract from the dev sentences into `pred_path`, score with carb_score.py.

    RETURNS (dict): precision, recall, f1, auc (floats) and seconds, plus the scorer's text.
    """
    t0 = time.perf_counter()
    with open(SENTENCES, encoding="utf-8") as fh:
        sentences = fh.read().splitlines()
    with open(pred_path, "w", encoding="utf-8") as out:
        for line in openie_lines(sentences, nlp or load_parser()):
            out.write(line + "\n")
    seconds = time.perf_counter() - t0
    proc = subprocess.run([sys.executable, SCORER, "--gold", GOLD, "--pred", pred_path],
                          capture_output=True, text=True, check=True)
    res = {k: float(re.search(p, proc.stdout).group(1)) for k, p in FIGURES.items()}
    res.update(seconds=seconds, report=proc.stdout)
    if verbose:
        print(proc.stdout.rstrip())
        print(f"extraction    : {len(sentences)} sentences in {seconds:.1f} s")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pred", default=os.path.join(ROOT, "benchmarks", "out", "carb_dev_pred.tsv"))
    ap.add_argument("--model", default=None)
    a = ap.parse_args(argv)
    os.makedirs(os.path.dirname(os.path.abspath(a.pred)), exist_ok=True)
    run_carb(a.pred, load_parser(a.model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
