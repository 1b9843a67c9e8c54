"""Extraction: Articles in, ArticleGraphs out (``extract``); see also ``kg.extract.clauses`` (Open IE)."""
from __future__ import annotations

from .articles import extract, graph_from_doc

__all__ = ["extract", "graph_from_doc"]
