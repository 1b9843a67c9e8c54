"""Role relations: titles before names, appositions, copular role phrases and possessive descriptions.

"Chinese Vice Premier X" -> (X, "vice premier of", China); "X, owner of A and B chief executive" ->
(X, "owner of", A), (X, "chief executive of", B); "billionaire X" -> (X, "described as", billionaire);
"China's cyberspace regulator" resolved to a named agency -> (agency, "regulator of", China).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from spacy.tokens import Doc, Span, Token

from .args import Arg, phrase_arg
from .util import DATELINE_WIRE

__all__ = ["TitleMatcher", "title_roles", "story_company", "story_country", "national_group_roles", "nationality_roles", "based_roles", "fronted_roles", "state_body_roles", "apposition_roles", "description_roles", "product_makers", "ROLE_CONFIDENCE"]

ROLE_CONFIDENCE = 0.85
DESCRIPTOR_CONFIDENCE = 0.6
APPOSITION_NOUN_CONFIDENCE = 0.7
STOP_TAGS = {".", ":", "``", "''", "-LRB-", "-RRB-"}
# titles that, after a nationality adjective, name a post of that state ("Chinese Vice Premier X")
STATE_TITLES = {"president", "minister", "premier", "chancellor", "king", "queen", "prince", "ambassador", "envoy",
                "official", "secretary", "lawmaker", "senator", "leader", "diplomat", "general", "commander",
                "regulator", "spokesman", "spokeswoman", "spokesperson", "emperor", "attorney", "governor",
                "candidate", "nominee", "representative", "congressman", "congresswoman", "mayor"}
ORG_TYPES = {"ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}
# company posts that, with no employer in the sentence, are held at the story's company ("Chief Executive X said")
COMPANY_TITLES = {"chief executive", "chief executive officer", "ceo", "finance chief", "chief financial officer",
                  "cfo", "chief operating officer", "coo", "chairman", "chairwoman", "chief economist",
                  "chief technology officer", "cto", "chief strategy officer"}
STORY_COMPANY_CONFIDENCE = 0.75
# state posts that, with no country named, are held in the story's country ("Prime Minister X said" in a Greek story)
# posts of a city government: with no city named, held in the city the story is filed from ("Mayor X said")
CITY_POSTS = {"mayor", "deputy mayor", "city manager"}
IMPLICIT_STATE_HEADS = {"president", "minister", "premier", "chancellor", "secretary"}
STORY_COUNTRY_CONFIDENCE = 0.7
# a title whose owner the story names only by a shared word ("hospital spokeswoman X", "Sheriff X")
IMPLICIT_OWNER_CONFIDENCE = 0.7
# titles that name the office they are held at ("Sheriff X" at "... County Sheriff's Office")
OFFICE_TITLES = {"sheriff", "coroner", "marshal", "prosecutor", "attorney", "auditor", "treasurer", "constable"}
NATIONALITY_CONFIDENCE = 0.75
# descriptors of a business ("Japanese pedometer maker X", "Canadian miner X"): it is based in the country
BUSINESS_NOUNS = {"company", "firm", "group", "bank", "lender", "insurer", "miner", "manufacturer", "producer",
                  "retailer", "carrier", "airline", "developer", "operator", "supplier", "rival", "giant",
                  "conglomerate", "startup", "utility", "exchange", "brewer", "refiner", "publisher", "broadcaster"}
# words of a company's name that say it is a business (a "President X" in its story is its president)
BUSINESS_WORDS = {"inc", "corp", "corporation", "co", "ltd", "llc", "plc", "group", "holdings", "motor", "motors",
                  "industries", "pharmaceuticals", "labs", "systems", "technologies", "airlines", "petroleum", "bank"}
# unnamed people a nationality adjective places in a state's service ("Chinese officials" -> officials of China)
STATE_GROUP_NOUNS = {"official", "diplomat", "negotiator", "lawmaker", "minister", "regulator", "prosecutor",
                     "envoy", "authority", "legislator", "delegate", "delegation"}
STATE_GROUP_CONFIDENCE = 0.7


class TitleMatcher:
    """Longest-match lookup of role titles ("vice premier", "chief executive") over lowercase tokens."""

    def __init__(self, titles: list[str]) -> None:
        self.titles = {tuple(t.split()) for t in titles}
        # spaCy splits infix hyphens ("director-general" -> director - general): match that form too
        self.titles |= {tuple(w for w in re.split(r"\s+|(-)", t) if w) for t in titles if "-" in t}
        self.max_len = max((len(t) for t in self.titles), default=1)
        self.heads = {t[-1] for t in self.titles}

    def ending_at(self, doc: Doc, end: int, start_min: int) -> int | None:
        """Start of the longest title ending right before token `end` (exclusive), or None."""
        for n in range(self.max_len, 0, -1):
            s = end - n
            if s >= start_min and tuple(t.lower_ for t in doc[s:end]) in self.titles:
                return s
        return None

    def starting_at(self, doc: Doc, start: int, end_max: int) -> int | None:
        """End of the longest title starting at token `start`, or None."""
        for n in range(self.max_len, 0, -1):
            e = start + n
            if e <= end_max and tuple(_singular(t) for t in doc[start:e]) in self.titles:
                return e
        return None


def _singular(tok: Token) -> str:
    return tok.lemma_.lower() if tok.tag_ in {"NNS", "NNPS"} else tok.lower_


def _role(subj: int, title: str, obj: Arg | None, span: Span, conf: float = ROLE_CONFIDENCE,
          prep: str = "of") -> dict[str, Any]:
    pred = f"{title} {prep}".strip() if obj is not None and "ent" in obj else "described as"
    if obj is None:
        return {}
    return {"subject": {"ent": subj}, "predicate": pred, "object": obj, "confidence": conf,
            "start": span.sent.start_char, "end": span.sent.end_char, "qualifiers": {}, "negated": False,
            "anchor": span.start_char}


def title_roles(doc: Doc, mention: Span, ci: int, tok_ent: dict[int, int], titles: TitleMatcher,
                story_company: int | None = None, story_country: int | None = None,
                story_city: int | None = None) -> Iterator[dict]:
    """Roles from words before a person's name: "Democratic presidential candidate X", "billionaire X".

    doc (Doc): the doc.
    mention (Span): the person's name.
    ci (int): the person's entity index.
    tok_ent (dict[int, int]): token -> entity map.
    titles (TitleMatcher): the title lexicon.
    story_company (int | None): the story's main company, employer of a company title with no owner.
    story_country (int | None): the story's country, where a state post with no country is held.
    story_city (int | None): the dateline's city, where a city post with no city is held ("Mayor X").
    RETURNS (Iterator[dict]): role relations.
    """
    sent_start = mention.sent.start
    t_start = titles.ending_at(doc, mention.start, sent_start)
    if t_start is None:
        prev = doc[mention.start - 1] if mention.start > sent_start else None
        after_name = prev is not None and prev.i - 1 in tok_ent  # "Bellini beat Felix Brandt": a misread verb
        if prev is not None and prev.tag_ == "NN" and prev.dep_ == "compound" and prev.i not in tok_ent and \
                not after_name:
            yield _role(ci, "", phrase_arg(doc[prev.i:prev.i + 1]), mention, DESCRIPTOR_CONFIDENCE)
        return
    owner = _owner_before(doc, t_start, sent_start, tok_ent)
    k = t_start
    while owner is None and k - 1 > sent_start and t_start - k < 2 and doc[k - 1].is_title and \
            k - 1 not in tok_ent and doc[k - 1].pos_ in {"PROPN", "NOUN"}:
        k -= 1  # "U.S. Commerce Secretary X": the post's own capitalised words sit between owner and title
        if _owner_before(doc, k, sent_start, tok_ent) is not None:
            t_start, owner = k, _owner_before(doc, k, sent_start, tok_ent)
    title = doc[t_start:mention.start].text.lower()
    nationality = owner is not None and doc[t_start - 1].pos_ == "ADJ" and doc[t_start - 1].ent_type_ == "NORP"
    if nationality and title.split()[-1] not in STATE_TITLES:
        return  # "Brazilian striker X": a nationality, not a post held for the country
    if owner is not None and owner != ci:
        yield _role(ci, title, {"ent": owner}, mention)
    elif owner is None and story_company is not None and title in COMPANY_TITLES and \
            not any(t.i in tok_ent and t.ent_type_ == "ORG" for t in mention.sent):
        yield _role(ci, title, {"ent": story_company}, mention, STORY_COMPANY_CONFIDENCE)
    elif owner is None and title.split()[-1] in IMPLICIT_STATE_HEADS and _capitalised_from(doc, sent_start, t_start,
                                                                                        tok_ent):
        title = doc[sent_start:mention.start].text.lower()  # "Civil Protection Minister X": the whole post
        # "President X, ...": in a company's story its president, else a post of the story's country
        clusters = doc._.kg_entities or []
        business = story_company is not None and title == "president" and \
            BUSINESS_WORDS & set(clusters[story_company]["name"].lower().replace(".", "").split())
        held = story_company if business else story_country
        if held is not None and held != ci:
            yield _role(ci, title, {"ent": held}, mention, STORY_COUNTRY_CONFIDENCE)
    elif owner is None and title in CITY_POSTS and story_city is not None and story_city != ci:
        yield _role(ci, title, {"ent": story_city}, mention, STORY_COUNTRY_CONFIDENCE)
    elif owner is None:
        held = _implicit_owner(doc, t_start, mention, ci, tok_ent)
        if held is not None:
            yield _role(ci, title, {"ent": held}, mention, IMPLICIT_OWNER_CONFIDENCE)


def _implicit_owner(doc: Doc, t_start: int, mention: Span, ci: int, tok_ent: dict[int, int]) -> int | None:
    """The story's organisation a title with no named owner belongs to, found by a shared word.

    "hospital spokeswoman X": an unnamed common noun before the title names the kind of body ("Bozeman Deaconess
    Hospital"); "Sheriff X": the title itself names the office ("Gallatin County Sheriff's Office"). Of the story's
    organisations whose name holds that word, the one mentioned last before the person (else first after) wins.
    """
    keys = set()
    prev = doc[t_start - 1] if t_start > mention.sent.start else None
    if prev is not None and prev.i not in tok_ent and prev.tag_ in {"NN", "NNS"} and prev.is_alpha:
        keys.add(prev.lemma_.lower())  # "hospital spokeswoman", "police spokesman"
    head = doc[mention.start - 1]
    if head.lower_ in OFFICE_TITLES:
        keys.add(head.lower_)  # "Sheriff X": held at the sheriff's office
    if not keys:
        return None
    best: tuple[int, int, int] | None = None
    for ei, ent in enumerate(doc._.kg_entities or []):
        if ei == ci or ent["type"] not in {"ORG", "FAC"}:
            continue
        words = {w.strip("'’").lower() for w in re.split(r"[\s'’]+", ent["name"]) if w}
        if not keys & words:
            continue
        before = [start for start, _end, _kind in ent["mentions"] if start < mention.start_char]
        after = [start for start, _end, _kind in ent["mentions"] if start >= mention.start_char]
        rank = (0, max(before)) if before else (-1, -min(after))
        if best is None or rank > best[:2]:
            best = (*rank, ei)
    return best[2] if best is not None else None


def _capitalised_from(doc: Doc, start: int, end: int, tok_ent: dict[int, int]) -> bool:
    """Tokens [start, end) are capitalised title words naming no entity ("[Civil Protection] Minister X")."""
    return all(t.is_title and t.i not in tok_ent and t.pos_ in {"PROPN", "NOUN", "ADJ"} for t in doc[start:end])


def story_company(clusters: list[dict[str, Any]]) -> int | None:
    """The organisation a story is about: the most-mentioned ORG (3+ mentions, twice the next one), or None."""
    counts = sorted(((len(e["mentions"]), ci) for ci, e in enumerate(clusters) if e["type"] == "ORG"), reverse=True)
    if not counts or counts[0][0] < 3 or len(counts) > 1 and counts[0][0] < 2 * counts[1][0]:
        return None
    return counts[0][1]


def dateline_city(doc: Doc, clusters: list[dict[str, Any]], countries: set[str]) -> int | None:
    """The city the story is filed from: the dateline's place that ingest kept ("BOGOTA, July 8 (Reuters) -"
    -> {"place": "Bogota"}), else one the text still opens with; None when it is a country or named nowhere."""
    line = doc._.kg_dateline if Doc.has_extension("kg_dateline") else None
    place = ((line or {}).get("place") or "").lower()
    m = DATELINE_WIRE.match(doc.text)
    for ci, ent in enumerate(clusters):
        if ent["type"] != "GPE" or ent["name"] in countries:
            continue
        names = {ent["name"].lower(), *(a.lower() for a in ent["aliases"])}
        if place and place in names or m and any(start < m.start("wire") for start, _e, _k in ent["mentions"]):
            return ci
    return None


def story_country(doc: Doc, clusters: list[dict[str, Any]], countries: set[str]) -> int | None:
    """The country a story is set in: one named in the dateline ("NICE, France, July 21 (Reuters) -"), else
    the country mentioned most (twice at least, and more than any other), or None.
    """
    line = doc._.kg_dateline if Doc.has_extension("kg_dateline") else None
    named = (line or {}).get("country")
    for ci, ent in enumerate(clusters):  # ingest took the dateline out of the text and kept its country
        if named and ent["type"] == "GPE" and (ent["name"] == named or named in ent["aliases"]):
            return ci
    m = DATELINE_WIRE.match(doc.text)
    cut = m.start("wire") if m else 0
    counts = []
    for ci, ent in enumerate(clusters):
        if ent["type"] != "GPE" or ent["name"] not in countries:
            continue
        if any(start < cut for start, _end, _kind in ent["mentions"]):
            return ci
        counts.append((sum(not _nationality_of_person(doc, m) for m in ent["mentions"]), ci))
    counts.sort(reverse=True)
    if not counts or counts[0][0] < 2 or len(counts) > 1 and counts[0][0] == counts[1][0]:
        return None
    return counts[0][1]


def _nationality_of_person(doc: Doc, mention: list) -> bool:
    """"Belgium's Arno Vermeulen", "Belgian insurer X": a nationality, not the story's setting."""
    if mention[2] == "adj":
        return True
    span = doc.char_span(mention[0], mention[1], alignment_mode="expand")
    tok = span.root if span is not None else None
    for _ in range(3):
        if tok is None or tok.dep_ not in {"poss", "amod", "compound", "nmod"}:
            return False
        tok = tok.head
        if tok.ent_type_ in {"PERSON", "ORG"}:
            return True
    return False


