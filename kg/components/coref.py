"""kg_coref: rule-based coreference onto the entities found by kg_entities.

Resolves third-person pronouns to the nearest compatible antecedent (number, gender from a
first-name list, animacy), first person inside a quote to the quote's speaker, definite
descriptions ("the company", "the country") to the nearest entity of a fitting type, "there"
to the nearest place, and "<Country>'s <modifier> regulator" to a named organisation of that
country whose name holds the modifier. Mentions are appended to ``Doc._.kg_entities`` and
listed on ``Doc._.kg_coref`` as ``[start_char, end_char, entity_index, kind]``.
"""
from __future__ import annotations

import bisect
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from .lexicon import LexiconMixin
from .roles import dateline_city, story_country
from .speech import find_reports
from .util import guarded, newsroom_entities, token_entities

__all__ = ["CorefResolver", "make_coref_resolver"]

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
NEUTER = {"it", "its", "itself"}
FIRST = {"i", "me", "my", "mine", "myself"}
NONPERSON_TYPES = {"ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "FAC", "WORK_OF_ART"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
AGENCY_NOUNS = {"regulator", "agency", "ministry", "watchdog", "authority", "department", "bank", "office",
                "commission", "council", "administration", "bureau", "court", "parliament", "body", "service"}
# descriptions of a titled work ("The novel was published by ..." after "won for 'The Salt Road'")
WORK_NOUNS = {"novel", "book", "film", "movie", "album", "song", "documentary", "memoir", "opera", "painting"}
# descriptions of a town, never of a country ("the city" in a story about Bogota and Colombia)
CITY_NOUNS = {"city", "town", "capital", "municipality"}
# modifiers that make "the government" a country's ("the national government" is not the city's)
NATIONAL_WORDS = {"national", "federal", "central"}
PLEONASTIC_HEADS = {"be", "seem", "appear", "take", "remain", "rain", "snow"}
# kinds of organisation: a description of one kind never refers to a name of another kind
# ("the company" is not the union, "the regulator" is not the bank); names say their kind by these words
ORG_KINDS = {
    "business": {"company", "firm", "carmaker", "automaker", "insurer", "retailer", "startup", "airline", "maker",
                 "producer", "lender", "bank", "miner", "supplier", "chipmaker", "drugmaker", "operator", "inc",
                 "corp", "ltd", "llc", "plc", "co", "holdings", "industries", "petroleum", "oil", "energy",
                 "banque", "capital", "partners", "labs", "systems", "technologies", "motors", "airlines",
                 "pharmaceuticals", "brands", "securities", "investments", "ventures"},
    "state": {"regulator", "agency", "ministry", "department", "watchdog", "authority", "commission", "court",
              "administration", "bureau", "council", "police", "tribunal", "prosecutor", "office", "organization",
              "organisation", "centers", "centres"},
    "union": {"union", "steelworkers", "teamsters", "workers"},
    "sport": {"club", "team", "federation", "league", "fc"},
    "party": {"party"},
    "public": {"university", "foundation", "school", "hospital"},
}
# a description noun that names the same kind as the entity's own head word is preferred ("the bank" -> "X Bank")
TOPIC_MIN_MENTIONS = 3
NAMING_VERBS = {"call", "name", "dub", "know", "brand", "title"}
# heads of an indefinite description of a person that a story names in its next sentence
# ("A former hedge fund manager was sentenced ... The judge sentenced Daniel Rourke, ...")
PERSON_NOUNS = {"man", "woman", "employee", "manager", "executive", "official", "worker", "banker", "trader",
                "lawyer", "doctor", "nurse", "teacher", "businessman", "businesswoman", "investor", "founder",
                "suspect", "officer", "soldier", "student", "activist", "engineer", "director", "driver", "resident",
                "teenager", "boy", "girl", "player", "politician", "lawmaker", "diplomat", "journalist", "priest",
                "entrepreneur", "billionaire", "millionaire", "accountant", "analyst", "scientist", "researcher",
                "pilot", "farmer", "clerk", "guard", "contractor", "consultant", "broker", "tycoon", "mother", "father",
                "hiker", "climber", "tourist", "passenger", "patient", "victim", "cyclist", "motorist", "swimmer",
                "fisherman", "migrant", "refugee", "prisoner", "inmate", "pensioner", "volunteer", "gunman"}
INDEFINITE_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}


