"""Dated events with no object (kg/components/bare_events.py), on hand-written sentences."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected,when", [
    # an intransitive verb with a date
    ("Halden Textiles collapsed in 2019 after lenders withdrew their support.",
     ("Halden Textiles", "collapse", None), "2019"),
    # an agentless passive: the patient is the subject of the fact
    ("Marta Vok was arrested on Tuesday.", ("Marta Vok", "arrest", None), "2024-05-14"),
    # an unnamed but counted group of people in a passive
    ("Four fishermen were rescued on Tuesday.", ("Four fishermen", "rescue", None), "2024-05-14"),
    # a pronoun subject resolved to its name; the second verb of a coordination
    ("Maria Keller ran the bakery for a decade. She retired in 2020 and moved to Portugal.",
     ("Maria Keller", "retire", None), "2020"),
])
def test_dated_event_without_object(graph, text, expected, when):
    g = graph(text, "2024-05-16")
    names = {e.id: e.name for e in g.entities}
    got = {(names[r.subject], r.predicate, r.object): r.qualifiers.get("time") for r in g.relations}
    assert got.get(expected) == when


@pytest.mark.parametrize("text", [
    "Halden Textiles grew quickly.",  # undated: too thin to be a fact
    "Lena Ortiz will rise to third in the world rankings on Monday.",  # a noun misread as a verb
    "Marta Vok's sister reported her missing on Friday.",  # a bare participle, not a clause
    "The union said talks happened on Friday.",  # an empty verb
    "Four plants were closed in March.",  # counted things are not people
    "The men were arrested on Tuesday.",  # an uncounted group points back to someone: left to coreference
])
def test_no_bare_event(graph, text):
    assert not [r for r in graph(text, "2024-05-16").relations if r.object is None]


def test_bare_event_does_not_replace_an_object(graph, triples):
    got = triples(graph("Halden Textiles sold its mill to Corra Group on Monday.", "2024-05-16"))
    assert not any(o is None for _s, _p, o in got)


def test_no_bare_event_beside_the_same_verb_with_an_object(graph, triples):
    got = triples(graph("Kenji Arata and Claire Dubois met in Geneva on Tuesday.", "2024-05-16"))
    assert ("Kenji Arata", "meet", "Claire Dubois") in got
    assert not any(o is None for _s, _p, o in got)


def test_a_dated_relative_clause_tells_an_event_of_its_noun(graph, triples):
    g = graph("The Nortex Arena, which will open in 2026, will seat 20,000 fans.", "2024-07-08")
    rel = next(r for r in g.relations if r.predicate == "open")
    assert {e.id: e.name for e in g.entities}[rel.subject] == "Nortex Arena" and rel.object is None
    assert rel.qualifiers["time"] == "2026"


def test_a_dated_participle_on_a_noun_is_still_no_event(graph):
    g = graph("Nortex Inc dropped the plan announced in May.", "2024-07-08")
    assert not [r for r in g.relations if r.predicate == "announce" and r.object is None]
