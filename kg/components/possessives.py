"""Place facts told by a possessive, for kg_relations.

- an owner's site in a place: "Acme's plant in Ohio", "the company's offices in Lyon" -> (Acme, "located in", Ohio);
- a person's home in a place: "his home in Lyon" -> (X, "live in", Lyon);
- a place named with its country or state: "Montana's Gallatin Range" -> (Gallatin Range, "located in", Montana).

A possessive relates two named things without any verb, so the clause reader never sees them. Each finder
yields partial relation dicts in the format of ``verbs.verb_relations``; the place token stands in for the
verb, so no date of the surrounding clause is taken for these lasting states.
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Token

from .verbs import _mk

__all__ = ["possessive_places", "SITE_NOUNS", "HOME_NOUNS"]

# parts of an organisation that stand somewhere: where they are, the organisation is
SITE_NOUNS = {"plant", "factory", "mill", "mine", "refinery", "smelter", "site", "facility", "office",
              "headquarters", "warehouse", "store", "branch", "campus", "lab", "laboratory", "base", "hub",
              "terminal", "depot", "works", "yard", "shipyard", "hospital", "clinic", "school", "subsidiary",
              "unit"}
HOME_NOUNS = {"home", "house", "residence", "apartment", "flat", "farm", "hometown"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
OWNER_TYPES = {"site": {"ORG"}, "home": {"PERSON"}}
BASE = 0.7


def possessive_places(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict[str, Any]]:
    """Located-in and live-in facts from possessives (see the module docstring).

    doc (Doc): a doc processed by kg_entities and kg_coref.
    tok_ent (dict[int, int]): token -> entity map (pronoun mentions included).
    RETURNS (Iterator[dict]): partial relations.
    """
    clusters = doc._.kg_entities or []
    for tok in doc:
        if tok.dep_ != "poss" or tok.i not in tok_ent:
            continue
        owner = tok_ent[tok.i]
        owned = tok.head
        if owned.i in tok_ent:
            yield from _place_of_place(owned, owner, clusters, tok_ent)
            continue
        kind = "site" if owned.lemma_.lower() in SITE_NOUNS else "home" if owned.lemma_.lower() in HOME_NOUNS \
            else None
        if kind is None or clusters[owner]["type"] not in OWNER_TYPES[kind]:
            continue
        for place in _places_in(owned, tok_ent, clusters):
            if tok_ent[place.i] != owner:
                pred = "located in" if kind == "site" else "live in"
                yield _mk({"ent": owner}, pred, {"ent": tok_ent[place.i]}, place, BASE, {}, False)


def _place_of_place(owned: Token, owner: int, clusters: list[dict], tok_ent: dict[int, int]) -> Iterator[dict]:
    """"Montana's Gallatin Range": a place owned by a place lies in it (an organisation's is the role rules')."""
    thing = tok_ent[owned.i]
    if thing != owner and clusters[thing]["type"] in {"LOC", "FAC"} and clusters[owner]["type"] in {"GPE", "LOC"}:
        yield _mk({"ent": thing}, "located in", {"ent": owner}, owned, BASE, {}, False)


def _places_in(noun: Token, tok_ent: dict[int, int], clusters: list[dict]) -> list[Token]:
    """Named places after "in"/"at" on the noun ("plant in Flint", "home in Lyon")."""
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}
            for g in c.children if g.dep_ == "pobj" and g.i in tok_ent and
            clusters[tok_ent[g.i]]["type"] in PLACE_TYPES]
