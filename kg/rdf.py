"""Turn :class:`~kg.model.ArticleGraph` objects into RDF quads (the model in docs/contracts.md).

One named graph per article. An asserted fact is a direct edge plus a statement
node carrying its evidence; attributed or negated facts get only the statement
node, so a plain triple pattern never mistakes a claim for a fact. No blank
nodes: the same ArticleGraph always gives the same quads.
"""
from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS
from rdflib.term import Node

from .model import ArticleGraph, Claim, Entity, Relation
from .vocab import (ENTITY_CLASSES, KG, PREFIXES, article_iri, claim_iri, entity_iri, graph_iri, predicate_iri,
                    statement_iri)

# IRI minting folds names character by character (kg.vocab.slug); the same names recur across
# an article (and a corpus), so the pure minting functions are memoised here. Same IRIs, fewer calls.
_entity_iri = lru_cache(maxsize=1 << 17)(entity_iri)
_predicate_iri = lru_cache(maxsize=1 << 14)(predicate_iri)
_article_iri = lru_cache(maxsize=1 << 10)(article_iri)
# rdflib's DefinedNamespace attribute lookup and Literal() are the next hot spots: hoist the terms
# used per fact, and reuse Literal objects for values that recur (labels, types, offsets, scores).
_TYPE, _LABEL, _PROPERTY, _SUBPROP = RDF.type, RDFS.label, RDF.Property, RDFS.subPropertyOf
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = KG.Statement, RDF.subject, RDF.predicate, RDF.object
_CONFIDENCE, _EVIDENCE, _START, _END, _DERIVED = (KG.confidence, KG.evidenceText, KG.charStart, KG.charEnd,
                                                   PROV.wasDerivedFrom)
_ENTITY_TYPE, _ALT_LABEL = KG.entityType, SKOS.altLabel
_LITERALS: dict[tuple[str, object], Literal] = {}


def _cached_literal(kind: str, value: object) -> Literal:
    """``Literal(value)`` (kind "s"), an xsd:integer ("i") or an xsd:double ("d"), reused when seen before.

    Keys hold the exact input: ``repr`` tells 0.0 from -0.0 and True from 1, which compare equal in Python.
    """
    key = (kind, value if kind == "s" else repr(value))
    lit = _LITERALS.get(key)
    if lit is None:
        if kind == "s":
            lit = Literal(value)
        else:
            lit = Literal(value, datatype=XSD.integer if kind == "i" else XSD.double)
        if len(_LITERALS) > 100_000:
            _LITERALS.clear()
        _LITERALS[key] = lit
    return lit


def _text(value: object) -> Literal:
    return _cached_literal("s", value) if type(value) is str else Literal(value)

__all__ = ["to_dataset", "article_nquads", "article_quads", "content_hash", "hashed_nquads", "time_literal", "predicate_group", "PREDICATE_GROUPS",
           "Quad", "nt"]


class Quad(NamedTuple):
    s: URIRef
    p: URIRef
    o: Node
    g: URIRef


