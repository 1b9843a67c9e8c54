"""spaCy components of kg; importing this package registers their factories.

Pipeline order (see kg.nlp.load_nlp): kg_entities, kg_time, kg_coref, kg_claims, kg_relations.
"""
from __future__ import annotations

from .entities import EntityFixer, make_entity_fixer
from .time import TimeNormalizer, make_time_normalizer
from .coref import CorefResolver, make_coref_resolver

__all__ = ["EntityFixer", "make_entity_fixer", "TimeNormalizer", "make_time_normalizer", "CorefResolver",
           "make_coref_resolver"]
from .claims import ClaimExtractor, make_claim_extractor  # noqa: E402

__all__ += ["ClaimExtractor", "make_claim_extractor"]
from .relations import RelationExtractor, make_relation_extractor  # noqa: E402

__all__ += ["RelationExtractor", "make_relation_extractor"]
