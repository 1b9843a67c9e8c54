"""Place facts told by a possessive (kg/components/possessives.py), on hand-written sentences."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    # an organisation's site in a place
    ("Strikers picketed Dunmore Steel Corp's plant in Detroit on Monday.", ("Dunmore Steel Corp", "located in", "Detroit")),
    # the possessor found through coreference
    ("Dunmore Steel cut jobs. Workers gathered outside the company's factory in Gary.",
     ("Dunmore Steel", "located in", "Gary")),
    # a person's home
    ("Police said Tomas Lind was found at his home in Uppsala.", ("Tomas Lind", "live in", "Uppsala")),
])
def test_possessive_place(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-05-16"))


@pytest.mark.parametrize("text", [
    "Dunmore Steel's chief executive in Gary resigned.",  # a post, not a site
    "Tomas Lind's plant in Uppsala was sold.",  # a person's "plant" is no organisation's site
])
def test_possessive_without_a_site_is_left_alone(graph, triples, text):
    assert not any(p in {"located in", "live in"} for _s, p, _o in triples(graph(text, "2024-05-16")))
