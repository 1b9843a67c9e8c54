"""Project the RDF store onto a networkx entity graph and rank, group and connect its entities."""
from __future__ import annotations

from typing import Any, Iterable, NamedTuple

import networkx as nx

from .errors import Errors, InputError
from .query import term_value as _value
from .vocab import ANALYSIS_GRAPH as _ANALYSIS_GRAPH, BASE, KG as _KG

__all__ = ["PathStep", "entity_graph", "pagerank", "betweenness", "degree", "communities", "analyze", "paths",
           "find_entity", "ANALYSIS_GRAPH"]

KG = str(_KG)
ANALYSIS_GRAPH = str(_ANALYSIS_GRAPH)
_XSD = "http://www.w3.org/2001/XMLSchema#"

# spaCy labels -> the display type used when an entity has no kg: class
_TYPE_OF_LABEL = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Facility",
                  "NORP": "NationalityOrGroup", "EVENT": "Event", "PRODUCT": "Product", "LAW": "Law",
                  "WORK_OF_ART": "WorkOfArt", "CONCEPT": "Concept"}
_CLASSES = set(_TYPE_OF_LABEL.values()) | {"Other"}

_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""
# One row per fact (statement node); endpoints must both be entities to become an edge.
_FACTS = _PREFIXES + """SELECT DISTINCT ?st ?s ?p ?o ?plabel ?conf ?ev ?cs ?ce ?art ?time ?attr ?neg WHERE {
  ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . FILTER(isIRI(?o))
  OPTIONAL { ?p rdfs:label ?plabel } OPTIONAL { ?st kg:confidence ?conf } OPTIONAL { ?st kg:evidenceText ?ev }
  OPTIONAL { ?st kg:charStart ?cs } OPTIONAL { ?st kg:charEnd ?ce } OPTIONAL { ?st prov:wasDerivedFrom ?art }
  OPTIONAL { ?st kg:time ?time } OPTIONAL { ?st kg:attributedTo ?attr } OPTIONAL { ?st kg:negated ?neg } }
ORDER BY ?s ?p ?o ?art ?cs"""
# Direct edges are normally mirrored by a statement; these catch any written without one.
_DIRECT = _PREFIXES + f"""SELECT DISTINCT ?s ?p ?o ?plabel WHERE {{ ?s ?p ?o . FILTER(STRSTARTS(STR(?p), "{BASE}rel/"))
  FILTER(isIRI(?o)) OPTIONAL {{ ?p rdfs:label ?plabel }} }}"""
_ENTITIES = _PREFIXES + f"""SELECT DISTINCT ?e ?label ?etype ?cls ?alias WHERE {{ ?e rdfs:label ?label .
  FILTER(STRSTARTS(STR(?e), "{BASE}entity/")) OPTIONAL {{ ?e kg:entityType ?etype }}
  OPTIONAL {{ ?e a ?cls . FILTER(STRSTARTS(STR(?cls), "{KG}")) }} OPTIONAL {{ ?e skos:altLabel ?alias }} }}"""
_ARTICLES = _PREFIXES + """SELECT DISTINCT ?a ?headline ?date ?source ?url ?publisher WHERE { ?a a schema:NewsArticle .
  OPTIONAL { ?a schema:headline ?headline } OPTIONAL { ?a schema:datePublished ?date }
  OPTIONAL { ?a kg:source ?source } OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?a schema:publisher ?p . ?p rdfs:label ?publisher } }"""
# People and publishers named only in an article's credits are metadata, not part of the story's graph.
_BYLINES = _PREFIXES + """SELECT DISTINCT ?e WHERE { ?a a schema:NewsArticle .
  { ?a schema:author ?e } UNION { ?a schema:editor ?e } UNION { ?a schema:publisher ?e } }"""
_SPEAKERS = _PREFIXES + "SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kg:Claim ; kg:speaker ?e } GROUP BY ?e"


class PathStep(NamedTuple):
    """One hop of a path between two entities, in the fact's own direction."""

    subject: str
    predicate: str
    object: str
    evidence: str


