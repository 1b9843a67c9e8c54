"""kg_entities: fix the small model's NER slips and group mentions into entities.

Results go to ``doc.ents`` (fixed spans) and ``Doc._.kg_entities``: a list of plain dicts
``{"name", "type", "aliases", "gender", "mentions": [[start_char, end_char, kind], ...]}``
where kind is "name" (a named mention), "alias" (surname/acronym re-mention) or "adj"
(a nationality adjective that denotes the country, "Chinese officials").
"""
from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import LexiconMixin
from .names import described_orgs, national_agencies, state_of, untagged_abbreviations, with_ordinal
from .util import guarded

__all__ = ["EntityFixer", "make_entity_fixer", "NAMED_LABELS"]

NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "FAC"}
TRIM_LEFT = {"the", "a", "an"}
TRIM_TAGS = {"CC", ",", ".", ":", "POS", "-LRB-", "-RRB-", "HYPH", "``", "''", "SYM"}
# nouns around a party adjective that show the text is about party politics
POLITICAL_NOUNS = {"candidate", "presidential", "senator", "lawmaker", "lawmakers", "nominee", "party", "primary",
                   "congressman", "congresswoman", "governor", "leader", "representative", "voters", "senators",
                   "administration", "leadership", "leaders", "contender", "hopeful", "incumbent", "challenger"}
LOCAL_POSTS = {"mayor", "governor", "sheriff", "councillor", "councilor"}
INSTITUTION_WORDS = {"College", "University", "Hospital", "School", "Institute", "Cathedral", "Church", "Academy"}
# prizes named after whom they honour or serve ("Women's Prize for Fiction", "People's Choice Award")
PRIZE_WORDS = {"Prize", "Award", "Awards", "Cup", "Trophy", "Medal", "Choice"}
ORG_SUFFIXES = {"FC", "United", "Inc", "Corp", "Ltd", "LLC", "Group", "Club", "AG", "SA", "PLC", "Plc", "Co",
                "Bank", "Holdings", "Partners", "Capital", "Motors", "Airlines", "University", "Institute", "Labs",
                "Systems", "Technologies", "Pharmaceuticals", "Therapeutics", "Industries", "Airways", "Networks",
                "Entertainment", "Studios", "Films", "Pictures", "Brands", "Ventures", "Investments", "Securities", "Robotics",
                "Solutions", "Logistics", "Semiconductor", "Electronics", "Foundation", "Association", "Oil",
                "Energy", "Petroleum", "Gas", "Mining", "Power", "Telecom", "Pharma", "Insurance", "Media",
                "Press", "Publishing", "Publishers", "Books", "Records", "Line", "Lines", "Shipping", "Tankers",
                "Maritime", "Rail", "Railways", "Trust"}
# kinds of firm written before a firm's name, capitalised when they open the sentence ("Insurer Aviva said ...")
BUSINESS_DESCRIPTORS = {"retailer", "insurer", "lender", "miner", "airline", "brokerage", "publisher", "broadcaster",
                        "carrier", "operator", "supplier", "producer", "manufacturer", "developer", "conglomerate",
                        "startup", "shipper", "refiner", "utility"}
# briefs of a government post, read by the small model as organisations before the title ("Health Secretary X")
PORTFOLIOS = {"health", "transport", "education", "finance", "defence", "defense", "interior", "justice", "energy",
              "environment", "trade", "labour", "labor", "agriculture", "culture", "housing", "infrastructure",
              "economy", "industry", "tourism", "communications", "digital", "immigration", "security", "climate",
              "science", "technology", "sport", "sports", "fisheries", "development", "welfare", "employment"}
PORTFOLIO_POSTS = {"minister", "secretary", "commissioner"}
# titles that are part of how a person is named ("King Charles", "Pope Francis"): never cut off a name
HONORIFICS = {"king", "queen", "prince", "princess", "pope", "emperor", "general", "sheikh", "crown prince", "justice",
              "president", "senator", "governor", "judge", "mayor"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# brand-style names with an inner capital after a lowercase letter ("OpenAI", "iPhone"), not "McAdam"
CAMEL = re.compile(r"^(?!Mc|Mac)(?=[A-Za-z0-9]*[a-z][A-Z])[A-Za-z][A-Za-z0-9]+$")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,9}$")


