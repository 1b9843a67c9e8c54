"""kg_claims: reported speech, "X said (that) Y", "Y, X said", quotes, "according to X", "saying ...".

Results go to ``Doc._.kg_claims``: ``[{"speaker": Arg | None, "cue", "start", "end", "content",
"sent": [start, end], "time": kg_time entry | None, "confidence"}]`` with char offsets.
Unnamed sources ("a source familiar with the matter") become CONCEPT arguments.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .args import arg_of, phrase_arg, time_of
from .lexicon import LexiconMixin
from .speech import Report, find_reports
from .util import guarded, token_entities

__all__ = ["ClaimExtractor", "make_claim_extractor"]

# nouns through which an organisation speaks: "a statement from X", "X's spokesperson", "according to X data"
SOURCE_NOUNS = {"statement", "spokesperson", "spokesman", "spokeswoman", "data", "figure", "report", "filing",
                "release", "analyst", "representative", "website", "notice", "document", "letter", "survey",
                "estimate", "forecast", "poll"}
SOURCE_PREPS = {"from", "for", "of", "at", "by"}


@Language.factory("kg_claims", requires=["doc._.kg_entities", "doc._.kg_coref"], assigns=["doc._.kg_claims"],
                  default_config={"min_confidence": 0.3})
def make_claim_extractor(nlp: Language, name: str, min_confidence: float) -> "ClaimExtractor":
    """Build the kg_claims component."""
    return ClaimExtractor(nlp, name, min_confidence=min_confidence)


class ClaimExtractor(LexiconMixin):
    """Finds who said what.

    Confidence starts at 0.9 for a named speaker who is the subject of a speech verb; it drops to
    0.8 for a speaker found through a pronoun or an "according to" phrase, to 0.7 for a quote
    continuing an earlier speaker's quote, and to 0.6 for an unnamed source.
    """

    TABLES = ("speech_verbs",)

    def __init__(self, nlp: Language, name: str = "kg_claims", *, min_confidence: float = 0.3) -> None:
        self.name = name
        self.min_confidence = min_confidence
        if not Doc.has_extension("kg_claims"):
            Doc.set_extension("kg_claims", default=None)
        self._load_tables()

    def _compile(self) -> None:
        self.lemmas = {r["lemma"] for r in self.tables["speech_verbs"]}

    def __call__(self, doc: Doc) -> Doc:
        """Find the claims of `doc`."""
        self.set_annotations(doc, guarded(self.name, self.find, doc, []))
        return doc

    def find(self, doc: Doc) -> list[dict[str, Any]]:
        """Claims as plain dicts.

        doc (Doc): a doc processed by kg_entities and kg_coref.
        RETURNS (list[dict]): one claim per reported sentence.
        """
        tok_ent = token_entities(doc)
        out = []
        seen: set[tuple[int, int]] = set()
        for rep in find_reports(doc, self.lemmas):
            for claim in self._claims(doc, rep, tok_ent):
                key = (claim["start"], claim["end"])
                if key not in seen and claim["speaker"] is not None and claim["confidence"] >= self.min_confidence:
                    seen.add(key)
                    out.append(claim)
        return sorted(out, key=lambda c: c["start"])

    def set_annotations(self, doc: Doc, found: list[dict[str, Any]]) -> None:
        """Store the claims on `Doc._.kg_claims`."""
        doc._.kg_claims = found

    def _claims(self, doc: Doc, rep: Report, tok_ent: dict[int, int]) -> list[dict[str, Any]]:
        verb = doc[rep.verb]
        speaker, conf = self._speaker(doc, rep, tok_ent)
        cue = "according to" if verb.lower_ == "according" else verb.lemma_
        if not (rep.content[0] <= rep.verb < rep.content[1]) and rep.quoted and rep.verb not in \
                range(rep.content[0] - 4, rep.content[1] + 5):
            conf -= 0.1  # a continued quote: the cue is in an earlier paragraph
        when = time_of(verb, doc._.kg_time or [])
        if when is None and verb.dep_ == "advcl":  # "..., saying ...": the main clause's date
            when = time_of(verb.head, doc._.kg_time or [])
        out = []
        for sent_span in _by_sentence(doc, rep.content):
            text = sent_span.text.strip().strip('"“”,').strip()
            if len(text.split()) < 2:
                continue
            sent = sent_span.sent if rep.quoted else verb.sent
            out.append({"speaker": speaker, "cue": cue, "content": text, "start": sent_span.start_char,
                        "end": sent_span.end_char, "sent": [sent.start_char, sent.end_char], "time": when,
                        "confidence": round(max(0.0, min(1.0, conf)), 3)})
        return out

    def _speaker(self, doc: Doc, rep: Report, tok_ent: dict[int, int]) -> tuple[dict | None, float]:
        if rep.speaker is None:
            return None, 0.5
        tok = doc[rep.speaker]
        arg = arg_of(tok, tok_ent)
        if arg is not None and "ent" in arg:
            pron = tok.tag_ in {"PRP", "PRP$"} or doc[rep.verb].lower_ == "according"
            return arg, 0.8 if pron else 0.9
        owner = _source_owner(tok, tok_ent)
        if owner is not None:
            return {"ent": owner}, 0.8
        span = doc[tok.left_edge.i: tok.right_edge.i + 1]
        return phrase_arg(span, "CONCEPT"), 0.6


def _source_owner(tok, tok_ent: dict[int, int]) -> int | None:
    """The organisation behind a source noun: "a statement from X", "a spokesperson for X", "X data", "X's spokesman".

    tok (Token): head of the speaker phrase.
    RETURNS (int | None): the entity index, or None when the phrase names no organisation or country.
    """
    if tok.lemma_.lower() not in SOURCE_NOUNS and tok.lower_ not in SOURCE_NOUNS:
        return None
    doc = tok.doc
    ents = doc._.kg_entities or []
    cands = [c for c in tok.children if c.dep_ in {"compound", "poss", "nmod", "amod"}]
    cands += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS for g in c.children
              if g.dep_ == "pobj"]
    for c in cands:
        ci = next((tok_ent[t.i] for t in c.subtree if t.i in tok_ent), None)
        if ci is not None and ents[ci]["type"] in {"ORG", "GPE", "NORP"}:
            return ci
    return None


def _by_sentence(doc: Doc, content: tuple[int, int]) -> list:
    """Split a content span at sentence boundaries (long quotes become one claim per sentence)."""
    start, end = content
    out, cur = [], start
    for i in range(start + 1, end):
        if doc[i].is_sent_start:
            out.append(doc[cur:i])
            cur = i
    out.append(doc[cur:end])
    return [s for s in out if len(s) and s.text.strip()]
