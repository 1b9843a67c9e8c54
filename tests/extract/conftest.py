"""Session-scoped spaCy pipeline for the clause-extractor tests."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    from kg.openie import load_parser

    return load_parser()
