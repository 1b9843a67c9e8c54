"""Absolute "with" clauses: the noun phrase after "with" is the subject of the participle, not an object."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    # the parser hangs "each" on the participle as its subject
    ("Oslo sold its stake in March, with Nordvik and Tromsa each winning two licences, the ministry said.",
     [("Nordvik", "win", "two licences")]),
    # the parser hangs "each" on the last name as an apposition
    ("Spain raised 3 billion euros from a sale of bonds on Monday, with Acme Bank and Birch Capital each buying "
     "a quarter of the issue.", [("Acme Bank", "buy", "quarter of the issue"),
                                 ("Birch Capital", "buy", "quarter of the issue")]),
])
def test_absolute_clause_subject(graph, triples, text, expected):
    got = triples(graph(text, "2024-04-08"))
    for triple in expected:
        assert triple in got


def test_absolute_clause_noun_is_no_object_of_the_main_verb(graph, triples):
    got = triples(graph("Spain raised 3 billion euros from a sale of bonds on Monday, with Acme Bank and "
                        "Birch Capital each buying a quarter of the issue.", "2024-04-08"))
    assert not [t for t in got if t[1].endswith(" with")]


def test_with_and_an_unrelated_participle_is_left_alone(graph, triples):
    got = triples(graph("Lena Ortiz arrived in Lima with Tomas Vega, carrying a letter for the president.",
                        "2024-04-08"))
    assert not [t for t in got if t[0] == "Tomas Vega" and t[1] == "carry"]
