"""kg_relations: subject-predicate-object relations with qualifiers, attribution and confidence.

Results go to ``Doc._.kg_relations``: ``[{"subject": Arg, "predicate", "object": Arg, "confidence",
"start", "end" (the evidence sentence), "qualifiers", "attributed_to": Arg | None, "negated"}]``.
"""
from __future__ import annotations

import re
import warnings
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .appositives import appositive_relations
from .args import time_of
from .awards import award_relations
from .backstop import backstop_relations
from .bare_events import bare_events
from .events import event_relations
from .lexicon import LexiconMixin
from .object_preps import object_prep_relations
from .possessives import possessive_places
from .roles import (TitleMatcher, apposition_roles, dateline_city, description_roles, fronted_roles, role_phrase,
                    national_group_roles, nationality_roles, based_roles, product_makers, state_body_roles, story_company, story_country, title_roles)
from .util import guarded, newsroom_entities, token_entities
from .verbs import modality, nominal_relations, verb_relations
from .works import work_makers

__all__ = ["RelationExtractor", "make_relation_extractor"]

QUANTITY = re.compile(r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|fourth|"
                      r"fifth|sixth|seventh|eighth|ninth|tenth|dozens?|hundreds?|thousands?|millions?|billions?)\b",
                      re.I)
RECIPROCAL_WORDS = re.compile(r"\b(each other|one another)\b", re.I)
# verbs whose object is an amount by nature ("cut its forecast to $2.1 billion", "killed at least 12 people")
AMOUNT_VERBS = {"cut", "raise", "lower", "lift", "forecast", "kill", "injure", "wound", "value", "cost"}
# verbs whose object is naturally a count of what the subject holds ("runs 31 hospitals", "employs 5,000 people"):
# the counted phrase is a CONCEPT object, not a measurement
COUNT_VERBS = {"run", "operate", "own", "employ", "manage", "serve"}
# verbs of money or goods changing hands, whose amount is the fact itself ("paid $980 million",
# "won two blocks of spectrum", "handled 436 million tonnes of cargo")
TRANSFER_VERBS = {"pay", "receive", "spend", "earn", "invest", "donate", "lend", "borrow", "secure", "win",
                  "handle", "sell", "ship", "deliver", "close"}
COUNTED_OBJECT_VERBS = AMOUNT_VERBS | COUNT_VERBS | TRANSFER_VERBS
# unnamed things that act in the news like a named actor ("a wildfire killed ...", "the storm destroyed ...")
AGENT_NOUNS = {"wildfire", "fire", "blaze", "storm", "hurricane", "typhoon", "cyclone", "flood", "flooding",
               "earthquake", "quake", "explosion", "blast", "attack", "landslide", "tornado", "heatwave", "drought",
               "outbreak", "epidemic", "pandemic", "eruption", "tsunami", "avalanche", "shooting"}
# unnamed groups of people who act on a named person or body in the news ("Police arrested X", "Rescuers found X")
PEOPLE_GROUPS = {"police", "rescuer", "investigator", "prosecutor", "official", "authority", "troop", "soldier",
                 "firefighter", "doctor", "researcher", "scientist", "regulator", "lawmaker", "voter", "protester",
                 "shareholder", "worker", "officer", "detective", "agent", "militant", "rebel", "gunman", "paramedic",
                 "searcher", "volunteer", "lawyer", "judge", "juror"}
# bodies of a state that act in the news when only their country names them ("New Zealand's parliament passed")
STATE_BODIES = {"parliament", "senate", "congress", "legislature", "assembly", "cabinet", "government", "court",
                "council",
                "regulator", "military", "army", "navy", "police", "ministry", "treasury"}
# sentence openers that carry the previous sentence's date on ("Later, X beat Z", "That day, ...")
CONTINUATIONS = {"then", "later", "afterwards", "afterward", "there", "that day", "that evening", "that night",
                 "the same day", "same day", "hours later", "minutes later", "shortly after", "soon after"}
