"""Prizes told from the prize's side (kg/components/awards.py), on hand-written sentences."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    # a passive of a giving verb: the subject gets the object
    ("Tomas Lind was awarded the Halvorsen Medal on Thursday.", ("Tomas Lind", "win", "Halvorsen Medal")),
    ("Tomas Lind was handed a lifetime ban.", ("Tomas Lind", "receive", "lifetime ban")),
    # "goes to" with a prize or a "best ..." category as the subject
    ("Best screenplay went to Spain's Maria Lopez.", ("Maria Lopez", "win", "Best screenplay")),
    ("The top prize went to Maria Lopez for her debut.", ("Maria Lopez", "win", "top prize")),
])
def test_award_phrasings(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-09-07"))


def test_only_a_prize_goes_to_a_winner(graph, triples):
    got = triples(graph("The top job went to Maria Lopez. The money went to Tomas Lind.", "2024-09-07"))
    assert not any(p == "win" for _s, p, _o in got)


@pytest.mark.parametrize("text,expected", [
    ("Marta Silva won the title at the Australian Open on Sunday.", ("Marta Silva", "win", "Australian Open")),
    ("Marta Silva won her first major title on Sunday, beating Anna Berg 6-4 6-2 in the Wimbledon final.",
     ("Marta Silva", "win", "Wimbledon")),
])
def test_a_title_won_at_a_named_event_is_a_win_of_the_event(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-05-16"))


def test_a_named_prize_is_not_read_as_a_title_at_an_event(graph, triples):
    got = triples(graph("Marta Silva won the Booker Prize at a ceremony in London.", "2024-05-16"))
    assert ("Marta Silva", "win", "Booker Prize") in got and ("Marta Silva", "win", "London") not in got
