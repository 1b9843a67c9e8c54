"""kg_coref: pronouns, first person in quotes, definite descriptions."""
from __future__ import annotations

import pytest


def _refs(doc, name):
    ent = next(e for e in doc._.kg_entities if e["name"] == name)
    return [doc.text[s:e] for s, e, _k in ent["mentions"]]


@pytest.mark.parametrize("text,name,mention", [
    ("Maria Lopez arrived in Madrid on Monday. She met the mayor.", "Maria Lopez", "She"),
    ("John Harlow left the firm. His lawyer said he would appeal.", "John Harlow", "he"),
    ("Acme Corp cut its forecast on Tuesday.", "Acme Corp", "its"),
    ("Nortex Inc reported a loss. The company said demand was weak.", "Nortex Inc", "The company"),
    ("Germany hosted the summit. The country's leaders welcomed it.", "Germany", "The country"),
])
def test_third_person(parse, text, name, mention):
    assert mention in _refs(parse(text), name)


def test_first_person_in_quote_is_speaker(parse):
    doc = parse('"I will not resign," said Anna Berg, the party leader.')
    assert "I" in _refs(doc, "Anna Berg")


def test_pleonastic_it_unresolved(parse):
    doc = parse("Acme Corp made a profit. It is worth noting that sales fell.")
    assert "It" not in _refs(doc, "Acme Corp")


def test_gender_blocks_wrong_antecedent(parse):
    doc = parse("Maria Lopez praised Tom Barker. He thanked the voters.")
    assert "He" not in _refs(doc, "Maria Lopez")