@Language.factory("kg_coref", requires=["doc._.kg_entities", "token.dep"], assigns=["doc._.kg_coref"],
                  default_config={"max_sentences_back": 2})
def make_coref_resolver(nlp: Language, name: str, max_sentences_back: int) -> "CorefResolver":
    """Build the kg_coref component."""
    return CorefResolver(nlp, name, max_sentences_back=max_sentences_back)


class CorefResolver(LexiconMixin):
    """Links pronouns, first person in quotes and definite descriptions to entities."""

    TABLES = ("descriptions", "speech_verbs", "demonyms")

    def __init__(self, nlp: Language, name: str = "kg_coref", *, max_sentences_back: int = 2) -> None:
        self.name = name
        self.max_back = max_sentences_back
        if not Doc.has_extension("kg_coref"):
            Doc.set_extension("kg_coref", default=None)
        self._load_tables()

    def _compile(self) -> None:
        self.descriptions = {noun: {"WORK_OF_ART"} for noun in WORK_NOUNS}
        self.descriptions.update({r["noun"]: set(r["types"]) for r in self.tables["descriptions"]})
        self.lemmas = {r["lemma"] for r in self.tables["speech_verbs"]}
        self.demonyms = {r["adjective"]: r["country"] for r in self.tables["demonyms"]}
        self.countries = set(self.demonyms.values())

    def __call__(self, doc: Doc) -> Doc:
        """Resolve the references of `doc`."""
        self.set_annotations(doc, guarded(self.name, self.find, doc, []))
        return doc

    def find(self, doc: Doc) -> list[list[Any]]:
        """Coreference links.

        doc (Doc): a doc processed by kg_entities.
        RETURNS (list[list]): [start_char, end_char, entity_index, kind] per resolved mention.
        """
        ents = doc._.kg_entities or []
        self._classified_names(doc, ents)
        found = self._agency_descriptions(doc, ents)
        tok_ent = token_entities(doc)
        for s, e, ci, _k in found:
            for t in doc.char_span(s, e, alignment_mode="expand"):
                tok_ent[t.i] = ci
        for link in self._named_next(doc, tok_ent):
            found.append(link)
            for t in doc.char_span(link[0], link[1], alignment_mode="expand"):
                tok_ent[t.i] = link[2]
        mentions = self._mention_heads(doc, tok_ent)
        newsroom = newsroom_entities(doc)  # "it" is never the wire that writes the story
        mentions = [m for m in mentions if m[1] not in newsroom]
        seen: dict[str, int] = {}  # "the university" keeps the referent it had when first resolved
        for tok in doc:
            if tok.i in tok_ent:
                continue
            link = self._resolve(tok, ents, mentions)
            if link is not None and link[3] == "desc" and _definite(tok) and tok.lower_ in seen:
                link[2] = seen[tok.lower_]
            if link is not None and link[3] == "desc" and _definite(tok):
                seen.setdefault(tok.lower_, link[2])
            if link is not None:
                found.append(link)
                tok_ent[tok.i] = link[2]
                bisect.insort(mentions, (tok.i, link[2], _tier(tok)))  # a resolved mention is an antecedent too
        found += self._first_person(doc, tok_ent)
        return found

    def set_annotations(self, doc: Doc, found: list[list[Any]]) -> None:
        """Store links on `Doc._.kg_coref` and add them as mentions of their entities."""
        doc._.kg_coref = found
        ents = doc._.kg_entities or []
        for start, end, ci, kind in found:
            ents[ci]["mentions"].append([start, end, kind])
            if kind == "desc-named":
                text = doc.text[start:end]
                if text not in ents[ci]["aliases"]:
                    ents[ci]["aliases"].append(text)
        for e in ents:
            e["mentions"].sort()

    def _mention_heads(self, doc: Doc, tok_ent: dict[int, int]) -> list[tuple[int, int, int]]:
        """(token, entity, salience tier) per entity-mention head; tier 0 main subject, 1 subject, 2 other."""
        out = []
        for i, ci in tok_ent.items():
            tok = doc[i]
            if tok.head.i in tok_ent and tok_ent[tok.head.i] == ci and tok.head.i != i:
                continue  # not the head of its mention
            out.append((i, ci, _tier(tok)))
        return sorted(out)

    def _resolve(self, tok: Token, ents: list, mentions: list) -> list[Any] | None:
        low = tok.lower_
        if tok.tag_ in {"PRP", "PRP$"} and low in MALE | FEMALE:
            gender = "m" if low in MALE else "f"
            ok = lambda e: e["type"] == "PERSON" and e.get("gender") in (None, gender)  # noqa: E731
            kind = "pron"
        elif tok.tag_ in {"PRP", "PRP$"} and low in NEUTER and not _pleonastic(tok) and not _local_thing(tok) and \
                not _possessed_thing(tok):
            ok = lambda e: e["type"] in NONPERSON_TYPES  # noqa: E731
            kind = "pron"
        elif _age_description(tok):  # "The 25-year-old, who rides for X": the person just written about
            ok = lambda e: e["type"] == "PERSON"  # noqa: E731
            kind = "desc"
            ci = self._antecedent(tok, ents, mentions, ok)
            start = next(tok.lefts)
            return None if ci is None else [start.idx, tok.idx + len(tok), ci, kind]
        elif low == "there" and tok.dep_ == "advmod":
            ok = lambda e: e["type"] in PLACE_TYPES  # noqa: E731
            kind = "pron"
        elif tok.pos_ == "NOUN" and tok.lower_ in self.descriptions and (_definite(tok) or _place_possessed(tok)):
            types, kind_of = self.descriptions[tok.lower_], _org_kind(tok.lower_)
            ok = lambda e: e["type"] in types and _org_kind_fits(kind_of, e)  # noqa: E731
            if next(tok.lefts).tag_ == "PRP$":  # "his team": only a name that says it ("Team Lyra", not the league)
                ok = lambda e: e["type"] in types and tok.lower_ in e["name"].lower().split()  # noqa: E731
            if tok.lower_ in {"country", "nation"} and any(e["name"] in self.countries for e in ents) or \
                    tok.lower_ == "government" and any(c.lower_ in NATIONAL_WORDS for c in tok.children):
                ok = lambda e: e["type"] in types and e["name"] in self.countries  # noqa: E731  (not Athens)
            if tok.lower_ in CITY_NOUNS:
                ok = lambda e: e["type"] in types and e["name"] not in self.countries  # noqa: E731
            kind = "desc"
            named = _apposed_entity(tok, mentions)
            if tok.dep_ == "appos" and named is None:  # "Sanwa Motors, Japan's second-largest automaker"
                named = next((ci for i, ci, _t in mentions if i == tok.head.i), None)
            if named is not None and _named_by(tok) and len(ents[named]["mentions"]) == 1:
                ents[named]["type"] = sorted(types)[0]  # "the vaccine, called X": the description says what X is
            if named is not None and ok(ents[named]):
                return [tok.doc[_description_start(tok)].idx, tok.idx + len(tok), named, kind]
        else:
            return None
        ci = self._topic(tok, ents, mentions, ok) if kind == "desc" else None
        ci = self._antecedent(tok, ents, mentions, ok) if ci is None else ci
        if ci is None and kind == "desc" and low in {"government", "country", "nation"}:
            ci = story_country(tok.doc, ents, self.countries)  # "the government", far from the country's name
        if ci is None and kind == "desc" and low in CITY_NOUNS:
            ci = dateline_city(tok.doc, ents, self.countries)  # "the city", far from the name of the story's city
        if ci is None:
            return None
        span = tok.doc[_description_start(tok): tok.i + 1] if kind == "desc" else tok.doc[tok.i: tok.i + 1]
        return [span.start_char, span.end_char, ci, kind]

    def _antecedent(self, tok: Token, ents: list, mentions: list, ok) -> int | None:
        """Best earlier mention: nearest sentence first, then subjects, then nearest token."""
        first = tok.sent.start
        best = None
        stop = bisect.bisect_left(mentions, (tok.i, -1, -1))  # only mentions before the pronoun
        for i, ci, tier in reversed(mentions[max(0, stop - 60):stop]):
            dist = _sent_distance(tok, i)
            if dist > self.max_back:
                break
            if not ok(ents[ci]):
                continue
            key = (dist, tier if i < first or dist > 0 else _same_sentence_rank(tok.doc[i], tier), tok.i - i)
            if best is None or key < best[0]:
                best = (key, ci)
        return best[1] if best else None

    def _topic(self, tok: Token, ents: list, mentions: list, ok) -> int | None:
        """The one entity named as that kind so far, or the story's main entity of a fitting kind when it
        clearly dominates the mentions so far.

        "..., the company said" in a story about one company means that company, even when another
        company was named last.
        """
        counts: dict[int, int] = {}
        for i, ci, _tier in mentions:
            if i < tok.i and ok(ents[ci]):
                counts[ci] = counts.get(ci, 0) + 1
        kind = _org_kind(tok.lower_)
        same_kind = [ci for ci in counts if kind is not None and _entity_kind(ents[ci]) == kind]
        if len(same_kind) == 1:
            return same_kind[0]  # "the union": the one union named so far, however far back
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < TOPIC_MIN_MENTIONS:
            return None
        if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
            return None
        return ranked[0][0]

    def _named_next(self, doc: Doc, tok_ent: dict[int, int]) -> list[list[Any]]:
        """"A former bank employee" in a sentence naming no person = the person the next sentence names.

        When the next sentence names several people, the one in the same role of the same verb wins
        ("A manager was sentenced ..." / "Judge X sentenced Y": Y); otherwise the only one named.
        RETURNS (list[list]): [start_char, end_char, entity_index, "desc"] links.
        """
        ents = doc._.kg_entities or []
        sents = list(doc.sents)
        out = []
        for k, sent in enumerate(sents[:-1]):
            if any(i in tok_ent and ents[tok_ent[i]]["type"] == "PERSON" for i in range(sent.start, sent.end)):
                continue
            for tok in sent:
                det = next(tok.lefts, None)
                if tok.lower_ not in PERSON_NOUNS or tok.dep_ not in INDEFINITE_DEPS or det is None or \
                        det.lower_ not in {"a", "an"} or tok.i in tok_ent:
                    continue
                ci = _same_role_person(tok, sents[k + 1], tok_ent, ents)
                if ci is not None:
                    out.append([det.idx, tok.idx + len(tok), ci, "desc"])
        return out

    def _classified_names(self, doc: Doc, ents: list) -> None:
        """A name classified by the common noun right before it takes the noun's type: "its blood pressure drug
        Veltrin" is a product, "ratings agency Fitch" and "pedometer maker Yamasa" organisations."""
        for e in ents:
            for start, _end, kind in e["mentions"]:
                span = doc.char_span(start, _end, alignment_mode="expand") if kind == "name" else None
                prev = doc[span.start - 1] if span is not None and span.start > 0 else None
                if prev is None or prev.dep_ != "compound" or prev.head.i not in range(span.start, span.end):
                    continue
                types = self.descriptions.get(prev.lower_, set())
                if len(types) == 1 and e["type"] not in types and (
                        types == {"PRODUCT"} and e["type"] != "PERSON" or types == {"ORG"} and len(span) == 1):
                    e["type"] = next(iter(types))
                    break

    def _agency_descriptions(self, doc: Doc, ents: list) -> list[list[Any]]:
        """"<Country>'s <modifier> <agency noun>" = the named organisation of that country with that modifier."""
        out = []
        for tok in doc:
            if tok.lower_ not in AGENCY_NOUNS or tok.pos_ != "NOUN":
                continue
            poss = [c for c in tok.children if c.dep_ == "poss" and (c.ent_type_ in {"GPE", "NORP"} or
                    c.lower_ in {"country", "nation"} and _definite(c))]
            mods = [c.lower_ for c in tok.children if c.dep_ in {"compound", "amod"} and c.i < tok.i]
            if not poss or not mods:
                continue
            # "the country's central bank": any country the story names; "China's ...": that one
            countries = [e["name"].lower() for e in ents if e["type"] == "GPE"] if poss[0].ent_type_ == "" \
                else [poss[0].text.lower()]
            found = [ci for ci, e in enumerate(ents) if e["type"] == "ORG" and
                     any(c in e["name"].lower() for c in countries) and
                     (all(m in e["name"].lower() for m in mods) or tok.lower_ in e["name"].lower().split())]
            if not found and poss[0].ent_type_ == "":  # "the country's fire service" = "Hellenic Fire Service"
                found = [ci for ci, e in enumerate(ents) if e["type"] == "ORG" and
                         " ".join(mods + [tok.lower_]) in e["name"].lower()]
            if len(found) == 1:
                span = doc[poss[0].left_edge.i: tok.i + 1]
                out.append([span.start_char, span.end_char, found[0], "desc-named"])
        return out

    def _first_person(self, doc: Doc, tok_ent: dict[int, int]) -> list[list[Any]]:
        """First-person pronouns inside a quote refer to the quote's speaker."""
        out = []
        for rep in find_reports(doc, self.lemmas):
            if not rep.quoted or rep.speaker is None or rep.speaker not in tok_ent:
                continue
            ci = tok_ent[rep.speaker]
            for tok in doc[rep.content[0]: rep.content[1]]:
                if tok.lower_ in FIRST and tok.tag_ in {"PRP", "PRP$"}:
                    out.append([tok.idx, tok.idx + len(tok), ci, "first"])
        return out


