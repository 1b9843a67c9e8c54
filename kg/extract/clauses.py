"""Clause-based Open IE: ClausIE-style triples from a spaCy dependency parse.

>>> from kg.extract.clauses import clause_triples               # doctest: +SKIP
>>> [t[:3] for t in clause_triples(nlp("Musk met Li in Shanghai."))]  # doctest: +SKIP
[('met', 'Musk', 'Li')]

Each clause is typed like ClausIE (SV, SVO, SVC, SVA, SVOO, SVOA); the verb's
auxiliaries, negation and particles stay in the relation text ("will not give
up"), a preposition moves into the relation when its object is the clause's
second argument ("taught at" | X | the University), and the other adverbials
(time, place, manner) become extra arguments. Nominal facts (appositions,
possessives, "including", titles) live in `kg.extract._nominal`.
"""
from __future__ import annotations

from itertools import chain
from typing import Iterator, Union

from spacy.tokens import Doc, Span, Token

from kg.extract._args import Phrase, conjuncts, phrase, phrase_from, resolve_relpron, subjects_of
from kg.extract._nominal import nominal_triples
from kg.extract._score import confidence
from kg.extract._types import Triple

__all__ = ["Triple", "clause_triples", "CLAUSE_HEAD_DEPS"]

# Dependency labels of verbs that head a clause of their own
CLAUSE_HEAD_DEPS = {"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "parataxis"}
OBJ_DEPS = {"dobj", "obj"}
DATIVE_DEPS = {"dative", "iobj"}
# Subject complements: "is a footballer", "seems happy", "was named captain"
COMPL_DEPS = {"attr", "acomp", "oprd"}
# Verb-side words that belong in the relation phrase ("has not been", "will")
REL_AUX_DEPS = {"aux", "auxpass", "neg"}
# Adverbials that become extra arguments (time, place, manner)
ADVERBIAL_DEPS = {"prep", "agent", "npadvmod", "advmod", "dative"}
# Light verbs whose object noun carries the meaning: "made an offer on X"
LIGHT_VERBS = {"make", "take", "give", "have", "hold", "reach", "pay", "play", "launch", "win", "file", "sign"}
NEG_WORDS = {"not", "n't", "never", "no"}
WH_ADVERBS = {"where", "when", "why", "how", "whereby"}

DocLike = Union[Doc, Span]


def clause_triples(doclike: DocLike, *, nominal: bool = True) -> Iterator[Triple]:
    """Yield the clause and nominal triples of a parsed Doc or Span.

    doclike (Doc | Span): parsed text (needs `token.dep`; lemmas improve `predicate`).
    nominal (bool): also yield appositions, possessives, titles ("kg_relations" reads those with its own rules).
    YIELDS (Triple): one per clause × coordinated argument, in sentence order.
    """
    clauses = (triple for tok in doclike if _is_clause_head(tok) for triple in _verb_triples(tok))
    seen: set[tuple[str, str, str, tuple[str, ...]]] = set()
    for triple in chain(clauses, nominal_triples(doclike) if nominal else ()):
        key = (triple.relation, triple.arg1, triple.arg2, triple.extra)
        if key not in seen:
            seen.add(key)
            yield triple


def _is_clause_head(tok: Token) -> bool:
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    if tok.pos_ == "AUX" and tok.dep_ in REL_AUX_DEPS:
        return False
    if tok.dep_ not in CLAUSE_HEAD_DEPS:
        return False
    # "wants to buy X": the governing verb is folded into its xcomp's relation
    return not _defers_to_xcomp(tok)


def _defers_to_xcomp(verb: Token) -> bool:
    has_xcomp = any(c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} for c in verb.children)
    has_core = any(c.dep_ in OBJ_DEPS | COMPL_DEPS for c in verb.children)
    return has_xcomp and not has_core


def _rel_tokens(verb: Token) -> list[Token]:
    toks = [c for c in verb.children if c.dep_ in REL_AUX_DEPS or c.dep_ == "prt"]
    toks = [t for t in toks if not (t.dep_ == "aux" and t.lower_ == "to" and verb.dep_ != "xcomp")]
    toks.append(verb)
    if verb.dep_ == "xcomp" and verb.head != verb and _defers_to_xcomp(verb.head):
        toks.extend(_rel_tokens(verb.head))
    return sorted(toks, key=lambda t: t.i)


