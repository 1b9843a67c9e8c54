"""Facts told in an apposition after a name, for kg_relations.

- a described relation: "Villeurbanne, a suburb of Lyon" -> (Villeurbanne, "suburb of", Lyon);
  "China, the largest investor in X" -> (China, "investor in", X);
- a home town in news style: "Ethan Cole, 34, of Boise" -> (Ethan Cole, "from", Boise).

Posts held by people ("X, chief executive of Y") are the role rules' business (see ``roles``); these
finders read the appositions those rules leave. Each yields partial relation dicts in the format of
``verbs.verb_relations``.
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Token

from .args import arg_of
from .verbs import _mk

__all__ = ["appositive_relations"]

RELATION_PREPS = {"of", "in"}
PLACE_TYPES = {"GPE", "LOC"}
BASE = 0.7


def appositive_relations(doc: Doc, tok_ent: dict[int, int], role_nouns: set[str]) -> Iterator[dict[str, Any]]:
    """Relations from appositions after a named entity (see the module docstring).

    doc (Doc): a doc processed by kg_entities.
    tok_ent (dict[int, int]): token -> entity map.
    role_nouns (set[str]): head nouns of role titles, left to the role rules for people.
    RETURNS (Iterator[dict]): partial relations.
    """
    clusters = doc._.kg_entities or []
    for tok in doc:
        if tok.i not in tok_ent or (tok.i + 1 < len(doc) and tok_ent.get(tok.i + 1) == tok_ent[tok.i]):
            continue  # only the last token of a name
        ci = tok_ent[tok.i]
        person = clusters[ci]["type"] == "PERSON"
        apps = [c for c in tok.children if c.dep_ == "appos" and c.i > tok.i]
        for app in (a for c in apps for a in (c, *c.conjuncts) if a.i not in tok_ent):  # "a donor and a member of"
            if app.pos_ == "NOUN" and not (person and app.lemma_.lower() in role_nouns):
                yield from _described(app, ci, tok_ent)
        if person:
            yield from _home_town(tok, ci, tok_ent, clusters)


def _described(noun: Token, ci: int, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"X, a suburb of Lyon": the apposed noun and its preposition name the relation to the object."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in RELATION_PREPS):
        for obj in (g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"}):
            what = arg_of(obj, tok_ent)
            if what is not None and what != {"ent": ci}:
                yield _mk({"ent": ci}, f"{noun.lemma_.lower()} {prep.lower_}", what, noun, BASE, {}, False)


def _home_town(name: Token, ci: int, tok_ent: dict[int, int], clusters: list[dict]) -> Iterator[dict]:
    """"Ethan Cole, 34, of Boise, Idaho": "of" and a place after the name's comma is where the person is from."""
    for prep in (c for c in name.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > name.i):
        if name.doc[prep.i - 1].text != ",":
            continue  # "the Smith of Boise" reads otherwise; the news style sets it off with commas
        for obj in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent):
            if clusters[tok_ent[obj.i]]["type"] in PLACE_TYPES and tok_ent[obj.i] != ci:
                yield _mk({"ent": ci}, "from", {"ent": tok_ent[obj.i]}, obj, BASE, {}, False)
