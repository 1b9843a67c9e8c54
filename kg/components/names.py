"""Name repairs for kg_entities: court ordinals, names after a company noun, "U.S.", national state bodies."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

__all__ = ["with_ordinal", "described_orgs", "untagged_abbreviations", "national_agencies", "state_of",
           "ORG_DESCRIPTORS"]

ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
# common nouns that introduce a company or club name ("data analytics company Bluefin")
ORG_DESCRIPTORS = {"company", "firm", "maker", "group", "startup", "start-up", "rival", "lender", "insurer",
                   "retailer", "carrier", "airline", "bank", "club", "side", "chipmaker", "automaker", "carmaker",
                   "developer", "operator", "conglomerate", "manufacturer", "supplier", "provider", "broker"}


def with_ordinal(doc: Doc, start: int, label: str) -> int:
    """Start of an ORG span widened to a leading ordinal ("2nd U.S. Circuit Court of Appeals").

    doc (Doc): the doc.
    start (int): the span's first token.
    label (str): the span's label.
    RETURNS (int): the (possibly earlier) start.
    """
    if label == "ORG" and start > 0 and ORDINAL.match(doc[start - 1].text):
        return start - 1
    return start


def described_orgs(doc: Doc, spans: list[Span]) -> list[Span]:
    """Untagged proper names right after a company noun: "analytics company Bluefin" -> ORG "Bluefin".

    doc (Doc): the doc.
    spans (list[Span]): spans found so far (their tokens are not reused).
    RETURNS (list[Span]): new ORG spans.
    """
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for tok in doc:
        if tok.lower_ not in ORG_DESCRIPTORS or tok.dep_ != "compound" or tok.i + 1 >= len(doc):
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].tag_ in {"NNP", "NNPS"} and end not in taken and end <= tok.head.i:
            end += 1
        if end > tok.i + 1 and doc[end - 1].i == tok.head.i:
            out.append(Span(doc, tok.i + 1, end, "ORG"))
    return out


def untagged_abbreviations(doc: Doc, spans: list[Span], demonyms: dict[str, str]) -> list[Span]:
    """Country abbreviations the model leaves untagged before a title ("U.S. District Judge X") as NORP.

    RETURNS (list[Span]): new NORP spans (kg_entities maps them to the country).
    """
    taken = {i for s in spans for i in range(s.start, s.end)}
    return [Span(doc, t.i, t.i + 1, "NORP") for t in doc
            if t.i not in taken and t.text in demonyms and t.text.replace(".", "").isupper()]


# heads of state bodies named by nationality + description ("the Chinese foreign ministry")
AGENCY_HEADS = {"ministry", "department", "embassy", "army", "navy", "military", "police", "parliament",
                "cabinet", "regulator", "treasury", "coast guard", "consulate"}
# words in an organisation's name that make "<Country> <Name>" a state body ("U.S. Department of Justice")
STATE_BODY_WORDS = AGENCY_HEADS | {"agency", "administration", "commission", "centers", "center", "centre",
                                   "bureau", "office", "service", "court", "council", "authority", "institutes",
                                   "committee", "board", "reserve", "senate", "congress", "force"}


def national_agencies(doc: Doc, spans: list[Span], demonyms: dict[str, str]) -> list[Span]:
    """Untagged "<demonym> <modifiers> ministry" phrases as ORG spans ("Chinese foreign ministry").

    RETURNS (list[Span]): new ORG spans starting at the demonym (they replace its NORP span).
    """
    named = {i for s in spans if s.label_ != "NORP" for i in range(s.start, s.end)}
    out = []
    for tok in doc:
        if tok.lower_ not in AGENCY_HEADS or tok.i in named:
            continue
        k = tok.i - 1
        while k >= 0 and doc[k].dep_ in {"amod", "compound"} and doc[k].head.i > k and doc[k].text not in demonyms \
                and doc[k].is_lower:
            k -= 1
        if k >= 0 and doc[k].text in demonyms and k < tok.i and k not in named:
            out.append(Span(doc, k, tok.i + 1, "ORG"))
    return out


def state_of(span: Span, demonyms: dict[str, str]) -> str | None:
    """The country of a state body whose name opens with a nationality ("U.S. Centers for ..." -> United States)."""
    first = span[0].text
    if len(span) < 2 or first not in demonyms:
        return None
    if not any(t.lower_ in STATE_BODY_WORDS for t in span[1:]):
        return None  # "British Airways": a company, not a state body
    return demonyms[first]
