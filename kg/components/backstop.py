"""Recall backstop for kg_relations: Open IE clause triples anchored to the article's entities.

The rules in ``verbs``/``roles``/``events`` are precise but only cover the phrasings they were written
for. ``kg.extract.clauses.clause_triples`` reads every clause; this module maps its argument spans to
the same arguments the rules use (``args.arg_of``: a named or coref-resolved entity, else an unnamed
CONCEPT/PERSON phrase that ``kg.extract.articles`` mints as an entity) and normalises its predicate
the way the rules do, so a backstop relation looks like a rule relation.

>>> rels = list(backstop_relations(doc, token_entities(doc), rule_relations))  # doctest: +SKIP

Confidence: the partial relation's ``base`` is ``BASE + SCALE * triple.confidence`` (0.45-0.60), below
the 0.7 of a rule verb clause, and ``RelationExtractor._finish`` then applies the same adjustments as
for rules (named arguments, quotes, pronoun subjects, long sentences). A backstop relation therefore
ranks below a rule relation of the same shape, and one with an unnamed argument only survives
``min_confidence`` when Open IE was confident about the clause. A relation to a named entity in an
extra argument ("received X from <entity>") starts 0.05 lower; a copular "X is a N of <entity>" starts
at ``BASE``. Only sentences with two or more entities are read (cheap, and one-entity sentences gave
no gold-matching backstop relation on the dev sets).
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Span, Token

from .absolutes import absolute_prep
from ..extract.clauses import clause_triples
from .args import PRONOUNS, Arg, arg_of
from .util import verb_lemma
from .verbs import DROP_PREP, MODAL_VERBS, SKIP_LEMMAS, _particle, negated, place_of

__all__ = ["backstop_relations", "BASE", "SCALE"]

BASE = 0.45
SCALE = 0.15
# verb clauses only: nominal triples (appositions, titles, possessives) are the role rules' business,
# so they are not even produced (that keeps the backstop cheap)
VERB_CLAUSES = {"SVO", "SVA", "SVOO", "SVOA", "SVC"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
# prepositions whose extra argument is a participant ("sold X to Y", "received X from Y"), not a time or place
EXTRA_PREPS = {"to", "from", "with", "against", "for"}
# verbs of winning a prize, whose "for <work>" is what the prize rewards
PRIZE_VERBS = {"win", "receive", "earn", "get", "take", "accept", "collect", "scoop", "claim"}
# verbs whose "in/at <place>" is what they relate (elsewhere the place is a qualifier, as in the rules)
LOCATIVE_VERBS = {"live", "base", "locate", "headquarter", "reside", "settle", "grow", "bear", "move", "born"}


def backstop_relations(doc: Doc, tok_ent: dict[int, int], rules: list[dict[str, Any]],
                       light: dict[tuple[str, str], str] | None = None,
                       speech: set[str] = frozenset()) -> Iterator[dict[str, Any]]:
    """Partial relations (as ``verbs.verb_relations`` yields them) for clauses no rule read.

    doc (Doc): a doc processed by kg_entities, kg_time, kg_coref and kg_claims.
    tok_ent (dict[int, int]): token -> entity map (see util.token_entities).
    rules (list[dict]): finished rule relations; a (subject, object) pair they hold in a sentence is skipped.
    light (dict): (verb, noun) light-verb readings, left to the rules.
    speech (set[str]): speech-verb lemmas, whose content is kg_claims' business.
    YIELDS (dict): ``{"subject", "predicate", "object", "verb", "base", "qualifiers", "negated"}``.
    """
    taken = {(r["start"], *sorted((_key(r["subject"]), _key(r["object"])))) for r in rules}
    linked = _linked_objects(doc, rules)
    for sent in doc.sents:
        if len({tok_ent[i] for i in range(sent.start, sent.end) if i in tok_ent}) < 2:
            continue  # one entity: an unnamed object beside it rarely makes a fact, and skipping keeps this cheap
        for triple in clause_triples(sent, nominal=False):
            for rel in _relations(doc, triple, tok_ent, light or {}, speech):
                key = (sent.start_char, *sorted((_key(rel["subject"]), _key(rel["object"]))))
                if key in taken or _overlaps(rel, linked.get((sent.start_char, _key(rel["subject"])), [])):
                    continue  # rules win: the backstop only fills pairs no rule related
                taken.add(key)
                if not rel.pop("_extra", False):  # "sign X with Y": an extra participant keeps its preposition
                    rel["predicate"] = _without_prep(rel["predicate"], rel["subject"], rules, sent.start_char)
                yield rel


def _linked_objects(doc: Doc, rules: list[dict[str, Any]]) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """(sentence start, subject key) -> char spans of the objects rules linked to that subject there.

    A named object counts by each of its mentions in the sentence; an unnamed one by its own span.
    """
    mentions = {ci: [(s, e) for s, e, _k in ent["mentions"]] for ci, ent in enumerate(doc._.kg_entities or [])}
    out: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for r in rules:
        o = r.get("object")
        if o is None:
            continue
        spans = mentions.get(o["ent"], []) if "ent" in o else [(o["start"], o["end"])] if "start" in o else []
        inside = [(s, e) for s, e in spans if r["start"] <= s < r["end"]]
        out.setdefault((r["start"], _key(r["subject"])), []).extend(inside)
    return out


def _overlaps(rel: dict[str, Any], spans: list[tuple[int, int]]) -> bool:
    """The backstop object's span overlaps (or contains) an object a rule already gave this subject.

    "met with China's foreign, commerce and industry ministers": the rules hold the three ministers, so the
    whole phrase is not a fourth object.
    """
    o = rel["object"]
    if o is None or "start" not in o:
        return False
    return any(s < o["end"] and o["start"] < e for s, e in spans)


def _without_prep(pred: str, subj: Arg | None, rules: list[dict[str, Any]], sent_start: int) -> str:
    """"meet with" -> "meet" when the rules call the same subject's clause in this sentence "meet"."""
    words = pred.split()
    if len(words) < 2 or tuple(words[-2:]) in DROP_PREP:
        return " ".join(words[:-1]) if len(words) >= 2 else pred
    short = " ".join(words[:-1])
    same = any(r["start"] == sent_start and r["predicate"] == short and _key(r["subject"]) == _key(subj)
               for r in rules)
    return short if same else pred


