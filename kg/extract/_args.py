"""Argument helpers for the clause extractor: phrase spans, subjects, conjuncts."""
from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple

from spacy.tokens import Token

__all__ = ["Phrase", "phrase", "phrase_from", "conjuncts", "subjects_of", "resolve_relpron"]

# Dependents cut off an argument: a relative clause or apposition is a separate
# fact ("X, who did Y" / "X, the Y"), and stray commas/brackets are noise.
ARG_CUT_DEPS = {"relcl", "appos", "cc", "conj", "preconj"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
# Relative pronouns and the adverbs that introduce a relative clause
REL_PRONOUNS = {"who", "whom", "which", "that", "whose"}
# Pronouns whose reference is outside the clause: a weak argument for a fact
PRONOUN_TAGS = {"PRP", "PRP$", "WP", "WDT", "EX"}
OPEN_QUOTES = {"``", '"', "“", "‘"}
CLOSE_QUOTES = {"''", '"', "”", "’"}
QUOTES = OPEN_QUOTES | CLOSE_QUOTES


class Phrase(NamedTuple):
    """A contiguous-ish argument: its tokens in order, head token, text, char offsets."""

    head: Token
    tokens: tuple[Token, ...]
    text: str
    start_char: int
    end_char: int

    @property
    def is_pronoun(self) -> bool:
        return len(self.tokens) == 1 and self.head.tag_ in PRONOUN_TAGS


def _join(tokens: list[Token]) -> str:
    # keep the original spacing between adjacent tokens, one space across gaps
    parts = []
    for k, tok in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        ws = tok.whitespace_ if nxt is not None and nxt.i == tok.i + 1 else " "
        parts.append(tok.text + (ws if nxt is not None else ""))
    return "".join(parts).strip()


def phrase_from(tokens: Iterable[Token], head: Token) -> Phrase | None:
    """Build a Phrase from tokens, trimming punctuation and conjunctions at the edges.

    Punctuation inside the phrase ("flex - time", "A , B and C") stays; a comma
    left next to a removed clause or apposition goes, and so does a quote mark
    whose partner is not in the phrase.
    """
    toks = sorted(set(tokens), key=lambda t: t.i)
    kept = {t.i for t in toks}
    toks = [t for t in toks if not (t.is_punct and t.text not in QUOTES
                                    and not {t.i - 1, t.i + 1} <= kept)]
    toks = _balance_quotes(toks)
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc") and toks[0].text not in OPEN_QUOTES:
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc") and toks[-1].text not in CLOSE_QUOTES:
        toks.pop()
    if not toks:
        return None
    return Phrase(head, tuple(toks), _join(toks), toks[0].idx, toks[-1].idx + len(toks[-1]))


def _balance_quotes(toks: list[Token]) -> list[Token]:
    # keep a quoted title whole ("`` Velocity ''"), drop a quote mark whose partner was cut
    depth, out, openers = 0, [], []
    for tok in toks:
        if tok.text not in QUOTES:
            out.append(tok)
        elif tok.text in OPEN_QUOTES and (tok.text != '"' or depth == 0):
            depth += 1
            openers.append(tok)
            out.append(tok)
        elif depth > 0:
            depth -= 1
            openers.pop()
            out.append(tok)
    if openers:
        doc, nxt = toks[0].doc, toks[-1].i + 1
        if len(openers) == 1 and nxt < len(doc) and doc[nxt].text in CLOSE_QUOTES:
            out.append(doc[nxt])  # the closing mark sits just outside the phrase
        else:
            out = [t for t in out if t not in openers]
    return out


def _collect(tok: Token, cut: set[str]) -> Iterator[Token]:
    yield tok
    for child in tok.children:
        if child.dep_ in cut:
            continue
        if child.dep_ == "prep" and child.lower_ == "including":
            continue  # "X including Y" -> Y is its own fact
        yield from _collect(child, cut)


def phrase(tok: Token, *, keep_conj: bool = False, keep_relcl: bool = False) -> Phrase | None:
    """The noun phrase headed by `tok`, without relative clauses and appositions.

    With keep_conj the coordinated phrase is kept whole ("A , B and C").
    """
    cut = set(ARG_CUT_DEPS)
    if keep_conj:
        cut -= {"cc", "conj", "preconj"}
    if keep_relcl:
        cut.discard("relcl")
    toks = list(_collect(tok, cut))
    return phrase_from(toks, tok)


def conjuncts(tok: Token) -> list[Token]:
    """`tok` and the heads coordinated with it ("Hezbollah and Hamas")."""
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def resolve_relpron(tok: Token) -> Token:
    """A relative pronoun ("who", "which", "that") stands for the noun its clause modifies."""
    if tok.lower_ not in REL_PRONOUNS or tok.tag_ not in {"WP", "WDT", "WP$", "IN", "DT"}:
        return tok
    clause = tok.head
    while clause.dep_ not in {"relcl", "acl"} and clause.head != clause:
        clause = clause.head
    return clause.head if clause.dep_ in {"relcl", "acl"} else tok


def subjects_of(verb: Token) -> tuple[list[Token], str]:
    """Subject heads of `verb` and how they were found.

    RETURNS (tuple): (subject tokens, source) where source is "explicit",
        "relcl" (the modified noun), "conj" (shared with a coordinated verb),
        "xcomp" (controlled by the governing verb's subject/object),
        "acl" (participle modifying a noun), or "" when nothing was found.
    """
    explicit = [c for c in verb.children if c.dep_ in SUBJ_DEPS and c.dep_ != "expl"]
    if explicit:
        subj = explicit[0]
        source = "relcl" if resolve_relpron(subj) != subj else "explicit"
        return [resolve_relpron(subj)], source
    dep, head = verb.dep_, verb.head
    if dep == "relcl" or dep == "acl":
        return [head], dep
    if dep == "conj" and head != verb:
        subj, source = subjects_of(head)
        return subj, ("conj" if subj else "")
    if dep in {"xcomp", "advcl"} and head != verb:
        objs = [c for c in head.children if c.dep_ == "dobj"]
        if dep == "xcomp" and objs:
            return objs[:1], "xcomp"
        subj, _ = subjects_of(head)
        return subj, ("xcomp" if subj else "")
    return [], ""