# dated contests whose telling goes on in the next sentence ("won their semi-finals on Friday. X beat Z")
CONTEST_NOUNS = {"semi-final", "semifinal", "quarter-final", "quarterfinal", "final", "match", "game", "race",
                 "bout", "fight", "tie", "stage", "round", "leg", "derby"}
# verbs whose complement names a post the subject holds ("became chief executive of Y")
COPULAR_HEADS = {"be", "become", "remain", "name", "appoint", "elect", "serve", "join", "hire", "promote"}


@Language.factory("kg_relations", requires=["token.dep", "doc._.kg_entities", "doc._.kg_claims"],
                  assigns=["doc._.kg_relations"], default_config={"min_confidence": 0.55})
def make_relation_extractor(nlp: Language, name: str, min_confidence: float) -> "RelationExtractor":
    """Build the kg_relations component."""
    return RelationExtractor(nlp, name, min_confidence=min_confidence)


class RelationExtractor(LexiconMixin):
    """Clause, role and event relations.

    Confidence starts from the pattern (roles from titles/appositions 0.85, verb clauses 0.7,
    light-verb and event-noun readings 0.65-0.7, a repaired misparse 0.6) and is raised by named
    arguments (+0.1 for a named subject, +0.1 for a named object) and lowered by unnamed ones
    (-0.3 for an unnamed non-person subject, -0.1 for an unnamed object, -0.2 more for an unnamed object that
    is a quantity such as "18 goals" or "fifth place"), by reported speech (-0.05),
    by a subject found through a pronoun (-0.05) and by long sentences (-0.05 over 40 tokens).
    Relations under `min_confidence` are dropped. Clauses no rule read come from the Open IE backstop
    (see `kg.components.backstop`), whose base is set from the triple's confidence, below the rules'.
    """

    TABLES = ("titles", "light_verbs", "nominals", "speech_verbs", "demonyms")

    def __init__(self, nlp: Language, name: str = "kg_relations", *, min_confidence: float = 0.55) -> None:
        self.name = name
        self.min_confidence = min_confidence
        if not Doc.has_extension("kg_relations"):
            Doc.set_extension("kg_relations", default=None)
        self._load_tables()

    def _compile(self) -> None:
        t = self.tables
        self.titles = TitleMatcher([r["title"] for r in t["titles"]])
        self.role_nouns = {r["title"].split()[-1] for r in t["titles"]}
        self.light = {(r["verb"], r["noun"]): r["predicate"] for r in t["light_verbs"]}
        self.nominals = {r["noun"]: r for r in t["nominals"]}
        self.speech = {r["lemma"] for r in t["speech_verbs"]}
        self.countries = {r["country"] for r in t["demonyms"]}

    def __call__(self, doc: Doc) -> Doc:
        """Extract the relations of `doc`."""
        self.set_annotations(doc, guarded(self.name, self.find, doc, []))
        return doc

    def find(self, doc: Doc) -> list[dict[str, Any]]:
        """Relations as plain dicts (see the module docstring).

        doc (Doc): a doc processed by kg_entities, kg_time, kg_coref and kg_claims.
        RETURNS (list[dict]): relations at or above `min_confidence`.
        """
        tok_ent = token_entities(doc)
        out = guarded(self.name, lambda d: self._roles(d, tok_ent), doc, [])
        for finder in (lambda: verb_relations(doc, tok_ent, self.light, self.role_nouns, self.speech),
                       lambda: nominal_relations(doc, tok_ent, self.nominals),
                       lambda: event_relations(doc, tok_ent),
                       lambda: bare_events(doc, tok_ent, self.speech),
                       lambda: possessive_places(doc, tok_ent),
                       lambda: award_relations(doc, tok_ent),
                       lambda: appositive_relations(doc, tok_ent, self.role_nouns),
                       lambda: object_prep_relations(doc, tok_ent),
                       lambda: work_makers(doc, tok_ent)):
            try:
                out += [self._finish(doc, rel, tok_ent) for rel in finder()]
            except Exception as err:  # a messy parse must not fail the article
                warnings.warn(f"kg_relations: skipped a pattern in {doc.text[:40]!r}: {err}")
        # the Open IE backstop runs last so it can see which (subject, object) pairs the rules already hold
        out += guarded(self.name, lambda d: [self._finish(d, r, tok_ent) for r in backstop_relations(
            d, tok_ent, out, self.light, self.speech)], doc, [])
        _carry_dates(doc, out)
        newsroom = newsroom_entities(doc)  # "Reuters could not reach X": the wire's own work, not a fact
        return [r for r in _without_covered_bare(_dedupe(out)) if r["confidence"] >= self.min_confidence and
                r["subject"].get("ent", -1) not in newsroom]

    def set_annotations(self, doc: Doc, found: list[dict[str, Any]]) -> None:
        """Store the relations on `Doc._.kg_relations`."""
        doc._.kg_relations = found

    def _roles(self, doc: Doc, tok_ent: dict[int, int]) -> list[dict[str, Any]]:
        out = []
        company = story_company(doc._.kg_entities or [])
        country = story_country(doc, doc._.kg_entities or [], self.countries)
        city = dateline_city(doc, doc._.kg_entities or [], self.countries)
        for ci, ent in enumerate(doc._.kg_entities or []):
            if ent["type"] != "PERSON":
                continue
            for start, end, kind in ent["mentions"]:
                if kind not in {"name", "alias"}:
                    continue
                span = doc.char_span(start, end, alignment_mode="expand")
                out += [r for r in title_roles(doc, span, ci, tok_ent, self.titles, company, country, city) if r]
                out += [r for r in fronted_roles(doc, span, ci, tok_ent, self.titles) if r]
                out += [r for r in apposition_roles(doc, span, ci, tok_ent, self.titles) if r]
                out += [r for r in nationality_roles(doc, span, ci, tok_ent) if r]
                out += [r for r in self._copular(doc, span, ci, tok_ent) if r]
        for ci, ent in enumerate(doc._.kg_entities or []):  # "Canadian miner Northcliff Resources"
            if ent["type"] == "ORG":
                for start, end, kind in ent["mentions"]:
                    span = doc.char_span(start, end, alignment_mode="expand") if kind == "name" else None
                    if span is not None:
                        out += [r for r in nationality_roles(doc, span, ci, tok_ent) if r]
                        out += [r for r in based_roles(doc, span, ci, tok_ent) if r]
        out += [r for r in description_roles(doc, doc._.kg_coref or [], tok_ent, country) if r]
        out += [r for r in state_body_roles(doc, doc._.kg_entities or []) if r]
        out += [r for r in national_group_roles(doc, tok_ent) if r]
        out += [r for r in product_makers(doc, tok_ent) if r]
        for r in out:
            anchor = r.pop("anchor")
            speaker = _speaker_at(doc, anchor, r["start"])
            r["attributed_to"] = {k: v for k, v in speaker.items() if k != "_time"} if speaker else None
        return out

    def _copular(self, doc: Doc, span, ci: int, tok_ent: dict[int, int]):
        """"X is/became the chief executive of Y", "X was named chairman of Y", "X serves as head of Y"."""
        root = span.root
        if root.dep_ not in {"nsubj", "nsubjpass"} or root.head.lemma_ not in COPULAR_HEADS:
            return []
        head = root.head
        attrs = [c for c in head.children if c.dep_ in {"attr", "oprd"}]
        attrs += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                  if g.dep_ == "pobj"]
        out = []
        for a in attrs:
            out += role_phrase(doc, a.left_edge.i, a.right_edge.i + 1, ci, tok_ent, self.titles, span)
        return out

    def _finish(self, doc: Doc, rel: dict[str, Any], tok_ent: dict[int, int]) -> dict[str, Any]:
        verb = rel.pop("verb")
        base = rel.pop("base")
        sent = verb.sent
        quals = rel["qualifiers"]
        when = time_of(verb, doc._.kg_time or [])
        # the date often hangs on the governing word: a repaired headline's noun (amod), the modal verb of
        # "agreed on Monday to buy" (xcomp), or the verb an event noun belongs to ("arrived on Tuesday for a visit")
        if when is None and (verb.dep_ in {"amod", "xcomp", "conj"} or _same_occasion(verb) or
                             verb.pos_ == "NOUN" and verb.dep_ != "ROOT"):
            when = time_of(verb.head, doc._.kg_time or [])  # "forced ... on Monday and killed ...": same day
        if when is None:
            when = _reference_time(verb, doc._.kg_time or [])
        mod = modality(verb) if verb.pos_ in {"VERB", "AUX"} else None
        speaker = _speaker_at(doc, verb.idx, sent.start_char)
        said = speaker.pop("_time", None) if speaker is not None else None
        if said:  # the day it was said; only a present state ("China supports ...") held on that day too
            quals["stated"] = said["value"] or said["text"]
            if when is None and _present_state(verb, mod):
                when = said
        if when:
            quals["time"] = when["value"] or when["text"]
            quals["time_surface"] = when["text"]
        if mod:
            quals["modality"] = mod
        rel.update(start=sent.start_char, end=sent.end_char, attributed_to=speaker)
        rel["_past"] = verb.tag_ == "VBD" or verb.pos_ != "VERB" and not mod
        rel["confidence"] = _confidence(base, rel, doc, verb, len(sent))
        return rel


