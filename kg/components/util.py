"""Small helpers shared by the kg_* components: token <-> entity maps and noun-phrase spans."""
from __future__ import annotations

import re

import warnings
from typing import Any, Callable

from spacy.tokens import Doc, Span, Token

from .absolutes import absolute_subjects

__all__ = ["guarded", "token_entities", "newsroom_entities", "verb_lemma", "np_span", "SUBJ_DEPS", "OBJ_DEPS", "clause_subjects", "root_noun_verb"]

SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJ_DEPS = {"dobj", "attr", "oprd", "dative"}
# modifiers cut from an argument phrase: clauses, appositions and punctuation hanging off the noun
NP_CUT_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep_time"}
NP_DROP_LEFT = {"the", "a", "an", "some", "this", "that", "these", "those", "its", "their", "his", "her"}


def guarded(name: str, find: Callable[[Doc], Any], doc: Doc, default: Any) -> Any:
    """Run a component's find step; on an unexpected error warn and return `default`.

    A messy sentence or odd parse must not fail the article (nor a corpus run).
    """
    try:
        return find(doc)
    except Exception as err:  # noqa: BLE001 - any rule bug is skipped, never fatal
        warnings.warn(f"{name}: skipped part of a doc ({doc.text[:40]!r}...): {type(err).__name__}: {err}")
        return default


# a wire's own name in its dateline: "NICE, France, July 21 (Reuters) -"
DATELINE_WIRE = re.compile(r"^[^\n(]{0,80}\((?P<wire>[A-Z][A-Za-z .]{1,30})\)\s*(?:-|\u2014|\u2013)")


def newsroom_entities(doc: Doc) -> set[int]:
    """Entities that are the publishing newsroom itself ("Reuters could not reach ..." is not news about Reuters).

    The publisher comes from ``Doc._.kg_publisher`` (ingest metadata) or the text's dateline.
    """
    wire = doc._.kg_publisher if Doc.has_extension("kg_publisher") else None
    if not wire:
        m = DATELINE_WIRE.match(doc.text)
        wire = m.group("wire") if m else None
    if not wire:
        return set()
    wire = wire.strip().lower()
    return {ci for ci, e in enumerate(doc._.kg_entities or [])
            if e["name"].lower() == wire or wire in (a.lower() for a in e.get("aliases", []))}


def verb_lemma(verb: Token) -> str:
    """The verb's lemma with the small model's clipped "-e" put back: "fined" -> "fin" -> "fine",
    "rides" -> "rid" -> "ride" (but "fixes" -> "fix", "goes" -> "go", "pinned" -> "pin").
    """
    lemma = verb.lemma_
    if verb.lower_ == lemma + "ed" and re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", lemma):
        return lemma + "e"
    if verb.tag_ == "VBZ" and verb.lower_ == lemma + "es" and not re.search(r"(s|x|z|ch|sh|o)$", lemma):
        return lemma + "e"
    if lemma.endswith("liste") and verb.lower_.startswith(lemma[:-1]):
        return lemma[:-1]  # the "-list" verbs it does not know get an "-e": "longlisted" -> "longliste"
    return lemma


def token_entities(doc: Doc) -> dict[int, int]:
    """Token index -> entity index, from the mentions on `Doc._.kg_entities`.

    doc (Doc): a doc processed by kg_entities (and kg_coref).
    RETURNS (dict[int, int]): every token inside a mention maps to its entity.
    """
    out: dict[int, int] = {}
    for ci, ent in enumerate(doc._.kg_entities or []):
        for start, end, _kind in ent["mentions"]:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                out.setdefault(tok.i, ci)
    return out


def np_span(tok: Token, keep_conj: bool = False) -> Span:
    """The noun phrase headed by `tok`, without clauses, appositions, coordination or a leading article.

    tok (Token): the head noun.
    keep_conj (bool): keep coordinated nouns ("innovation and application").
    RETURNS (Span): a contiguous span around `tok`.
    """
    cut = NP_CUT_DEPS - ({"cc", "conj"} if keep_conj else set())
    lefts = [t for t in tok.lefts if t.dep_ not in cut]
    rights = [t for t in tok.rights if t.dep_ not in cut and not (t.dep_ == "prep" and (
        _is_time_prep(t) or _is_place_prep(t) or t.lower_ in {"including", "such"}))]
    start = min([t.left_edge.i for t in lefts] + [tok.i])
    end = tok.i + 1
    for r in rights:
        if r.i != end and any(x.dep_ in cut for x in tok.doc[end:r.i]):
            break
        end = r.right_edge.i + 1
    doc = tok.doc
    while start < tok.i and (doc[start].lower_ in NP_DROP_LEFT or doc[start].is_punct):
        start += 1
    while end - 1 > tok.i and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    return doc[start:end]


