"""kg's vocabulary: the ``kg:`` ontology terms, the IRI namespaces and the IRI minting helpers.

Every IRI kg writes is minted here, from a type and a canonical name (never from
raw text): names are folded to ASCII slugs and anything that cannot be folded is
percent-encoded, so an IRI is always safe to print in Turtle or SPARQL.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["KG", "REL", "ENT", "ART", "STMT", "CLAIM", "GRAPH", "MERGE", "BASE", "RESOLUTION_GRAPH", "ANALYSIS_GRAPH", "PREFIXES",
           "ENTITY_CLASSES", "slug", "entity_iri", "article_iri", "graph_iri", "predicate_iri", "statement_iri",
           "claim_iri", "doc_of"]

BASE = "https://w3id.org/kg-news/"


class KG(DefinedNamespace):
    """The kg ontology (``ontology/kg.ttl``); a typo raises ``AttributeError``."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")
    _extras = ["with"]  # kg:with (co-participant) is a Python keyword

    # classes
    Entity: URIRef  # anything named in an article
    Person: URIRef  # a person (spaCy PERSON)
    Organization: URIRef  # a company, agency, party, team (ORG)
    Place: URIRef  # a country, city, region or natural location (GPE, LOC)
    Facility: URIRef  # a building, airport, bridge (FAC)
    NationalityOrGroup: URIRef  # a nationality, religious or political group (NORP)
    Event: URIRef  # a named event (EVENT)
    Product: URIRef  # a product or service (PRODUCT)
    Law: URIRef  # a law, regulation or treaty (LAW)
    WorkOfArt: URIRef  # a title of a book, song, film (WORK_OF_ART)
    Concept: URIRef  # a salient unnamed argument, e.g. "draft measures for generative AI" (CONCEPT)
    Other: URIRef  # an entity of any other type
    Statement: URIRef  # one extracted fact with its evidence (reified triple)
    Claim: URIRef  # reported speech: who said what
    Merge: URIRef  # a cross-article entity-resolution decision
    # fact and claim qualifiers
    entityType: URIRef  # the extractor's type label ("PERSON")
    confidence: URIRef  # extractor confidence in [0, 1]
    evidenceText: URIRef  # the sentence the fact or claim came from
    charStart: URIRef  # start offset of the evidence in the article text
    charEnd: URIRef  # end offset of the evidence in the article text
    time: URIRef  # when it happened (xsd:date, xsd:gYearMonth, xsd:gYear or text)
    timeText: URIRef  # the time as written ("on Wednesday")
    place: URIRef  # where it happened (an entity)
    placeText: URIRef  # where it happened, as written, when no entity matched
    modality: URIRef  # modal verb or hedge ("will", "may")
    attributedTo: URIRef  # who said the fact (the fact is not asserted by the article)
    negated: URIRef  # the fact is denied ("did not meet")
    speaker: URIRef  # who made a claim
    cue: URIRef  # the reporting verb of a claim ("say", "according to")
    content: URIRef  # what was claimed
    # articles
    source: URIRef  # the file path or URL the article was read from
    docId: URIRef  # SHA-256 of the article text
    contentHash: URIRef  # SHA-256 of the article's quads (its graph without this triple, and its merge records)
    reportingLocation: URIRef  # where the reporting was done (credit line)
    # predicate hierarchy: every rel: property is a sub-property of one of these
    relatedTo: URIRef  # the top relation between two entities
    meetingRelation: URIRef  # meet, visit, talk with
    roleRelation: URIRef  # role or employment: chief executive of, minister of, work for
    ownershipRelation: URIRef  # own, owner of, acquire, invest in
    statementRelation: URIRef  # say, announce, tell, warn
    locationRelation: URIRef  # based in, located in, travel to
    creationRelation: URIRef  # found, create, launch, release, build
    legalRelation: URIRef  # sue, charge, fine, investigate
    regulationRelation: URIRef  # regulate, ban, approve, require
    # entity resolution
    mergedFrom: URIRef  # the IRI the article would have minted
    mergedInto: URIRef  # the IRI it was merged into
    inGraph: URIRef  # the article graph the merge rewrote
    reason: URIRef  # why two entities were merged ("alias", "surname", "fuzzy")
    score: URIRef  # match score in [0, 1]
    localLabel: URIRef  # the name the article used for the merged entity
    # graph analytics (kg analyze; graph https://w3id.org/kg-news/graph/analysis)
    pagerank: URIRef  # PageRank of the entity in the entity graph
    betweenness: URIRef  # betweenness centrality in the entity graph
    degree: URIRef  # number of distinct neighbours in the entity graph
    community: URIRef  # Louvain community number (0 = largest)


REL = Namespace(BASE + "rel/")
ENT = Namespace(BASE + "entity/")
ART = Namespace(BASE + "article/")
STMT = Namespace(BASE + "statement/")
CLAIM = Namespace(BASE + "claim/")
GRAPH = Namespace(BASE + "graph/")
MERGE = Namespace(BASE + "merge/")
RESOLUTION_GRAPH = URIRef(BASE + "graph/resolution")
ANALYSIS_GRAPH = URIRef(BASE + "graph/analysis")  # scores from `kg analyze`, replaced on each run