def entity_graph(store: Any) -> nx.MultiDiGraph:
    """Project the store's facts onto a directed multigraph of entities.

    Parameters
    ----------
    store : KgStore or pyoxigraph.Store
        Anything with ``.query(sparql)`` over the union of the article graphs.

    Returns
    -------
    G : nx.MultiDiGraph
        Nodes are entity IRIs with ``label``, ``type``, ``aliases``, ``facts`` and
        ``claims``. One edge per (subject, predicate, object, attributed) keyed by
        the predicate label, with ``predicate``, ``evidence`` (a list of dicts:
        text, start, end, article, headline, source, date, confidence),
        ``article``, ``date``, ``confidence`` (max), ``weight`` (evidence
        count), ``attributed`` (statement-only: reported or negated) and
        ``negated``. Entities that appear only in an article's credits (author,
        editor, publisher) are left out; other entities without facts are isolated nodes.

    Examples
    --------
    >>> G = entity_graph(_demo_store())
    >>> sorted(G.nodes[n]["label"] for n in G)
    ['Ding Xuexiang', 'Elon Musk', 'Tesla']
    >>> sorted((d["predicate"], d["weight"], d["attributed"]) for _, _, d in G.edges(data=True))
    [('chief executive of', 1, True), ('meet', 1, False)]
    """
    entities, articles = _entities(store), _articles(store)
    G = nx.MultiDiGraph()
    for fact in _facts(store, articles):
        for e in (fact["s"], fact["o"]):
            if e not in G:
                G.add_node(e, **entities.get(e, _unknown_entity(e)), facts=0, claims=0)
        _add_fact(G, fact)
    claims = {row["e"]: int(row["n"]) for row in _rows(store, _SPEAKERS)}
    bylines = {row["e"] for row in _rows(store, _BYLINES)} - set(claims)
    for e, attrs in entities.items():
        if e not in G and e not in bylines:
            G.add_node(e, **attrs, facts=0, claims=0)
    for e, n in claims.items():
        if e in G:
            G.nodes[e]["claims"] = n
    return G


def pagerank(G: nx.Graph, alpha: float = 0.85, directed: bool = False) -> dict:
    """PageRank of each entity, edges weighted by their evidence count (parallel edges add up).

    Undirected by default: a fact's direction is grammar (who is the subject), not
    endorsement, so directed PageRank would crown whatever is most often an object
    and sink the people who act. ``directed=True`` reads edges subject -> object.

    Examples
    --------
    >>> pr = pagerank(nx.MultiDiGraph([("a", "c"), ("b", "c")]))
    >>> max(pr, key=pr.get)
    'c'
    """
    if len(G) == 0:
        return {}
    return nx.pagerank(_simple(G, directed=directed), alpha=alpha, weight="weight")


def betweenness(G: nx.Graph, normalized: bool = True) -> dict:
    """Betweenness centrality of each entity on the undirected, unweighted graph.

    Examples
    --------
    >>> betweenness(nx.MultiDiGraph([("a", "b"), ("b", "c")]))["b"]
    1.0
    """
    return nx.betweenness_centrality(_simple(G, directed=False), normalized=normalized)


def degree(G: nx.Graph) -> dict:
    """Number of distinct neighbours of each entity (either direction).

    Examples
    --------
    >>> degree(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "a")]))
    {'a': 2, 'b': 1, 'c': 1}
    """
    return dict(_simple(G, directed=False).degree())


def communities(G: nx.Graph, seed: int = 42, resolution: float = 1.0) -> dict:
    """Louvain community of each entity, numbered by size (0 = largest).

    Seeded, so the same graph always gets the same numbering.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("a", "x")])
    >>> c = communities(G)
    >>> c["a"] == c["b"] == c["c"], c["x"] == c["y"] == c["z"], c["a"] == c["x"]
    (True, True, False)
    """
    if len(G) == 0:
        return {}
    groups = nx.community.louvain_communities(_simple(G, directed=False), weight="weight", seed=seed,
                                              resolution=resolution)
    groups = sorted(groups, key=lambda g: (-len(g), min(map(str, g))))
    return {node: i for i, group in enumerate(groups) for node in group}


