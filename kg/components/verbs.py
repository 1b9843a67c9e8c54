"""Verb-clause relations for kg_relations: SV(O|C|A|OO|OA) clauses, passives, light verbs, nominal events.

Each finder yields partial relation dicts ``{"subject", "predicate", "object", "verb", "base",
"qualifiers", "negated"}`` where ``verb`` is the token whose clause gives time/place/modality and
``base`` the pattern's prior confidence.
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Token

from .args import TIME_PREPS, Arg, arg_of, phrase_arg
from .absolutes import absolute_prep, absolute_subjects
from .util import clause_subjects, root_noun_verb, verb_lemma

__all__ = ["verb_relations", "nominal_relations", "expand_objects", "MODAL_VERBS", "negated", "modality", "place_of"]

# verbs whose infinitive complement carries the event: "seek to initiate" -> initiate, modality "seek to"
MODAL_VERBS = {"seek", "plan", "want", "aim", "hope", "try", "expect", "agree", "intend", "decide", "promise",
               "threaten", "vow", "attempt", "prepare", "continue", "start", "begin", "wish", "need", "able"}
# prepositions whose object takes part in a light-verb phrase ("file a complaint against X")
LIGHT_PREPS = {"against", "for"}
# verbs whose infinitive complement did not happen: "declined to comment", "refused to sign"
NEGATING_VERBS = {"decline", "refuse", "fail", "reject"}
NEGATORS = {"not", "n't", "never", "neither", "nor"}
CLAUSE_OBJECT_VERBS = {"want", "ask", "urge", "require", "order", "tell", "allow", "force", "call"}
SAY_LEMMAS = {"say", "tell", "add", "state", "note", "comment", "reply", "respond", "explain"}
SKIP_LEMMAS = {"be", "have", "do", "say", "tell", "add", "note", "think", "believe", "include", "become"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
DROP_PREP = {("meet", "with"), ("visit", "to"), ("depart", "from"), ("leave", "from")}
AGENTLESS_DEPS = {"relcl", "acl", "amod"}
# nouns of an inquiry whose "into X" names what is looked into ("opened an investigation into the crash")
INQUIRY_NOUNS = {"investigation", "inquiry", "enquiry", "probe", "review", "audit", "examination"}
EVENT_NOUNS = {"trip", "visit", "tour", "journey"}  # objects that kg's nominal rules turn into "visit"
# parts of an organisation a person joins or leaves: "joined Acme's board" is read by events._owned_part
PART_NOUNS = {"board", "team", "squad", "cabinet", "government", "staff", "management", "committee", "council"}


def negated(verb: Token) -> bool:
    """The verb (or the verb governing its infinitive) carries a negation.

    "would not raise", "never sold", "no longer owns", "declined to comment", "refused to sign",
    "did not plan to buy".
    """
    gov = verb.head if verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_ in MODAL_VERBS | {"be"} else None
    if verb.dep_ == "xcomp" and verb.head.lemma_ in NEGATING_VERBS:
        return True
    return any(_has_negation(tok) for tok in (verb, gov) if tok is not None)


def _has_negation(tok: Token) -> bool:
    """A "not"/"never" child, on the verb or on its auxiliaries, or "no longer"."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in NEGATORS:
            return True
        if c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children) or \
                c.lower_ == "no" and tok.doc[c.i + 1:c.i + 2].text.lower() == "longer":
            return True
        if c.dep_ in {"aux", "auxpass"} and any(g.dep_ == "neg" for g in c.children):
            return True
    return False


def modality(verb: Token) -> str | None:
    """Modal auxiliaries and modal verbs around the predicate: "will", "seek to", "will seek to"."""
    parts = []
    gov = verb.head if verb.dep_ == "xcomp" and verb.head.lemma_ in MODAL_VERBS else None
    if gov is not None and gov.head.lemma_ == "be" and gov.lemma_ == "able":
        gov = gov.head
    for tok in (gov, verb):
        if tok is None:
            continue
        parts += [c.lower_ for c in tok.children if c.dep_ == "aux" and c.tag_ == "MD"]
        if tok is gov and tok.lemma_ != "be":
            parts.append(f"{tok.lemma_} to")
        if tok is gov and tok.lemma_ == "be":
            parts.append("able to")
    return " ".join(parts) or None


