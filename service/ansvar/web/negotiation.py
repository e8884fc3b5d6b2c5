"""HTTP content negotiation (RFC 9110 Accept with q-values) and format aliases."""

from __future__ import annotations

# Short names accepted by `format=` / `_format=`, as public endpoints allow.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "n3": "text/turtle",  # Turtle is valid N3
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "xml-rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "html": "text/html",
}

# Other names clients send for the same formats.
SYNONYMS = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/rdf+n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
    "application/xhtml+xml": "text/html",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (stable for equal q)."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((media, q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def _matches(media_range: str, offer: str) -> bool:
    media_range = SYNONYMS.get(media_range, media_range)
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return offer.startswith(media_range[:-1])
    return media_range == offer


def negotiate(header: str | None, offers: tuple[str, ...] | list[str]) -> str | None:
    """The best offer for an Accept header; the first offer wins wildcards; None = 406."""
    for media_range, q in parse_accept(header):
        if q <= 0:
            continue
        if media_range in offers:  # an offer named as such (e.g. application/json) wins its synonym
            return media_range
        exact = SYNONYMS.get(media_range, media_range)
        if exact in offers:
            return exact
        for offer in offers:
            if _matches(media_range, offer):
                return offer
    return None


def resolve_format(name: str) -> str | None:
    """A `format=` value, short name or media type, as a media type."""
    name = name.strip().lower()
    return FORMAT_ALIASES.get(name) or SYNONYMS.get(name) or (name if "/" in name else None)
