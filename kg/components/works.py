"""A titled work's maker told by a possessive, for kg_relations.

"his novel "Low Tide"", "Her first film, "Blue Hours", ..." -> (the person, "write"/"direct", the work).
The kind of work says what its owner did to it; no verb names the act, so the clause reader never sees it.
Each finder yields partial relation dicts in the format of ``verbs.verb_relations``.
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Token

from .verbs import _mk

__all__ = ["work_makers"]

# kind of work -> what its owner did ("her novel" was written by her, "his film" directed by him)
MAKING = {"novel": "write", "book": "write", "memoir": "write", "poem": "write", "play": "write",
          "biography": "write", "collection": "write", "film": "direct", "movie": "direct",
          "documentary": "direct", "album": "record", "song": "record", "single": "record", "painting": "paint"}
QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019"}
SKIP = QUOTES | {","}
BASE = 0.7


def work_makers(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict[str, Any]]:
    """(person, "write"/"direct"/..., work) for each work named right after a person's possessed work noun.

    doc (Doc): a doc processed by kg_entities and kg_coref.
    tok_ent (dict[int, int]): token -> entity map (pronoun mentions included).
    RETURNS (Iterator[dict]): partial relations.
    """
    clusters = doc._.kg_entities or []
    for ci, ent in enumerate(clusters):
        for start, end, kind in ent["mentions"]:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or kind != "name" or not _titled(doc, span, ent["type"]):
                continue
            noun = _work_noun(doc, span.start)
            maker = _owner(noun, tok_ent, clusters) if noun is not None else None
            if maker is not None and maker != ci:
                yield _mk({"ent": maker}, MAKING[noun.lemma_.lower()], {"ent": ci}, noun, BASE, {}, False)


def _titled(doc: Doc, span, label: str) -> bool:
    """A work's title: labelled so, or any name in quotes (the model reads "Harmattan" as a place)."""
    return label == "WORK_OF_ART" or span.start > 0 and doc[span.start - 1].text in QUOTES


def _work_noun(doc: Doc, i: int) -> Token | None:
    """The work noun just before token i, past quotes and a comma ("novel "X"", "novel, "X"")."""
    k = i - 1
    while k >= 0 and i - k <= 4 and (doc[k].text in SKIP or doc[k].lower_ == "the"):
        k -= 1
    return doc[k] if k >= 0 and doc[k].lemma_.lower() in MAKING and doc[k].pos_ == "NOUN" else None


def _owner(noun: Token, tok_ent: dict[int, int], clusters: list[dict]) -> int | None:
    """The person who possesses the work noun ("his", "Okafor's")."""
    for p in (c for c in noun.children if c.dep_ == "poss" and c.i in tok_ent):
        if clusters[tok_ent[p.i]]["type"] == "PERSON":
            return tok_ent[p.i]
    return None