def fronted_roles(doc: Doc, mention: Span, ci: int, tok_ent: dict[int, int], titles: TitleMatcher) -> Iterator[dict]:
    """Roles from a title set off before the name: "Acme's chief executive, X", "His lawyer, X".

    The owner is the entity (or a pronoun resolved by kg_coref) right before the title.
    RETURNS (Iterator[dict]): role relations.
    """
    sent_start = mention.sent.start
    comma = mention.start - 1
    if comma <= sent_start or doc[comma].text != ",":
        return
    t_start = titles.ending_at(doc, comma, sent_start)
    if t_start is None:
        return
    t_start = _modifiers_before(doc, t_start, sent_start, tok_ent)
    owner = _owner_before(doc, t_start, sent_start, tok_ent)
    if owner is not None and owner != ci:
        yield _role(ci, doc[t_start:comma].text.lower(), {"ent": owner}, mention)


def _modifiers_before(doc: Doc, i: int, sent_start: int, tok_ent: dict[int, int], most: int = 3) -> int:
    """Start of the plain modifiers of a title: "its [finance] spokesman", "the agency's [drug safety] director"."""
    j = i
    while j - 1 >= sent_start and i - j < most and doc[j - 1].tag_ in {"NN", "JJ", "VBG"} and \
            doc[j - 1].is_lower and j - 1 not in tok_ent and doc[j - 1].lower_ != "former":
        j -= 1
    return j if j - 1 >= sent_start and (doc[j - 1].tag_ in {"POS", "PRP$"} or j - 1 in tok_ent) else i


