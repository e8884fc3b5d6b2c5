"""Check an uploaded RDF document before any parser builds it, then parse it.

pyoxigraph's parsers are strict on syntax but recurse per level of nesting (a
few thousand nested JSON-LD objects overflow the stack) and accept a few
broken documents (an RDF/XML element left open at the end, a JSON-LD array of
numbers). So: the nesting is bounded first; RDF/XML must be well-formed XML
without a DTD (no entities: no "billion laughs", no external entities);
JSON-LD must be objects and may not name a remote context (never fetched).
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .nesting import json_depth, rdf_text_depth

__all__ = ["FORMATS", "InputRejected", "parse_rdf"]

FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class InputRejected(ValueError):
    """The document is refused; the message says why (HTTP 400)."""


def parse_rdf(body: bytes, media_type: str, max_depth: int) -> list[ox.Quad]:
    """All quads of `body`, or InputRejected with the reason; nothing is fetched."""
    fmt = FORMATS[media_type]
    if media_type == "application/rdf+xml":
        _check_xml(body, max_depth)
    else:
        text = _utf8(body, media_type)
        if media_type == "application/ld+json":
            _check_json_ld(text, max_depth)
        else:
            _bounded(rdf_text_depth(text), max_depth)
    try:
        return list(ox.parse(body, format=fmt))
    except (SyntaxError, ValueError) as err:
        raise InputRejected(f"the {media_type} body does not parse: {err}") from None


def _utf8(body: bytes, media_type: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputRejected(f"the {media_type} body is not valid UTF-8: {err}") from None


def _bounded(depth: int, max_depth: int) -> None:
    if depth > max_depth:
        raise InputRejected(f"the document nests {depth} levels deep; at most {max_depth} are allowed")


def _check_xml(body: bytes, max_depth: int) -> None:
    depth = 0
    try:
        # defusedxml refuses any DTD before an entity could be declared or expanded.
        for event, _element in iterparse(
            io.BytesIO(body), events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        ):
            depth += 1 if event == "start" else -1
            if depth > max_depth:
                _bounded(depth, max_depth)
    except DefusedXmlException:
        raise InputRejected("the RDF/XML body has a DTD or entity declarations, which are not accepted") from None
    except SyntaxError as err:  # xml.etree.ElementTree.ParseError
        raise InputRejected(f"the application/rdf+xml body is not well-formed XML: {err}") from None


def _check_json_ld(text: str, max_depth: int) -> None:
    _bounded(json_depth(text), max_depth)
    try:
        doc = json.loads(text)
    except ValueError as err:
        raise InputRejected(f"the application/ld+json body is not JSON: {err}") from None
    top = doc if isinstance(doc, list) else [doc]
    if not all(isinstance(node, dict) for node in top):
        raise InputRejected("a JSON-LD document is an object or an array of objects")
    stack: list[object] = [doc]
    while stack:  # iterative: the depth is bounded, the breadth is not
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    _local_context(value)
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _local_context(context: object) -> None:
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, str) or (isinstance(item, dict) and "@import" in item):
            raise InputRejected("remote JSON-LD contexts are not fetched: put the context inline in the document")
