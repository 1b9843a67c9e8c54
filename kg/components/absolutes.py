"""Absolute "with" clauses: "X raised $3 billion, with A and B each buying half" says A and B bought.

The small parser often reads the noun phrase after "with" as the object of the main verb ("raise with A")
and leaves the participle with the floating quantifier ("each") as its subject, or none at all. These
helpers give the participle its real subjects and tell the main clause that the "with" is no object of its own.
"""
from __future__ import annotations

from spacy.tokens import Token

__all__ = ["absolute_subjects", "absolute_prep"]

# quantifiers floated after the subject of the participle: "with A and B each winning ..."
FLOATING = {"each", "both", "all"}


def absolute_subjects(verb: Token) -> list[Token]:
    """Subject heads of a participle in an absolute "with" clause, or [] when it is not one.

    verb (Token): a token tagged VBG.
    RETURNS (list[Token]): the head of each coordinated noun phrase between "with" and the participle.
    """
    prep = _with_before(verb)
    if prep is None:
        return []
    words = list(verb.doc[prep.i + 1: verb.i])
    while words and words[-1].lower_ in FLOATING:
        words.pop()
    if not words or any(w.pos_ in {"VERB", "AUX", "ADP"} or w.is_punct for w in words):
        return []
    inside = {w.i for w in words}
    heads = [w for w in words if w.dep_ != "cc" and (w.head.i not in inside or w.dep_ == "conj" or
                                                     w.dep_ == "nmod" and _has_conj(w))]
    return [h for h in heads if h.pos_ in {"NOUN", "PROPN"}]


def absolute_prep(prep: Token) -> bool:
    """The "with" opens an absolute clause (so its noun is no object of the verb it hangs on).

    prep (Token): a preposition.
    RETURNS (bool): True for "with" followed by a noun phrase and a participle that takes it as subject.
    """
    if prep.lower_ != "with":
        return False
    following = (t for t in prep.doc[prep.i + 1: prep.sent.end] if t.tag_ == "VBG")
    verb = next(following, None)
    found = _with_before(verb) if verb is not None else None
    return found is not None and found.i == prep.i and bool(absolute_subjects(verb))


def _with_before(verb: Token) -> Token | None:
    """The "with" that opens `verb`'s absolute clause, when `verb` is a participle with no subject of its own."""
    if verb.tag_ != "VBG" or verb.dep_ not in {"advcl", "acl", "conj"}:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in FLOATING for c in verb.children):
        return None
    for tok in reversed(verb.doc[verb.sent.start: verb.i]):
        if tok.lower_ == "with" and tok.dep_ == "prep":
            return tok
        if tok.is_punct or tok.pos_ in {"VERB", "AUX", "ADP", "SCONJ"}:
            return None
    return None


def _has_conj(tok: Token) -> bool:
    return any(c.dep_ == "conj" for c in tok.children)
