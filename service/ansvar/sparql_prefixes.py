"""The prefixes a query may use without declaring them, and what to say when a prefixed name does not resolve.

As on large public endpoints, /sparql knows the prefixes the editor presets
(`namespaces.PREFIXES`): a query may write `ans:Agreement` without
`PREFIX ans: <…>`. A query's own declaration always wins. Which prefixes a query
uses and declares is read from rdflib's parse tree (`PrefixUse`); positions for
the messages come from the parser's exception or from rdflib's own SPARQL
tokens, never from a pattern of our own over the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pyparsing import MatchFirst, ParseBaseException, col, lineno, rest_of_line
from rdflib.plugins.sparql import parser as grammar
from rdflib.plugins.sparql.parserutils import CompValue

from .namespaces import PREFIXES

__all__ = [
    "PRESET_PREFIXES",
    "PrefixUse",
    "bad_name_message",
    "declarations",
    "unknown_prefix_message",
]

# The prefixes the editor presets; one list for the editor, the endpoint and the Service Description.
PRESET_PREFIXES: Mapping[str, str] = PREFIXES


def _prefix_of(node: CompValue) -> str:
    # The grammar leaves out the prefix of `:name` and `PREFIX :` ("" here); CompValue.get would
    # answer a missing key with the key's own name.
    return str(node["prefix"]) if "prefix" in node else ""


@dataclass(frozen=True)
class PrefixUse:
    """The prefixes a query or update writes in prefixed names, and those its prologue declares ("" = `:`)."""

    used: frozenset[str]
    declared: frozenset[str]

    @classmethod
    def of(cls, nodes: list[CompValue]) -> PrefixUse:
        """From the parse tree's `pname` and `PrefixDecl` nodes."""
        used = {_prefix_of(n) for n in nodes if n.name == "pname"}
        declared = {_prefix_of(n) for n in nodes if n.name == "PrefixDecl"}
        return cls(frozenset(used), frozenset(declared))

    def presets(self) -> dict[str, str]:
        """The preset prefixes used but not declared: what the store must be told."""
        return {p: PRESET_PREFIXES[p] for p in sorted(self.used - self.declared) if p in PRESET_PREFIXES}

    def unknown(self) -> list[str]:
        return sorted(self.used - self.declared - set(PRESET_PREFIXES))


def declarations(prefixes: Mapping[str, str]) -> str:
    """PREFIX declarations on one line, to put before a query that uses these prefixes undeclared."""
    return "".join(f"PREFIX {p}: <{iri}> " for p, iri in prefixes.items()) + "\n" if prefixes else ""


def _preset_list() -> str:
    return ", ".join(f"{p}:" for p in PRESET_PREFIXES)


# rdflib's SPARQL terminals, first match wins: strings, IRIs, blank nodes, variables and comments are
# consumed whole, so a prefixed name is only ever found where the grammar would read one.
_TOKENS = MatchFirst(
    [
        grammar.STRING_LITERAL_LONG1,
        grammar.STRING_LITERAL_LONG2,
        grammar.STRING_LITERAL1,
        grammar.STRING_LITERAL2,
        grammar.IRIREF,
        grammar.BLANK_NODE_LABEL,
        grammar.VAR1,
        grammar.VAR2,
        "#" + rest_of_line,
        grammar.PrefixedName,
    ]
)


def _prefixed_names(text: str) -> Iterator[tuple[CompValue, int, int]]:
    """(CompValue pname, start, end) for each prefixed name in the text."""
    for tokens, begin, end in _TOKENS.scan_string(text):
        token = tokens[0] if tokens else None
        if isinstance(token, CompValue) and token.name == "pname":
            yield token, begin, end


def unknown_prefix_message(text: str, prefix: str) -> str:
    """Where the query first uses a prefix it does not declare and that is not preset, and what to do."""
    where = ""
    for name, begin, _end in _prefixed_names(text):
        if _prefix_of(name) == prefix:
            where = f" at line {lineno(begin, text)}, column {col(begin, text)}"
            break
    return (
        f'unknown prefix "{prefix}:"{where}; declare it with PREFIX {prefix}: <…> '
        f"or use one of the prefixes this endpoint knows without a declaration: {_preset_list()}"
    )


def _declared_in_prologue(text: str) -> dict[str, str]:
    try:
        prologue = grammar.Prologue.parse_string(text)[0]
    except ParseBaseException:
        return {}
    return {_prefix_of(d): str(d.iri) for d in prologue if d.name == "PrefixDecl"}


def _local_part(text: str, at: int) -> int:
    """The end of the grammar's PN_LOCAL starting at `at`; `at` when there is none, or when a prefixed name
    starts there (`ans:p/ans:q` is a property path, not a broken name)."""
    local = grammar.PN_LOCAL.re.match(text, at)
    if local is None or local.group() == "a" or grammar.PrefixedName.matches(text[at:], parse_all=False):
        return at
    return local.end()


def bad_name_message(text: str, err: ParseBaseException) -> str | None:
    """When the parse failed on a prefixed name with '/' in its local part (`id:org/x`), say so and how to write it.

    The name is looked for where the parser gave up or after it, with the grammar's own tokens.
    """
    for name, begin, end in _prefixed_names(text):
        if end < err.loc:
            continue  # before the point where the parser gave up
        stop = end
        while stop < len(text) and text[stop] == "/" and (after := _local_part(text, stop + 1)) > stop + 1:
            stop = after
        if stop == end:
            continue
        prefix, written = _prefix_of(name), text[begin:stop]
        local = written[len(prefix) + 1 :]
        namespace = {**PRESET_PREFIXES, **_declared_in_prologue(text)}.get(prefix)
        full = f"<{namespace}{local}>" if namespace else "the full IRI in <…>"
        escaped = f"{prefix}:{local.replace('/', chr(92) + '/')}"
        return (
            f"{written} at line {lineno(begin, text)}, column {col(begin, text)} is not a valid prefixed name: "
            f"'/' is not allowed in the local part of a prefixed name (after \"{prefix}:\"). Write {full}, "
            f"or escape each '/' as in {escaped} (the embedded store and Oxigraph accept the escape; Virtuoso does not)"
        )
    return None