def _tier(tok: Token) -> int:
    """Salience of a mention head: 0 main-clause subject, 1 other subject, 2 other, 3 a modifier ("Shanghai-based")."""
    if tok.dep_ in {"nsubj", "nsubjpass"}:
        return 0 if tok.head.dep_ == "ROOT" else 1
    if tok.dep_ in {"compound", "npadvmod", "amod", "nmod"} and tok.head.ent_type_ != tok.ent_type_:
        return 3
    return 2


def _same_role_person(tok: Token, sent, tok_ent: dict[int, int], ents: list) -> int | None:
    """The person of `sent` in `tok`'s role (patient or agent of the same verb), else the only person there."""
    people: dict[int, list[Token]] = {}
    for t in sent:
        if t.i in tok_ent and ents[tok_ent[t.i]]["type"] == "PERSON":
            people.setdefault(tok_ent[t.i], []).append(t)
    patient = tok.dep_ in {"nsubjpass", "dobj"}
    for ci, toks in people.items():
        for t in toks:
            same_verb = t.head.lemma_ == tok.head.lemma_ and t.head.pos_ == "VERB"
            if same_verb and (t.dep_ in {"dobj", "nsubjpass"}) == patient and t.dep_ in INDEFINITE_DEPS:
                return ci
    full = [ci for ci in people if " " in ents[ci]["name"]]  # a one-word "person" is often a misread place
    return next(iter(people)) if len(people) == 1 else (full[0] if len(full) == 1 else None)