def _verb_triples(verb: Token) -> Iterator[Triple]:
    subjects, source = subjects_of(verb)
    subjects = [s for s in subjects if s.tag_ not in {"WDT", "WP"}]
    if not subjects:
        return
    rel = _rel_tokens(verb)
    core = _core(verb)
    if core is None:
        return
    extra_rel, arg2_tok, extras, ctype = core
    rel_all = sorted(set(rel) | set(extra_rel), key=lambda t: t.i)
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or (
        source == "acl" and verb.tag_ == "VBN")
    extra_phr = tuple(p for p in (_adverbial(a) for a in extras) if p is not None)
    # a relative clause modifies one conjunct only: "Jack Ruby, who killed X, and Jim"
    # the modified noun of a relative/participial clause is named without that clause
    inside = set(verb.subtree) if source in {"relcl", "acl"} else set()
    for subj in (subjects if source == "relcl" else _expand(subjects)):
        arg1 = _without(phrase(subj), inside)
        if arg1 is None:
            continue
        for arg2 in _arg2_variants(arg2_tok):
            yield _make(verb, rel_all, arg1, arg2, extra_phr, ctype, source, passive)


def _without(arg: Phrase | None, skip: set[Token]) -> Phrase | None:
    if arg is None or not skip:
        return arg
    return phrase_from([t for t in arg.tokens if t not in skip], arg.head)


def _expand(heads: list[Token]) -> list[Token]:
    out: list[Token] = []
    for head in heads:
        out.extend(conjuncts(head))
    return out


def _arg2_variants(arg2_tok: Token | None) -> list[Phrase | None]:
    if arg2_tok is None:
        return [None]
    if arg2_tok.dep_ == "ccomp" or arg2_tok.pos_ in {"VERB", "AUX"}:
        toks = [t for t in arg2_tok.subtree if not (t.dep_ == "mark" and t.head == arg2_tok)]
        return [phrase_from(toks, arg2_tok)]
    heads = conjuncts(resolve_relpron(arg2_tok))
    return [phrase(h) for h in heads]


def _core(verb: Token) -> tuple[list[Token], Token | None, list[Token], str] | None:
    """Pick the clause's second argument and type: (extra relation words, arg2, adverbials, type)."""
    kids = list(verb.children)
    objs = [c for c in kids if c.dep_ in OBJ_DEPS] or _shared_object(verb)
    dats = [c for c in kids if c.dep_ == "dative" and c.pos_ != "ADP"]
    compls = [c for c in kids if c.dep_ in COMPL_DEPS]
    advs = [c for c in kids if _is_adverbial(c)]
    if objs and dats:
        return [], dats[0], [objs[0], *advs], "SVOO"
    if objs:
        light = _light_verb_object(verb, objs[0])
        if light is not None:
            return light[0], light[1], advs, "SVOA"
        return [], objs[0], advs, "SVOA" if advs else "SVO"
    if compls:
        return [], compls[0], advs, "SVC"
    return _adverbial_core(verb, kids, advs)


def _adverbial_core(verb: Token, kids: list[Token], advs: list[Token]):
    # "taught at X": the first preposition after the verb joins the relation;
    # a preposition before the verb ("In 1990, he ...") stays an extra argument
    preps = [a for a in advs if a.dep_ in {"prep", "agent", "dative"} and a.i > verb.i
             and _pobj(a) is not None]
    if preps:
        prep = next((p for p in preps if p.dep_ == "agent"), preps[0])
        return [prep], _pobj(prep), [a for a in advs if a != prep], "SVA"
    ccomps = [c for c in kids if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}]
    if ccomps and not _defers_to_xcomp(verb):
        marks = [m for m in ccomps[0].children if m.dep_ == "mark" and m.i < ccomps[0].i]
        return marks[:1], ccomps[0], advs, "SVO"
    later = [a for a in advs if a.i > verb.i]
    if later:
        # "were located close to X": the adverbial phrase is the second argument
        return [], later[0], [a for a in advs if a != later[0]], "SVA"
    return [], None, advs, "SV"


