"""Prizes told from the prize's side, for kg_relations: "X was awarded the Y", "Best actress went to X",
and titles won at a named event: "X won the title at the Australian Open".

The clause reader reads "X won Y" and "X received Y" as they stand; these two phrasings put the winner
after a passive or a "to", where it reads the prize as the subject or finds no object at all.
Each finder yields partial relation dicts in the format of ``verbs.verb_relations``.
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Token

from .args import Arg, arg_of
from .verbs import _mk, negated

__all__ = ["award_relations", "AWARD_NOUNS", "AWARD_VERBS"]

# what is won: a prize noun ("the top prize"), or a category named "best ..." ("best actress")
AWARD_NOUNS = {"prize", "award", "title", "medal", "trophy", "honour", "honor", "cup", "crown", "lion", "bear",
               "palm", "globe", "oscar", "grammy", "emmy", "jersey", "championship", "fellowship", "scholarship",
               "grant", "medallion", "laurel", "accolade", "gong", "statuette"}
CATEGORY_WORDS = {"best"}  # "the top job went to X" is no prize; "the top prize" has a prize head
# generic titles that stand for the event they are won at ("won the title at the Australian Open")
TITLE_NOUNS = {"title", "crown", "championship", "trophy", "tournament", "final", "race", "gold", "medal"}
# verbs whose passive subject is the one who gets the thing ("was awarded the prize", "was handed a medal")
AWARD_VERBS = {"award", "give", "present", "hand", "grant", "bestow"}
WINNER_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
BASE = 0.7


def award_relations(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict[str, Any]]:
    """(winner, "win", prize) from "X was awarded Y" and "Y went to X".

    doc (Doc): a doc processed by kg_entities and kg_coref.
    tok_ent (dict[int, int]): token -> entity map.
    RETURNS (Iterator[dict]): partial relations.
    """
    clusters = doc._.kg_entities or []
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        if verb.lemma_ in AWARD_VERBS:
            yield from _awarded(verb, tok_ent, clusters)
        elif verb.lemma_ == "go":
            yield from _went_to(verb, tok_ent, clusters)
        elif verb.lemma_ == "win":
            yield from _title_at(verb, tok_ent, clusters)


def _awarded(verb: Token, tok_ent: dict[int, int], clusters: list[dict]) -> Iterator[dict]:
    """"X was awarded the Nobel Prize": the passive subject receives the direct object."""
    winners = [c for c in verb.children if c.dep_ == "nsubjpass" and _winner(c, tok_ent, clusters)]
    for obj in (c for c in verb.children if c.dep_ in {"dobj", "oprd", "attr"}):
        prize = arg_of(obj, tok_ent)
        for w in winners:
            if prize is not None and prize != {"ent": tok_ent[w.i]}:
                pred = "win" if _is_award(obj, prize, clusters) else "receive"
                yield _mk({"ent": tok_ent[w.i]}, pred, prize, verb, BASE, {}, negated(verb))


def _went_to(verb: Token, tok_ent: dict[int, int], clusters: list[dict]) -> Iterator[dict]:
    """"Best actress went to X", "The Golden Lion went to X": only a prize "goes to" its winner."""
    prizes = [c for c in verb.children if c.dep_ == "nsubj"]
    winners = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
               for g in c.children if g.dep_ == "pobj" and _winner(g, tok_ent, clusters)]
    for p in prizes:
        prize = arg_of(p, tok_ent)
        if prize is None or not _is_award(p, prize, clusters):
            continue
        for w in winners:
            if prize != {"ent": tok_ent[w.i]}:
                yield _mk({"ent": tok_ent[w.i]}, "win", prize, verb, BASE, {}, negated(verb))


def _title_at(verb: Token, tok_ent: dict[int, int], clusters: list[dict]) -> Iterator[dict]:
    """"X won the title at the Australian Open", "won her first title, beating Y in the Wimbledon final":
    a generic title won at a named event is a win of the event."""
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in TITLE_NOUNS and c.i not in tok_ent for c in verb.children):
        return
    heads = [verb] + [c for c in verb.children if c.dep_ in {"dobj", "advcl"}]  # "..., beating Y in the final"
    events = {tok_ent[t.i] for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in {"in", "at"}
              for g in p.children if g.dep_ == "pobj" for t in (g, *g.children)
              if t.i in tok_ent and clusters[tok_ent[t.i]]["type"] == "EVENT"}
    if len(events) != 1:
        return
    for s in (c for c in verb.children if c.dep_ == "nsubj" and _winner(c, tok_ent, clusters)):
        yield _mk({"ent": tok_ent[s.i]}, "win", {"ent": events.pop()}, verb, BASE, {}, negated(verb))
        return


def _winner(tok: Token, tok_ent: dict[int, int], clusters: list[dict]) -> bool:
    return tok.i in tok_ent and clusters[tok_ent[tok.i]]["type"] in WINNER_TYPES


def _is_award(head: Token, arg: Arg, clusters: list[dict]) -> bool:
    """The phrase names a prize: its head or a word of a named prize is a prize noun, or it is a category
    ("best actress")."""
    if "ent" in arg:
        words = clusters[arg["ent"]]["name"].lower().split()
        return clusters[arg["ent"]]["type"] not in WINNER_TYPES and any(w in AWARD_NOUNS for w in words)
    first = head.left_edge.lower_ if head.left_edge.lower_ not in {"the", "a", "an"} else head.left_edge.nbor().lower_
    return head.lemma_.lower() in AWARD_NOUNS or first in CATEGORY_WORDS
