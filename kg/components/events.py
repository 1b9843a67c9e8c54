"""Event patterns the plain clause reader misses, for kg_relations.

- sport results the parser misreads: "A beat B 3-1" (B tagged npadvmod) -> (A, "beat", B);
- patient + preposition verbs: "X was sentenced to 12 years", "convicted him of fraud" -> (X, "sentence to", ...);
- "joined A from B" -> (X, "leave", B);
- reciprocal verbs with coordinated subjects: "A and B met" -> (A, "meet", B);
- group subjects ("they", "the two leaders") resolved to the last coordinated pair of named subjects;
- group roles: "A and B are allies of C" -> (A, "ally of", C), (B, "ally of", C).

Each finder yields partial relation dicts in the format of ``verbs.verb_relations``.
"""
from __future__ import annotations

from typing import Any, Iterator

from spacy.tokens import Doc, Token

from .args import Arg, arg_of, phrase_arg
from .util import clause_subjects, np_span, verb_lemma
from .verbs import PART_NOUNS, _mk, _particle, place_of, _subjects, expand_objects, negated

__all__ = ["event_relations", "group_antecedents", "SPORT_WIN_VERBS", "PATIENT_PREPS", "RECIPROCAL"]

# "beat"/"defeat" and friends: the loser is often parsed as an adverbial noun ("beat Chelsea 3-1")
SPORT_WIN_VERBS = {"beat", "defeat", "edge", "thrash", "rout", "overcome", "upset", "stun", "crush", "hammer",
                   "outlast", "outplay", "eliminate", "oust", "overpower", "outclass", "sink", "down"}
# verbs whose object is the one affected and whose preposition carries the content of the decision
# prepositions that complete an agentless passive ("detained at", "placed under", "transferred to")
# verbs whose "to" object receives their direct object ("gave the prize to X")
GIVE_VERBS = {"give", "award", "present", "hand", "grant"}
# verbs whose "to" object takes their direct object over, and what that is from the buyer's side
SELL_VERBS = {"sell": "buy", "divest": "buy", "lease": "lease", "license": "license"}
PASSIVE_PREPS = {"at", "under", "to", "into", "from", "with", "for", "over", "on"}
PATIENT_PREPS = {"sentence": "to", "convict": "of", "acquit": "of", "accuse": "of", "charge": "with",
                 "clear": "of", "fine": "for", "suspend": "for", "ban": "for"}
# verbs that relate their coordinated subjects to each other ("A and B met" = A met B)
RECIPROCAL = {"meet": "meet", "talk": "talk with", "agree": "agree with", "negotiate": "negotiate with",
              "speak": "speak with", "clash": "clash with", "spar": "spar with"}
# meetings a pair holds with each other ("A and B held talks") and the verbs that hold them
RECIPROCAL_NOUNS = {"talks": "hold talks with", "negotiations": "hold talks with", "discussions": "hold talks with",
                    "meeting": "meet", "summit": "meet"}
MEETING_VERBS = {"hold", "have", "begin", "start", "open", "resume", "continue", "conclude", "plan", "schedule"}
# "joined A from B": the subject left B
MOVE_VERBS = {"join", "move", "transfer", "switch", "sign", "defect", "arrive", "return"}
# plural nouns that, with "the", point back at a pair named earlier ("the two leaders")
GROUP_NOUNS = {"leaders", "sides", "men", "women", "ministers", "countries", "nations", "companies", "firms",
               "teams", "clubs", "presidents", "officials", "pair", "governments", "allies", "rivals"}
GROUP_ROLE_NOUNS = {"ally", "partner", "rival", "member", "subsidiary", "unit", "neighbour", "neighbor",
                    "supplier", "customer", "client", "shareholder", "investor", "owner", "creditor", "signatory"}
ARRIVAL_VERBS = {"arrive", "land"}
# past forms of win verbs the tagger reads as nouns between two names
WIN_FORMS = {"beat": "beat", "defeated": "defeat", "edged": "edge", "thrashed": "thrash", "routed": "rout",
             "stunned": "stun", "crushed": "crush", "hammered": "hammer", "overcame": "overcome", "upset": "upset"}