def _owner_before(doc: Doc, i: int, sent_start: int, tok_ent: dict[int, int]) -> int | None:
    """Entity right before position i, skipping a possessive "'s" ("China's", "Chinese", "Tesla")."""
    j = i - 1
    if j >= sent_start and doc[j].tag_ == "POS":
        j -= 1
    while j >= sent_start and doc[j].pos_ == "ADJ" and j not in tok_ent and doc[j].lower_ != "former":
        j -= 1  # "Chinese senior official": skip plain adjectives
    if j >= sent_start and j in tok_ent:
        return tok_ent[j]
    return None


def apposition_roles(doc: Doc, mention: Span, ci: int, tok_ent: dict[int, int], titles: TitleMatcher) -> Iterator[dict]:
    """Roles in an apposition after a name: "X, owner of A and B chief executive, said".

    Each "and"-separated part is read as "TITLE of ORG", "ORG TITLE" or "ORG's TITLE".
    RETURNS (Iterator[dict]): role relations.
    """
    sent = mention.sent
    i = mention.end
    if i >= sent.end or doc[i].text != ",":
        return
    end = i + 1
    while end < sent.end and doc[end].text not in {",", ";"} and doc[end].tag_ not in STOP_TAGS:
        end += 1
    yield from role_phrase(doc, i + 1, end, ci, tok_ent, titles, mention)


