"""Content negotiation for the SPARQL endpoint: Accept header -> pyoxigraph format names."""
from __future__ import annotations

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "MEDIA_TYPE", "pick_formats"]

# (media type, pyoxigraph format name). The first entry of each table is the default for */*.
RESULT_TYPES = (
    ("application/sparql-results+json", "JSON"),
    ("application/json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("application/xml", "XML"),
    ("text/xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
)
GRAPH_TYPES = (
    ("text/turtle", "TURTLE"),
    ("application/x-turtle", "TURTLE"),
    ("application/turtle", "TURTLE"),
    ("application/n-triples", "N_TRIPLES"),
    ("application/ld+json", "JSON_LD"),
    ("application/rdf+xml", "RDF_XML"),
)
MEDIA_TYPE = {
    "JSON": "application/sparql-results+json",
    "XML": "application/sparql-results+xml",
    "CSV": "text/csv; charset=utf-8",
    "TSV": "text/tab-separated-values; charset=utf-8",
    "TURTLE": "text/turtle; charset=utf-8",
    "N_TRIPLES": "application/n-triples",
    "JSON_LD": "application/ld+json",
    "RDF_XML": "application/rdf+xml",
}


def pick_formats(accept: str | None) -> tuple[str | None, str | None]:
    """Return (results format, graph format) for an Accept header; None where nothing fits.

    >>> pick_formats("text/csv")
    ('CSV', None)
    >>> pick_formats(None)
    ('JSON', 'TURTLE')
    >>> pick_formats("application/sparql-results+xml;q=0.5, application/json")
    ('JSON', None)
    """
    ranges = _parse_accept(accept or "*/*")
    return _best(ranges, RESULT_TYPES), _best(ranges, GRAPH_TYPES)


def _parse_accept(accept: str) -> list[str]:
    """Media ranges with q > 0, best first (ties keep the client's order)."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if parts[0] and q > 0:
            ranked.append((-q, position, parts[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def _best(ranges: list[str], table: tuple[tuple[str, str], ...]) -> str | None:
    for media in ranges:
        for offered, fmt in table:
            major = offered.split("/")[0]
            if media in (offered, "*/*", f"{major}/*"):
                return fmt
    return None
