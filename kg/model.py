"""Plain dataclasses for what kg extracts: the JSON contract of DESIGN.md.

Data flows one way: ``ingest`` makes an :class:`Article`, the spaCy pipeline and
``kg.extract`` turn it into an :class:`ArticleGraph`, and ``kg.rdf`` turns that
into quads. Character offsets are always into ``Article.text``.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Article", "Evidence", "Mention", "Entity", "Relation", "Claim", "ArticleGraph", "doc_id"]


def doc_id(text: str) -> str:
    """Stable id of an article: the SHA-256 of its text.

    >>> doc_id("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Article:
    """One article's clean text and metadata (boilerplate and credit lines removed from ``text``)."""

    text: str
    source: str = "-"
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    metadata: dict[str, Any] = field(default_factory=dict)  # authors, editors, publisher, url, ...
    id: str | None = None  # set when rebuilt from JSON without its text

    @property
    def doc(self) -> str:
        return self.id or doc_id(self.text)


@dataclass
class Evidence:
    """The sentence a fact came from, with character offsets into the article text."""

    text: str
    start: int
    end: int


@dataclass
class Mention:
    text: str
    start: int
    end: int


@dataclass
class Entity:
    id: str
    name: str
    type: str  # PERSON ORG GPE LOC NORP EVENT PRODUCT LAW WORK_OF_ART FAC CONCEPT
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Relation:
    """subject -predicate-> object, with qualifiers and evidence.

    ``qualifiers`` may hold ``time`` (ISO date or surface text), ``time_surface``,
    ``place`` (an entity id), ``modality`` and ``with`` (co-participant ids).
    ``attributed_to`` is the speaker's entity id when the article only reports
    someone saying it; ``negated`` facts are never asserted.
    """

    subject: str
    predicate: str
    object: str | None
    confidence: float
    evidence: Evidence
    qualifiers: dict[str, Any] = field(default_factory=dict)
    attributed_to: str | None = None
    negated: bool = False


@dataclass
class Claim:
    """Reported speech: who said what, with the cue verb ("say", "according to")."""

    speaker: str | None
    cue: str
    content: str
    evidence: Evidence
    confidence: float = 1.0
    qualifiers: dict[str, Any] = field(default_factory=dict)


@dataclass
class ArticleGraph:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract object for this article (one line of ``kg extract --format json``)."""
        a = self.article
        return {
            "doc": a.doc,
            "source": a.source,
            "title": a.title,
            "published": a.published,
            "metadata": dict(a.metadata),
            "entities": [asdict(e) for e in self.entities],
            "relations": [asdict(r) for r in self.relations],
            "claims": [asdict(c) for c in self.claims],
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any], text: str = "") -> "ArticleGraph":
        """Rebuild from :meth:`to_json` output (``text`` is not part of the contract)."""
        art = Article(text=text, source=obj.get("source", "-"), title=obj.get("title"),
                      published=obj.get("published"), metadata=obj.get("metadata") or {},
                      id=obj.get("doc"))
        ents = [Entity(e["id"], e["name"], e["type"], list(e.get("aliases", [])),
                       [Mention(**m) for m in e.get("mentions", [])]) for e in obj.get("entities", [])]
        rels = [Relation(r["subject"], r["predicate"], r.get("object"), r["confidence"],
                         Evidence(**r["evidence"]), dict(r.get("qualifiers") or {}),
                         r.get("attributed_to"), bool(r.get("negated", False))) for r in obj.get("relations", [])]
        claims = [Claim(c.get("speaker"), c["cue"], c["content"], Evidence(**c["evidence"]),
                        c.get("confidence", 1.0), dict(c.get("qualifiers") or {})) for c in obj.get("claims", [])]
        return cls(art, ents, rels, claims)