def _same_sentence_rank(head: Token, tier: int) -> int:
    """In the pronoun's own sentence: subjects and objects first, then prepositional objects, then modifiers.

    "X said that after talks with Y it would ...": "it" is X, not the nearer Y.
    """
    if tier == 3:
        return 2
    return 1 if head.dep_ == "pobj" and head.head.head.dep_ != "agent" and tier == 2 else 0


def _sent_distance(tok: Token, i: int) -> int:
    """Number of sentence boundaries between token i and `tok` (cheap: uses sentence starts)."""
    doc = tok.doc
    if i >= tok.sent.start:
        return 0
    d, j = 0, tok.sent.start
    while i < j and d < 5:
        j = doc[j - 1].sent.start
        d += 1
    return d


def _definite(tok: Token) -> bool:
    """"the company", "the British energy company" (not "a company", not "Acme company", not "the first company")."""
    left = [c for c in tok.lefts]
    if not left or left[0].lower_ != "the":
        return False
    return not any(c.pos_ == "PROPN" and c.ent_type_ != "NORP" or c.pos_ == "NUM" or c.tag_ == "JJS" or
                   c.lower_ in {"first", "second", "last", "other", "new", "former", "same", "next", "previous"}
                   for c in left[1:])


def _local_thing(tok: Token) -> bool:
    """"took the yellow jersey ... and never lost it", "welcomed the award, calling it ...": "it" is the thing
    the first verb took, not a name."""
    verb = tok.head
    if tok.dep_ != "dobj" or verb.dep_ not in {"conj", "advcl"}:
        return False
    return any(c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"} and c.ent_type_ == "" for c in verb.head.children)


def _possessed_thing(tok: Token) -> bool:
    """"rejected Acme's offer, saying it fell short": "it" in a clause under the verb is more likely the
    named owner's thing than the owner, so it is left unresolved rather than given to Acme (or the subject)."""
    if tok.lower_ != "it":
        return False
    for verb in tok.ancestors:
        for obj in (c for c in verb.children if c.dep_ == "dobj" and c.i < tok.i and c.tag_ == "NN"):
            if obj.ent_type_ == "" and any(p.dep_ == "poss" and p.pos_ == "PROPN" for p in obj.children):
                return True
    return False


def _age_description(tok: Token) -> bool:
    """"the 25-year-old": an age standing for a person ("old" heading "<N>-year", after "the")."""
    left = list(tok.lefts)
    return tok.lower_ == "old" and bool(left) and left[0].lower_ == "the" and \
        any(c.lower_ == "year" and any(g.like_num for g in c.children) for c in left)


def _place_possessed(tok: Token) -> bool:
    """"Japan's largest automaker", "his team": a place's (or the person's) one organisation of that kind."""
    left = list(tok.lefts)
    return bool(left) and left[0].dep_ == "poss" and (left[0].ent_type_ == "GPE" or left[0].tag_ == "PRP$") and \
        not any(c.pos_ == "PROPN" or c.pos_ == "NUM" for c in left[1:]) and \
        not any(c.dep_ in {"appos", "compound"} and c.pos_ == "PROPN" for c in tok.rights)


def _description_start(tok: Token) -> int:
    """First token of a description, after a place that possesses it ("Japan's [largest automaker]")."""
    left = list(tok.lefts)
    if left and left[0].dep_ == "poss" and (left[0].ent_type_ == "GPE" or left[0].tag_ == "PRP$"):
        rest = [c for c in left[1:] if c.tag_ != "POS"]
        return rest[0].i if rest else tok.i
    return left[0].i if left else tok.i


def _org_kind(word: str) -> str | None:
    return next((k for k, words in ORG_KINDS.items() if word in words), None)


def _entity_kind(ent: dict) -> str | None:
    """Kind of organisation a name announces ("Banque X" business, "X Authority" state), or None."""
    if ent["type"] != "ORG":
        return None
    for word in reversed(ent["name"].lower().replace(".", "").split()):
        kind = _org_kind(word)
        if kind is not None:
            return kind
    return None


def _org_kind_fits(kind: str | None, ent: dict) -> bool:
    other = _entity_kind(ent)
    return kind is None or other is None or kind == other


def _named_by(tok: Token) -> bool:
    return any(c.dep_ == "acl" and c.lemma_ in NAMING_VERBS for c in tok.children)


def _apposed_entity(tok: Token, mentions: list) -> int | None:
    """"the regulator, the Financial Conduct Authority", "the vaccine, called X": the entity named beside it."""
    heads = {i: ci for i, ci, _tier in mentions}
    for c in tok.children:
        if c.dep_ == "appos" and c.i in heads:
            return heads[c.i]
        if c.dep_ == "acl" and c.lemma_ in NAMING_VERBS:  # "The vaccine, called R21/Matrix-M, ..."
            named = [heads[t.i] for t in c.subtree if t.i in heads]
            if named:
                return named[0]
    return None


def _pleonastic(tok: Token) -> bool:
    """"It's worth noting", "it seems that": no referent."""
    head = tok.head
    if tok.dep_ not in {"nsubj", "nsubjpass"} or head.lemma_ not in PLEONASTIC_HEADS:
        return False
    kids = list(head.children)
    return any(c.dep_ in {"ccomp", "xcomp"} for c in kids) or any(
        c.dep_ in {"acomp", "attr"} and any(g.dep_ in {"xcomp", "ccomp"} for g in c.children) for c in kids)