def role_phrase(doc: Doc, start: int, end: int, ci: int, tok_ent: dict[int, int], titles: TitleMatcher,
                anchor: Span) -> Iterator[dict]:
    """Roles from the tokens [start, end): "owner of A and B chief executive", "the chief executive of A"."""
    parts, cur = [], start
    for k in range(start, end):
        if doc[k].lower_ in {"and", "&"} and not (k in tok_ent and k - 1 in tok_ent and k + 1 in tok_ent):
            parts.append((cur, k))
            cur = k + 1
    parts.append((cur, end))
    for s, e in parts:
        while s < e and doc[s].lower_ in {"the", "a", "an", "former", "its", "his", "her"}:
            s += 1
        rel = _one_role(doc, s, e, ci, tok_ent, titles, anchor)
        if rel:
            yield rel


def _one_role(doc: Doc, s: int, e: int, ci: int, tok_ent: dict[int, int], titles: TitleMatcher,
              anchor: Span) -> dict | None:
    t_end = titles.starting_at(doc, s, e)
    if t_end is not None:  # "owner of Twitter"
        title = doc[s:t_end].text.lower()
        prep = doc[t_end].lower_ if t_end < e else None
        # "the U.S. Attorney in Manhattan": a public post held *in* a place keeps its preposition
        in_post = prep == "in" and title.split()[-1] in STATE_TITLES
        if prep in {"of", "at", "for"} or in_post:
            ents = [tok_ent[k] for k in range(t_end + 1, e) if k in tok_ent]
            if ents and ents[0] != ci:
                return _role(ci, title, {"ent": ents[0]}, anchor, prep="in" if in_post else "of")
        return None
    head = doc[s]  # "a cardiologist at King's College London": any occupation noun before "at/of/for <entity>"
    if s + 2 < e and head.tag_ == "NN" and head.is_lower and doc[s + 1].lower_ in {"at", "for"}:
        ents = [tok_ent[k] for k in range(s + 2, e) if k in tok_ent]
        if ents and ents[0] != ci:
            return _role(ci, head.lower_, {"ent": ents[0]}, anchor, APPOSITION_NOUN_CONFIDENCE, prep=doc[s + 1].lower_)
    for k in range(s + 1, e):  # "Tesla Inc chief executive", "Apple's chief executive"
        t_end = titles.starting_at(doc, k, e)
        if t_end == e:
            owner = _owner_before(doc, k, s, tok_ent)
            if owner is not None and owner != ci:
                return _role(ci, doc[k:e].text.lower(), {"ent": owner}, anchor)
            return None
    return _possessed_post(doc, s, e, ci, tok_ent, anchor)


