"""Confidence of a clause triple: a hand-set linear score over parse features."""
from __future__ import annotations

from typing import Sequence

from spacy.tokens import Token

from kg.extract._args import Phrase

__all__ = ["confidence", "CLAUSE_PRIOR"]

# How often each pattern yields a correct fact: a direct object or a copular
# complement is the parser's most reliable attachment; an intransitive clause
# (SV) has no second argument and nominal patterns guess at the relation word.
CLAUSE_PRIOR = {
    "SVO": 0.75, "SVOA": 0.72, "SVC": 0.72, "SVA": 0.66, "SVOO": 0.6, "SV": 0.35,
    "APPOS": 0.55, "TITLE": 0.5, "INCL": 0.3, "POSS": 0.3, "LOC": 0.45,
}
# Where the subject came from: a subject shared through coordination, a relative
# clause or a control verb is one more attachment the parser can get wrong.
SOURCE_PENALTY = {"explicit": 0.0, "": 0.0, "conj": 0.04, "relcl": 0.05, "xcomp": 0.08, "acl": 0.12}
# Clause position: main clauses are parsed best; embedded ones less so
DEP_BONUS = {"ROOT": 0.05, "conj": 0.0, "relcl": -0.02, "ccomp": -0.06, "advcl": -0.06,
             "xcomp": -0.02, "acl": -0.06, "pcomp": -0.08, "parataxis": -0.08}
LONG_ARG = 5  # tokens; longer arguments are more often mis-bracketed


def confidence(*, ctype: str, source: str, arg1: Phrase, arg2: Phrase | None,
               extras: Sequence[Phrase], rel: Sequence[Token], passive: bool,
               verb: Token | None) -> float:
    """Score in [0.05, 0.99] that ranks likely-correct triples above doubtful ones.

    Raised by: a reliable clause type (SVO/SVC over SVA over SV), an explicit
    subject, a main-clause verb, short arguments. Lowered by: borrowed
    subjects (conjunction, relative or control clauses), embedded clauses,
    long arguments (bracketing errors grow with length), pronoun arguments
    (their referent is outside the triple), a missing second argument, many
    extra arguments, passive voice.
    """
    score = CLAUSE_PRIOR.get(ctype, 0.4) - SOURCE_PENALTY.get(source, 0.05)
    if verb is not None:
        score += DEP_BONUS.get(verb.dep_, -0.05)
    # a long subject is usually a mis-bracketed one; long objects are normal
    score -= min(0.25, 0.03 * max(0, len(arg1.tokens) - LONG_ARG))
    if arg2 is not None:
        score -= min(0.1, 0.01 * max(0, len(arg2.tokens) - 4 * LONG_ARG))
    score -= 0.02 * sum(1 for arg in (arg1, arg2) if arg is not None and arg.is_pronoun)
    score -= 0.03 * max(0, len(extras) - 2)
    score -= 0.01 if passive else 0.0
    return round(min(0.99, max(0.05, score)), 3)
