"""How deeply an input nests, measured before any parser sees it.

The parsers behind the endpoint (pyoxigraph's, rdflib's pyparsing grammar, the
JSON decoder) recurse once per level of nesting; a few thousand levels overflow
a stack and kill the process. This scan is a size bound, not a parser: it only
has to skip what cannot nest (strings, IRIs, comments) so a bracket in a literal
is not counted, and it errs towards counting too much.
"""

from __future__ import annotations

__all__ = ["json_depth", "rdf_text_depth"]

_OPEN, _CLOSE = "([{", ")]}"
# Characters that cannot occur in an IRIREF: a '<' followed by one is an operator.
_NOT_IN_IRI = set('<"{}|^`\\ \t\r\n')


def rdf_text_depth(text: str) -> int:
    """Deepest bracket nesting in SPARQL, Turtle, TriG, N-Triples or N-Quads text."""
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":  # comment to end of line
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<":
            i = _skip_iri(text, i)
            continue
        if c == "\\":  # an escaped character in a prefixed name (x:a\#) is not a comment
            i += 2
            continue
        if c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif c in _CLOSE:
            depth = max(depth - 1, 0)
        i += 1
    return deepest


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = i + 3
        while end < len(text):
            if text[end] == "\\":
                end += 2
            elif text.startswith(quote * 3, end):
                return end + 3
            else:
                end += 1
        return len(text)
    end = i + 1
    while end < len(text):
        c = text[end]
        if c == "\\":
            end += 2
        elif c == quote:
            return end + 1
        elif c in "\r\n":  # a short string cannot span lines: stop skipping here
            return end
        else:
            end += 1
    return len(text)


def _skip_iri(text: str, i: int) -> int:
    end = i + 1
    while end < len(text):
        c = text[end]
        if c == ">":
            return end + 1
        if c in _NOT_IN_IRI:
            return i + 1  # not an IRI: '<' is a comparison
        end += 1
    return i + 1


def json_depth(text: str) -> int:
    """Deepest nesting of arrays and objects in JSON text."""
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return deepest