def expand_objects(tok: Token, tok_ent: dict[int, int], role_nouns: set[str]) -> list[Arg]:
    """Arguments for an object head: conjuncts, "including" members and split role nouns.

    "China's foreign, commerce and industry ministers" gives three unnamed PERSON arguments.
    RETURNS (list[Arg]): possibly empty.
    """
    heads = [tok] + [c for c in tok.conjuncts if c.i > tok.i]
    out: list[Arg] = []
    for h in heads:
        split = _split_roles(h, role_nouns)
        if split:
            out += split
            continue
        arg = arg_of(h, tok_ent)
        if arg is not None:
            out.append(arg)
        for prep in (c for c in h.children if c.dep_ == "prep" and c.lower_ == "including"):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                out += [a for a in (arg_of(x, tok_ent) for x in [obj] + list(obj.conjuncts)) if a]
    return out


def _split_roles(head: Token, role_nouns: set[str]) -> list[Arg]:
    """"X's foreign, commerce and industry ministers" -> "X's foreign minister", ... (PERSON)."""
    if head.tag_ != "NNS" or head.lemma_.lower() not in role_nouns:
        return []
    mods = [c for c in head.lefts if c.dep_ in {"amod", "compound", "nmod"} and c.conjuncts]
    if not mods:
        return []
    poss = [c for c in head.lefts if c.dep_ == "poss"]
    prefix = (poss[0].text + "'s ") if poss and poss[0].pos_ == "PROPN" else ""
    start = poss[0].left_edge.i if poss else mods[0].i
    span = head.doc[start:head.i + 1]
    out = []
    for m in [mods[0]] + list(mods[0].conjuncts):
        out.append({"text": f"{prefix}{m.text} {head.lemma_}", "start": span.start_char, "end": span.end_char,
                    "type": "PERSON"})
    return out


def verb_relations(doc: Doc, tok_ent: dict[int, int], light: dict[tuple[str, str], str],
                   role_nouns: set[str], speech: set[str]) -> Iterator[dict[str, Any]]:
    """Relations from verb clauses.

    doc (Doc): the doc.
    tok_ent (dict[int, int]): token -> entity map.
    light (dict): (verb lemma, noun lemma) -> predicate, for "hold talks", "make remarks".
    role_nouns (set[str]): title head nouns ("minister") for splitting coordinated roles.
    speech (set[str]): speech-verb lemmas (their content is handled by kg_claims).
    RETURNS (Iterator[dict]): partial relations.
    """
    repaired = {v.i for v in (root_noun_verb(s) for s in doc.sents) if v is not None}
    for verb in doc:
        if verb.pos_ not in {"VERB", "AUX"} and verb.i not in repaired:
            continue
        if verb.lemma_ in SKIP_LEMMAS or verb.lemma_ in MODAL_VERBS and _has_xcomp(verb) and \
                not _light_prep(verb, light):  # "agreed to a deal with X to make Y" keeps its deal
            continue
        if verb.lemma_ in speech and (verb.lemma_ in SAY_LEMMAS or any(c.dep_ in {"ccomp", "parataxis"}
                                                                       for c in verb.children)):
            continue  # reported speech is kg_claims' business; "report earnings" is a plain event
        if verb.dep_ == "acl" and verb.lemma_ == "base":
            yield from _based_in(verb, tok_ent)
            continue
        if verb.dep_ in {"relcl", "acl"} and _ordinal_infinitive(verb):
            yield from _ordinal_clause(verb, tok_ent)
            continue
        if verb.dep_ in AGENTLESS_DEPS and verb.i not in repaired and not _relative_subject(verb) and \
                not absolute_subjects(verb):
            continue
        yield from _clause(verb, tok_ent, light, role_nouns, verb.i in repaired)


def _based_in(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict[str, Any]]:
    """"X, based in Austin, ..." -> (X, "based in", Austin); "X, a publisher based in Leeds" too."""
    subj = arg_of(_apposed_name(verb.head), tok_ent)
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
        for obj in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent):
            if subj and "ent" in subj:
                yield _mk(subj, "based in", {"ent": tok_ent[obj.i]}, verb, 0.75, {}, False)