# prefix -> namespace, for serialisers, SPARQL prologues and shortened IRIs in tables
PREFIXES = {
    "kg": str(KG._NS), "rel": str(REL), "ent": str(ENT), "art": str(ART), "stmt": str(STMT),
    "claim": str(CLAIM), "graph": str(GRAPH),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/", "foaf": "http://xmlns.com/foaf/0.1/",
}

# spaCy label -> class; anything else is kg:Other
ENTITY_CLASSES = {
    "PERSON": KG.Person, "ORG": KG.Organization, "GPE": KG.Place, "LOC": KG.Place, "FAC": KG.Facility,
    "NORP": KG.NationalityOrGroup, "EVENT": KG.Event, "PRODUCT": KG.Product, "LAW": KG.Law,
    "WORK_OF_ART": KG.WorkOfArt, "CONCEPT": KG.Concept,
}

_SEPARATORS = re.compile(r"_+")


def slug(text: str) -> str:
    """Fold a name into an IRI path segment.

    NFKD-folded to ASCII and lowercased; runs of other characters become ``_``;
    letters and digits that have no ASCII form are percent-encoded (UTF-8).
    A name with nothing usable gets a hash so it is never empty.

    >>> slug("Elon Musk")
    'elon_musk'
    >>> slug("Zoë  O'Brien-Smith")
    'zoe_o_brien_smith'
    >>> slug("习近平")
    '%E4%B9%A0%E8%BF%91%E5%B9%B3'
    >>> slug("<script>")
    'script'
    >>> slug("!!!")
    'h_e84c538e7fe25073'
    """
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if ch.isascii() and ch.isalnum():
            out.append(ch.lower())
        elif unicodedata.combining(ch):
            continue  # accents left over from NFKD: "ë" -> "e"
        elif not ch.isascii() and ch.isalnum():
            out.append(quote(ch, safe=""))
        else:
            out.append("_")
    folded = _SEPARATORS.sub("_", "".join(out)).strip("_")
    return folded or "h_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def entity_iri(etype: str, name: str) -> URIRef:
    """The IRI of an entity of spaCy type ``etype`` called ``name``.

    >>> entity_iri("PERSON", "Elon Musk")
    rdflib.term.URIRef('https://w3id.org/kg-news/entity/person/elon_musk')
    >>> str(entity_iri("WORK_OF_ART", "The Art of War"))
    'https://w3id.org/kg-news/entity/work_of_art/the_art_of_war'
    >>> str(entity_iri("ORG", "<evil> \\"x\\""))
    'https://w3id.org/kg-news/entity/org/evil_x'
    """
    return ENT[f"{slug(etype or 'other')}/{slug(name)}"]


def predicate_iri(predicate: str) -> URIRef:
    """The ``rel:`` property of a normalised predicate.

    >>> str(predicate_iri("owner of"))
    'https://w3id.org/kg-news/rel/owner_of'
    >>> str(predicate_iri("meet"))
    'https://w3id.org/kg-news/rel/meet'
    """
    return REL[slug(predicate)]


def article_iri(doc: str) -> URIRef:
    """The article node of a document id (its SHA-256).

    >>> str(article_iri("ab12"))
    'https://w3id.org/kg-news/article/ab12'
    """
    return ART[slug(doc)]


def graph_iri(doc: str) -> URIRef:
    """The named graph that holds everything extracted from one article.

    >>> str(graph_iri("ab12"))
    'https://w3id.org/kg-news/graph/ab12'
    """
    return GRAPH[slug(doc)]


def doc_of(graph: str) -> str | None:
    """The document id of an article graph IRI, or None for other graphs.

    >>> doc_of("https://w3id.org/kg-news/graph/ab12")
    'ab12'
    >>> doc_of(str(RESOLUTION_GRAPH)) is None and doc_of(str(ANALYSIS_GRAPH)) is None
    True
    """
    prefix = str(GRAPH)
    if not str(graph).startswith(prefix) or str(graph) in (str(RESOLUTION_GRAPH), str(ANALYSIS_GRAPH)):
        return None
    return str(graph)[len(prefix):]


def _hash(*parts: object) -> str:
    return hashlib.sha256("|".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:24]


def statement_iri(doc: str, s: str, p: str, o: str | None, start: int, end: int) -> URIRef:
    """The statement node of one fact: a hash of ``doc|s|p|o|start|end``.

    ``s`` and ``o`` are the IRIs the article itself minted (before cross-article
    resolution), so resolving or un-resolving an entity never renames statements.

    >>> str(statement_iri("d", "s", "p", "o", 0, 5))
    'https://w3id.org/kg-news/statement/25bca87d225fe4706791a9dd'
    """
    return STMT[_hash(doc, s, p, o, start, end)]


def claim_iri(doc: str, speaker: str | None, cue: str, content: str, start: int, end: int) -> URIRef:
    """The node of one claim: a hash of ``doc|speaker|cue|content|start|end``.

    >>> str(claim_iri("d", None, "say", "x", 0, 5))
    'https://w3id.org/kg-news/claim/2ca6ee72baa08f5280e75206'
    """
    return CLAIM[_hash(doc, speaker, cue, content, start, end)]