def _key(arg: Arg | None) -> str:
    if arg is None:
        return ""
    return f"e{arg['ent']}" if "ent" in arg else arg["text"].lower()


def _relations(doc: Doc, t, tok_ent: dict[int, int], light: dict, speech: set[str]) -> list[dict[str, Any]]:
    """The triple's relation (arg1, arg2) and those to named entities among its extra arguments."""
    if t.clause_type not in VERB_CLAUSES or not t.arg1_chars or not t.arg2_chars:
        return []
    verb = _main_verb(doc, t.rel_tokens)
    if verb is None or verb.lemma_ in speech or verb.lemma_ in SKIP_LEMMAS - {"be"}:
        return []
    main = _anchor(doc, t, verb, tok_ent, light)
    return ([main] if main else []) + list(_extra_relations(doc, t, verb, tok_ent))


def _extra_relations(doc: Doc, t, verb: Token, tok_ent: dict[int, int]) -> Iterator[dict[str, Any]]:
    """"sold its stake ... to Okoro Energy" -> (X, "sell to", Okoro Energy): an extra "to/from/with <entity>".

    Times and places are not read here: they are the relation's qualifiers already (time_of, place_of).
    """
    subj = _span(doc, t.arg1_chars)
    s = arg_of(subj.root, tok_ent) if subj is not None and not t.passive else None
    if s is None or "ent" not in s:
        return
    for chars in t.extra_chars:
        span = _span(doc, chars)
        if span is None or span[0].dep_ != "prep" or span[0].lower_ not in EXTRA_PREPS or span[0].head != verb \
                or absolute_prep(span[0]):  # "..., with A buying half": A is no participant of the main verb
            continue
        pobj = next((g for g in span[0].children if g.dep_ == "pobj" and g.i in tok_ent), None)
        if pobj is not None and span[0].lower_ == "for" and pobj.ent_type_ == "WORK_OF_ART" and \
                verb.lemma_ in PRIZE_VERBS:
            continue  # "won the prize for 'Low Tide'": the work the prize rewards, no participant of the winning
        o = {"ent": tok_ent[pobj.i]} if pobj is not None else None
        if o is not None and o != s and pobj.ent_type_ not in {"DATE", "TIME"}:
            yield {"subject": s, "predicate": f"{_lemma(verb)}{_particle(verb)} {span[0].lower_}", "object": o,
                   "verb": verb, "base": round(BASE - 0.05 + SCALE * t.confidence, 3), "qualifiers": {},
                   "negated": t.negated or negated(verb), "_extra": True}