def _carry_dates(doc: Doc, rels: list[dict[str, Any]]) -> None:
    """An undated past event explicitly continuing a dated narrative takes the previous sentence's date.

    "X won the semi-final on Friday. Later, X beat Z": the sentence opens with a continuation marker
    ("later", "then", "afterwards", "there", "that day") and shares a participant with the dated event.
    Without the marker nothing is carried: "X departed Shanghai on Thursday. X met ministers in Beijing"
    does not say the meeting was on Thursday, and a wrong date is worse than none. The one exception is the
    same event told again (same verb, same participant; see `_retold_dates`).
    """
    dated = {}
    for r in rels:
        if r["qualifiers"].get("time") and r["start"] not in dated:
            dated[r["start"]] = r
    sents = {s.start_char: s for s in doc.sents}
    starts = sorted(sents)
    retold = _retold_dates(rels, doc._.kg_published)
    for r in rels:
        past = r.pop("_past", False)
        if r["qualifiers"].get("time") or not past or r["start"] not in sents or r.get("attributed_to"):
            continue
        same = {retold.get((r["predicate"].split()[0], p)) for p in _participants(r)} - {None}
        if len(same) == 1:  # the dated event told again: "X was sentenced on Thursday ... Y sentenced X"
            r["qualifiers"]["time"], r["qualifiers"]["time_surface"] = same.pop()
            continue
        k = starts.index(r["start"])
        prev = dated.get(starts[k - 1]) if k else None
        sent = sents[r["start"]]
        if prev is None or any(t.ent_type_ in {"DATE", "TIME"} for t in sent):
            continue
        if not (_continues(sent) or _contest(prev["object"])):
            continue
        if {repr(r["subject"]), repr(r["object"])} & {repr(prev["subject"]), repr(prev["object"])}:
            r["qualifiers"]["time"] = prev["qualifiers"]["time"]
            r["qualifiers"]["time_surface"] = prev["qualifiers"].get("time_surface")