def analyze(store: Any, write_back: bool = True, *, seed: int = 42) -> list[dict]:
    """Rank every entity and, optionally, write the scores into the store.

    Scores go to their own named graph, ``ANALYSIS_GRAPH``, replaced on each run:
    ``kg:pagerank``, ``kg:betweenness`` (xsd:double), ``kg:degree`` and
    ``kg:community`` (xsd:integer).

    Returns
    -------
    rows : list of dict
        One per entity, highest PageRank first: entity, label, type, pagerank,
        betweenness, degree, community, facts.

    Examples
    --------
    >>> rows = analyze(_demo_store(), write_back=False)
    >>> sorted((r["label"], r["degree"]) for r in rows)
    [('Ding Xuexiang', 1), ('Elon Musk', 2), ('Tesla', 1)]
    """
    G = entity_graph(store)
    pr, bc, dg, cm = pagerank(G), betweenness(G), degree(G), communities(G, seed=seed)
    rows = [{"entity": n, "label": a["label"], "type": a["type"], "pagerank": pr.get(n, 0.0),
             "betweenness": bc.get(n, 0.0), "degree": dg.get(n, 0), "community": cm.get(n, 0), "facts": a["facts"]}
            for n, a in G.nodes(data=True)]
    rows.sort(key=lambda r: (-r["pagerank"], r["label"]))
    if write_back:
        _write_scores(store, rows)
    return rows


def paths(store: Any, a: str, b: str, k: int = 3, *, max_hops: int = 6, G: nx.MultiDiGraph | None = None
          ) -> list[list[PathStep]]:
    """Up to ``k`` shortest chains of facts linking two entities, found by name or alias.

    Edges are followed in either direction; each step is reported in the fact's
    own direction with its best evidence sentence (asserted before attributed,
    then most evidence). Names match labels and aliases, case-insensitively.

    Raises
    ------
    InputError
        If either name matches no entity.

    Examples
    --------
    >>> [list(step[:3]) for step in paths(_demo_store(), "ding xuexiang", "Tesla")[0]]
    [['Elon Musk', 'meet', 'Ding Xuexiang'], ['Elon Musk', 'chief executive of', 'Tesla']]
    """
    if k < 1:
        raise InputError(Errors.E302.format(name="k", minimum=1, value=k))
    G = entity_graph(store) if G is None else G
    src, dst = find_entity(G, a), find_entity(G, b)
    U = _simple(G, directed=False)
    found: list[list[PathStep]] = []
    if src == dst or not nx.has_path(U, src, dst):
        return found
    for nodes in nx.shortest_simple_paths(U, src, dst):
        if len(nodes) - 1 > max_hops or len(found) >= k:
            break
        found.append([_step(G, u, v) for u, v in zip(nodes, nodes[1:])])
    return found


def find_entity(G: nx.Graph, name: str) -> str:
    """The node whose label, alias or IRI equals ``name`` (case-insensitive).

    Several matches: the one with the most facts. None: ``InputError`` (E300).

    Examples
    --------
    >>> G = nx.Graph(); G.add_node("e1", label="Elon Musk", aliases=["Musk"], facts=3)
    >>> find_entity(G, "musk")
    'e1'
    """
    want = " ".join(name.split()).casefold()
    hits = [n for n, d in G.nodes(data=True)
            if want == str(n).casefold() or want in (x.casefold() for x in [d.get("label", ""), *d.get("aliases", [])])]
    if not hits:
        raise InputError(Errors.E300.format(name=name))
    return max(hits, key=lambda n: (G.nodes[n].get("facts", 0), str(n)))


# -- helpers -----------------------------------------------------------------------------------------------------