@Language.factory("kg_entities", requires=["doc.ents", "token.dep"], assigns=["doc.ents", "doc._.kg_entities"],
                  default_config={"person_max_tokens": 5})
def make_entity_fixer(nlp: Language, name: str, person_max_tokens: int) -> "EntityFixer":
    """Build the kg_entities component."""
    return EntityFixer(nlp, name, person_max_tokens=person_max_tokens)


class EntityFixer(LexiconMixin):
    """Rule-based NER repair plus within-document entity grouping (aliases, surnames, demonyms)."""

    TABLES = ("demonyms", "parties", "event_nouns", "generic_acronyms", "first_names", "titles", "non_names")

    def __init__(self, nlp: Language, name: str = "kg_entities", *, person_max_tokens: int = 5) -> None:
        self.name = name
        self.person_max_tokens = person_max_tokens
        if not Doc.has_extension("kg_entities"):
            Doc.set_extension("kg_entities", default=None)
        self._load_tables()

    def _compile(self) -> None:
        t = self.tables
        self.demonyms = {r["adjective"]: r["country"] for r in t["demonyms"]}
        self.countries = set(self.demonyms.values())
        self.parties = {r["adjective"]: r["party"] for r in t["parties"]}
        self.event_nouns = {r["noun"] for r in t["event_nouns"]}
        self.generic = {r["text"] for r in t["generic_acronyms"]}
        self.genders = {r["name"]: r["gender"] for r in t["first_names"]}
        self.non_names = {r["text"] for r in t["non_names"]}
        from .roles import TitleMatcher  # roles imports nothing from here; local to keep the module graph flat
        self.titles = TitleMatcher([r["title"] for r in t["titles"]])

    def __call__(self, doc: Doc) -> Doc:
        """Fix the entities of `doc` and group them."""
        spans = guarded(self.name, self.fix_spans, doc, list(doc.ents))
        clusters = guarded(self.name, lambda d: self.group(d, spans), doc, [])
        clusters += self._dateline_country(doc, clusters)
        self.set_annotations(doc, (spans, clusters))
        return doc

    def _dateline_country(self, doc: Doc, clusters: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The dateline's country ("NICE, France, ..." in ``Doc._.kg_dateline``) as a cluster without mentions,
        when the text never names it: the country of "President X" in a story filed from there."""
        line = doc._.kg_dateline if Doc.has_extension("kg_dateline") else None
        country = (line or {}).get("country")
        if not country or country not in self.countries or \
                any(country == c["name"] or country in c["aliases"] for c in clusters):
            return []
        return [{"name": country, "type": "GPE", "aliases": [], "mentions": []}]

    def set_annotations(self, doc: Doc, found: tuple[list[Span], list[dict[str, Any]]]) -> None:
        """Write fixed spans to `doc.ents` and the groups to `Doc._.kg_entities`."""
        spans, clusters = found
        doc.ents = [s for s in spans]
        doc._.kg_entities = clusters

    # ---- span repair -------------------------------------------------------------------------------
    def fix_spans(self, doc: Doc) -> list[Span]:
        """Repaired entity spans (numeric/date labels kept for kg_time).

        doc (Doc): a parsed, NER-tagged doc.
        RETURNS (list[Span]): non-overlapping spans, sorted.
        """
        out: list[Span] = []
        for ent in doc.ents:
            for part in self._split_title(doc, ent):
                span = self._fix_one(doc, part)
                if span is not None:
                    out.append(span)
        out += self._new_products(doc, out)
        out += described_orgs(doc, out)
        out += national_agencies(doc, out, self.demonyms)
        out += untagged_abbreviations(doc, out, self.demonyms)
        out += _local_posts(doc, out)
        out = _joined_orgs(doc, sorted(_non_overlapping(out), key=lambda s: s.start))
        return [_owned_product(doc, s, out[k - 1] if k else None) for k, s in enumerate(out)]

    def _split_title(self, doc: Doc, ent: Span) -> list[Span]:
        """Cut a job title out of a name: "<Org> Chief Executive <Name>" -> <Org>, <Name>; "Striker <Name>".

        The small model often swallows a capitalised title into one PERSON or WORK_OF_ART span; the
        title then hides both the person's name and the employer from the role rules.
        RETURNS (list[Span]): the parts (the span itself when there is no title inside).
        """
        if ent.label_ not in {"PERSON", "WORK_OF_ART"}:
            return [ent]
        for k in range(ent.start, ent.end - 1):
            t_end = self.titles.starting_at(doc, k, ent.end - 1)
            if t_end is None or not doc[k].text[:1].isupper():
                continue
            if doc[k:t_end].text.lower() in HONORIFICS or not all(t.text[:1].isupper() for t in doc[t_end:ent.end]):
                return [ent]
            parts = [Span(doc, t_end, ent.end, "PERSON")]
            if k > ent.start:
                owner = doc[ent.start:k].text
                parts.insert(0, Span(doc, ent.start, k, "NORP" if owner in self.demonyms else "ORG"))
            return parts
        return [ent]

    def _fix_one(self, doc: Doc, ent: Span) -> Span | None:
        start, end, label = ent.start, ent.end, ent.label_
        while start < end and (doc[start].lower_ in TRIM_LEFT or doc[start].tag_ in TRIM_TAGS):
            start += 1
        while end > start and (doc[end - 1].tag_ in TRIM_TAGS or label in NAMED_LABELS and
                               any(c.isdigit() for c in doc[end - 1].text) and end - start > 1):
            end -= 1  # "Rivermouth United 3-1": a score is not part of the name
        if end - start > 1 and _opens_sentence(doc, start) and _business_descriptor(doc[start].lower_) and \
                doc[start + 1].text[:1].isupper():
            start, label = start + 1, "ORG"  # "Drugmaker GSK", "Insurer Aviva": the kind of firm, then its name
        poss = [t.i for t in doc[start + 1:end - 1] if t.tag_ == "POS"]
        if poss and (doc[poss[0] + 1].text in INSTITUTION_WORDS or doc[poss[0] + 1].text in PRIZE_WORDS):
            poss = []  # "King's College London", "St Mary's Hospital": one institution named after its patron
        if poss and label in NAMED_LABELS:
            end = poss[0]  # "Acme's Widget" is two names: the owner, then (via _new_products) the product
        if start >= end or label not in NAMED_LABELS:
            return Span(doc, start, end, label) if start < end else None
        start = with_ordinal(doc, start, label)
        text = doc[start:end].text
        if text.lower() in self.non_names:
            return None  # diseases and the like: the small model tags them ORG/PERSON, they name no actor
        if label in {"GPE", "ORG", "LOC", "PERSON", "NORP"} and text in self.generic and not self._defined(doc, start):
            return None
        if end - start == 1 and doc[start].tag_ in {"NN", "NNS"} and doc[start].is_sent_start and label != "NORP" \
                and not any(e.start != start and e[0].text == text for e in doc.ents):
            return None  # a common noun capitalised only because it opens the sentence ("Software maker X")
        if _portfolio(doc, start, end):
            return None  # "Health" in "Scotland's Health Secretary X" is the post's brief, not an organisation
        if self._inside_title(doc, start, end):
            return None  # "State" in "Secretary of State" is part of a title, not an organisation
        if not any(t.is_alpha and t.text[:1].isupper() for t in doc[start:end]) and label != "NORP":
            return None  # lowercase junk ("two-day" is DATE, but "generative" as ORG is not a name)
        label = self._relabel(doc, start, end, label)
        return Span(doc, start, end, label)

    def _relabel(self, doc: Doc, start: int, end: int, label: str) -> str:
        text = doc[start:end].text
        if label == "PERSON" and doc[end - 1].text.rstrip(".") in ORG_SUFFIXES:
            return "ORG"
        if label in {"LOC", "GPE", "FAC"} and end - start > 1 and doc[end - 1].lower_ in ORG_HEADS and \
                doc[end - 1].is_title:
            return "ORG"  # "Port of Rotterdam Authority", "Thames Water Board": a body named after its place
        if label in {"ORG", "PERSON", "NORP", "LOC"} and text in self.countries:
            return "GPE"  # "Azerbaijan's ecology minister": a country read as an organisation
        if label in {"PERSON", "ORG"} and end - start == 1 and end + 1 < len(doc) and doc[end].text == "," and \
                (doc[end + 1].text in self.countries or doc[end + 1].ent_type_ == "GPE") and \
                not (end + 2 < len(doc) and doc[end + 2].tag_ == "POS"):
            return "GPE"  # "LYON, France (AP)", "Austin, Texas": a place before its country or state
        if label in {"ORG", "GPE", "LOC", "NORP"} and self._personal_name(doc, start, end):
            return "PERSON"  # "Marina Costa" tagged ORG or LOC: a known first name and a capitalised surname
        article = start > 0 and doc[start - 1].lower_ in {"a", "an"}
        if label == "ORG" and article and doc[end - 1].lower_ in self.event_nouns:
            return "EVENT"  # "a <Brand> Space": an event, not the company
        if label == "PERSON":
            article = start > 0 and doc[start - 1].lower_ in {"a", "an", "the"}
            if article or doc[end - 1].lower_ in self.event_nouns or end - start > self.person_max_tokens:
                return "EVENT" if doc[end - 1].lower_ in self.event_nouns else "PRODUCT"
        if label in {"GPE", "PERSON"} and end - start == 1 and CAMEL.match(text) and text not in self.demonyms:
            return "ORG"  # camel-case brand names ("OpenAI") are not places
        return label

    def _personal_name(self, doc: Doc, start: int, end: int) -> bool:
        """True for 2-3 capitalised words opening with a known first name and ending in no company word."""
        words = [t.text for t in doc[start:end]]
        return 2 <= len(words) <= 3 and words[0] in self.genders and words[-1].rstrip(".") not in ORG_SUFFIXES \
            and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words) \
            and not any(w in self.demonyms or w in self.countries for w in words)

    def _inside_title(self, doc: Doc, start: int, end: int) -> bool:
        """True when tokens [start, end) end a multi-word title that begins before them."""
        t_start = self.titles.ending_at(doc, end, max(0, start - 3))
        return t_start is not None and t_start < start

    def _defined(self, doc: Doc, i: int) -> bool:
        """True when token i is an acronym defined in parentheses right after a name."""
        return 0 < i < len(doc) - 1 and doc[i - 1].text == "(" and doc[i + 1].text == ")"

    def _new_products(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Unlabelled camel-case names owned by an organisation ("<Org>'s <CamelName>") are products."""
        orgs = {s.end for s in spans if s.label_ == "ORG"}
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        for tok in doc:
            owned = tok.i >= 2 and doc[tok.i - 1].tag_ == "POS" and (tok.i - 1) in orgs
            if tok.i in taken or not (CAMEL.match(tok.text) or owned and tok.tag_ == "NNP"):
                continue
            out.append(Span(doc, tok.i, tok.i + 1, "PRODUCT" if owned else "ORG"))
        return out

    # ---- grouping ----------------------------------------------------------------------------------
    def group(self, doc: Doc, spans: list[Span]) -> list[dict[str, Any]]:
        """Group named spans into entities: same name, surname, acronym, demonym.

        doc (Doc): the doc.
        spans (list[Span]): repaired spans from `fix_spans`.
        RETURNS (list[dict]): entity dicts in order of first mention.
        """
        clusters: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        for span in spans:
            if span.label_ not in NAMED_LABELS:
                continue
            if span.label_ == "NORP" and (span.text in self.demonyms or span.text in self.parties or
                                          self._find(span, clusters, index) is None):
                self._add_norp(doc, span, clusters, index)
                continue
            ci = self._find(span, clusters, index)
            if ci is None:
                ci = self._new(clusters, index, span.text, span.label_)
            clusters[ci]["mentions"].append([span.start_char, span.end_char, "name"])
            self._acronym(doc, span, ci, clusters, index)
            self._state_body(span, ci, clusters, index)
        self._government_mentions(doc, clusters, index)
        self._rescan(doc, spans, clusters, index)
        for c in clusters:
            c["mentions"].sort()
            c["gender"] = self.genders.get(c["name"].split()[0]) if c["type"] == "PERSON" else None
        return clusters

    def _new(self, clusters: list, index: dict, name: str, label: str) -> int:
        clusters.append({"name": name, "type": label, "aliases": [], "mentions": []})
        ci = len(clusters) - 1
        index[name.lower()] = ci
        return ci

    def _find(self, span: Span, clusters: list, index: dict) -> int | None:
        key = span.text.lower()
        if key in index:
            return index[key]
        if len(span) == 1 and span.label_ in {"PERSON", "ORG", "GPE", "NORP", "LOC"}:
            for ci, c in enumerate(clusters):  # surname = full name ("Smith" = "Jane Smith"), whatever its label
                if c["type"] == "PERSON" and (_surname(c["name"]) or "").lower() == key:
                    return _alias(c, index, span.text, ci)
        if len(span) == 1 and span.label_ == "PERSON":
            for ci, c in enumerate(clusters):  # "Arno Vermeulen" read as ORG, then "Vermeulen" as PERSON: a person
                if c["type"] in {"ORG", "LOC", "GPE"} and _person_like(c["name"]) and \
                        c["name"].split()[-1].lower() == key and c["name"] not in self.countries:
                    c["type"] = "PERSON"
                    return _alias(c, index, span.text, ci)
        if len(span) == 1 and span.label_ == "PERSON" and span.text in self.genders:
            firsts = [ci for ci, c in enumerate(clusters) if c["type"] == "PERSON" and " " in c["name"]
                      and c["name"].split()[0].lower() == key]
            if len(firsts) == 1:  # a first name alone ("Wei" = "Wei Lin") when one person in the story has it
                return _alias(clusters[firsts[0]], index, span.text, firsts[0])
        if len(span) == 1 and span.label_ in {"ORG", "PERSON", "NORP", "GPE"}:
            for ci, c in enumerate(clusters):  # short company name ("Acme" = "Acme Corp"), whatever its label
                if c["type"] == "ORG" and c["name"].split()[0].lower() == key and " " in c["name"]:
                    return _alias(c, index, span.text, ci)
        if span.label_ == "PERSON" and len(span) > 1:
            for ci, c in enumerate(clusters):  # a full name after its surname alone
                if c["type"] == "PERSON" and " " not in c["name"] and span[-1].lower_ == c["name"].lower():
                    old = c["name"]
                    c["name"] = span.text
                    index[key] = ci
                    return _alias(c, index, old, ci)
        return None

    def _state_body(self, span: Span, ci: int, clusters: list, index: dict) -> None:
        """"U.S. Centers for ...", "Chinese foreign ministry": mention the country, remember whose body it is."""
        country = state_of(span, self.demonyms) if span.label_ == "ORG" else None
        if country is None:
            return
        gi = index.get(country.lower())
        gi = self._new(clusters, index, country, "GPE") if gi is None else gi
        clusters[gi]["mentions"].append([span.start_char, span[0].idx + len(span[0]), "adj"])
        clusters[ci]["state"] = gi

    def _acronym(self, doc: Doc, span: Span, ci: int, clusters: list, index: dict) -> None:
        """"Name (ABC)" makes ABC an alias of Name."""
        e = span.end
        if e + 2 < len(doc) + 1 and e + 2 <= len(doc) - 1 and doc[e].text == "(" and doc[e + 2].text == ")":
            acr = doc[e + 1].text
            if ACRONYM.match(acr) and span.label_ in {"ORG", "LAW", "EVENT", "PRODUCT", "FAC", "GPE"}:
                _alias(clusters[ci], index, acr, ci)

    def _add_norp(self, doc: Doc, span: Span, clusters: list, index: dict) -> None:
        text = span.text
        party = self.parties.get(text)
        if party and _political(doc, span):
            ci = index.get(party.lower())
            ci = self._new(clusters, index, party, "ORG") if ci is None else ci
            _alias(clusters[ci], index, text, ci)
            clusters[ci]["mentions"].append([span.start_char, span.end_char, "adj"])
            return
        country = self.demonyms.get(text)
        if country is None and span.root.dep_ == "amod":
            return  # "several African countries": an adjective of no known country is no entity
        if country is None:
            ci = index.get(text.lower())
            ci = self._new(clusters, index, text, "NORP") if ci is None else ci
            clusters[ci]["mentions"].append([span.start_char, span.end_char, "name"])
            return
        ci = index.get(country.lower())
        ci = self._new(clusters, index, country, "GPE") if ci is None else ci
        if text.lower() not in index:
            index[text.lower()] = ci
        clusters[ci]["mentions"].append([span.start_char, span.end_char, "adj"])

    def _government_mentions(self, doc: Doc, clusters: list, index: dict) -> None:
        """"The <demonym> government" denotes the country (government-as-GPE, ACE style)."""
        for tok in doc:
            if tok.lower_ != "government" or tok.i == 0 or tok.dep_ == "compound":
                continue
            adj = doc[tok.i - 1].text
            country = self.demonyms.get(adj)
            ci = index.get(country.lower()) if country else None
            if ci is not None and clusters[ci]["type"] == "GPE":
                start = tok.i - 2 if tok.i >= 2 and doc[tok.i - 2].lower_ == "the" else tok.i - 1
                clusters[ci]["mentions"].append([doc[start].idx, tok.idx + len(tok), "desc"])
                _alias(clusters[ci], index, f"{adj} government", ci)

    def _rescan(self, doc: Doc, spans: list[Span], clusters: list, index: dict) -> None:
        """Mentions the model missed: later bare surnames, acronyms and short names of known entities."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        for ci, c in enumerate(clusters):
            surname = _surname(c["name"]) if c["type"] == "PERSON" else None
            if surname and surname.lower() not in index:
                index[surname.lower()] = ci
        initials = _initials(clusters)
        for tok in doc:
            if tok.i in taken or not tok.text[:1].isupper():
                continue
            ci = self._rescan_hit(tok, index, initials, clusters)
            if ci is not None:
                clusters[ci]["mentions"].append([tok.idx, tok.idx + len(tok), "alias"])
                if tok.text != clusters[ci]["name"]:
                    _alias(clusters[ci], index, tok.text, ci)

    def _rescan_hit(self, tok, index: dict, initials: dict, clusters: list) -> int | None:
        """Entity index for one unlabelled capitalised token, or None."""
        if tok.text in initials and (tok.tag_ in {"NNP", "NNPS"} or tok.text.isupper() and len(tok.text) > 1):
            return initials[tok.text]  # "WHO" for "World Health Organization", used without "(WHO)"
        if tok.tag_ in {"NNP", "NNPS"}:
            return index.get(tok.lower_)
        ci = index.get(tok.lower_)
        # the tagger reads a club or company name before a title as an adjective ("<Club> manager X")
        if tok.tag_ == "JJ" and not tok.is_sent_start and ci is not None and clusters[ci]["type"] == "ORG" \
                and tok.text not in self.demonyms and tok.text == clusters[ci]["name"]:
            return ci
        return None


def _opens_sentence(doc: Doc, i: int) -> bool:
    """Token i starts its sentence or follows a dateline's dash."""
    return doc[i].is_sent_start or i > 0 and doc[i - 1].text in {"-", "\u2014", "\u2013", "--"}


def _business_descriptor(word: str) -> bool:
    return word in BUSINESS_DESCRIPTORS or word.endswith("maker") and len(word) > 5


def _portfolio(doc: Doc, start: int, end: int) -> bool:
    """One capitalised brief word right before a minister's title and a name: "Transport Secretary X"."""
    if end - start != 1 or doc[start].lower_ not in PORTFOLIOS or end + 1 >= len(doc):
        return False
    return doc[end].lower_ in PORTFOLIO_POSTS and doc[end + 1].text[:1].isupper()


def _initials(clusters: list) -> dict[str, int]:
    """Acronyms formed by the capitalised words of multi-word organisation names ("WHO", "SEC")."""
    out = {}
    for ci, c in enumerate(clusters):
        caps = [w for w in c["name"].split() if w[:1].isupper()]
        if c["type"] == "ORG" and len(caps) >= 2:
            out.setdefault("".join(w[0] for w in caps), ci)
    return out


def _alias(cluster: dict, index: dict, alias: str, ci: int) -> int:
    if alias != cluster["name"] and alias not in cluster["aliases"]:
        cluster["aliases"].append(alias)
    index[alias.lower()] = ci
    return ci


def _local_posts(doc: Doc, spans: list[Span]) -> list[Span]:
    """"Marathon Mayor Eleni Vassou": the untagged capitalised words before a local post are its place."""
    taken = {i for sp in spans for i in range(sp.start, sp.end)}
    out = []
    for sp in spans:
        t = sp.start - 1
        if sp.label_ != "PERSON" or t < 1 or doc[t].lower_ not in LOCAL_POSTS or not doc[t].is_title:
            continue
        k = t
        while k - 1 >= doc[t].sent.start and doc[k - 1].pos_ == "PROPN" and doc[k - 1].is_title and \
                k - 1 not in taken:
            k -= 1
        if k < t:
            out.append(Span(doc, k, t, "GPE"))
    return out


def _person_like(name: str) -> bool:
    """Two or three capitalised alphabetic words with no company word: "Arno Vermeulen", not "Sanwa Motors"."""
    words = name.split()
    return 2 <= len(words) <= 3 and words[-1].rstrip(".") not in ORG_SUFFIXES and \
        all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


def _surname(name: str) -> str | None:
    """Last name of a multi-word person name, skipping suffixes ("Jr.")."""
    words = [w for w in name.split() if w.rstrip(".").lower() not in NAME_SUFFIXES]
    return words[-1] if len(words) > 1 else None


def _political(doc: Doc, span: Span) -> bool:
    """Party adjectives name a party only around political nouns ("Democratic presidential candidate")."""
    window = doc[span.end: min(len(doc), span.end + 3)]
    return span.text.endswith("s") or any(t.lower_ in POLITICAL_NOUNS for t in window) or \
        span.root.head.lower_ in POLITICAL_NOUNS


def _owned_product(doc: Doc, span: Span, prev: Span | None) -> Span:
    """"<Org>'s <Name>": a single-word name owned by an organisation is its product."""
    owned = prev is not None and prev.label_ == "ORG" and prev.end == span.start - 1 and \
        doc[span.start - 1].tag_ == "POS"
    if owned and len(span) == 1 and span.label_ in {"ORG", "PERSON", "GPE"}:
        return Span(doc, span.start, span.end, "PRODUCT")
    return span


def _non_overlapping(spans: list[Span]) -> list[Span]:
    out, last = [], -1
    for s in sorted(spans, key=lambda s: (s.start, -len(s))):
        if s.start >= last:
            out.append(s)
            last = s.end
    return out


# heads that end an organisation's name: "Consumer Commission", "Sheriff's Office"
ORG_HEADS = {"commission", "authority", "agency", "board", "council", "committee", "department", "ministry",
             "office", "bureau", "administration", "organization", "organisation", "service", "institute"}
LAW_HEADS = {"act", "law", "treaty", "bill", "accord", "agreement", "convention"}


def _joined_orgs(doc: Doc, spans: list[Span]) -> list[Span]:
    """One organisation the model cut in two: "[Australian Competition] and [Consumer Commission]",
    "[Gallatin County Sheriff]'s [Office]".

    The first part must not end in an organisation head of its own ("the FBI and the Justice Department"
    stay two), and the join is only "and" or a possessive "'s" followed by a capitalised head.
    RETURNS (list[Span]): the spans with the halves merged.
    """
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        joint = doc[prev.end] if prev is not None and span.start - prev.end == 1 else None
        if joint is None and prev is not None and span.start == prev.end and prev[-1].lower_ in {"and", "&"}:
            joint = prev[-1]  # the model took the "and" into the first half ("The Australian Competition and")
        if joint is not None and prev.label_ in {"ORG", "LAW"} and prev[-1].lower_ not in ORG_HEADS | LAW_HEADS and \
                span[-1].lower_ in ORG_HEADS and span[0].text[:1].isupper() and \
                joint.lower_ in {"and", "'s", "’s", "&"} and (joint.lower_ not in {"and", "&"} or span.label_ == "ORG"):
            start = prev.start + (prev[0].lower_ == "the")
            out[-1] = Span(doc, start, span.end, "ORG")
            continue
        out.append(span)
    return out
