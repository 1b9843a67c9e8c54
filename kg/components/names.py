"""Name repairs for kg_entities that add or widen spans: court ordinals, names after a company noun, "U.S."."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

__all__ = ["with_ordinal", "described_orgs", "untagged_abbreviations", "ORG_DESCRIPTORS"]

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
