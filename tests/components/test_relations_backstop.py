"""kg_relations' Open IE backstop: clause triples anchored to entities fill pairs no rule related."""
from __future__ import annotations

import pytest

from kg.components.backstop import BASE, SCALE, backstop_relations
from kg.components.util import token_entities


def _names(doc, rels):
    ents = doc._.kg_entities
    name = lambda a: ents[a["ent"]]["name"] if "ent" in a else a["text"]  # noqa: E731
    return {(name(r["subject"]), r["predicate"], name(r["object"])) for r in rels}


def _backstop(nlp, doc, rules):
    pipe = nlp.get_pipe("kg_relations")
    return list(backstop_relations(doc, token_entities(doc), rules, pipe.light, pipe.speech))


@pytest.mark.parametrize("text,expected", [
    # a passive inside a relative clause: no rule reads it; the agent becomes the subject
    ("Lucia Ferrer, who is coached by Tomas Ribera, won on Sunday.", ("Tomas Ribera", "coach", "Lucia Ferrer")),
    # SVOO with a misread lemma ("fined" -> "fin") and the amount as the rules' (quantity) object
    ("The Prudential Supervision Authority fined Banque Rhodanienne 3 million euros in December.",
     ("Prudential Supervision Authority", "fine", "Banque Rhodanienne")),
    # a locative verb keeps its place as the object; a copula with "N of <entity>" gives the noun as relation
    ("Julien Marchetti lives in Villeurbanne.", ("Julien Marchetti", "live in", "Villeurbanne")),
    ("Villeurbanne is a suburb of Lyon.", ("Villeurbanne", "suburb of", "Lyon")),
    # an extra "from <entity>" argument is a participant of its own, beside the unnamed object
    ("Lucia Ferrer received the trophy from Helena Marsh on Sunday.",
     ("Lucia Ferrer", "receive from", "Helena Marsh")),
])
def test_backstop_fills_uncovered_clause(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-04-08"))


def test_backstop_confidence_below_rules(graph):
    rel = next(r for r in graph("Julien Marchetti lives in Villeurbanne.").relations)
    assert rel.confidence < 0.9  # a rule relation between two named entities has 0.9
    assert rel.confidence <= round(BASE + SCALE, 3) + 0.2


def test_backstop_keeps_time_qualifier(graph):
    g = graph("The Prudential Supervision Authority fined Banque Rhodanienne 3 million euros in December.",
              "2024-04-08")
    rel = next(r for r in g.relations if r.predicate == "fine")
    assert rel.qualifiers["time"] == "2023-12"


def test_rules_win_over_backstop(nlp, parse):
    doc = parse("Nortex Inc acquired Veltran Systems in 2021.", "2024-04-08")
    pair = [r for r in doc._.kg_relations if r["predicate"] == "acquire"]
    assert len(pair) == 1 and pair[0]["confidence"] == 0.9  # the rule's, not a backstop copy
    # the backstop reads the clause too, but yields nothing once the rule holds the pair
    assert ("Nortex Inc", "acquire", "Veltran Systems") in _names(doc, _backstop(nlp, doc, []))
    assert _backstop(nlp, doc, doc._.kg_relations) == []


@pytest.mark.parametrize("text", [
    "He praised Veltran Systems.",          # a pronoun subject coref cannot resolve
    "Tomas Ribera coached her.",            # a pronoun object
    "Banque Rhodanienne is profitable.",    # a bare copula with an adjective
    "Lucia Ferrer is the first Spanish woman.",  # a bare copula with a noun says too little
])
def test_backstop_filters(nlp, parse, text):
    doc = parse(text, "2024-04-08")
    assert _backstop(nlp, doc, []) == []


def test_backstop_attribution_inside_quote(parse):
    doc = parse('"Lucia Ferrer, who is coached by Tomas Ribera, will win," Anna Berg said.', "2024-04-08")
    ents = doc._.kg_entities
    rel = next(r for r in doc._.kg_relations if r["predicate"] == "coach")
    assert ents[rel["attributed_to"]["ent"]]["name"] == "Anna Berg"
    # the rules now read the passive relative clause too; reported speech still costs 0.05
    plain = parse("Lucia Ferrer, who is coached by Tomas Ribera, will win.", "2024-04-08")
    unquoted = next(r for r in plain._.kg_relations if r["predicate"] == "coach")
    assert rel["confidence"] <= unquoted["confidence"] - 0.05 + 1e-9


def test_the_work_a_prize_rewards_is_no_participant_of_the_winning(graph, triples):
    got = triples(graph('Chilean director Ana Ruiz won the Silver Bear on Saturday for "Blue Hours", her third film.',
                        "2024-04-08"))
    assert ("Ana Ruiz", "win", "Silver Bear") in got
    assert not [t for t in got if t[1] == "win for"]