def _is_place_prep(prep: Token) -> bool:
    """"in London" after an object names where the event happened (kept as a place qualifier)."""
    return prep.lower_ in {"in", "at"} and any(c.dep_ == "pobj" and c.ent_type_ in {"GPE", "LOC"}
                                                and not any(True for _ in c.children) for c in prep.children)


def _is_time_prep(prep: Token) -> bool:
    return any(c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


def root_noun_verb(sent: Span) -> Token | None:
    """The misparsed main verb of a headline-like sentence parsed as one noun phrase.

    The small model reads "The regulator unveiled draft rules in April" as the noun "rules" modified
    by "unveiled" (amod). When the root is a noun and a past-tense verb modifies it with a noun
    phrase on its left, that verb is the real predicate.

    sent (Span): a sentence.
    RETURNS (Token | None): the verb, or None when the sentence has a verbal root.
    """
    root = sent.root
    if root.pos_ not in {"NOUN", "PROPN"}:
        return None
    for tok in root.lefts:
        if tok.dep_ == "amod" and tok.tag_ in {"VBD", "VBN"} and tok.i > sent.start and \
                tok.nbor(-1).pos_ in {"NOUN", "PROPN"}:
            return tok
    return None


# verbs whose object is the subject of their infinitive ("forced people to flee", "asked X to resign")
# verbs whose object does the job of a following "to"-clause the parser reads as a purpose clause
HIRE_VERBS = {"hire", "appoint", "commission", "engage", "enlist", "recruit", "retain", "contract", "name"}
OBJECT_CONTROL = {"force", "ask", "order", "urge", "allow", "persuade", "tell", "require", "compel", "invite",
                  "encourage", "permit", "warn", "instruct", "push", "pressure", "help"}


def _past_after_modal(verb: Token) -> bool:
    """A past-tense verb the parser coordinated with a modal's bare verb in a reported clause: no modal can
    govern "accused", so it is coordinated with the verb of saying above."""
    head = verb.head
    return verb.dep_ == "conj" and verb.tag_ == "VBD" and head.tag_ == "VB" and head.dep_ == "ccomp" and \
        any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children) and head.head.pos_ == "VERB"


def clause_subjects(verb: Token) -> list[Token]:
    """Subject heads of `verb`, inherited through conjunction, participles and misparsed roots.

    verb (Token): a verb.
    RETURNS (list[Token]): subject head tokens (empty when none found).
    """
    absolute = absolute_subjects(verb)
    if absolute:  # "..., with A and B each winning two blocks": A and B win
        return absolute
    for step in range(4):
        subs = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subs:
            return subs + [c for s in subs for c in s.conjuncts]
        if verb.dep_ == "amod" and verb.tag_ in {"VBD", "VBN"} and verb.i > 0:
            return [verb.nbor(-1)]  # repaired headline parse: the noun before the verb
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in {"VERB", "AUX"}:
            verb = verb.head.head  # "said ... after meeting X": the participle shares the subject
            continue
        hired = verb.dep_ in {"advcl", "xcomp"} and verb.head.lemma_ in HIRE_VERBS and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)  # "hired X to restore ..."
        if step == 0 and (verb.dep_ == "xcomp" and verb.head.lemma_ in OBJECT_CONTROL or hired):
            objs = [c for c in verb.head.children if c.dep_ == "dobj"]
            if objs:  # "forced thousands of people to flee": the object does the fleeing
                return objs
        if step == 0 and _past_after_modal(verb):
            verb = verb.head.head  # "said the city could not pay and accused X": "accused" goes with "said"
            continue
        if verb.dep_ in {"conj", "advcl", "xcomp", "acl"} and verb.head is not verb:
            if verb.head.pos_ in {"NOUN", "PROPN"} and verb.dep_ == "advcl":
                repaired = root_noun_verb(verb.sent)
                return clause_subjects(repaired) if repaired is not None else []
            verb = verb.head
            continue
        return []
    return []