# The curated predicate hierarchy: the first word of a normalised predicate -> super-property.
# Kept as data here (not in kg/data, which belongs to extraction); ontology/kg.ttl declares the groups.
PREDICATE_GROUPS: dict[URIRef, tuple[str, ...]] = {
    KG.meetingRelation: ("meet", "visit", "talk", "speak", "host", "greet", "receive", "hold",
                            "participate", "attend"),
    KG.roleRelation: ("ceo", "chief", "president", "head", "chair", "chairman", "chairwoman", "minister", "director",
                      "founder", "member", "employee", "work", "lead", "leader", "secretary", "spokesperson",
                      "spokesman", "spokeswoman", "executive", "official", "premier", "manager", "appoint", "hire",
                      "serve", "join", "candidate", "governor", "mayor", "ambassador", "advisor", "adviser"),
    KG.ownershipRelation: ("own", "owner", "acquire", "buy", "purchase", "sell", "invest", "investor", "stake",
                           "shareholder", "control", "merge", "parent", "subsidiary"),
    KG.statementRelation: ("say", "tell", "announce", "state", "claim", "warn", "note", "add", "report", "write",
                           "tweet", "post", "comment", "accord", "deny", "confirm", "urge", "call"),
    KG.locationRelation: ("base", "located", "locate", "headquarter", "travel", "arrive", "depart", "leave",
                          "live", "born", "in", "at", "from", "return", "fly", "go", "move"),
    KG.creationRelation: ("found", "create", "launch", "release", "build", "develop", "make", "produce",
                          "introduce", "unveil", "design", "publish", "start", "establish", "invent"),
    KG.legalRelation: ("sue", "charge", "fine", "investigate", "arrest", "convict", "accuse", "indict", "prosecute",
                       "settle", "plead", "sentence", "probe", "lawsuit"),
    KG.regulationRelation: ("regulate", "regulation", "ban", "approve", "require", "restrict", "license", "sanction",
                            "oversee", "oversight", "govern", "regulator", "block", "rule", "draft", "initiate", "enforce"),
}
_PREPOSITIONS = {"of", "for", "at", "with", "to", "in", "on", "from", "by"}
_GROUP_OF = {word: group for group, words in PREDICATE_GROUPS.items() for word in words}
_NT_IRIS: dict[URIRef, str] = {}
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_DATE = {re.compile(r"\d{4}-\d{2}-\d{2}"): XSD.date, re.compile(r"\d{4}-\d{2}"): XSD.gYearMonth,
         re.compile(r"\d{4}"): XSD.gYear}


def to_dataset(graphs: Iterable[ArticleGraph], iri_maps: Mapping[str, Mapping[str, URIRef]] | None = None) -> Dataset:
    """Build an rdflib Dataset with one named graph per article.

    Parameters
    ----------
    graphs : Iterable[ArticleGraph]
        Extracted articles.
    iri_maps : Mapping[str, Mapping[str, URIRef]], optional
        Per document id, entity id -> IRI overrides from cross-article resolution.

    Returns
    -------
    rdflib.Dataset
        With the kg prefixes bound.
    """
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    for graph in graphs:
        overrides = (iri_maps or {}).get(graph.article.doc)
        ds.addN(article_quads(graph, overrides))
    return ds


def article_nquads(graph: ArticleGraph, iri_map: Mapping[str, URIRef] | None = None) -> str:
    """The article's quads as sorted N-Quads text (stable: the same input gives the same bytes)."""
    return _sorted_nquads(article_quads(graph, iri_map))


def content_hash(quads: Iterable[tuple]) -> str:
    """SHA-256 (hex) of quads as sorted, de-duplicated N-Quads: the fingerprint ``kg:contentHash`` stores.

    Order and repeats do not matter, so an unchanged article always gets the same hash.

    >>> s, p, g = URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:g")
    >>> a, b = (s, p, Literal("x"), g), (s, p, Literal("y"), g)
    >>> content_hash([a, b]) == content_hash([b, a, a]) != content_hash([a])
    True
    >>> len(content_hash([]))
    64
    """
    return hashed_nquads(quads)[1]


def hashed_nquads(quads: Iterable[tuple]) -> tuple[str, str]:
    """The sorted, de-duplicated N-Quads text of ``quads`` and its :func:`content_hash`, serialised once.

    >>> quad = (URIRef("urn:s"), URIRef("urn:p"), Literal("x"), URIRef("urn:g"))
    >>> text, digest = hashed_nquads([quad])
    >>> print(text, end="")
    <urn:s> <urn:p> "x" <urn:g> .
    >>> digest == content_hash([quad])
    True
    """
    text = _sorted_nquads(quads)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sorted_nquads(quads: Iterable[tuple]) -> str:
    return "".join(sorted({f"{nt(s)} {nt(p)} {nt(o)} {nt(g)} .\n" for s, p, o, g in quads}))


def article_quads(graph: ArticleGraph, iri_map: Mapping[str, URIRef] | None = None) -> list[Quad]:
    """All quads of one article, in its named graph.

    ``iri_map`` maps entity ids to IRIs chosen by :mod:`kg.resolve`; an entity
    not in it gets the IRI minted from its own type and name.
    """
    doc = graph.article.doc
    g = graph_iri(doc)
    local = {e.id: _entity_iri(e.type, e.name) for e in graph.entities}
    iris = {eid: URIRef((iri_map or {}).get(eid, iri)) for eid, iri in local.items()}
    triples: list[tuple[URIRef, URIRef, Node]] = []
    for ent in graph.entities:
        triples += _entity_triples(ent, iris[ent.id], resolved=iris[ent.id] != local[ent.id])
    triples += _article_triples(graph)
    for rel in graph.relations:
        triples += _relation_triples(rel, doc, local, iris)
    for claim in graph.claims:
        triples += _claim_triples(claim, doc, iris)
    return [Quad(s, p, o, g) for s, p, o in dict.fromkeys(triples)]