def _retold_dates(rels: list[dict[str, Any]], published: str | None) -> dict[tuple[str, int], tuple]:
    """(verb, named participant) -> the one date its dated events carry; a pair dated twice is dropped.

    Only an event with one named participant is a source: "Musk met Ding on Wednesday" names whom he met,
    so "Musk met the ministers" is another meeting, while "X was sentenced to 12 years on Thursday" is the
    event that "Judge Y sentenced X" tells again.
    """
    out: dict[tuple[str, int], Any] = {}
    for r in rels:
        when = r["qualifiers"].get("time")
        if not when or published and when[:10] > published or len(_participants(r)) != 1:
            continue  # a past event told again cannot take a future date ("will meet on Thursday")
        for key in ((r["predicate"].split()[0], p) for p in _participants(r)):
            value = (when, r["qualifiers"].get("time_surface"))
            out[key] = value if out.get(key, value) == value else False
    return {k: v for k, v in out.items() if v}


def _participants(rel: dict[str, Any]) -> set[int]:
    """The entity indices of a relation's subject and object."""
    return {a["ent"] for a in (rel["subject"], rel.get("object")) if a and a.get("ent") is not None}


def _reference_time(verb, times: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The date a past-perfect duration clause on the object is measured to: "found a hiker who had been
    missing for five days on Monday" was found on Monday (the parser hangs the date on the relative clause)."""
    if verb.tag_ != "VBD":
        return None
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        for rel in (c for c in obj.children if c.dep_ == "relcl"):
            perfect = any(c.dep_ == "aux" and c.lower_ == "had" for c in rel.children)
            span = any(c.dep_ == "prep" and c.lower_ == "for" and any(g.ent_type_ == "DATE" for g in c.subtree)
                       for c in rel.children)
            if perfect and span:
                return time_of(rel, times)
    return None


def _same_occasion(verb) -> bool:
    """An adverbial clause told on its verb's day: a purpose infinitive ("will travel to Osaka on Thursday
    to meet X") or a bare participle ("won the title on Sunday, beating X")."""
    if verb.dep_ != "advcl" or any(c.dep_ == "mark" for c in verb.children):
        return False
    return verb.tag_ == "VBG" or verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                           for c in verb.children if c.i < verb.i)