def _shared_object(verb: Token) -> list[Token]:
    # "traders buy or sell stocks": the first conjunct shares the last one's object
    if any(c.dep_ in COMPL_DEPS | {"prep", "ccomp", "xcomp"} and c.i > verb.i for c in verb.children):
        return []
    for conj in verb.conjuncts:
        if conj.i > verb.i:
            objs = [c for c in conj.children if c.dep_ in OBJ_DEPS]
            if objs:
                return objs[:1]
    return []


def _light_verb_object(verb: Token, obj: Token) -> tuple[list[Token], Token] | None:
    # "made a final offer on the minimum wage" -> made a final offer on | the minimum wage
    if verb.lemma_ not in LIGHT_VERBS or obj.pos_ != "NOUN":
        return None
    preps = [c for c in obj.children if c.dep_ == "prep" and c.i > obj.i and _pobj(c) is not None]
    if not preps or any(c.dep_ in {"relcl", "conj"} for c in obj.children):
        return None
    noun = [t for t in obj.subtree if t.i < preps[0].i]
    return [*noun, preps[0]], _pobj(preps[0])


def _pobj(prep: Token) -> Token | None:
    for c in prep.children:
        if c.dep_ in {"pobj", "pcomp"}:
            return c
    return None


def _is_adverbial(tok: Token) -> bool:
    if tok.dep_ not in ADVERBIAL_DEPS:
        return False
    if tok.dep_ == "advmod":
        # "not"/"never" are negation; "where"/"when" only link a relative clause
        # a bare adverb before the verb ("also", "often") is relation colour, not an argument
        return tok.lower_ not in NEG_WORDS | WH_ADVERBS and (tok.n_lefts + tok.n_rights > 0 or tok.i > tok.head.i)
    return tok.dep_ != "dative" or tok.pos_ == "ADP"


def _adverbial(tok: Token) -> Phrase | None:
    toks = [t for t in tok.subtree]
    return phrase_from(toks, tok)


def _make(verb: Token, rel: list[Token], arg1: Phrase, arg2: Phrase | None,
          extras: tuple[Phrase, ...], ctype: str, source: str, passive: bool) -> Triple:
    negated = any(t.lower_ in NEG_WORDS for t in rel)
    modals = [t for t in rel if t.tag_ == "MD"]
    agent = None
    if passive:
        by = [t for t in rel if t.dep_ == "agent"]
        agent = arg2.text if by and arg2 is not None else None
    else:
        agent = arg1.text
    conf = confidence(ctype=ctype, source=source, arg1=arg1, arg2=arg2, extras=extras,
                      rel=rel, passive=passive, verb=verb)
    return Triple(
        relation=" ".join(t.text for t in rel), arg1=arg1.text,
        arg2=arg2.text if arg2 is not None else "", extra=tuple(e.text for e in extras),
        confidence=conf, clause_type=ctype, predicate=_predicate(rel), negated=negated,
        modality=modals[0].lower_ if modals else None, passive=passive, agent=agent,
        arg1_chars=(arg1.start_char, arg1.end_char),
        arg2_chars=(arg2.start_char, arg2.end_char) if arg2 is not None else None,
        rel_tokens=tuple(t.i for t in rel),
        extra_chars=tuple((e.start_char, e.end_char) for e in extras))


def _is_xcomp_to(tok: Token) -> bool:
    return tok.dep_ == "aux" and tok.lower_ == "to" and tok.head.dep_ == "xcomp"


def _predicate(rel: list[Token]) -> str:
    """Lemmas of the relation without auxiliaries, negation or determiners: "teach at"."""
    # keep the infinitive "to" of a folded control verb: "want to buy"
    keep = [t for t in rel if (t.dep_ not in REL_AUX_DEPS | {"mark"} or _is_xcomp_to(t))
            and t.pos_ not in {"DET", "PUNCT"}]
    keep = keep or rel
    return " ".join((t.lemma_ or t.lower_).lower() for t in keep)
