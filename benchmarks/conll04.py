"""CoNLL04 dev benchmark: clause triples + spaCy NER mapped to the five CoNLL04 relations.

    .venv/bin/python benchmarks/conll04.py [--pred OUT.tsv] [--model NAME]

No training: a small table maps (head entity type, predicate words, tail
entity type) to Work_For, Live_In, Located_In, OrgBased_In or Kill. Scored by
the shared conll04_score.py, default (boundaries) and --strict (entity types).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from typing import Iterator, NamedTuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from spacy.tokens import Doc, Span  # noqa: E402

from kg.extract.clauses import Triple, clause_triples  # noqa: E402
from kg.openie import load_parser  # noqa: E402

__all__ = ["run_conll04", "relations_of", "RULES"]

BENCH = os.environ.get("KG_BENCH", os.path.join(os.path.dirname(ROOT), "shared", "bench"))
GOLD = os.path.join(BENCH, "conll04", "dev", "conll04_dev.json")
SCORER = os.path.join(BENCH, "conll04_score.py")

# spaCy NER label -> coarse type used by the rules
COARSE = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
# Role nouns that make "X, <role> of/at/for Y" or "X is <role> of Y" employment
ROLES = r"(chief|head|president|director|chairman|spokes\w*|officer|manager|executive|leader|" \
        r"member|employee|worker|founder|secretary|minister|official|aide|analyst|editor|" \
        r"correspondent|reporter|lawyer|attorney|adviser|advisor|economist|professor|coach|" \
        r"owner|partner|agent|commander|general|senator|governor|representative)"
ANY = r".*"


class Rule(NamedTuple):
    head: str      # coarse type of the arg1 entity
    pattern: str   # regex over "predicate | arg2 text" (lower case)
    tail: str      # coarse type of the entity in arg2 / extras
    relation: str


# First match wins; `pattern` sees the clause type, the lemma predicate and the
# arg2 + extras text: "X, a spokesman for Y" reads "appos | be | a spokesman for y".
RULES = [
    Rule("PER", r"\b(kill|assassinate|shoot|murder|slay|stab|execute|strangle|behead)", "PER", "Kill"),
    Rule("PER", r"\b(work|employ|serve|join|lead|head|run|represent|hire)\b", "ORG", "Work_For"),
    Rule("PER", rf"\b{ROLES}", "ORG", "Work_For"),
    Rule("PER", r"\b(live|reside|bear|born|grow up|native|home|citizen|resident|move to|from)\b", "LOC",
         "Live_In"),
    Rule("PER", rf"\b(be|of)\b.*\b{ROLES}|\b{ROLES}\b.*\bof\b", "LOC", "Live_In"),
    Rule("ORG", r"^(appos|loc) |\b(base|headquarter|locate)\b", "LOC", "OrgBased_In"),
    Rule("LOC", r"^(appos|loc) |\blocate\b", "LOC", "Located_In"),
]


# Entity pairs inside one noun phrase: (head type, link, tail type) -> relation.
# link = the preposition between them, "mod" for a pre-modifier ("U.S. Ambassador
# X", "Air Force commander X") or "appos" for "Chisholm , Minn.".
NP_RULES = {
    ("PER", "of", "LOC"): "Live_In", ("PER", "from", "LOC"): "Live_In", ("PER", "mod", "LOC"): "Live_In",
    ("PER", "mod", "ORG"): "Work_For", ("PER", "of", "ORG"): "Work_For", ("PER", "at", "ORG"): "Work_For",
    ("PER", "for", "ORG"): "Work_For", ("PER", "with", "ORG"): "Work_For",
    ("ORG", "mod", "LOC"): "OrgBased_In", ("ORG", "in", "LOC"): "OrgBased_In",
    ("ORG", "of", "LOC"): "OrgBased_In", ("ORG", "at", "LOC"): "OrgBased_In",
    ("LOC", "appos", "LOC"): "Located_In", ("LOC", "in", "LOC"): "Located_In",
    ("LOC", "of", "LOC"): "Located_In", ("LOC", "mod", "LOC"): "Located_In",
}
NP_DEPS = {"prep", "pobj", "appos", "compound", "amod", "nmod", "poss", "npadvmod", "punct"}


def run_conll04(pred_path: str, nlp=None, *, verbose: bool = True) -> dict:
    """Predict on the dev sentences, score default and strict.

    RETURNS (dict): {"default": scorer JSON, "strict": scorer JSON}.
    """
    nlp = nlp or load_parser()
    with open(GOLD, encoding="utf-8") as fh:
        docs = json.load(fh)
    with open(pred_path, "w", encoding="utf-8") as out:
        for item in docs:
            doc = nlp(Doc(nlp.vocab, words=item["tokens"]))
            for head, rel, tail in sorted(set(relations_of(doc))):
                out.write("\t".join([str(item["orig_id"]), head.text, rel, tail.text,
                                     head.label_, tail.label_]) + "\n")
    results = {}
    for mode, flags in (("default", []), ("strict", ["--strict"])):
        proc = subprocess.run([sys.executable, SCORER, "--gold", GOLD, "--pred", pred_path, *flags],
                              capture_output=True, text=True, check=True)
        results[mode] = proc.stdout
        if verbose:
            print(proc.stdout.rstrip(), end="\n\n")
    return {m: float(re.search(r"micro P/R/F1: [\d.]+ [\d.]+ ([\d.]+)", t).group(1))
            for m, t in results.items()} | {"reports": results}


def relations_of(doc: Doc) -> Iterator[tuple[Span, str, Span]]:
    """Yield (head entity, CoNLL04 relation, tail entity) from the clause triples of `doc`."""
    for triple in clause_triples(doc):
        yield from _triple_relations(doc, triple)
    yield from _np_relations(doc)


def _np_relations(doc: Doc) -> Iterator[tuple[Span, str, Span]]:
    ents = [e for e in doc.ents if e.label_ in COARSE]
    for head in ents:
        for tail in ents:
            link = _np_link(head, tail) if head != tail else None
            rel = NP_RULES.get((COARSE[head.label_], link, COARSE[tail.label_])) if link else None
            if rel:
                yield _trim(head), rel, _trim(tail)


def _np_link(head: Span, tail: Span) -> str | None:
    """How `tail` hangs off `head` inside a noun phrase: a preposition, "mod" or "appos"."""
    tok, link = tail.root, None
    while tok.head != tok and tok.dep_ in NP_DEPS | {"pobj"} and tok not in head:
        if tok.dep_ == "prep":
            link = tok.lower_
        elif tok.dep_ == "appos" and link is None:
            link = "appos"
        elif tok.dep_ in {"compound", "amod", "nmod", "poss"} and tok.i < head.start and link is None:
            link = "mod"
        tok = tok.head
    return link if tok in head else None


def _triple_relations(doc: Doc, triple: Triple) -> Iterator[tuple[Span, str, Span]]:
    if triple.arg1_chars is None or triple.negated:
        return
    left = _ents_in(doc, [triple.arg1_chars])
    right = _ents_in(doc, [c for c in (triple.arg2_chars, *triple.extra_chars) if c])
    text = f"{triple.clause_type} | {triple.predicate} | {' '.join([triple.arg2, *triple.extra])}".lower()
    for head in left:
        for tail in right:
            rel = _match(COARSE.get(head.label_), text, COARSE.get(tail.label_))
            if rel == "Kill" and triple.passive:
                # "Lincoln was shot by Booth": only the by-object can be the killer
                if triple.agent is None or tail.start_char < triple.arg2_chars[0]:
                    continue
                head, tail = tail, head
            if rel and head.text != tail.text:
                yield _trim(head), rel, _trim(tail)


def _trim(ent: Span) -> Span:
    # CoNLL04 mentions have no leading determiner ("the Navy" -> "Navy"); titles
    # ("President Lincoln") are kept by the gold only sometimes: left as NER gives
    return ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent


def _match(head: str | None, text: str, tail: str | None) -> str | None:
    for rule in RULES:
        if rule.head == head and rule.tail == tail and re.search(rule.pattern, text):
            return rule.relation
    return None


def _ents_in(doc: Doc, spans: list[tuple[int, int]]) -> list[Span]:
    return [e for e in doc.ents if e.label_ in COARSE
            and any(s <= e.start_char and e.end_char <= t for s, t in spans)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pred", default=os.path.join(ROOT, "benchmarks", "out", "conll04_dev_pred.tsv"))
    ap.add_argument("--model", default=None)
    a = ap.parse_args(argv)
    os.makedirs(os.path.dirname(os.path.abspath(a.pred)), exist_ok=True)
    res = run_conll04(a.pred, load_parser(a.model))
    print(f"CoNLL04 dev micro F1: default {res['default']:.4f}, strict {res['strict']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