PLACES = {"GPE", "LOC", "FAC"}
# anonymous people who act for a named body ("researchers at Oxford")
STAFF_NOUNS = {"researchers", "scientists", "engineers", "experts", "doctors", "officials", "analysts", "staff",
               "employees", "teams", "team", "developers", "economists", "crew", "crews", "officers", "agents",
               "investigators", "troopers", "rescuers"}
# verbs with a small clause object whose state is the news: "reported him missing", "declared her dead"
SMALL_CLAUSE_VERBS = {"report", "declare", "pronounce", "find", "leave"}
BASE = 0.7


def event_relations(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict[str, Any]]:
    """Relations from the event patterns of this module.

    doc (Doc): a doc processed by kg_entities and kg_coref.
    tok_ent (dict[int, int]): token -> entity map.
    RETURNS (Iterator[dict]): partial relations (see ``verbs.verb_relations``).
    """
    yield from _place_in_place(doc, tok_ent)
    yield from _misread_win(doc, tok_ent)
    for verb in doc:
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        yield from _sport_win(verb, tok_ent)
        yield from _patient(verb, tok_ent)
        yield from _left_from(verb, tok_ent)
        yield from _given_to(verb, tok_ent)
        yield from _sold_to(verb, tok_ent)
        yield from _staffed_passive(verb, tok_ent)
        yield from _small_clause(verb, tok_ent)
        yield from _group_role(verb, tok_ent)
        yield from _arrival(verb, tok_ent)
        yield from _owned_part(verb, tok_ent)
        yield from _reduced_passive(verb, tok_ent)
        yield from _agentless_passive(verb, tok_ent)
        pair = _coordinated_subjects(verb, tok_ent)
        if pair:
            yield from _reciprocal(verb, pair, tok_ent, BASE)
        else:
            pair = group_antecedents(verb, tok_ent)
            if pair:
                yield from _reciprocal(verb, pair, tok_ent, BASE - 0.1)
                yield from _shared_objects(verb, pair, tok_ent)


