"""One session-scoped kg pipeline for the component tests, plus helpers that read its output."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The full kg pipeline (model loaded once per session)."""
    from kg.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def parse(nlp):
    """``parse(text, published=None)`` -> Doc with ``Doc._.kg_published`` set before the components run."""

    def _parse(text: str, published: str | None = None):
        doc = nlp.make_doc(text)
        doc._.kg_published = published
        return nlp(doc)

    return _parse


@pytest.fixture(scope="session")
def graph():
    """``graph(text, published=None)`` -> ArticleGraph through kg.extract."""
    from kg.extract import extract
    from kg.model import Article

    def _graph(text: str, published: str | None = None):
        return next(extract([Article(text, "test", published=published)]))

    return _graph


def _triples(g) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in g.entities}
    return {(names[r.subject], r.predicate, names.get(r.object, r.object)) for r in g.relations}


@pytest.fixture(scope="session")
def triples():
    """``triples(graph)`` -> {(subject name, predicate, object name)} of an ArticleGraph."""
    return _triples