def _continues(sent) -> bool:
    """The sentence opens with an explicit continuation of the previous one's time."""
    words = [t.lower_ for t in sent if not t.is_punct and not t.is_space][:3]
    return bool(words) and (words[0] in CONTINUATIONS or " ".join(words[:2]) in CONTINUATIONS)


def _contest(arg: dict[str, Any] | None) -> bool:
    """The dated event is a contest the next sentence tells ("won their semi-finals on Friday. X beat Z ...")."""
    words = re.findall(r"[\w-]+", (arg or {}).get("text", "").lower())
    return bool(words) and words[-1].rstrip("s") in CONTEST_NOUNS


def _present_state(verb, mod: str | None) -> bool:
    """A present-tense state in reported speech ("it wants", "China supports"): true on the day it was said."""
    if mod or verb.pos_ not in {"VERB", "AUX"}:
        return False
    if verb.tag_ in {"VBZ", "VBP"}:
        return True
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in {"VBZ", "VBP"} for c in verb.children)


def _speaker_at(doc: Doc, char: int, sent_start: int) -> dict[str, Any] | None:
    """The speaker whose reported content covers char offset `char` (with the claim's time)."""
    for claim in doc._.kg_claims or []:
        if claim["start"] <= char < claim["end"] and claim["speaker"] is not None:
            sp = dict(claim["speaker"])
            sp["_time"] = claim.get("time")
            return sp
    return None


def _confidence(base: float, rel: dict[str, Any], doc: Doc, verb, n_tokens: int) -> float:
    s, o = rel["subject"], rel["object"]
    conf = base
    people = s.get("head") in PEOPLE_GROUPS and (s.get("alias") or s.get("head") == "police") and \
        (o is not None and "ent" in o or _owned_group(doc, s))  # "Police arrested X", "Acme shareholders approved"
    conf += 0.1 if "ent" in s else (-0.05 if s.get("type") == "PERSON" or people else 0.0 if s.get("head") in
                                    AGENT_NOUNS or _state_body(doc, s) else -0.3)
    conf += 0.1 if o is not None and "ent" in o else -0.1
    lemma = getattr(verb, "lemma_", "")
    # a count of contests won is a score line, not a thing gained ("won their previous four games")
    amount_verb = lemma in COUNTED_OBJECT_VERBS and not (lemma in TRANSFER_VERBS and _contest(o))
    if o is not None and "ent" not in o and not amount_verb and _quantity_head(doc, o):
        conf -= 0.2  # "scored 18 goals", "dropped to fifth place": a measurement, not a thing in the graph
    if o is not None and RECIPROCAL_WORDS.search(o.get("text", "")):
        conf -= 0.3  # "each other's territory" points back at the subjects: no thing of its own in the graph
    if rel.get("attributed_to") is not None:
        conf -= 0.05
    if n_tokens > 40:
        conf -= 0.05
    return round(max(0.05, min(0.99, conf)), 3)