def _run(store: Any, sparql: str):
    try:
        import pyoxigraph
        if isinstance(store, pyoxigraph.Store):  # a bare store: see the article graphs as one
            return store.query(sparql, use_default_graph_as_union=True)
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        pass
    return store.query(sparql)


def _rows(store: Any, sparql: str) -> Iterable[dict]:
    result = _run(store, sparql)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {name: _value(solution[name]) for name in names}


def _entities(store: Any) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for row in _rows(store, _ENTITIES):
        e = found.setdefault(row["e"], {"label": row["label"], "type": None, "aliases": []})
        cls = (row["cls"] or "").rpartition("#")[2]
        if cls in _CLASSES and e["type"] in (None, "Other"):
            e["type"] = cls
        elif row["etype"] and e["type"] is None:
            e["type"] = _TYPE_OF_LABEL.get(row["etype"], "Other")
        alias = row["alias"]
        if alias and alias != e["label"] and alias not in e["aliases"]:
            e["aliases"].append(alias)
    for e in found.values():
        e["type"] = e["type"] or "Other"
        e["aliases"].sort()
    return found


def _unknown_entity(iri: str) -> dict:
    """An entity with no label in the store: name it from its IRI slug."""
    tail = iri.rstrip("/").rpartition("/")[2]
    return {"label": tail.replace("_", " ") or iri, "type": "Other", "aliases": []}


def _articles(store: Any) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for row in _rows(store, _ARTICLES):
        found.setdefault(row["a"], {"headline": row["headline"], "date": row["date"] and str(row["date"]),
                                    "source": row["url"] or row["source"], "publisher": row["publisher"]})
    return found


def _facts(store: Any, articles: dict[str, dict]) -> Iterable[dict]:
    seen: set[tuple] = set()
    for row in _rows(store, _FACTS):
        if not row["s"].startswith(BASE + "entity/") or not row["o"].startswith(BASE + "entity/"):
            continue
        art = articles.get(row["art"], {})
        seen.add((row["s"], row["p"], row["o"]))
        yield {"s": row["s"], "o": row["o"], "p": row["p"], "predicate": _predicate_label(row),
               "attributed": bool(row["attr"]) or bool(row["neg"]), "negated": bool(row["neg"]),
               "evidence": {"text": row["ev"] or "", "start": row["cs"], "end": row["ce"], "article": row["art"],
                            "headline": art.get("headline"), "source": art.get("source"),
                            "publisher": art.get("publisher"), "published": art.get("date"),
                            "date": _date(row["time"]) or _date(art.get("date")), "confidence": row["conf"],
                            "attributed_to": row["attr"]}}
    for row in _rows(store, _DIRECT):
        key = (row["s"], row["p"], row["o"])
        if key not in seen and row["s"].startswith(BASE + "entity/") and row["o"].startswith(BASE + "entity/"):
            seen.add(key)
            yield {"s": row["s"], "o": row["o"], "p": row["p"], "predicate": _predicate_label(row),
                   "attributed": False, "negated": False, "evidence": None}


def _predicate_label(row: dict) -> str:
    return row["plabel"] or row["p"].rpartition("/")[2].replace("_", " ")


def _date(value: Any) -> str | None:
    """Keep ISO dates (YYYY, YYYY-MM, YYYY-MM-DD); unresolved text like "last week" is not a date."""
    text = str(value or "")
    ok = len(text) in (4, 7, 10) and text[:4].isdigit() and all(c.isdigit() or c == "-" for c in text)
    return text if ok else None


def _add_fact(G: nx.MultiDiGraph, fact: dict) -> None:
    key = ("not " if fact["negated"] else "") + fact["predicate"] + (" (reported)" if fact["attributed"] else "")
    s, o = fact["s"], fact["o"]
    if not G.has_edge(s, o, key):
        G.add_edge(s, o, key, predicate=fact["predicate"], predicate_iri=fact["p"], attributed=fact["attributed"],
                   negated=fact["negated"], evidence=[], weight=0, confidence=None, article=None, date=None)
    d = G.edges[s, o, key]
    d["weight"] += 1
    G.nodes[s]["facts"] += 1
    if o != s:
        G.nodes[o]["facts"] += 1
    ev = fact["evidence"]
    if ev is None:
        return
    d["evidence"].append(ev)
    if ev["confidence"] is not None:
        d["confidence"] = max(d["confidence"] or 0.0, ev["confidence"])
    d["article"] = d["article"] or ev["article"]
    if ev["date"] and (d["date"] is None or ev["date"] < d["date"]):
        d["date"] = ev["date"]


