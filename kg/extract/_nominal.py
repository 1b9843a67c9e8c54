"""Nominal facts with no verb: appositions, titles, possessives, "including"."""
from __future__ import annotations

from typing import Iterator, Union

from spacy.tokens import Doc, Span, Token

from kg.extract._args import Phrase, conjuncts, phrase, phrase_from
from kg.extract._score import confidence
from kg.extract._types import Triple

__all__ = ["nominal_triples"]

NOUNS = {"NOUN", "PROPN"}
LOCATIVE_PREPS = {"in", "at", "on", "near"}
POSS_SKIP_TAGS = {"PRP$", "WP$", "PRP"}  # "his car": the owner is a pronoun, not a fact


def nominal_triples(doclike: Union[Doc, Span]) -> Iterator[Triple]:
    """Yield "is"/"has"/"include" triples from noun-phrase structure.

    doclike (Doc | Span): parsed text.
    YIELDS (Triple): APPOS ("X, the Y of Z" -> X | is | the Y of Z), TITLE
        ("President Bush" -> Bush | is | President), POSS ("Z's Y" -> Z | has | Y),
        INCL ("A including B" -> A | include | B).
    """
    for tok in doclike:
        for child in tok.children:
            if child.dep_ == "appos" and child.tag_ not in POSS_SKIP_TAGS:
                yield from _pairs(tok, "is", "be", phrase(tok), [phrase(child)], "APPOS")
            elif child.dep_ == "poss" and child.tag_ not in POSS_SKIP_TAGS:
                yield from _possessive(tok, child)
            elif child.dep_ == "prep" and child.lower_ == "including":
                yield from _including(tok, child)
            elif child.dep_ == "prep" and tok.pos_ in NOUNS:
                yield from _noun_prep(tok, child)
    doc = doclike if isinstance(doclike, Doc) else doclike.doc
    if doc.has_annotation("ENT_IOB"):  # titles need NER; skip quietly without it
        yield from _titles(doclike)


def _possessive(owned: Token, owner: Token) -> Iterator[Triple]:
    # "the Abbey's properties": drop the owner and its "'s" from the owned phrase
    skip, whole = set(owner.subtree), phrase(owned)
    arg2 = phrase_from([t for t in whole.tokens if t not in skip], owned) if whole else None
    arg1 = phrase_from([t for t in owner.subtree if t.dep_ != "case"], owner)
    if arg1 is not None and arg2 is not None:
        yield _triple("has", "have", arg1, arg2, "POSS", [])


def _including(head: Token, prep: Token) -> Iterator[Triple]:
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return
    # agree with the including noun: "the area includes X", "these plants include X"
    rel = "include" if head.tag_ in {"NNS", "NNPS"} else "includes"
    yield from _pairs(head, rel, "include", phrase(head),
                      [phrase(c) for c in conjuncts(pobj)], "INCL")


def _noun_prep(noun: Token, prep: Token) -> Iterator[Triple]:
    # "the Foundation in Berlin" -> the Foundation | is in | Berlin (named places only)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.pos_ != "PROPN" or noun.pos_ != "PROPN" or prep.lower_ not in LOCATIVE_PREPS:
        return
    arg1 = phrase_from([t for t in phrase(noun).tokens if t not in set(prep.subtree)], noun) \
        if phrase(noun) else None
    if arg1 is None:
        return
    yield from _pairs(noun, f"is {prep.lower_}", f"be {prep.lower_}", arg1, [phrase(pobj)], "LOC")


def _titles(doclike: Union[Doc, Span]) -> Iterator[Triple]:
    # a PERSON name preceded by compound words outside the entity: "President Bush"
    for ent in doclike.ents:
        if ent.label_ != "PERSON":
            continue
        # "Dr."/"Mr." are honorifics, not roles: abbreviations are skipped
        title = [c for c in ent.root.children
                 if c.dep_ == "compound" and c.i < ent.start and not c.text.endswith(".")]
        if title:
            arg1 = phrase_from(list(ent), ent.root)
            # the whole title phrase: "Chinese Vice Premier" Ding Xuexiang
            arg2 = phrase_from([t for c in title for t in c.subtree], title[-1])
            if arg1 is not None and arg2 is not None:
                yield _triple("is", "be", arg1, arg2, "TITLE", [])


def _pairs(head: Token, rel: str, pred: str, arg1: Phrase | None,
           arg2s: list[Phrase | None], ctype: str) -> Iterator[Triple]:
    if arg1 is None:
        return
    for arg2 in arg2s:
        if arg2 is not None and arg2.text != arg1.text:
            yield _triple(rel, pred, arg1, arg2, ctype, [])


def _triple(rel: str, pred: str, arg1: Phrase, arg2: Phrase, ctype: str, extras: list) -> Triple:
    conf = confidence(ctype=ctype, source="explicit", arg1=arg1, arg2=arg2, extras=extras,
                      rel=[], passive=False, verb=None)
    return Triple(relation=rel, arg1=arg1.text, arg2=arg2.text, extra=(), confidence=conf,
                  clause_type=ctype, predicate=pred, negated=False, modality=None,
                  passive=False, agent=arg1.text,
                  arg1_chars=(arg1.start_char, arg1.end_char),
                  arg2_chars=(arg2.start_char, arg2.end_char), rel_tokens=())
