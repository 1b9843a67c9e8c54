"""Cross-article entity resolution: the same person or organisation gets one IRI across articles.

When an article is added to a store, each of its entities whose own IRI is not in
the store yet is matched against the entities already there, of the same type
group only (a PERSON "Jordan" never merges with the GPE "Jordan"): equal names or
aliases, acronyms ("CAC" = "Cyberspace Administration of China"), a lone surname
that names exactly one known person ("Musk" = "Elon Musk"), then a fuzzy match
(rapidfuzz ratio >= 90 on names sharing their first letters). Each merge is kept
as a ``kg:Merge`` record in the graph ``https://w3id.org/kg-news/graph/resolution``
with its reason and score, and undone when the article that held the target
entity is removed and nothing else names it.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz, process
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from .model import ArticleGraph, Entity
from .rdf import nt
from .vocab import KG, MERGE, RESOLUTION_GRAPH, article_iri, entity_iri, graph_iri, slug

__all__ = ["Resolver", "undo_operations", "normalise", "acronym", "TYPE_GROUPS"]

# spaCy types that may denote the same thing; CONCEPT and unknown types are never merged
TYPE_GROUPS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "facility",
               "NORP": "group", "PRODUCT": "product", "EVENT": "event", "LAW": "law", "WORK_OF_ART": "work"}
_ORG_SUFFIXES = {"inc", "corp", "corporation", "ltd", "llc", "plc", "co", "company", "group", "holdings", "sa",
                 "ag", "gmbh", "limited", "the"}
_STOP = {"of", "the", "and", "for", "de", "in", "on", "&"}
_FUZZY_CUTOFF = 90.0
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def normalise(name: str, group: str | None = None) -> str:
    """Comparable form of a name: folded, lowercased, punctuation and (for orgs) legal suffixes removed.

    >>> normalise("Tesla Inc.", "org")
    'tesla'
    >>> normalise("  Elon  MUSK ")
    'elon musk'
    """
    words = slug(name).replace("_", " ").split()
    if group == "org":
        words = [w for w in words if w not in _ORG_SUFFIXES] or words
    return " ".join(words)


def acronym(name: str) -> str:
    """Initials of the capitalised words of a name.

    >>> acronym("Cyberspace Administration of China")
    'cac'
    >>> acronym("Musk")
    ''
    """
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w.lower() not in _STOP]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


class Resolver:
    """Matches new entities against the ones in a store; see the module docstring.

    ``resolve(graph)`` returns the entity-id -> IRI overrides for :func:`kg.rdf.article_quads`
    and the ``kg:Merge`` quads, then remembers the article's entities for the next ones.
    """

    def __init__(self, store: Any):
        self._store = store
        self._ready = False
        self._rows: dict[str, tuple[str, dict[str, list[str]]]] = {}  # IRI -> (type, graph -> names)
        self.iris: dict[str, set[str]] = defaultdict(set)  # entity IRI -> graphs naming it
        self.by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.by_acronym: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.blocks: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)

    def resolve(self, graph: ArticleGraph) -> tuple[dict[str, URIRef], list[tuple]]:
        """Overrides and merge records for one article (its old version, if any, is forgotten first)."""
        self._load()
        g = graph_iri(graph.article.doc)
        self._forget(str(g))
        overrides: dict[str, URIRef] = {}
        quads: list[tuple] = []
        for ent in graph.entities:
            found = self._match(ent)
            if found:
                target, reason, score = found
                overrides[ent.id] = URIRef(target)
                quads += _merge_quads(graph.article.doc, entity_iri(ent.type, ent.name), target, ent.name,
                                      reason, score)
        for ent in graph.entities:
            self._learn(str(overrides.get(ent.id, entity_iri(ent.type, ent.name))), ent.type,
                        [ent.name, *ent.aliases], str(g))
        return overrides, quads

    def _match(self, ent: Entity) -> tuple[str, str, float] | None:
        group = TYPE_GROUPS.get(ent.type)
        minted = str(entity_iri(ent.type, ent.name))
        if group is None or minted in self.iris:
            return None
        for n, name in enumerate([ent.name, *ent.aliases]):
            hit = _only(self.by_name.get((group, normalise(name, group)), set()) - {minted})
            if hit:
                return hit, "name" if n == 0 else "alias", 1.0 if n == 0 else 0.98
        return self._match_acronym(ent, group) or self._match_surname(ent, group) or self._match_fuzzy(ent, group)

    def _match_acronym(self, ent: Entity, group: str) -> tuple[str, str, float] | None:
        name = ent.name.strip()
        if re.fullmatch(r"[A-Z][A-Z&]{1,7}", name):  # "CAC" -> a known "Cyberspace Administration of China"
            hit = _only(self.by_acronym.get((group, name.lower()), set()))
        else:  # a full name whose acronym is already known as a name
            initials = acronym(name)
            hit = _only(self.by_name.get((group, initials), set())) if initials else None
        return (hit, "acronym", 0.9) if hit else None

    def _match_surname(self, ent: Entity, group: str) -> tuple[str, str, float] | None:
        words = normalise(ent.name).split()
        if group != "person" or len(words) != 1:
            return None
        hit = _only(self.by_surname.get(words[0], set()))  # ambiguous surnames stay apart
        return (hit, "surname", 0.85) if hit else None

    def _match_fuzzy(self, ent: Entity, group: str) -> tuple[str, str, float] | None:
        key = normalise(ent.name, group)
        if len(key) < 5:
            return None
        choices = self.blocks.get((group, key[:2]), {})
        for name, score, _ in process.extract(key, list(choices), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF,
                                              limit=5):
            if _compatible(key, name, group):
                return choices[name], "fuzzy", round(score / 100, 4)
        return None

    def _learn(self, iri: str, etype: str, names: list[str], g: str) -> None:
        known = self._rows.setdefault(iri, (etype, {}))[1].setdefault(g, [])
        known += [n for n in names if n and n not in known]
        self._index(iri, etype, names, g)

    def _index(self, iri: str, etype: str, names: list[str], g: str) -> None:
        group = TYPE_GROUPS.get(etype)
        self.iris[iri].add(g)
        if group is None:
            return
        for name in filter(None, names):
            key = normalise(name, group)
            self.by_name[(group, key)].add(iri)
            self.blocks[(group, key[:2])][key] = iri
            if group == "person" and len(key.split()) >= 2:
                self.by_surname[key.split()[-1]].add(iri)
            if acronym(name):
                self.by_acronym[(group, acronym(name))].add(iri)

    def _forget(self, g: str) -> None:
        # Rare (re-adding an article): rebuild the name tables without that graph.
        if not any(g in graphs for _, graphs in self._rows.values()):
            return
        for _, graphs in self._rows.values():
            graphs.pop(g, None)
        self._rows = {iri: row for iri, row in self._rows.items() if row[1]}
        for table in (self.iris, self.by_name, self.by_surname, self.by_acronym, self.blocks):
            table.clear()
        self._index_rows()

    def _load(self) -> None:
        if self._ready:
            return
        self._ready = True
        result = self._store.query(
            "SELECT ?g ?e ?t ?l WHERE { GRAPH ?g { ?e kg:entityType ?t "
            "OPTIONAL { { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l } } } }")
        for r in result:
            names = self._rows.setdefault(r["e"].value, (r["t"].value, {}))[1].setdefault(r["g"].value, [])
            if r["l"] is not None:
                names.append(r["l"].value)
        self._index_rows()

    def _index_rows(self) -> None:
        for iri, (t, graphs) in self._rows.items():
            for g, names in graphs.items():
                self._index(iri, t, names, g)


def undo_operations(store: Any, g: URIRef) -> list[str]:
    """SPARQL update operations that undo merges into entities only graph ``g`` named natively.

    Each affected article graph gets its own IRI back for the entity (the statement
    nodes keep theirs: they hash the article's own IRIs), and the merge record goes.
    """
    rows = store.query(
        f"SELECT ?m ?from ?into ?b ?label WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?m kg:mergedInto ?into ; "
        f"kg:mergedFrom ?from ; kg:inGraph ?b ; kg:localLabel ?label FILTER(?b != <{g}>) }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?into rdfs:label ?any }} FILTER(?h != <{g}> && ?h != <{RESOLUTION_GRAPH}>) }} }}")
    ops = []
    for r in rows:
        m, old, new, b = (f"<{r[k].value}>" for k in ("m", "into", "from", "b"))
        label = nt(Literal(r["label"].value))
        ops += [f"DELETE {{ GRAPH {b} {{ {old} ?p ?o }} }} INSERT {{ GRAPH {b} {{ {new} ?p ?o }} }} "
                f"WHERE {{ GRAPH {b} {{ {old} ?p ?o }} }}",
                f"DELETE {{ GRAPH {b} {{ ?s ?p {old} }} }} INSERT {{ GRAPH {b} {{ ?s ?p {new} }} }} "
                f"WHERE {{ GRAPH {b} {{ ?s ?p {old} }} }}",
                f"DELETE DATA {{ GRAPH {b} {{ {new} <{SKOS.altLabel}> {label} }} }}",
                f"INSERT DATA {{ GRAPH {b} {{ {new} <{RDFS.label}> {label} }} }}",
                f"DELETE WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ {m} ?p ?o }} }}"]
    return ops


def _compatible(a: str, b: str, group: str) -> bool:
    """Guards on a fuzzy match: numbers must agree ("Apollo 11" is not "Apollo 12"); person names need the
    same number of words, equal initials and generational suffixes, and each word a near match
    ("George W. Bush" is not "George H. W. Bush", "Robert F. Kennedy Jr." is not "Robert F. Kennedy").

    >>> _compatible("john smith", "jon smith", "person"), _compatible("george w bush", "george h w bush", "person")
    (True, False)
    >>> _compatible("apollo 11", "apollo 12", "product")
    False
    """
    if re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    if group != "person":
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    return all(x == y if min(len(x), len(y)) <= 2 or {x, y} & _SUFFIXES else fuzz.ratio(x, y) >= 75
               for x, y in zip(wa, wb))


def _only(hits: set[str]) -> str | None:
    return next(iter(hits)) if len(hits) == 1 else None


def _merge_quads(doc: str, local: URIRef, target: str, label: str, reason: str, score: float) -> list[tuple]:
    g = graph_iri(doc)
    m = MERGE[hashlib.sha256(f"{g}|{local}|{target}".encode()).hexdigest()[:24]]
    triples = [(m, RDF.type, KG.Merge), (m, KG.mergedFrom, local), (m, KG.mergedInto, URIRef(target)),
               (m, KG.inGraph, g), (m, KG.reason, Literal(reason)),
               (m, KG.score, Literal(float(score), datatype=XSD.double)), (m, KG.localLabel, Literal(label)),
               (m, PROV.wasDerivedFrom, article_iri(doc))]
    return [(s, p, o, RESOLUTION_GRAPH) for s, p, o in triples]