def _apposed_name(noun: Token) -> Token:
    """The name a description is apposed to ("Corrin Press, a publisher ..."), else the noun itself."""
    return noun.head if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" else noun


def _relative_antecedent(head: Token) -> Token:
    """What "which" stands for: the parser hangs "X, a firm based in Leeds, which bought ..." on the place,
    but a place at the end of a "based/located in" phrase is that phrase's detail, not the clause's topic."""
    prep = head.head
    if head.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.dep_ == "acl" and \
            prep.head.lemma_ in {"base", "locate", "headquarter"}:
        return _apposed_name(prep.head.head)
    return head


def _ordinal_infinitive(verb: Token) -> bool:
    """"X is the third drug to be recalled by Y", "X became the first woman to win Y": an infinitive on a ranked
    noun that is the complement of a copula."""
    noun = verb.head
    return any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children) and noun.dep_ == "attr" and \
        any(c.ent_type_ == "ORDINAL" or c.tag_ == "JJS" for c in noun.children if c.dep_ == "amod")


def _ordinal_clause(verb: Token, tok_ent) -> Iterator[dict[str, Any]]:
    """(agent, verb, X) for a passive infinitive, (X, verb, object) for an active one; the article's date
    stands for the event when no date is given ("is the second shot to be recommended by the agency")."""
    copula = verb.head.head
    ranked = [a for a in (arg_of(c, tok_ent) for c in copula.children if c.dep_ in {"nsubj", "nsubjpass"}) if a]
    if any(c.dep_ == "auxpass" for c in verb.children):
        others = [arg_of(g, tok_ent) for c in verb.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"]
        pairs = [(o, x) for o in others if o for x in ranked]
    else:
        others = [arg_of(c, tok_ent) for c in verb.children if c.dep_ == "dobj"]
        pairs = [(x, o) for o in others if o for x in ranked]
    published = verb.doc._.kg_published
    quals = {"time": published, "time_surface": None} if published else {}
    for s, o in pairs:
        if s != o and "ent" in s and "ent" in o:  # a side fact: kept only when it links two entities
            yield _mk(s, verb_lemma(verb) + _particle(verb), o, verb, 0.65, quals, negated(verb))


def _light_prep(verb: Token, light: dict[tuple[str, str], str]) -> bool:
    return any((verb.lemma_, g.lemma_.lower()) in light for c in verb.children if c.dep_ == "prep"
               for g in c.children if g.dep_ == "pobj")


def _has_xcomp(verb: Token) -> bool:
    return any(c.dep_ == "xcomp" for c in verb.children)


def _relative_subject(verb: Token) -> bool:
    return verb.dep_ == "relcl" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _subjects(verb: Token, tok_ent: dict[int, int], repaired: bool) -> list[Arg]:
    if verb.dep_ == "relcl":
        subs = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        subs = [_relative_antecedent(verb.head) if s.tag_ in {"WDT", "WP"} else s for s in subs]
    elif repaired:
        subs = [verb.nbor(-1)]
    else:
        subs = clause_subjects(verb)
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if passive:  # passive -> active: the agent is the subject
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        subs = agents
    return [a for a in (arg_of(s, tok_ent) for s in subs) if a]


def _clause(verb: Token, tok_ent, light, role_nouns, repaired: bool) -> Iterator[dict[str, Any]]:
    subjects = _subjects(verb, tok_ent, repaired)
    if not subjects:
        return
    base = 0.6 if repaired else 0.7
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if passive:  # "the search, which was led by X": the relative pronoun stands for the noun it follows
        dobjs = [verb.head if c.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl" else c
                 for c in verb.children if c.dep_ == "nsubjpass"]
    elif repaired:
        dobjs = [verb.head]
    else:
        dobjs = [c for c in verb.children if c.dep_ == "dobj"]  # a dative ("gave investors X") is no object
    preds: list[tuple[str, list[Arg], Token]] = []
    for obj in dobjs:
        lv = light.get((verb.lemma_, obj.lemma_.lower()))
        if lv:
            yield from _light(verb, obj, lv, subjects, tok_ent, base)
            return
        inquiry = _inquiry_target(verb, obj, tok_ent)
        if inquiry is not None:  # "opened an investigation into the crash": what is investigated is the object
            preds.append((f"{verb_lemma(verb)}{_particle(verb)} {obj.lemma_.lower()} into", [inquiry], obj))
            continue
        if obj.lower_ in EVENT_NOUNS:
            continue  # "wrapped up a trip to X" is read as visiting X by nominal_relations
        if obj.lemma_.lower() in PART_NOUNS and any(c.dep_ == "poss" and c.i in tok_ent for c in obj.children):
            continue  # "join Acme's board" is (X, "join board of", Acme), see events._owned_part
        objs = expand_objects(obj, tok_ent, role_nouns) if not repaired else \
            [a for a in [arg_of(obj, tok_ent, min_start=verb.i + 1)] if a]
        preds.append((verb_lemma(verb) + _particle(verb), objs, obj))
    if not dobjs:
        for prep in (c for c in verb.children if c.dep_ == "prep"):  # "agreed to a deal with X"
            for noun in (g for g in prep.children if g.dep_ == "pobj"):
                lv = light.get((verb.lemma_, noun.lemma_.lower()))
                if lv:
                    yield from _light(verb, noun, lv, subjects, tok_ent, base)
                    return
        preds += _prep_objects(verb, tok_ent, role_nouns, place_ok=True)
    preds += _clause_object(verb, tok_ent)
    quals = place_of(verb, tok_ent, dobjs + [o for _, _, o in preds])
    for pred, objs, _ in preds:
        for s in subjects:
            for o in objs:
                if o != s:
                    yield {"subject": s, "predicate": pred, "object": o, "verb": verb, "base": base,
                           "qualifiers": dict(quals), "negated": negated(verb)}


def _inquiry_target(verb: Token, noun: Token, tok_ent) -> Arg | None:
    """What an inquiry noun looks "into", on the noun or on the verb ("launched a probe on Monday into X")."""
    if noun.lemma_.lower() not in INQUIRY_NOUNS:
        return None
    preps = [c for h in (noun, verb) for c in h.children if c.dep_ == "prep" and c.lower_ == "into"]
    pobjs = [g for p in preps for g in p.children if g.dep_ == "pobj"]
    return arg_of(pobjs[0], tok_ent) if pobjs else None


def _particle(verb: Token) -> str:
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return (" " + prt[0]) if prt else ""


def _prep_objects(verb: Token, tok_ent, role_nouns, place_ok: bool) -> list[tuple[str, list[Arg], Token]]:
    out = []
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        objs = [g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"}]
        if not objs or prep.lower_ in TIME_PREPS - {"in", "at", "on"} or objs[0].lower_ in EVENT_NOUNS:
            continue
        if absolute_prep(prep):
            continue  # "raised $3 billion, with A buying half": A is the buyer, not a thing raised with
        if prep.lower_ in {"in", "at"} and objs[0].i in tok_ent and objs[0].ent_type_ in PLACE_TYPES:
            continue  # a place: a qualifier, not the object
        pred = verb_lemma(verb) + _particle(verb)
        if (verb.lemma_, prep.lower_) not in DROP_PREP:
            pred += " " + prep.lower_
        out.append((pred, expand_objects(objs[0], tok_ent, role_nouns), objs[0]))
        break
    return out


def _clause_object(verb: Token, tok_ent) -> list[tuple[str, list[Arg], Token]]:
    """"wants firms to submit assessments": the clause is the object (cut before its adverbial clauses)."""
    if verb.lemma_ not in CLAUSE_OBJECT_VERBS:
        return []
    for c in verb.children:
        if c.dep_ in {"ccomp", "xcomp"} and any(g.dep_ == "nsubj" for g in c.children):
            skip = {x.i for t in c.subtree if t.dep_ == "advcl" and t is not c for x in t.subtree}
            sub = [t for t in c.subtree if t.i not in skip]
            if not sub:
                continue
            span = verb.doc[sub[0].i: sub[-1].i + 1]
            arg = phrase_arg(span)
            return [(verb.lemma_, [arg], c)] if arg else []
    return []


def place_of(verb: Token, tok_ent, heads: list[Token]) -> dict[str, Any]:
    """"in Beijing" on the verb or its object -> {"place": {"ent": i}}."""
    for h in [verb] + heads:
        for prep in (c for c in h.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}):
            for g in prep.children:
                if g.dep_ == "pobj" and g.i in tok_ent and g.ent_type_ in PLACE_TYPES:
                    return {"place": {"ent": tok_ent[g.i]}}
    return {}


def _light(verb: Token, noun: Token, pred: str, subjects: list[Arg], tok_ent, base: float) -> Iterator[dict]:
    """"made remarks in a <event> with X": participate in the event, speak with X (at the event)."""
    event = None
    with_args: list[Arg] = []
    topic: list[Arg] = []
    for tok in noun.subtree:
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            continue
        prep = tok.head.lower_
        if prep in {"in", "at"} and tok.i in tok_ent and tok.ent_type_ == "EVENT":
            event = {"ent": tok_ent[tok.i]}
        elif prep == "with":
            with_args += [a for a in (arg_of(x, tok_ent) for x in [tok] + list(tok.conjuncts)) if a]
        elif prep in {"on", "about", "over"} and tok.head.head is noun:
            topic += [a for a in [arg_of(tok, tok_ent, keep_conj=True)] if a]
    quals = {"place": event} if event else {}
    others = _light_others(verb, noun, tok_ent)
    for s in subjects:
        for prep, o in others:  # "filed a complaint ... against X", "claimed responsibility for the attack"
            yield _mk(s, f"{pred} {prep}", o, verb, base, {}, negated(verb))
        if event:
            yield _mk(s, "participate in", event, verb, base, {}, negated(verb))
        for w in with_args:
            yield _mk(s, f"{pred} with", w, verb, base, quals, negated(verb))
            if event and "ent" in w:
                yield _mk(w, "participate in", event, verb, base - 0.1, {}, negated(verb))
        for t in topic:
            yield _mk(s, pred, t, verb, base - 0.05, quals, negated(verb))


def _light_others(verb: Token, noun: Token, tok_ent) -> list[tuple[str, Arg]]:
    """Participants of a light-verb phrase through "against/for/to" on the noun or the verb."""
    out = []
    heads = [noun, verb] + [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    preps = [c for h in heads for c in h.children if c.dep_ == "prep"]  # "at the WTO against X" hangs low
    for prep in preps:
        if prep.lower_ not in LIGHT_PREPS:
            continue
        for g in (g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"}):
            arg = arg_of(g, tok_ent)
            if arg is not None:
                out.append((prep.lower_, arg))
    return out


def _mk(s: Arg, pred: str, o: Arg, verb: Token, base: float, quals: dict, neg: bool) -> dict[str, Any]:
    return {"subject": s, "predicate": pred, "object": o, "verb": verb, "base": base, "qualifiers": dict(quals),
            "negated": neg}


def nominal_relations(doc: Doc, tok_ent: dict[int, int], nominals: dict[str, dict]) -> Iterator[dict[str, Any]]:
    """Event nouns: "his trip to X" -> visit X; "the release of A's B" -> A release B.

    doc (Doc): the doc.
    tok_ent (dict[int, int]): token -> entity map.
    nominals (dict): noun -> {"predicate", "preps"}.
    RETURNS (Iterator[dict]): partial relations.
    """
    for noun in doc:
        entry = nominals.get(noun.lower_) if noun.pos_ == "NOUN" else None
        if not entry:
            continue
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in entry["preps"]):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                agent = _nominal_agent(noun, obj, tok_ent)
                target = arg_of(obj, tok_ent)
                if agent and target and agent != target:
                    yield _mk(agent, entry["predicate"], target, noun, 0.65, {}, False)


def _nominal_agent(noun: Token, obj: Token, tok_ent) -> Arg | None:
    poss = [c for c in noun.children if c.dep_ == "poss"]
    if poss:
        return arg_of(poss[0], tok_ent)
    opos = [c for c in obj.children if c.dep_ == "poss"]
    if opos and noun.lower_ not in EVENT_NOUNS:
        return arg_of(opos[0], tok_ent)  # "the release of A's B": A released B
    if noun.dep_ in {"dobj", "pobj"} and noun.lower_ in EVENT_NOUNS:
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        subs = clause_subjects(verb) if verb.pos_ in {"VERB", "AUX"} else []
        args = [arg_of(s, tok_ent) for s in subs]
        return next((a for a in args if a and "ent" in a), None)
    return None