def _anchor(doc: Doc, t, verb: Token, tok_ent: dict[int, int], light: dict) -> dict[str, Any] | None:
    """The triple as a partial relation between arguments, or None when it fails a filter."""
    subj, obj, pred = _span(doc, t.arg1_chars), _span(doc, t.arg2_chars), t.predicate
    if t.passive:  # passive -> active: the by-agent is the subject; agentless passives are events.py's
        if t.agent is None or not pred.endswith(" by"):
            return None
        subj, obj, pred = obj, subj, pred[: -len(" by")]
    if subj is None or obj is None or _is_pronoun(obj.root):
        return None
    nouns = [obj.root] + [doc[i] for i in t.rel_tokens if doc[i].pos_ == "NOUN"]
    if any((verb.lemma_, n.lemma_.lower()) in light for n in nouns) or obj.root.pos_ in {"VERB", "AUX"}:
        return None  # light verbs are read by the rules; a clausal object is no graph node
    if verb.lemma_ == "be":
        return _copular(subj, obj, verb, tok_ent)
    if not t.passive and _governor(obj.root) != verb or _place_object(verb, pred, obj.root, tok_ent):
        return None  # an object borrowed from a coordinated verb, or a place the rules keep as a qualifier
    s, o = arg_of(subj.root, tok_ent), arg_of(obj.root, tok_ent)
    if s is None or o is None or s == o:
        return None  # an unresolved pronoun subject, a number or a date
    quals = place_of(verb, tok_ent, [obj.root])
    if quals.get("place") == o:
        quals = {}  # "lives in Villeurbanne": the place is the object, not also a qualifier
    return {"subject": s, "predicate": _normal(pred, verb, doc, t.rel_tokens), "object": o, "verb": verb,
            "base": round(BASE + SCALE * t.confidence, 3), "qualifiers": quals,
            "negated": t.negated or negated(verb)}


def _copular(subj: Span, obj: Span, verb: Token, tok_ent: dict[int, int]) -> dict[str, Any] | None:
    """"X is a suburb of Lyon" -> (X, "suburb of", Lyon); other copulas (an adjective, a bare noun) say too little."""
    head = obj.root
    if head.pos_ not in {"NOUN", "PROPN"} or head.i in tok_ent:
        return None
    pobjs = [g for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
             if g.dep_ == "pobj" and g.i in tok_ent]
    s = arg_of(subj.root, tok_ent)
    if not pobjs or s is None or "ent" not in s:
        return None
    o = {"ent": tok_ent[pobjs[0].i]}
    if o == s:
        return None
    return {"subject": s, "predicate": f"{head.lemma_.lower()} of", "object": o, "verb": verb, "base": BASE,
            "qualifiers": {}, "negated": negated(verb)}


def _governor(tok: Token) -> Token | None:
    """The nearest verb above `tok` (an object of "made" in "did not elaborate and made remarks" is not elaborate's)."""
    for anc in tok.ancestors:
        if anc.pos_ in {"VERB", "AUX"}:
            return anc
    return None


def _place_object(verb: Token, pred: str, head: Token, tok_ent: dict[int, int]) -> bool:
    """"beat X at Emirates Stadium", "controlled in Luxembourg": the place says where, not what."""
    return pred.split()[-1] in {"in", "at"} and head.i in tok_ent and head.ent_type_ in PLACE_TYPES \
        and verb.lemma_ not in LOCATIVE_VERBS


def _main_verb(doc: Doc, rel_tokens: tuple[int, ...]) -> Token | None:
    """The last content verb of the relation words ("agreed to sell" -> sell); it carries time and place."""
    verbs = [doc[i] for i in rel_tokens if doc[i].pos_ in {"VERB", "AUX"} and
             doc[i].dep_ not in {"aux", "auxpass", "neg"}]
    return verbs[-1] if verbs else None


def _normal(pred: str, verb: Token, doc: Doc, rel_tokens: tuple[int, ...]) -> str:
    """Drop a modal verb the rules keep as modality ("agree to sell" -> "sell", modality "agree to")
    and determiners inside the relation ("launched a strike at" -> "launch strike at")."""
    drop = {doc[i].lower_ for i in rel_tokens if doc[i].pos_ in {"DET", "PRON"}}
    words = [w for w in pred.split() if w not in drop]
    lemma = _lemma(verb)
    words = [lemma if w == verb.lemma_ else w for w in words]
    gov = verb.head if verb.dep_ == "xcomp" else None
    if gov is not None and gov.lemma_ in MODAL_VERBS and lemma in words:
        return " ".join(words[words.index(lemma):])
    return " ".join(words)


def _lemma(verb: Token) -> str:
    """Repair the small model's clipped lemma ("fined" -> "fin" is "fine"), see `verb_lemma`."""
    return verb_lemma(verb)


def _span(doc: Doc, chars: tuple[int, int]) -> Span | None:
    span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return span if span is not None and len(span) else None


def _is_pronoun(tok: Token) -> bool:
    return tok.pos_ == "PRON" or tok.lower_ in PRONOUNS