def _place_in_place(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"Austin, Texas" -> (Austin, "located in", Texas): a place named with its state or country."""
    for tok in doc:
        if tok.ent_type_ != "GPE" or tok.i not in tok_ent or tok.i + 2 >= len(doc) or doc[tok.i + 1].text != ",":
            continue
        nxt = doc[tok.i + 2]
        after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        in_list = nxt.dep_ == "conj" or after is not None and after.lower_ in {"and", "or"} or \
            after is not None and after.text == "," and nxt.dep_ != "appos"
        if nxt.ent_type_ == "GPE" and nxt.i in tok_ent and tok_ent[nxt.i] != tok_ent[tok.i] and not in_list \
                and nxt.dep_ in {"appos", "npadvmod"} and nxt.head.i == tok.i:
            yield _mk({"ent": tok_ent[tok.i]}, "located in", {"ent": tok_ent[nxt.i]}, tok, BASE, {}, False)


def _misread_win(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"Bellini beat Felix Brandt" with "beat" tagged a noun: a win verb between two names of one type."""
    ents = doc._.kg_entities or []
    for tok in doc:
        lemma = WIN_FORMS.get(tok.lower_)
        if lemma is None or tok.pos_ not in {"NOUN", "PROPN", "ADJ"} or tok.i in tok_ent or not 0 < tok.i < len(doc) - 1:
            continue
        a, b = tok.i - 1, tok.i + 1
        if a in tok_ent and b in tok_ent and tok_ent[a] != tok_ent[b] and \
                ents[tok_ent[a]]["type"] == ents[tok_ent[b]]["type"] in {"PERSON", "ORG"}:
            yield _mk({"ent": tok_ent[a]}, lemma, {"ent": tok_ent[b]}, tok, BASE - 0.1, {}, False)


def _sport_win(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    if verb.lemma_ not in SPORT_WIN_VERBS or any(c.dep_ == "dobj" for c in verb.children):
        return
    losers = [c for c in verb.children if c.dep_ in {"npadvmod", "attr", "oprd", "dative"} and c.i in tok_ent]
    for s in _subjects(verb, tok_ent, False):
        for loser in losers:
            if "ent" in s and s["ent"] != tok_ent[loser.i]:
                yield _mk(s, verb.lemma_, {"ent": tok_ent[loser.i]}, verb, BASE, place_of(verb, tok_ent, []),
                          negated(verb))


def _patient(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    prep_word = PATIENT_PREPS.get(verb.lemma_)
    if prep_word is None:
        return
    patients = [c for c in verb.children if c.dep_ in {"nsubjpass", "dobj"}]
    for p in patients:
        who = arg_of(p, tok_ent)
        if who is None or "ent" not in who:
            continue  # "a former manager was sentenced": nothing named to hang the sentence on
        # the parser hangs the preposition on the verb or on the object ("convicted him of fraud")
        for prep in (c for c in [*verb.children, *p.children] if c.dep_ == "prep" and c.lower_ == prep_word):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                what = arg_of(obj, tok_ent, keep_conj=True)
                if what is None and obj.ent_type_ in {"DATE", "TIME"}:
                    what = phrase_arg(np_span(obj))  # "sentenced to eight years": the length is the content
                if what is not None:
                    # the sentence's length or the charge is the content of the decision: trust it more
                    yield _mk(who, f"{verb_lemma(verb)} {prep_word}", what, verb, BASE + 0.1, {}, negated(verb))


def _left_from(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    if verb.lemma_ not in MOVE_VERBS:
        return
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"):
        for obj in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent and g.ent_type_ in {"ORG", "GPE"}):
            for s in _subjects(verb, tok_ent, False):
                if "ent" in s and s["ent"] != tok_ent[obj.i]:
                    yield _mk(s, "leave", {"ent": tok_ent[obj.i]}, verb, BASE - 0.05, {}, negated(verb))


def _staffed_passive(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"X was spotted by a helicopter crew from the Highway Patrol" -> (Highway Patrol, "spot", X)."""
    if verb.dep_ == "acl" or not any(c.dep_ == "nsubjpass" for c in verb.children):
        return
    for agent in (g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"):
        who = _agent_arg(agent, tok_ent) if agent.i not in tok_ent else None
        for c in (c for c in verb.children if c.dep_ == "nsubjpass"):
            what = arg_of(c, tok_ent)
            if who is not None and what is not None and "ent" in what and what != who:
                yield _mk(who, verb_lemma(verb) + _particle(verb), what, verb, BASE, {}, negated(verb))


def _small_clause(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"His sister reported him missing" -> (sister, "report missing", him); "declared her dead"."""
    if verb.lemma_ not in SMALL_CLAUSE_VERBS:
        return
    for comp in (c for c in verb.children if c.dep_ in {"ccomp", "oprd", "xcomp"} and c.pos_ in {"ADJ", "VERB"}
                 and c.tag_ in {"JJ", "VBG"} and not any(g.dep_ == "aux" for g in c.children)):
        patients = [g for g in comp.children if g.dep_ == "nsubj"] or \
            [g for g in verb.children if g.dep_ == "dobj" and comp.dep_ == "oprd"]
        for p in patients:
            what = arg_of(p, tok_ent)
            for s in _subjects(verb, tok_ent, False):
                if what is not None and "ent" in what and what != s:  # the date may hang on the state word
                    dated = comp if any(g.dep_ == "npadvmod" and g.ent_type_ in {"DATE", "TIME"}
                                        for g in comp.children) else verb
                    yield _mk(s, f"{verb_lemma(verb)} {comp.lower_}", what, dated, BASE, {}, negated(verb))


def _given_to(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"The jury gave the Grand Jury Prize to X", "awarded the contract to X": X receives it."""
    if verb.lemma_ not in GIVE_VERBS:
        return
    things = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"):
        for who in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent and
                    g.ent_type_ in {"PERSON", "ORG"}):
            for thing in things:
                what = arg_of(thing, tok_ent)
                if what is not None and what != {"ent": tok_ent[who.i]}:
                    yield _mk({"ent": tok_ent[who.i]}, "receive", what, verb, BASE - 0.05, {}, negated(verb))


def _sold_to(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"A agreed to sell its stake in X to B" -> (A, "sell to", B) and (B, "buy", stake in X).

    The clause reader keeps only the direct object; the buyer is the other party of the deal.
    """
    if verb.lemma_ not in SELL_VERBS or any(c.dep_ == "nsubjpass" for c in verb.children):
        return
    things = [a for a in (arg_of(c, tok_ent) for c in verb.children if c.dep_ == "dobj") if a]
    buyers = [g for c in verb.children if c.dep_ in {"prep", "dative"} and c.lower_ == "to"
              for g in c.children if g.dep_ == "pobj" and g.i in tok_ent]
    for who in buyers:
        buyer = {"ent": tok_ent[who.i]}
        for seller in _subjects(verb, tok_ent, False):
            if seller != buyer:
                yield _mk(seller, f"{verb_lemma(verb)} to", buyer, verb, BASE, {}, negated(verb))
        for thing in things:
            if thing != buyer:
                yield _mk(buyer, SELL_VERBS[verb.lemma_], thing, verb, BASE - 0.05, {}, negated(verb))


def _arrival(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"X arrived in Tokyo": for arrival verbs the place is the object, not just a qualifier."""
    if verb.lemma_ not in ARRIVAL_VERBS:
        return
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}):
        for obj in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent and g.ent_type_ in PLACES):
            for s in _subjects(verb, tok_ent, False):
                if "ent" in s:
                    yield _mk(s, f"{verb_lemma(verb)} {prep.lower_}", {"ent": tok_ent[obj.i]}, verb, BASE, {},
                              negated(verb))


def _reduced_passive(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"a vaccine developed by researchers at Oxford" -> (Oxford, "develop", vaccine): participle + agent."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return
    for agent in (g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"):
        who = _agent_arg(agent, tok_ent)
        what = arg_of(verb.head, tok_ent)
        if who is not None and "ent" in who and what is not None and what != who:
            yield _mk(who, verb_lemma(verb) + _particle(verb), what, verb, BASE, {}, negated(verb))


def _agentless_passive(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"X was detained at his home", "X had been placed under investigation for fraud" -> (X, "detain at", ...).

    A passive with no agent still says what happened to a named patient; the preposition keeps the predicate
    specific. Time preps, raising verbs ("was expected to") and the decision verbs of PATIENT_PREPS are left out.
    """
    if verb.lemma_ in PATIENT_PREPS or verb.tag_ != "VBN" or any(c.dep_ in {"agent", "xcomp", "ccomp"}
                                                                  for c in verb.children):
        return
    patients = [arg_of(c, tok_ent) for c in verb.children if c.dep_ == "nsubjpass"]
    patients = [p for p in patients if p is not None and "ent" in p]
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in PASSIVE_PREPS]
    for prep in preps[:1]:
        for obj in (g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"}):
            what = arg_of(obj, tok_ent, keep_conj=True)
            for who in patients:
                if what is not None and what != who:
                    yield _mk(who, f"{verb_lemma(verb)}{_particle(verb)} {prep.lower_}", what, verb, BASE - 0.05, {},
                              negated(verb))


def _agent_arg(agent: Token, tok_ent: dict[int, int]) -> Arg | None:
    """The agent, or the institution of "researchers at X" (the people are anonymous, the body is named)."""
    if agent.i in tok_ent:
        return {"ent": tok_ent[agent.i]}
    if agent.lower_ in STAFF_NOUNS:
        for prep in (c for c in agent.children if c.dep_ == "prep" and c.lower_ in {"at", "from", "of"}):
            for g in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent):
                return {"ent": tok_ent[g.i]}
    return None


def _owned_part(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"X will join Acme's board" -> (X, "join board of", Acme): the owner is the graph node."""
    for obj in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in PART_NOUNS):
        for poss in (c for c in obj.children if c.dep_ == "poss" and c.i in tok_ent):
            for s in _subjects(verb, tok_ent, False):
                if "ent" in s and s["ent"] != tok_ent[poss.i]:
                    yield _mk(s, f"{verb_lemma(verb)} {obj.lemma_.lower()} of", {"ent": tok_ent[poss.i]}, verb, BASE, {},
                              negated(verb))


def _group_role(verb: Token, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"A and B are (both) allies of C"."""
    if verb.lemma_ != "be":
        return
    for attr in (c for c in verb.children if c.dep_ == "attr" and c.lemma_.lower() in GROUP_ROLE_NOUNS):
        for prep in (c for c in attr.children if c.dep_ == "prep" and c.lower_ == "of"):
            for obj in (g for g in prep.children if g.dep_ == "pobj" and g.i in tok_ent):
                for s in _subjects(verb, tok_ent, False):
                    if "ent" in s and s["ent"] != tok_ent[obj.i]:
                        yield _mk(s, f"{attr.lemma_.lower()} of", {"ent": tok_ent[obj.i]}, verb, BASE, {},
                                  negated(verb))


def _coordinated_subjects(verb: Token, tok_ent: dict[int, int]) -> list[Arg]:
    """Two or more named subjects of one verb ("A and B met")."""
    subs = [a for a in _subjects(verb, tok_ent, False) if "ent" in a]
    return subs if len({a["ent"] for a in subs}) >= 2 else []


def group_antecedents(verb: Token, tok_ent: dict[int, int], back: int = 3) -> list[Arg]:
    """The named pair a group subject ("they", "the two leaders") of `verb` points back to.

    verb (Token): the verb.
    tok_ent (dict[int, int]): token -> entity map.
    back (int): how many sentences to look back.
    RETURNS (list[Arg]): the pair's arguments, or [] when the subject is no group reference.
    """
    subs = clause_subjects(verb)
    if not subs or not _is_group(subs[0], tok_ent):
        return []
    sent = verb.sent
    doc = verb.doc
    sents = [s for s in doc.sents if s.end <= sent.start][-back:]
    for s in reversed([*sents, sent]):
        for tok in s:
            if tok.i >= subs[0].i or tok.dep_ not in {"nsubj", "nsubjpass"} or tok.i not in tok_ent:
                continue
            ids = [tok_ent[tok.i]] + [tok_ent[c.i] for c in tok.conjuncts if c.i in tok_ent]
            if len(set(ids)) == 2:
                return [{"ent": i} for i in dict.fromkeys(ids)]
    return []


def _is_group(tok: Token, tok_ent: dict[int, int]) -> bool:
    if tok.i in tok_ent:
        return False
    if tok.lower_ == "they" and tok.tag_ == "PRP":
        return not _in_quote(tok)
    return tok.lower_ in GROUP_NOUNS and any(c.lower_ == "the" for c in tok.children)


def _in_quote(tok: Token) -> bool:
    """True inside a quotation ("they" in a quote may be anyone the speaker means)."""
    before = tok.sent[: tok.i - tok.sent.start].text
    return before.count('"') % 2 == 1


def _reciprocal(verb: Token, pair: list[Arg], tok_ent: dict[int, int], base: float) -> Iterator[dict]:
    pred = RECIPROCAL.get(verb.lemma_)
    has_object = any(c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
    if pred is None:  # "A and B held talks", "the two sides will hold talks": a meeting of the pair
        talks = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in RECIPROCAL_NOUNS and
                 verb.lemma_ in MEETING_VERBS]
        pred = RECIPROCAL_NOUNS[talks[0].lower_] if talks else None
        has_object = bool(talks) and any(c.dep_ == "prep" and c.lower_ == "with"
                                         for t in (verb, talks[0]) for c in t.children)
    if pred is None or has_object:
        return
    a, b = pair[0], pair[1]
    yield _mk(a, pred, b, verb, base, place_of(verb, tok_ent, []), negated(verb))


def _shared_objects(verb: Token, pair: list[Arg], tok_ent: dict[int, int]) -> Iterator[dict]:
    """"They signed an agreement": each member of the pair did."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if obj.lower_ in RECIPROCAL_NOUNS and verb.lemma_ in MEETING_VERBS:
            continue  # "they held talks" is the pair's meeting (see _reciprocal), not a thing each holds
        for o in expand_objects(obj, tok_ent, set()):
            for s in pair:
                if o != s:
                    yield _mk(s, verb_lemma(verb) + _particle(verb), o, verb, BASE - 0.1, place_of(verb, tok_ent, [obj]),
                              negated(verb))
