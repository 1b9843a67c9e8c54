"""Turn Articles into ArticleGraphs: run the kg pipeline and map its annotations to the JSON contract."""
from __future__ import annotations

import itertools
import re
import warnings
from dataclasses import replace
from typing import Any, Iterable, Iterator

from ..model import Article, ArticleGraph, Claim, Entity, Evidence, Mention, Relation

__all__ = ["extract", "graph_from_doc"]

# "(Reporting by A in B; Editing by C and D)": a credit line, never a source of facts
CREDIT_LINE = re.compile(r"^\s*\((?:[A-Z][a-z]+ing|Additional reporting|Compiled)\b[^()\n]*\)\s*$", re.M)
CREDIT_PART = re.compile(r"(Reporting|Writing|Editing|Additional reporting|Compiled)\s+by\s+(.+?)(?:\s+in\s+"
                         r"([A-Z][\w .'-]+))?$")
ISSUE_VERBS = {"unveil", "issue", "publish", "propose", "pass", "adopt", "approve", "release", "draft",
               "introduce", "announce", "enact", "sign", "finalize", "finalise", "table"}
LAW_HEADS = {"measure", "rule", "regulation", "law", "bill", "guideline", "act", "directive", "legislation",
             "decree", "ordinance", "treaty"}


def extract(articles: Iterable[Article], nlp=None, *, n_process: int = 1, batch_size: int = 64,
            progress: bool = False) -> Iterator[ArticleGraph]:
    """Extract entities, relations and claims from articles.

    Parameters
    ----------
    articles : iterable of Article
        Clean article texts (see ``kg.ingest``); ``published`` anchors relative dates.
    nlp : spacy.Language, optional
        A pipeline from ``kg.nlp.load_nlp``; loaded on first use when None.
    n_process, batch_size : int
        Passed to ``nlp.pipe``.
    progress : bool
        Show a tqdm progress bar.

    Returns
    -------
    Iterator[ArticleGraph]
        One graph per article, in input order.
    """
    if nlp is None:
        from ..nlp import load_nlp
        nlp = load_nlp()
    arts_a, arts_b = itertools.tee(articles)
    docs = (_make_doc(nlp, a) for a in arts_a)
    stream = zip(nlp.pipe(docs, n_process=n_process, batch_size=batch_size), arts_b)
    if progress:
        from tqdm import tqdm
        stream = tqdm(stream, unit="article")
    for doc, art in stream:
        try:
            yield graph_from_doc(doc, _with_credits(art))
        except Exception as err:  # one bad article must not stop a corpus run
            warnings.warn(f"kg extract: no facts from {art.source}: {err}")
            yield ArticleGraph(article=art)


def _make_doc(nlp, art: Article):
    """A Doc of the article text with credit lines blanked (same length, so offsets hold)."""
    text = CREDIT_LINE.sub(lambda m: " " * len(m.group(0)), art.text)
    doc = nlp.make_doc(text)
    doc._.kg_published = art.published
    doc._.kg_publisher = (art.metadata or {}).get("publisher")
    doc._.kg_dateline = (art.metadata or {}).get("dateline")  # the story's country for "President X"
    return doc


def _with_credits(art: Article) -> Article:
    """Fill authors/editors from a credit line still in the text when ingest did not."""
    meta = dict(art.metadata)
    if meta.get("authors") or meta.get("editors"):
        return art
    for m in CREDIT_LINE.finditer(art.text):
        for part in m.group(0).strip().strip("()").split(";"):
            pm = CREDIT_PART.match(part.strip())
            if not pm:
                continue
            names = [n.strip() for n in re.split(r",|\band\b", pm.group(2)) if n.strip()]
            key = "editors" if pm.group(1) == "Editing" else "authors"
            meta.setdefault(key, []).extend(names)
            if pm.group(3):
                meta.setdefault("reporting_location", pm.group(3).strip())
    if meta == art.metadata:
        return art
    return Article(art.text, art.source, art.title, art.published, meta, art.id)


def graph_from_doc(doc, art: Article) -> ArticleGraph:
    """Map a processed Doc's ``kg_*`` annotations to an ArticleGraph.

    doc (Doc): the article processed by a kg pipeline.
    art (Article): the article.
    RETURNS (ArticleGraph): entities (ids e1, e2, ...), relations and claims with evidence.
    """
    table = _EntityTable(doc, art)
    relations = [r for r in (_relation(doc, table, r) for r in doc._.kg_relations or []) if r]
    claims = [c for c in (_claim(doc, table, c) for c in doc._.kg_claims or []) if c]
    table.add_metadata(art.metadata)
    return _without_unused_adjectives(ArticleGraph(article=art, entities=table.entities(), relations=relations,
                                                   claims=claims), table.adj_only)


