"""Facts told in an apposition after a name (kg/components/appositives.py), on hand-written sentences."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    # a described relation to a named place or an unnamed thing
    ("Rosny lies east of the river. Rosny, a suburb of Paris, voted on Sunday.", ("Rosny", "suburb of", "Paris")),
    ("Norway, the biggest donor to the fund and a member of NATO, said on Monday it would pay.",
     ("Norway", "member of", "NATO")),
    ("Japan, the largest buyer of Australian coal, cut imports in May.",
     ("Japan", "buyer of", "Australian coal")),
    # news-style home town after the age
    ("Maria Lopez, 52, of Denver, Colorado, was rescued on Monday.", ("Maria Lopez", "from", "Denver")),
])
def test_appositive_facts(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-07-15"))


def test_a_persons_post_is_left_to_the_role_rules(graph, triples):
    got = triples(graph("Maria Lopez, chief executive of Acme Corp, resigned.", "2024-07-15"))
    assert ("Maria Lopez", "chief executive of", "Acme Corp") in got
    assert ("Maria Lopez", "executive of", "Acme Corp") not in got


def test_of_without_the_comma_is_no_home_town(graph, triples):
    got = triples(graph("The Duke of Kent met Maria Lopez.", "2024-07-15"))
    assert not any(p == "from" for _s, p, _o in got)
