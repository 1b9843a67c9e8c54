"""Clause facts the verb reader misses, for kg_relations.

- a birthplace: "X was born in Cusco" is an agentless passive, which the clause rules leave as a bare event
  -> (X, "born in", Cusco);
- a funder: "received 8 million pounds from Y", "won a grant from Y" -> (Y, "fund", X);
- a named participant hanging on the object: "studied law at the University of Lima", "took a stake in Acme"
  -> (X, "study law at", University of Lima), (X, "take stake in", Acme). The parser attaches the
  preposition to the object noun, so the verb never sees the named thing.

Each finder yields partial relation dicts in the format of ``verbs.verb_relations``.
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Token

from .args import arg_of
from .util import clause_subjects, verb_lemma
from .verbs import _mk, _particle, negated

__all__ = ["object_prep_relations"]

# prepositions on an object noun that bring in a participant ("at X", "from X", "with X", "against X", "in X")
OBJECT_PREPS = {"at", "from", "with", "against", "in"}
PARTICIPANT_TYPES = {"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC"}
BASE = 0.65
# receiving money from someone is being funded by them ("received 8 million pounds from the government")
RECEIVE_VERBS = {"receive", "win", "get", "secure", "obtain", "accept", "raise"}
CURRENCIES = {"dollar", "euro", "pound", "yen", "yuan", "franc", "rupee", "peso", "rouble", "ruble", "zloty", "krona",
              "krone", "rand", "lira", "shekel", "dirham", "riyal"}
FUNDING_NOUNS = {"grant", "loan", "funding", "donation", "subsidy", "investment", "fund", "payment", "bailout"}


def object_prep_relations(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict[str, Any]]:
    """Birthplaces and participants on the object noun (see the module docstring).

    doc (Doc): a doc processed by kg_entities and kg_coref.
    tok_ent (dict[int, int]): token -> entity map.
    RETURNS (Iterator[dict]): partial relations.
    """
    clusters = doc._.kg_entities or []
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        if verb.lower_ == "born":
            yield from _born_in(verb, tok_ent, clusters)
        else:
            yield from _on_object(verb, tok_ent, clusters)
            yield from _funder(verb, tok_ent, clusters)


def _born_in(verb: Token, tok_ent: dict[int, int], clusters: list[dict]) -> Iterator[dict]:
    people = [a for a in (arg_of(t, tok_ent) for t in clause_subjects(verb)) if a and "ent" in a and
              clusters[a["ent"]]["type"] == "PERSON"]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
        # a name after "born in" is a place, whatever the model labelled it ("born in Enugu" as PERSON)
        for place in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent):
            for person in (p for p in people if p != {"ent": tok_ent[place.i]}):
                yield _mk(person, "born in", {"ent": tok_ent[place.i]}, verb, 0.7, {}, negated(verb))


def _funder(verb: Token, tok_ent: dict[int, int], clusters: list[dict]) -> Iterator[dict]:
    """"X received 8 million pounds from Y", "X won a grant from Y": Y funds X."""
    if verb.lemma_ not in RECEIVE_VERBS:
        return
    money = [c for c in verb.children if c.dep_ == "dobj" and (c.ent_type_ == "MONEY" or
                                                                c.lemma_.lower() in FUNDING_NOUNS | CURRENCIES)]
    if not money:
        return
    heads = [verb] + money
    givers = [g for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "from"
              for g in p.children if g.dep_ == "pobj" and g.i in tok_ent]
    takers = [a for a in (arg_of(t, tok_ent) for t in clause_subjects(verb)) if a and "ent" in a]
    for giver in givers:
        if clusters[tok_ent[giver.i]]["type"] not in {"ORG", "GPE", "PERSON"}:
            continue
        for taker in (t for t in takers if t != {"ent": tok_ent[giver.i]}):
            yield _mk({"ent": tok_ent[giver.i]}, "fund", taker, verb, BASE, {}, negated(verb))


def _on_object(verb: Token, tok_ent: dict[int, int], clusters: list[dict]) -> Iterator[dict]:
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i not in tok_ent]
    if not objs:
        return
    subjects = [a for a in (arg_of(t, tok_ent) for t in clause_subjects(verb)) if a and "ent" in a]
    for obj in objs:
        for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS):
            for named in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent):
                if clusters[tok_ent[named.i]]["type"] not in PARTICIPANT_TYPES:
                    continue
                pred = f"{verb_lemma(verb)}{_particle(verb)} {obj.lemma_.lower()} {prep.lower_}"
                for s in subjects:
                    if s != {"ent": tok_ent[named.i]}:
                        yield _mk(s, pred, {"ent": tok_ent[named.i]}, verb, BASE, {}, negated(verb))
