"""Dated events with no object, for kg_relations: "X collapsed in 2022", "he was dismissed in March".

An intransitive verb or an agentless passive says what happened to its subject; on its own the clause
reader drops it because there is no object. It is kept (object None) only when it is dated and its
subject is a named entity, or a counted group of people in a passive ("Three men were arrested on
Tuesday"): a date makes it a fact of the story's timeline, while an undated "X grew" or "X was praised"
is too thin to be worth a graph node.

Yields partial relation dicts in the format of ``verbs.verb_relations``.
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Token

from .args import TIME_PREPS, arg_of, time_of
from .util import clause_subjects, verb_lemma
from .verbs import MODAL_VERBS, SKIP_LEMMAS, _particle, negated, place_of

__all__ = ["bare_events"]

# complements that make the verb transitive or copular: the clause reader owns those
OBJECT_DEPS = {"dobj", "attr", "oprd", "acomp", "xcomp", "ccomp", "dative", "agent", "csubj"}
# verbs that are empty without an object or complement even when dated ("it happened on Monday")
EMPTY_LEMMAS = SKIP_LEMMAS | MODAL_VERBS | {"happen", "occur", "come", "go", "take", "get", "make", "seem",
                                            "appear", "remain", "stay", "continue", "say", "speak", "comment",
                                            "respond", "decline", "refuse", "expect", "schedule", "due",
                                            "set", "report", "see", "show", "follow", "add", "use"}
BASE = 0.7
# people counted in a passive's subject are its participants even unnamed ("Three men were arrested")
PEOPLE_NOUNS = {"man", "woman", "person", "people", "child", "suspect", "worker", "student", "protester", "migrant",
                "passenger", "tourist", "soldier", "officer", "civilian", "miner", "hiker", "employee", "resident",
                "firefighter", "teenager", "patient", "prisoner", "journalist", "activist", "member", "fisherman", "sailor"}


def bare_events(doc: Doc, tok_ent: dict[int, int], speech: set[str]) -> Iterator[dict[str, Any]]:
    """(subject, verb, None) for dated intransitive verbs and agentless passives with a named subject.

    doc (Doc): a doc processed by kg_entities, kg_coref and kg_time.
    tok_ent (dict[int, int]): token -> entity map.
    speech (set[str]): speech-verb lemmas (reported speech is kg_claims' business).
    RETURNS (Iterator[dict]): partial relations with "object" None.
    """
    times = doc._.kg_time or []
    if not times:
        return
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_ in EMPTY_LEMMAS or verb.lemma_ in speech or not _finite(verb) or \
                not _bare(verb):
            continue
        relative = _relative_event(verb)
        if verb.dep_ in {"relcl", "acl", "amod", "xcomp", "pcomp", "csubj"} and not relative or \
                time_of(verb, times) is None:
            continue  # a modifier or a complement is not an event of its own ("the plan announced in May")
        own = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
        if not own and not _coordinated(verb):
            continue  # a subjectless adverbial clause is too often a misread noun ("in the world rankings")
        for t in [verb.head] if relative else clause_subjects(verb):
            s = arg_of(t, tok_ent)
            base = BASE
            if s is not None and "ent" not in s and _people_patient(t, verb):
                s["type"], base = "PERSON", BASE + 0.05  # "Three men were arrested": the people the news is about
            elif s is None or "ent" not in s:
                continue
            yield {"subject": s, "predicate": verb_lemma(verb) + _particle(verb), "object": None,
                   "verb": verb, "base": base, "qualifiers": place_of(verb, tok_ent, []),
                   "negated": negated(verb)}


def _relative_event(verb: Token) -> bool:
    """"X, which will open in 2026, ...": a dated relative clause whose "which/who" is the subject tells an
    event of the noun it follows (unlike a bare participle, "the plan announced in May")."""
    return verb.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ in {"WDT", "WP"} for c in verb.children)


def _finite(verb: Token) -> bool:
    """A tensed verb or one with its auxiliaries: a bare participle ("reported him missing", "since taking
    office") or a noun the tagger misread ("the world rankings") is no clause of its own."""
    return verb.tag_ in {"VBD", "VBZ", "VBP"} or any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def _people_patient(subj: Token, verb: Token) -> bool:
    """A counted group of people as the subject of a passive: "Three men were arrested", "12 workers were hurt"."""
    return subj.dep_ == "nsubjpass" and subj.head.i == verb.i and subj.tag_ == "NNS" and \
        subj.lemma_.lower() in PEOPLE_NOUNS and any(c.dep_ == "nummod" for c in subj.children)


def _coordinated(verb: Token) -> bool:
    """A verb joined to its head by "and"/"or" ("retired in 2020 and moved"), not a bare "conj" misparse."""
    return verb.dep_ == "conj" and any(c.dep_ == "cc" and verb.head.i < c.i < verb.i for c in verb.head.children)


def _bare(verb: Token) -> bool:
    """No object, complement or prepositional object: only dates, places and adverbs hang on the verb."""
    for c in verb.children:
        if c.dep_ in OBJECT_DEPS:
            return False
        if c.dep_ == "prep" and not _adjunct(c):
            return False
        if c.dep_ == "npadvmod" and c.ent_type_ not in {"DATE", "TIME"}:
            return False  # "beat Chelsea 3-1": a misparsed object
    return True


def _adjunct(prep: Token) -> bool:
    """A time or place adjunct ("in 2022", "on Friday", "in Lyon"), not a prepositional object."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    if not objs or prep.lower_ not in TIME_PREPS:
        return False
    return all(o.ent_type_ in {"DATE", "TIME", "GPE", "LOC", "FAC"} for o in objs)
