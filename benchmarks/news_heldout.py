#!/usr/bin/env python3
"""Held-out news test set: run `kg extract` on each raw article and score it with the shared scorer.

Usage::

    python benchmarks/news_heldout.py [--dir FOLDER] [--verbose] [--json] [--out FILE] [--kg PATH]

For every ``NAME.gold.json`` in the held-out folder (``benchmarks/news_heldout2``; the first set,
``benchmarks/news_heldout``, is retired: an engineer saw part of its gold, see its README) the article's raw file (``raw_file``: the text a
user would feed kg, web boilerplate included) is extracted with
``kg extract FILE --published DATE --format json`` (DATE = the gold's ``published``); the JSON lines are
appended to one JSONL file, which is scored by ``news_score.py --gold FOLDER --pred FILE``.

Pairing: the scorer pairs a prediction with ``NAME.gold.json`` by the stem of its ``source`` file
name (``NAME.txt`` -> ``NAME``). ``NAME.raw.txt`` would give the stem ``NAME.raw`` and fall back to
pairing by evidence overlap, so each raw file is first copied byte for byte to a temporary folder as
``NAME.txt`` and extracted from there; the check after extraction makes sure every prediction's
source stem names its own gold file.

The scorer is ``../shared/bench/news_score.py`` beside the checkout; KG_BENCH (the bench folder)
overrides. Per-article lines and the overall line are the scorer's own output.

The set is never tuned on (see its README.md).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("KG_BENCH") or ROOT.parent / "shared" / "bench")
SCORER = BENCH / "news_score.py"
# The current held-out set; benchmarks/news_heldout (the first) was retired when an engineer saw its gold.
HELDOUT = ROOT / "benchmarks" / "news_heldout2"


def default_kg() -> str:
    venv = ROOT / ".venv" / "bin" / "kg"
    return str(venv) if venv.exists() else (shutil.which("kg") or "kg")


def extract_all(out_path: Path, kg: str, folder: Path = HELDOUT) -> list[str]:
    """Extract every held-out raw article in ``folder`` into out_path (JSON Lines); returns the article names."""
    names = []
    with tempfile.TemporaryDirectory(prefix="kg_heldout_") as tmp, open(out_path, "w", encoding="utf-8") as out:
        for gold in sorted(folder.glob("*.gold.json")):
            name = gold.name[: -len(".gold.json")]
            meta = json.loads(gold.read_text(encoding="utf-8"))
            raw = folder / meta.get("raw_file", f"{name}.raw.txt")
            if not raw.exists():
                raw = folder / meta.get("text_file", f"{name}.txt")
            src = Path(tmp) / f"{name}.txt"
            shutil.copyfile(raw, src)
            cmd = [kg, "extract", str(src), "--format", "json"]
            if meta.get("published"):
                cmd += ["--published", meta["published"]]
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if proc.returncode != 0:
                sys.exit(f"news_heldout: kg extract failed on {raw.name}:\n{proc.stderr}")
            lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
            for ln in lines:
                stem = Path(str(json.loads(ln).get("source", ""))).name
                if stem.removesuffix(".txt") != name:
                    sys.exit(f"news_heldout: prediction for {raw.name} has source {stem!r}; it would not pair by name")
                out.write(ln + "\n")
            names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "news_heldout_pred.jsonl"))
    ap.add_argument("--kg", default=default_kg(), help="kg executable (default: .venv/bin/kg)")
    ap.add_argument("--verbose", action="store_true", help="pass --verbose to the scorer (MISSED/EXTRA lines)")
    ap.add_argument("--json", action="store_true", help="pass --json to the scorer")
    ap.add_argument("--dir", default=str(HELDOUT),
                    help="held-out folder (default: benchmarks/news_heldout2; benchmarks/news_heldout is retired)")
    a = ap.parse_args(argv)
    folder = Path(a.dir)
    if not any(folder.glob("*.gold.json")):
        sys.exit(f"news_heldout: no *.gold.json in {folder}")
    if not SCORER.exists():
        sys.exit(f"news_heldout: scorer not found at {SCORER} (set KG_BENCH to the bench folder)")
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    extract_all(out, a.kg, folder)
    cmd = [sys.executable, str(SCORER), "--gold", str(folder), "--pred", str(out)]
    cmd += ["--verbose"] * a.verbose + ["--json"] * a.json
    return subprocess.run(cmd, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