class _EntityTable:
    """Entities of one article: the named ones from kg_entities plus unnamed arguments made on demand."""

    def __init__(self, doc, art: Article) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each call: read it once
        self.items: list[dict[str, Any]] = []
        self.named: dict[int, int] = {}
        self.by_key: dict[tuple[str, str], int] = {}
        self.acronyms = {t.text for t in doc if 2 <= len(t.text) <= 5 and t.text.isascii() and t.text.isalpha()
                         and t.text.isupper()}  # [A-Z]{2,5}, without a regex call per token
        for ci, ent in enumerate(doc._.kg_entities or []):
            mentions = sorted({(s, e) for s, e, kind in ent["mentions"] if kind != "adj"})
            self.named[ci] = self._add(ent["name"], ent["type"], list(ent["aliases"]), mentions)
        used = {i for i, it in enumerate(self.items) if it["mentions"]}
        self.adj_only = {self.named[ci] for ci, ent in enumerate(doc._.kg_entities or [])
                         if ent["mentions"] and self.named[ci] not in used}

    def _add(self, name: str, type_: str, aliases: list[str], mentions: list[tuple[int, int]]) -> int:
        key = (type_ if type_ != "CONCEPT" else "CONCEPT", _norm(name))
        if key in self.by_key:
            item = self.items[self.by_key[key]]
            item["mentions"] |= set(mentions)
            item["aliases"] += [a for a in aliases if a not in item["aliases"] and a != item["name"]]
            return self.by_key[key]
        self.items.append({"name": name, "type": type_, "aliases": aliases, "mentions": set(mentions)})
        self.by_key[key] = len(self.items) - 1
        for a in aliases:
            self.by_key.setdefault((key[0], _norm(a)), len(self.items) - 1)
        return len(self.items) - 1

    def ref(self, arg: dict[str, Any] | None, law_hint: bool = False) -> int | None:
        """Index of the entity an argument denotes (unnamed arguments become CONCEPT/PERSON entities)."""
        if arg is None:
            return None
        if "ent" in arg:
            return self.named.get(arg["ent"])
        type_ = arg.get("type", "CONCEPT")
        if law_hint and type_ == "CONCEPT" and arg.get("head") in LAW_HEADS:
            type_ = "LAW"
        cands = [arg.get("alias"), _acronymise(arg["text"], self.acronyms),
                 _acronymise(arg.get("alias") or "", self.acronyms)]
        aliases = [a for a in dict.fromkeys(cands) if a and a != arg["text"]]
        return self._add(arg["text"], type_, aliases, [(arg["start"], arg["end"])])

    def add_metadata(self, meta: dict[str, Any]) -> None:
        """Credit-line people, the reporting location and the publisher are entities without mentions."""
        for key, type_ in (("authors", "PERSON"), ("editors", "PERSON")):
            for name in meta.get(key) or []:
                self._add(name, type_, [], [])
        if meta.get("reporting_location"):
            self._add(str(meta["reporting_location"]), "GPE", [], [])
        if meta.get("publisher"):
            self._add(str(meta["publisher"]), "ORG", [], [])

    def id(self, index: int | None) -> str | None:
        return None if index is None else f"e{index + 1}"

    def entities(self) -> list[Entity]:
        text = self.text
        return [Entity(self.id(i), it["name"], it["type"], it["aliases"],
                       [Mention(text[s:e], s, e) for s, e in sorted(it["mentions"])])
                for i, it in enumerate(self.items)]


def _without_unused_adjectives(graph: ArticleGraph, adj_only: set[int]) -> ArticleGraph:
    """Drop countries known only from an adjective ("British", "Nigerian") that no relation or claim uses.

    Ids are renumbered (e1, e2, ...) so they stay contiguous.
    """
    used = {r.subject for r in graph.relations} | {r.object for r in graph.relations} | \
        {c.speaker for c in graph.claims} | {r.attributed_to for r in graph.relations} | \
        {r.qualifiers.get("place") for r in graph.relations}
    drop = {f"e{i + 1}" for i in adj_only} - used
    if not drop:
        return graph
    keep = [e for e in graph.entities if e.id not in drop]
    new = {e.id: f"e{k + 1}" for k, e in enumerate(keep)}
    ren = new.get
    entities = [replace(e, id=new[e.id]) for e in keep]
    relations = [replace(r, subject=ren(r.subject), object=ren(r.object) if r.object else None,
                         attributed_to=ren(r.attributed_to) if r.attributed_to else None,
                         qualifiers={k: (ren(v) if k == "place" and v else v) for k, v in r.qualifiers.items()})
                 for r in graph.relations]
    claims = [replace(c, speaker=ren(c.speaker)) for c in graph.claims]
    return replace(graph, entities=entities, relations=relations, claims=claims)


def _evidence(doc_text: str, start: int, end: int) -> Evidence:
    text = doc_text[start:end]
    stripped = text.rstrip()
    lead = len(text) - len(text.lstrip())
    return Evidence(stripped.strip(), start + lead, start + len(stripped))


def _relation(doc, table: _EntityTable, r: dict[str, Any]) -> Relation | None:
    s = table.ref(r["subject"])
    o = table.ref(r["object"], law_hint=r["predicate"].split()[0] in ISSUE_VERBS)
    if s is None or s == o or o is None and r["object"] is not None:
        return None  # an object that resolves to nothing is dropped; a dated event with none is kept
    quals = dict(r["qualifiers"])
    if isinstance(quals.get("place"), dict):
        quals["place"] = table.id(table.ref(quals["place"]))
    attributed = table.id(table.ref(r.get("attributed_to")))
    return Relation(table.id(s), r["predicate"], table.id(o), float(r["confidence"]),
                    _evidence(table.text, r["start"], r["end"]), quals, attributed, bool(r["negated"]))


def _claim(doc, table: _EntityTable, c: dict[str, Any]) -> Claim | None:
    speaker = table.ref(c["speaker"])
    if speaker is None:
        return None
    quals = {}
    if c.get("time"):
        quals = {"time": c["time"]["value"] or c["time"]["text"], "time_surface": c["time"]["text"]}
    start, end = c["sent"]
    return Claim(table.id(speaker), c["cue"], c["content"], _evidence(table.text, start, end), float(c["confidence"]),
                 quals)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower().replace("'s", "")).strip()


def _acronymise(text: str, acronyms: set[str]) -> str | None:
    """"artificial intelligence rules" -> "AI rules" when the article uses the acronym "AI"."""
    words = text.split()
    for acr in acronyms:
        n = len(acr)
        for i in range(len(words) - n + 1):
            if "".join(w[0] for w in words[i:i + n]).upper() == acr and all(w.islower() for w in words[i:i + n]):
                return " ".join(words[:i] + [acr] + words[i + n:])
    return None
