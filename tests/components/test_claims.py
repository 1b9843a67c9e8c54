"""kg_claims: reported speech patterns."""
from __future__ import annotations

import pytest


def _claims(doc):
    ents = doc._.kg_entities
    out = []
    for c in doc._.kg_claims:
        sp = c["speaker"]
        out.append((ents[sp["ent"]]["name"] if "ent" in sp else sp["text"], c["cue"], c["content"]))
    return out


@pytest.mark.parametrize("text,speaker,cue,content_start", [
    ("Tom Barker said that the plan would fail.", "Tom Barker", "say", "the plan would fail"),
    ("The plan will fail, Tom Barker said on Friday.", "Tom Barker", "say", "The plan will fail"),
    ('"We will win," said Anna Berg, the coach.', "Anna Berg", "say", "We will win"),
    ("Prices will rise, according to Veltran Systems.", "Veltran Systems", "according to", "Prices will rise"),
    ("The deal was signed on Monday, a source familiar with the talks said.",
     "a source familiar with the talks", "say", "The deal was signed"),
])
def test_claim_patterns(parse, text, speaker, cue, content_start):
    claims = _claims(parse(text))
    assert any(s == speaker and c == cue and t.startswith(content_start) for s, c, t in claims), claims


def test_it_said_resolved_by_coref(parse):
    doc = parse("Nortex Inc cut jobs in May. Demand will recover next year, it said.")
    assert ("Nortex Inc", "say") in [(s, c) for s, c, _ in _claims(doc)]


def test_multi_sentence_quote_and_continuation(parse):
    doc = parse('"We played well. We deserved it," said Anna Berg.\n"And we will be back."')
    claims = _claims(doc)
    assert len([c for c in claims if c[0] == "Anna Berg"]) == 3, claims


def test_saying_participle_speaks_for_subject(parse):
    doc = parse("Nortex Inc cut its forecast on Tuesday, saying demand for chips had weakened.")
    assert any(s == "Nortex Inc" and "demand" in t for s, _c, t in _claims(doc))


def test_no_speaker_no_claim(parse):
    assert _claims(parse("It's worth noting that prices rose.")) == []


@pytest.mark.parametrize("text,speaker", [
    ("A statement from Halvex Labs said the plant would close in June.", "Halvex Labs"),
    ("A spokesperson for the Alpine Federation said the ban would stand.", "Alpine Federation"),
    ("Halvex Labs' spokesman said the plant would close in June.", "Halvex Labs"),
    ("Exports fell 4% in May, according to Statistics Norway data.", "Statistics Norway"),
    ("Analysts at Brightwater Securities said the shares were cheap.", "Brightwater Securities"),
])
def test_organisation_speaks_through_a_source_noun(parse, text, speaker):
    assert any(s == speaker for s, _c, _t in _claims(parse(text))), _claims(parse(text))


def test_unnamed_source_stays_unnamed(parse):
    claims = _claims(parse("The deal was signed on Monday, a person familiar with the matter said."))
    assert claims and claims[0][0] == "a person familiar with the matter"
