"""spaCy components of kg; importing this package registers their factories.

Pipeline order (see kg.nlp.load_nlp): kg_entities, kg_time, kg_coref, kg_claims, kg_relations.
"""
from __future__ import annotations

from .claims import ClaimExtractor, make_claim_extractor
from .coref import CorefResolver, make_coref_resolver
from .entities import EntityFixer, make_entity_fixer
from .relations import RelationExtractor, make_relation_extractor
from .time import TimeNormalizer, make_time_normalizer

__all__ = ["EntityFixer", "make_entity_fixer", "TimeNormalizer", "make_time_normalizer", "CorefResolver",
           "make_coref_resolver", "ClaimExtractor", "make_claim_extractor", "RelationExtractor",
           "make_relation_extractor"]
