"""The graph's own IRIs and the paths that dereference them, in the service or in a static copy.

Pattern (documented in README "Linked data"):

    https://w3id.org/ansvar/id/<rest>        the resource; GET /id/<rest> answers 303 See Other
    /page/id/<rest>                          its HTML page (Vary: Accept on the 303)
    /data/id/<rest>.ttl|.nt|.jsonld|.rdf     its RDF description (one document per format)
    /data/id/<rest>                          the same, negotiated, with Content-Location

and likewise for concept/ and graph/. Terms of the ontology (def#…) link to the
ontology documentation at /ontology#<local name>.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..namespaces import ANS, BASE, class_slug, is_safe_iri

__all__ = [
    "DEREFERENCED",
    "EXTENSION_OF",
    "RDF_EXTENSIONS",
    "RDF_TYPES",
    "THIS",
    "Links",
    "bind_this",
    "iri_for",
    "is_linkable",
    "ontology_anchor",
    "split_own",
]

# Namespaces whose IRIs this service dereferences, as path prefixes.
DEREFERENCED = ("id", "concept", "graph")

# File extensions and `_format` names of the RDF representations, in preference order.
RDF_EXTENSIONS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
EXTENSION_OF = {media: ext for ext, media in RDF_EXTENSIONS.items()}
RDF_TYPES = tuple(RDF_EXTENSIONS.values())

# Path segments we mint: lower-case ASCII, digits, '-', '_' and '.', separated by '/'.
_REST = re.compile(r"^[A-Za-z0-9._\-]+(/[A-Za-z0-9._\-]+)*$")

THIS = "<urn:x-ansvar:this>"  # placeholder in web/queries/*.rq for the page's resource


_WEB = re.compile(r"^https?://[^\x00-\x20<>\"{}|^`\\]+$", re.IGNORECASE)


def is_linkable(iri: str) -> bool:
    """An http(s) IRI, safe as an href; anything else is shown as text."""
    return bool(_WEB.match(iri))


def iri_for(ns: str, rest: str) -> str | None:
    """The IRI a request path names, or None if the path cannot name one of ours."""
    if ns not in DEREFERENCED or not _REST.match(rest) or ".." in rest:
        return None
    return f"{BASE}{ns}/{rest}"


def split_own(iri: str) -> tuple[str, str] | None:
    for ns in DEREFERENCED:
        prefix = f"{BASE}{ns}/"
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return ns, iri[len(prefix) :]
    return None


def bind_this(query: str, iri: str) -> str:
    """Put a validated IRI where the query has its placeholder (never unvalidated input)."""
    if not is_safe_iri(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return query.replace(THIS, f"<{iri}>")


def ontology_anchor(iri: str) -> str | None:
    """Local name of an ontology term (ans:Actor -> 'Actor'), else None."""
    if iri.startswith(str(ANS)):
        return iri[len(str(ANS)) :]
    return None


class Links:
    """Where a page links to: the live service (root-relative) or a static copy (base URL)."""

    def __init__(self, base: str = "/", static: bool = False):
        self.base = base if base.endswith("/") else base + "/"
        self.static = static

    def page(self, iri: str, lang: str | None = None) -> str:
        own = split_own(iri)
        if own is not None:
            ns, rest = own
            if self.static:
                return f"{self.base}page/{ns}/{rest}.html"
            return f"{self.base}page/{ns}/{rest}" + (f"?lang={lang}" if lang else "")
        if iri.startswith(BASE + "shapes#"):  # the shapes' hash namespace is the shapes graph
            return self.page(BASE + "graph/shapes", lang)
        if iri == BASE + "def" or iri.startswith(BASE + "def/"):
            return f"{self.base}ontology/" if self.static else f"{self.base}ontology"
        local = ontology_anchor(iri)
        if local is not None:
            return f"{self.base}ontology/#{local}" if self.static else f"{self.base}ontology#{local}"
        # Data may hold any IRI (javascript:, data:, file:): only web addresses become links.
        return iri if is_linkable(iri) else ""

    def data(self, iri: str, ext: str) -> str:
        ns, rest = split_own(iri) or ("", "")
        return f"{self.base}data/{ns}/{rest}.{ext}"

    def class_page(self, iri: str) -> str:
        if self.static:
            return f"{self.base}class/{class_slug(iri)}.html"
        return f"{self.base}class?iri={quote(iri, safe='')}"

    def href(self, path: str) -> str:
        """A service path ('search', 'download/', 'sparql') under this base."""
        return self.base + path.lstrip("/")