def _simple(G: nx.Graph, directed: bool) -> nx.Graph:
    """Collapse parallel edges into one whose weight is the sum of theirs."""
    H = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G)
    for u, v, w in G.edges(data="weight", default=1):
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def _step(G: nx.MultiDiGraph, u: str, v: str) -> PathStep:
    options = [(a, b, d) for a, b in ((u, v), (v, u)) if G.has_edge(a, b) for d in G[a][b].values()]
    s, o, d = min(options, key=lambda x: (x[2]["attributed"], -x[2]["weight"]))
    evidence = max(d["evidence"], key=lambda e: e["confidence"] or 0.0)["text"] if d["evidence"] else ""
    label = ("not " if d["negated"] else "") + d["predicate"]
    return PathStep(G.nodes[s]["label"], label, G.nodes[o]["label"], evidence)


def _write_scores(store: Any, rows: list[dict]) -> None:
    import pyoxigraph as ox

    graph = ox.NamedNode(ANALYSIS_GRAPH)
    dbl, integer = ox.NamedNode(_XSD + "double"), ox.NamedNode(_XSD + "integer")
    quads = []
    for r in rows:
        e = ox.NamedNode(r["entity"])
        for name, value, dt in (("pagerank", r["pagerank"], dbl), ("betweenness", r["betweenness"], dbl),
                                ("degree", r["degree"], integer), ("community", r["community"], integer)):
            quads.append(ox.Quad(e, ox.NamedNode(KG + name), ox.Literal(repr(value) if dt is dbl else str(value),
                                                                        datatype=dt), graph))
    _replace_graph(store, graph, quads)


def _replace_graph(store: Any, graph: Any, quads: list) -> None:
    """Swap the analysis graph's contents; prefers the store's own method, else the pyoxigraph API under it."""
    if hasattr(store, "replace_graph"):
        store.replace_graph(graph.value, quads)
        return
    ox_store = getattr(store, "store", store)
    if ox_store.contains_named_graph(graph):
        ox_store.remove_graph(graph)
    ox_store.extend(quads)
    if hasattr(store, "flush"):
        store.flush()


def _demo_store():
    """A three-entity store for the doctests: Musk met Ding; Musk is (reportedly) CEO of Tesla."""
    import pyoxigraph as ox

    trig = f"""@prefix kg: <{KG}> . @prefix rel: <{BASE}rel/> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <{BASE}graph/d1> {{
      <{BASE}entity/person/elon_musk> a kg:Person ; rdfs:label "Elon Musk" . <{BASE}entity/person/ding_xuexiang> a kg:Person ;
      rdfs:label "Ding Xuexiang" . <{BASE}entity/org/tesla> a kg:Organization ; rdfs:label "Tesla" .
      <{BASE}entity/person/elon_musk> rel:meet <{BASE}entity/person/ding_xuexiang> .
      [] a kg:Statement ; rdf:subject <{BASE}entity/person/elon_musk> ; rdf:predicate rel:meet ;
         rdf:object <{BASE}entity/person/ding_xuexiang> ; kg:evidenceText "Musk met Ding." .
      [] a kg:Statement ; rdf:subject <{BASE}entity/person/elon_musk> ; rdf:predicate rel:chief_executive_of ;
         rdf:object <{BASE}entity/org/tesla> ; kg:attributedTo <{BASE}entity/person/ding_xuexiang> . }}"""
    store = ox.Store()
    store.load(input=trig, format=ox.RdfFormat.TRIG)
    return store
