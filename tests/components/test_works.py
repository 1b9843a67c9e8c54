"""A titled work's maker told by a possessive: "his novel "X"" -> (he, write, X)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    ('Tom Barker thanked his readers. His novel "The Iron Orchard" sold 2 million copies.',
     ("Tom Barker", "write", "Iron Orchard")),
    ('Maria Lopez thanked the jury. Her first film, "Blue Hours", opened in 2019.',
     ("Maria Lopez", "direct", "Blue Hours")),
])
def test_a_possessed_work_was_made_by_its_owner(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-04-08"))


def test_a_work_owned_by_a_company_is_not_made_by_it(graph, triples):
    got = triples(graph('Nortex Inc sold its film "Blue Hours" to a streaming service.', "2024-04-08"))
    assert not [t for t in got if t[1] == "direct"]
