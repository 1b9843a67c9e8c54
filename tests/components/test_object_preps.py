"""Birthplaces and named participants hanging on an object noun."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    ("Maria Lopez was born in Cusco in 1971 and grew up in Arequipa.", ("Maria Lopez", "born in", "Cusco")),
    ("Maria Lopez studied medicine at Oxford University in the 1990s.",
     ("Maria Lopez", "study medicine at", "Oxford University")),
    ("Nortex Inc took a 20% stake in Veltran Systems on Monday.", ("Nortex Inc", "take stake in", "Veltran Systems")),
])
def test_expected(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-04-08"))


def test_a_place_on_the_object_is_no_participant(graph, triples):
    got = triples(graph("Nortex Inc opened a factory in Ohio on Monday.", "2024-04-08"))
    assert not [t for t in got if t[1] == "open factory in"]


@pytest.mark.parametrize("text,expected", [
    ("Nortex Labs received 5 million euros from the Gates Foundation on Monday.",
     ("Gates Foundation", "fund", "Nortex Labs")),
    ("Veltran Systems won a research grant from the European Commission.",
     ("European Commission", "fund", "Veltran Systems")),
])
def test_money_received_from_someone_is_funding(graph, triples, text, expected):
    assert expected in triples(graph(text, "2024-04-08"))


def test_an_offer_received_is_no_funding(graph, triples):
    got = triples(graph("Nortex Inc received an offer from Veltran Systems.", "2024-04-08"))
    assert not [t for t in got if t[1] == "fund"]