def nt(term: Node) -> str:
    """A term in N-Triples syntax (also valid in SPARQL and Turtle); rdflib's ``n3()`` would write
    triple-quoted strings, which N-Quads does not allow.

    >>> print(nt(Literal('say "hi"\\nnow')))
    "say \\"hi\\"\\nnow"
    >>> nt(Literal("2023", datatype=XSD.gYear))
    '"2023"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    if type(term) is URIRef:  # the common case; IRIs recur, so they are cached
        text = _NT_IRIS.get(term)
        if text is None:
            text = _NT_IRIS[term] = f"<{term}>"
            if len(_NT_IRIS) > 200_000:
                _NT_IRIS.clear()
        return text
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        body = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{body}@{term.language}"
        return f"{body}^^<{term.datatype}>" if term.datatype else body
    return term.n3()


def predicate_group(predicate: str) -> URIRef:
    """The curated super-property of a normalised predicate (``kg:relatedTo`` if none fits).

    >>> predicate_group("meet").n3()
    '<https://w3id.org/kg-news/ontology#meetingRelation>'
    >>> predicate_group("chief executive of") == KG.roleRelation
    True
    >>> predicate_group("vice premier of") == KG.roleRelation  # a role phrase's head noun decides
    True
    >>> predicate_group("frobnicate") == KG.relatedTo
    True
    """
    words = predicate.lower().replace("_", " ").split()
    if len(words) > 1 and words[-1] in _PREPOSITIONS:  # "presidential candidate of": the noun before "of"
        words = [words[-2]] + words[:-2]
    return next((_GROUP_OF[w] for w in words[:1] + words[1:] if w in _GROUP_OF), KG.relatedTo)


def time_literal(value: str) -> Literal:
    """A time qualifier as a typed literal: xsd:date, xsd:gYearMonth, xsd:gYear, else plain text.

    >>> time_literal("2023-05-31").n3()
    '"2023-05-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> time_literal("2023-05").datatype == XSD.gYearMonth
    True
    >>> time_literal("2023").datatype == XSD.gYear
    True
    >>> time_literal("last week").n3()
    '"last week"'
    """
    value = str(value).strip()
    for pattern, datatype in _DATE.items():
        if pattern.fullmatch(value):
            return Literal(value, datatype=datatype)
    return Literal(value)


def _entity_triples(ent: Entity, iri: URIRef, resolved: bool) -> list[tuple]:
    # A merged entity keeps its own name as an alias; the canonical label comes from the
    # resolver through the alias list it returns (see kg.resolve), so each graph stays self-contained.
    out = [(iri, _TYPE, ENTITY_CLASSES.get(ent.type, KG.Other)), (iri, _ENTITY_TYPE, _text(ent.type))]
    out.append((iri, _ALT_LABEL if resolved else _LABEL, _text(ent.name)))
    out += [(iri, _ALT_LABEL, _text(a)) for a in ent.aliases if a and a != ent.name]
    return out


def _person(name: str, cls: URIRef = KG.Person, etype: str = "PERSON") -> list[tuple]:
    iri = _entity_iri(etype, name)
    return [(iri, RDF.type, cls), (iri, RDFS.label, Literal(name)), (iri, KG.entityType, Literal(etype))]


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value or [] if str(v).strip()]


def _article_triples(graph: ArticleGraph) -> list[tuple]:
    art, meta = graph.article, graph.article.metadata or {}
    a = _article_iri(art.doc)
    out = [(a, RDF.type, SDO.NewsArticle), (a, KG.docId, Literal(art.doc)), (a, KG.source, Literal(art.source))]
    if art.title:
        out.append((a, SDO.headline, Literal(art.title)))
    if art.published:
        out.append((a, SDO.datePublished, time_literal(art.published)))
    for prop, key in ((SDO.author, "authors"), (SDO.editor, "editors")):
        for name in _names(meta.get(key)):
            out += _person(name) + [(a, prop, _entity_iri("PERSON", name))]
    for name in _names(meta.get("publisher")):
        out += _person(name, KG.Organization, "ORG") + [(a, SDO.publisher, _entity_iri("ORG", name))]
    url = meta.get("url")
    if isinstance(url, str) and re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        out.append((a, SDO.url, URIRef(url)))
    for name in _names(meta.get("reporting_location")):
        out.append((a, KG.reportingLocation, Literal(name)))
    return out


def _evidence(node: URIRef, item: Relation | Claim, doc: str) -> list[tuple]:
    ev = item.evidence
    return [(node, _CONFIDENCE, _cached_literal("d", float(item.confidence))),
            (node, _EVIDENCE, _text(ev.text)),
            (node, _START, _cached_literal("i", int(ev.start))),
            (node, _END, _cached_literal("i", int(ev.end))),
            (node, _DERIVED, _article_iri(doc))]


def _relation_triples(rel: Relation, doc: str, local: Mapping[str, URIRef], iris: Mapping[str, URIRef]) -> list:
    if rel.subject not in iris:
        warnings.warn(f"relation {rel.predicate!r} in {doc[:12]}: subject {rel.subject!r} is not an entity; skipped")
        return []
    p = _predicate_iri(rel.predicate)
    s, obj = iris[rel.subject], iris.get(rel.object) if rel.object else None
    o_local = local.get(rel.object) if rel.object else None
    node = statement_iri(doc, local[rel.subject], p, o_local or rel.object, rel.evidence.start, rel.evidence.end)
    out = [(p, _TYPE, _PROPERTY), (p, _LABEL, _text(rel.predicate)),
           (p, _SUBPROP, predicate_group(rel.predicate)),
           (node, _TYPE, _STATEMENT), (node, _SUBJECT, s), (node, _PREDICATE, p)]
    if obj is not None:
        out.append((node, _OBJECT, obj))
    elif rel.object:
        out.append((node, RDF.object, Literal(rel.object)))  # a literal object: no direct edge
    out += _evidence(node, rel, doc) + _qualifiers(node, rel.qualifiers, iris)
    if rel.attributed_to:
        speaker = iris.get(rel.attributed_to)
        out.append((node, KG.attributedTo, speaker if speaker is not None else Literal(rel.attributed_to)))
    if rel.negated:
        out.append((node, KG.negated, Literal(True)))
    if obj is not None and not rel.attributed_to and not rel.negated:
        out.append((s, p, obj))  # the direct edge: only for facts the article asserts
    return out


def _qualifiers(node: URIRef, q: Mapping[str, object], iris: Mapping[str, URIRef]) -> list[tuple]:
    out: list[tuple] = []
    if q.get("time"):
        out.append((node, KG.time, time_literal(str(q["time"]))))
    if q.get("time_surface"):
        out.append((node, KG.timeText, Literal(str(q["time_surface"]))))
    place = q.get("place")
    if place:
        out.append((node, KG.place, iris[place]) if place in iris else (node, KG.placeText, Literal(str(place))))
    if q.get("modality"):
        out.append((node, KG.modality, Literal(str(q["modality"]))))
    withs = q.get("with") or []
    for other in [withs] if isinstance(withs, str) else withs:
        if other in iris:
            out.append((node, KG["with"], iris[other]))
    return out


def _claim_triples(claim: Claim, doc: str, iris: Mapping[str, URIRef]) -> list[tuple]:
    ev = claim.evidence
    node = claim_iri(doc, claim.speaker, claim.cue, claim.content, ev.start, ev.end)
    out = [(node, RDF.type, KG.Claim), (node, KG.cue, Literal(claim.cue)), (node, KG.content, Literal(claim.content))]
    if claim.speaker in iris:
        out.append((node, KG.speaker, iris[claim.speaker]))
    out += _evidence(node, claim, doc)
    time = (claim.qualifiers or {}).get("time")
    if time:
        out.append((node, KG.time, time_literal(str(time))))
    return out
