"""kg: a knowledge-graph builder for news.

Articles in, RDF facts with evidence out::

    import kg
    articles = kg.read_articles(["story.txt"], published="2023-06-05")
    graphs = list(kg.extract(articles))
    ds = kg.to_dataset(graphs)
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import KgError
from .model import Article, ArticleGraph, Claim, Entity, Evidence, Mention, Relation

__all__ = ["__version__", "KgError", "Article", "ArticleGraph", "Claim", "Entity", "Evidence", "Mention",
           "Relation", "read_articles", "extract", "load_nlp", "to_dataset"]


def __getattr__(name):  # lazy: importing kg must not import spaCy
    if name == "read_articles":
        from .ingest import read_articles
        return read_articles
    if name == "extract":
        from .extract import extract
        return extract
    if name == "load_nlp":
        from .nlp import load_nlp
        return load_nlp
    if name == "to_dataset":
        from .rdf import to_dataset
        return to_dataset
    raise AttributeError(name)
