"""Arguments of relations and claims: a named entity, or an unnamed phrase (CONCEPT or PERSON).

An argument is a plain dict so it survives ``Doc.to_bytes``: ``{"ent": index}`` for an entity of
``Doc._.kg_entities``, or ``{"text", "start", "end", "type"}`` for an unnamed referent.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from .util import np_span

__all__ = ["Arg", "arg_of", "phrase_arg", "time_of", "TIME_PREPS"]

Arg = dict[str, Any]
TIME_PREPS = {"on", "in", "at", "during", "since", "until", "by", "before", "after"}
PRONOUNS = {"i", "me", "you", "he", "him", "she", "her", "it", "we", "us", "they", "them", "this", "that", "which",
            "who", "whom", "what", "there", "here", "its", "his", "their", "itself", "themselves", "one"}
MAX_PHRASE_TOKENS = 14
NAMING_VERBS = {"call", "name", "dub", "know"}


def arg_of(tok: Token, tok_ent: dict[int, int], keep_conj: bool = False, min_start: int = 0) -> Arg | None:
    """The argument headed by `tok`: its entity if it is (part of) a mention, else an unnamed phrase.

    tok (Token): head token of the argument phrase.
    tok_ent (dict[int, int]): token index -> entity index (see util.token_entities).
    keep_conj (bool): keep coordinated nouns in the phrase.
    min_start (int): first token the phrase may use (after a repaired verb).
    RETURNS (Arg | None): None for unresolved pronouns, numbers and dates.
    """
    if tok.i in tok_ent:
        return {"ent": tok_ent[tok.i]}
    named = [c for c in tok.children if c.dep_ == "appos" and c.i in tok_ent]
    if named:  # "his lawyer, Jane Doe," is Jane Doe
        return {"ent": tok_ent[named[0].i]}
    called = [g for c in tok.children if c.dep_ == "acl" and c.lemma_ in NAMING_VERBS and c.i == tok.i + 1
              for g in c.children if g.dep_ in {"oprd", "dobj", "attr"} and g.i in tok_ent]
    if called:  # "a criminal group called BlackOrchid" is BlackOrchid
        return {"ent": tok_ent[called[0].i]}
    if tok.lower_ in PRONOUNS or tok.pos_ in {"PRON", "NUM", "DET"} or tok.ent_type_ in {"DATE", "TIME"}:
        return None
    if tok.pos_ not in {"NOUN", "PROPN", "ADJ", "VERB"} or not any(ch.isalpha() for ch in tok.text):
        return None
    span = np_span(tok, keep_conj)
    span = _whole_hyphenated(span, tok)
    if span.start < min_start:
        span = span.doc[min(min_start, tok.i): span.end]
    return phrase_arg(span)


def _whole_hyphenated(span: Span, tok: Token) -> Span:
    """Widen `span` to the whole hyphenated word `tok` is part of ("semi - finals" parsed as three words)."""
    doc = tok.doc
    a = b = tok.i
    while a >= 2 and doc[a - 1].text == "-" and not doc[a - 2].whitespace_ and not doc[a - 1].whitespace_:
        a -= 2
    while b + 2 < len(doc) and doc[b + 1].text == "-" and not doc[b].whitespace_ and not doc[b + 1].whitespace_:
        b += 2
    return doc[min(a, span.start): max(b + 1, span.end)] if (a, b) != (tok.i, tok.i) else span


def phrase_arg(span: Span, type_: str = "CONCEPT") -> Arg | None:
    """An unnamed argument for `span` (too long or empty spans give None)."""
    if len(span) == 0 or len(span) > MAX_PHRASE_TOKENS:
        return None
    root = span.root
    text = _text(span)
    alias = text.replace(root.text, root.lemma_, 1) if root.tag_ == "NNS" and text.count(root.text) == 1 else None
    return {"text": text, "start": span.start_char, "end": span.end_char, "type": type_,
            "head": root.lemma_.lower(), "alias": alias}


def _text(span: Span) -> str:
    """Span text without dates inside it ("draft rules in April for X" -> "draft rules for X")."""
    skip = {t.i for t in span if t.dep_ == "prep" and t.head.i != t.i and any(
        c.ent_type_ in {"DATE", "TIME"} for c in t.children) for t in t.subtree}
    if not skip:
        return span.text
    return "".join(t.text_with_ws for t in span if t.i not in skip).strip()


def time_of(verb: Token, times: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The date attached to `verb` ("on Wednesday", "in April", "Monday"), from `Doc._.kg_time`.

    verb (Token): the predicate token.
    times (list[dict]): `Doc._.kg_time`.
    RETURNS (dict | None): the kg_time entry.
    """
    if not times:
        return None
    by_start = {t["start"]: t for t in times}
    objs = [c for c in verb.children if c.dep_ == "dobj"]  # "detected the attack on Sunday": parsed on the noun
    for child in list(verb.children) + [c for o in objs for c in o.children if c.dep_ == "prep" and c.i > o.i]:
        cands = [child]
        if child.dep_ == "prep" and child.lower_ in TIME_PREPS:
            cands = [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ not in {"npadvmod", "tmod"}:
            continue
        for c in cands:
            # "on [last] Wednesday" starts at its left edge; "in [quarterly] sales" is no date however it starts
            start = c.left_edge.idx if c.left_edge.ent_type_ == "DATE" and c.ent_type_ in {"DATE", "TIME"} else c.idx
            for key in (start, c.idx):
                if key in by_start:
                    return by_start[key]
            inside = [t for t in times if t["start"] <= c.idx < t["end"]]  # "the [next morning]": head inside
            if inside:
                return inside[0]
    return None
