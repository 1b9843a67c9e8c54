"""Reported-speech finding shared by kg_coref (first person inside quotes) and kg_claims."""
from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Token

from .lexicon import load_table
from .util import clause_subjects

__all__ = ["Report", "quote_spans", "find_reports", "speech_lemmas"]

QUOTE_CHARS = {'"', "“", "”", "``", "''", "«", "»"}
CONTENT_DEPS = {"ccomp", "parataxis"}


class Report(NamedTuple):
    """One act of reported speech, as token indices (end exclusive)."""

    verb: int  # the cue token ("said", "according")
    speaker: int | None  # head token of the speaker phrase
    content: tuple[int, int]
    quoted: bool


def speech_lemmas() -> set[str]:
    """RETURNS (set[str]): lemmas of speech verbs (kg/data/speech_verbs.jsonl)."""
    return {r["lemma"] for r in load_table("speech_verbs")}


def quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """Quoted stretches as (start, end) token indices, quote marks excluded.

    A quote left open at a paragraph break closes there (news style re-opens it on the next paragraph).

    doc (Doc): the doc.
    RETURNS (list[tuple[int, int]]): quote spans in order.
    """
    out, start = [], None
    for tok in doc:
        if start is not None and "\n" in tok.text and tok.i > start:
            out.append((start, tok.i))
            start = None
        if tok.text in QUOTE_CHARS or tok.text.strip() in QUOTE_CHARS:
            if start is None:
                start = tok.i + 1
            else:
                out.append((start, tok.i))
                start = None
    if start is not None and start < len(doc):
        out.append((start, len(doc)))
    return [(s, e) for s, e in out if e > s]


def find_reports(doc: Doc, lemmas: set[str]) -> list[Report]:
    """Reported speech in `doc`: "X said (that) Y", "Y, X said", "according to X", quotes.

    doc (Doc): a parsed doc.
    lemmas (set[str]): speech-verb lemmas.
    RETURNS (list[Report]): one report per cue, plus unattributed quotes continuing an earlier speaker.
    """
    quotes = quote_spans(doc)
    reports: list[Report] = []
    for tok in doc:
        rep = None
        if tok.lemma_ in lemmas and tok.pos_ in {"VERB", "AUX"}:
            rep = _verb_report(tok, quotes)
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            rep = _according(tok)
        if rep is not None:
            reports.append(rep)
    return reports + _continued_quotes(doc, quotes, reports)


def _verb_report(verb: Token, quotes: list[tuple[int, int]]) -> Report | None:
    subs = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.dep_ != "expl"]
    if not subs and verb.tag_ == "VBG":
        subs = clause_subjects(verb)  # "..., saying it wants ..." speaks for the main clause's subject
    speaker = subs[0].i if subs else None
    content = [c for c in verb.children if c.dep_ in CONTENT_DEPS]
    quote = _quote_near(verb, quotes)
    if quote is not None and (not content or quote[0] <= content[0].i < quote[1]):
        return Report(verb.i, speaker, quote, True)
    if not content or speaker is None and verb.tag_ != "VBG":
        return None
    span = _content_span(content[0], verb)
    return Report(verb.i, speaker, span, False)


def _content_span(head: Token, verb: Token) -> tuple[int, int]:
    sub = list(head.subtree)
    start, end = sub[0].i, sub[-1].i + 1
    doc = head.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ == "that" and doc[start].dep_ == "mark"):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _quote_near(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quote whose closing mark is right before the cue, or whose opening follows the cue's clause."""
    sent = verb.sent
    for s, e in quotes:
        if 0 <= verb.i - e <= 3:
            return s, e  # '"...," said X' / '"...," X said'
        if 0 < s - verb.i <= 4 and s < sent.end + 2 and verb.doc[verb.i + 1:s - 1].text.strip(" :,") == "":
            return s, e  # 'X said: "..."'
    return None


def _according(tok: Token) -> Report | None:
    to = tok.doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    sent = tok.sent
    phrase_end = objs[0].right_edge.i + 1
    if tok.i - sent.start <= 1:
        start, end = phrase_end, sent.end
    else:
        start, end = sent.start, tok.i
    doc = tok.doc
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return Report(tok.i, objs[0].i, (start, end), False)


def _continued_quotes(doc: Doc, quotes: list[tuple[int, int]], reports: list[Report]) -> list[Report]:
    """A quote with no cue of its own, right after a quoted report, continues that speaker."""
    out = []
    covered = {r.content for r in reports if r.quoted}
    last: Report | None = None
    for s, e in quotes:
        if (s, e) in covered:
            last = next(r for r in reports if r.quoted and r.content == (s, e))
            continue
        has_cue = any(r.verb in range(s, e) for r in reports)
        if last is not None and not has_cue and s - last.content[1] < 60 and last.speaker is not None:
            out.append(Report(last.verb, last.speaker, (s, e), True))
    return out

