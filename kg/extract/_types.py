"""The Triple record shared by the clause and nominal extractors."""
from __future__ import annotations

from typing import NamedTuple

__all__ = ["Triple"]


class Triple(NamedTuple):
    """One extraction: `arg1 | relation | arg2 [| extra...]` plus what a graph needs.

    relation, arg1, arg2 (str): surface text, as in the sentence ("was awarded", "He").
    extra (tuple[str, ...]): further arguments, each a full phrase ("in 1957").
    confidence (float): in [0, 1], see `kg.extract._score.confidence`.
    clause_type (str): SV, SVO, SVC, SVA, SVOO, SVOA, or the nominal APPOS / TITLE / POSS / INCL / LOC.
    predicate (str): lemma-normalised relation without auxiliaries ("teach at", "be").
    negated (bool), modality (str | None): "not"/"never" seen; the modal verb ("will").
    passive (bool): arg1 is the patient; `agent` holds the by-phrase (the active subject).
    agent (str | None): logical subject (arg1 when active, the "by" object when passive).
    arg1_chars, arg2_chars (tuple[int, int] | None): char offsets in the Doc.
    rel_tokens (tuple[int, ...]): Doc token indices of the relation words.
    extra_chars (tuple[tuple[int, int], ...]): char offsets of each extra argument.
    """

    relation: str
    arg1: str
    arg2: str
    extra: tuple[str, ...]
    confidence: float
    clause_type: str
    predicate: str
    negated: bool
    modality: str | None
    passive: bool
    agent: str | None
    arg1_chars: tuple[int, int] | None
    arg2_chars: tuple[int, int] | None
    rel_tokens: tuple[int, ...]
    extra_chars: tuple[tuple[int, int], ...] = ()