def _possessed_post(doc: Doc, s: int, e: int, ci: int, tok_ent: dict[int, int], anchor: Span) -> dict | None:
    """"X, the university's principal", "Y, Okafor's agent": any plain noun a named owner possesses is a post."""
    head = doc[e - 1]
    if e - s < 3 or head.tag_ != "NN" or not head.is_lower or not head.is_alpha or doc[e - 2].tag_ != "POS":
        return None
    owner = _owner_before(doc, e - 1, s, tok_ent)
    if owner is None or owner == ci:
        return None
    return _role(ci, head.lower_, {"ent": owner}, anchor, APPOSITION_NOUN_CONFIDENCE)


def description_roles(doc: Doc, links: list[list[Any]], tok_ent: dict[int, int],
                      country: int | None = None) -> Iterator[dict]:
    """"<Country>'s <modifier> regulator" linked to a named agency gives (agency, "regulator of", country);
    "the country's central bank" gives (bank, "central bank of", the story's country).
    """
    ents = doc._.kg_entities or []
    for start, end, ci, kind in links:
        if kind not in {"desc-named", "desc"}:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        head = span[-1]
        owners = [c for c in head.children if c.dep_ == "poss" and c.i in tok_ent and tok_ent[c.i] != ci]
        if kind == "desc":  # "Japan's largest automaker" resolved to a named company: only a place owns it
            owners = [c for c in owners if ents[tok_ent[c.i]]["type"] == "GPE"]
        if not owners and country is not None and country != ci and kind == "desc-named" and \
                any(c.dep_ == "poss" and c.lower_ in {"country", "nation"} for c in head.children):
            post = " ".join(t.lower_ for t in head.lefts if t.dep_ in {"amod", "compound"}) + " " + head.lower_
            yield _role(ci, post.strip(), {"ent": country}, span, STORY_COUNTRY_CONFIDENCE)
            continue
        if owners:
            yield _role(ci, head.lower_, {"ent": tok_ent[owners[0].i]}, span,
                        ROLE_CONFIDENCE if kind == "desc-named" else STORY_COUNTRY_CONFIDENCE)