def _owned_group(doc: Doc, arg: dict[str, Any]) -> bool:
    """A group of people a name qualifies is as specific as the name: "Bramwell shareholders", "Chinese officials"."""
    span = doc.char_span(arg["start"], arg["end"], alignment_mode="expand") if "start" in arg else None
    return span is not None and len(span) > 0 and any(
        c.dep_ in {"poss", "amod", "compound"} and c.ent_type_ in {"ORG", "GPE", "NORP"} for c in span.root.children)


def _state_body(doc: Doc, arg: dict[str, Any]) -> bool:
    """An unnamed body of a named state acts like a named one: "New Zealand's parliament", "the French senate"."""
    span = doc.char_span(arg["start"], arg["end"], alignment_mode="expand") if "start" in arg else None
    if span is None or not len(span) or span.root.lemma_.lower() not in STATE_BODIES:
        return False
    return any(c.dep_ in {"poss", "amod", "compound"} and c.ent_type_ in {"GPE", "NORP"} for c in span.root.children)


# nouns of change measured by their number ("a 22% fall in profit"): the change, not the number, is the thing
CHANGE_NOUNS = {"fall", "rise", "drop", "increase", "decrease", "decline", "jump", "gain", "loss", "slump", "surge",
                "growth", "climb", "plunge", "dip", "cut", "hike", "contraction", "expansion", "slide", "tumble"}


def _quantity_head(doc: Doc, arg: dict[str, Any]) -> bool:
    """The phrase's head noun is itself counted or ranked: "18 goals", "fifth place", "$40 million".

    A number further inside the phrase does not make it a measurement: "a target of $250 billion",
    "an offer of a 14% raise", "its 2024 sales forecast" are things the subject acts on.
    """
    span = doc.char_span(arg["start"], arg["end"], alignment_mode="expand") if "start" in arg else None
    if span is None or not len(span):
        return bool(QUANTITY.search(arg.get("text", "")))
    root = span.root
    if root.lemma_.lower() in CHANGE_NOUNS and any(c.dep_ == "prep" for c in root.children):
        return False  # "a 22% fall in profit" is what happened to profit, not a count of falls
    for tok in span:
        if not QUANTITY.fullmatch(tok.text) or _is_year(tok):
            continue
        if tok.ent_type_ == "MONEY" and root.ent_type_ != "MONEY":
            continue  # "a $4.2 billion loan": the sum prices the thing, it does not count it
        path = [a for a in tok.ancestors if a.i in range(span.start, span.end) and a.i != root.i]
        if not any(a.dep_ == "prep" and a.head.i == root.i for a in path):
            return True  # counts the head ("18 goals"), or sits in a clause ("plans to make 100 million doses")
    return False


def _is_year(tok) -> bool:
    return len(tok.text) == 4 and tok.text.isdigit() and tok.text[:2] in {"19", "20"}


def _without_covered_bare(rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop an object-less event whose subject another rule relates by the same verb in that sentence
    ("A and B met on Tuesday" is (A, meet, B), not also (A, meet, None))."""
    full = {(repr(r["subject"]), r["predicate"].split()[0], r["start"]) for r in rels if r["object"] is not None}
    full |= {(repr(r["object"]), r["predicate"].split()[0], r["start"]) for r in rels if r["object"] is not None}
    return [r for r in rels if r["object"] is not None or
            (repr(r["subject"]), r["predicate"].split()[0], r["start"]) not in full]


def _dedupe(rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    best: dict[tuple, dict[str, Any]] = {}
    for r in rels:
        key = (repr(r["subject"]), r["predicate"], repr(r["object"]), r["start"])
        if key not in best or r["confidence"] > best[key]["confidence"]:
            best[key] = r
    return sorted(best.values(), key=lambda r: (r["start"], -r["confidence"]))