def product_makers(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"Acme's Photon", "its blood pressure drug Veltrin" (its = Halvorsen) -> (owner, "make", product)."""
    ents = doc._.kg_entities or []
    for ci, ent in enumerate(ents):
        if ent["type"] != "PRODUCT":
            continue
        for start, end, kind in ent["mentions"]:
            span = doc.char_span(start, end, alignment_mode="expand") if kind == "name" else None
            if span is None:
                continue
            heads = [span.root] + [c for c in span.root.children if c.dep_ == "compound" and c.i < span.start]
            owners = [c for h in heads for c in h.children if c.dep_ == "poss" and c.i in tok_ent]
            owner = tok_ent[owners[0].i] if owners else None
            if owner is not None and owner != ci and ents[owner]["type"] == "ORG":
                rel = _role(owner, "make", {"ent": ci}, span, STORY_COUNTRY_CONFIDENCE)
                rel["predicate"] = "make"
                yield rel
                break


def nationality_roles(doc: Doc, mention: Span, ci: int, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"Chilean director X", "American actor X", "Belgium's (star rider) X" -> (X, "from", country);
    "Canadian miner X", "Japanese pedometer maker X", "Canada's Competition Bureau" -> (X, "based in", country).

    One to three lower-case descriptor words sit between the country and the name; a state post
    ("Japanese Prime Minister X") is the title rules' business (a post held for the country), so none is read.
    RETURNS (Iterator[dict]): at most one role relation.
    """
    clusters = doc._.kg_entities or []
    k = mention.start - 1
    sent_start = mention.sent.start
    while k >= sent_start and mention.start - k <= 3 and doc[k].pos_ == "NOUN" and doc[k].is_lower and \
            doc[k].lower_ not in STATE_TITLES and k not in tok_ent:
        k -= 1  # "director", "actor", "striker"
    if k == mention.start - 1 and doc[k].tag_ != "POS":
        return  # a bare "American X" may be read either way; "Spain's X" states where X is from
    if k >= sent_start + 1 and doc[k].tag_ == "POS":
        k -= 1  # "Britain's"
    elif k < sent_start or doc[k].ent_type_ != "NORP" or doc[k].pos_ not in {"ADJ", "PROPN"}:
        return  # the tagger reads some demonyms as proper nouns ("Danish shipping group X"); the GPE check stays
    owner = tok_ent.get(k)
    if owner is None or owner == ci or clusters[owner]["type"] != "GPE":
        return
    if any(t.is_title and t.lower_ in STATE_TITLES for t in doc[k + 1:mention.start]):
        return
    words = doc[k + 1:mention.start].text.lower().replace("'s", "").split()
    business = clusters[ci]["type"] == "ORG" or any(w.endswith("maker") or w in BUSINESS_NOUNS for w in words)
    yield _role(ci, "based in" if business else "from", {"ent": owner}, mention, NATIONALITY_CONFIDENCE, prep="")


def based_roles(doc: Doc, mention: Span, ci: int, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"Madrid-based Lumen Films", "the London-based company Acme" -> (organisation, "based in", place)."""
    clusters = doc._.kg_entities or []
    heads = {mention.root.i} | {mention.root.head.i if mention.root.dep_ in {"appos", "compound"} else mention.root.i}
    heads |= {c.i for c in mention.root.head.children if c.dep_ == "nsubj"} if mention.root.dep_ == "nsubj" else set()
    for tok in doc[max(mention.sent.start, mention.start - 6):mention.end]:
        if tok.lower_ != "based" or tok.dep_ != "amod" or tok.head.i not in heads | {mention.root.i}:
            continue
        places = [c for c in tok.children if c.dep_ in {"npadvmod", "compound"} and c.i in tok_ent and
                  clusters[tok_ent[c.i]]["type"] in {"GPE", "LOC"}]
        if places and tok_ent[places[0].i] != ci:
            yield _role(ci, "based in", {"ent": tok_ent[places[0].i]}, mention, NATIONALITY_CONFIDENCE, prep="")


def national_group_roles(doc: Doc, tok_ent: dict[int, int]) -> Iterator[dict]:
    """"Chinese officials rejected ..." -> ("Chinese officials", "official of", China).

    The nationality adjective is a mention of its country (kg_entities); the group stays unnamed.
    RETURNS (Iterator[dict]): role relations with an unnamed PERSON subject.
    """
    ents = doc._.kg_entities or []
    for tok in doc:
        if tok.lemma_.lower() not in STATE_GROUP_NOUNS or tok.i in tok_ent or tok.tag_ != "NNS" or \
                tok.dep_ not in {"nsubj", "nsubjpass"}:  # a group that acts, not one met or reached
            continue
        for adj in (c for c in tok.children if c.dep_ == "amod" and c.i in tok_ent):
            if ents[tok_ent[adj.i]]["type"] == "GPE":
                subj = phrase_arg(doc[adj.i: tok.i + 1], "PERSON")
                rel = _role(0, tok.lemma_.lower(), {"ent": tok_ent[adj.i]}, doc[tok.i: tok.i + 1],
                            STATE_GROUP_CONFIDENCE)
                rel["subject"] = subj
                yield rel


def state_body_roles(doc: Doc, clusters: list[dict[str, Any]]) -> Iterator[dict]:
    """"U.S. Centers for ..." -> (CDC, "agency of", United States); "Chinese foreign ministry" -> "ministry of".

    clusters (list[dict]): ``Doc._.kg_entities``; kg_entities sets "state" on state bodies named by nationality.
    RETURNS (Iterator[dict]): role relations.
    """
    for ci, ent in enumerate(clusters):
        if ent.get("state") is None or not ent["mentions"]:
            continue
        start, end, _kind = next((m for m in ent["mentions"] if m[2] == "name"), ent["mentions"][0])
        span = doc.char_span(start, end, alignment_mode="expand")
        head = span[-1].lower_ if span is not None else ""
        if span is not None:
            yield _role(ci, head if head in {"ministry", "department", "embassy", "army", "navy", "police"}
                        else "agency", {"ent": ent["state"]}, span)
