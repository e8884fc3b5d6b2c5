"""Decide whether a SPARQL query or update may run here, by parsing it.

Both pyoxigraph and rdflib follow SERVICE (and LOAD) to any URL. The decision
is taken on rdflib's parse tree, never on the text: a text that rdflib cannot
parse is refused (fail closed), so no spelling can slip a SERVICE past the
check. The nesting bound comes first because the pyparsing grammar, like the
evaluator's parser, recurses once per level.

The same parse says which preset prefixes (`sparql_prefixes`) the text uses
without declaring them: the check returns them for the store, and refuses a
prefix that is neither declared nor preset, saying where it is.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .cheap_queries import proven_cheap
from .nesting import rdf_text_depth
from .sparql_prefixes import PrefixUse, bad_name_message, unknown_prefix_message

__all__ = ["DEFAULT_MAX_DEPTH", "Refused", "Verdict", "check_query", "check_update", "query_verdict"]

DEFAULT_MAX_DEPTH = 64

# The grammar recurses per triple pattern as well as per bracket: the parse runs on
# one thread with a large stack and a high recursion limit, one parse at a time
# (pyparsing's packrat cache is not thread-safe).
_STACK_BYTES = 256 * 1024 * 1024
_RECURSION_LIMIT = 100_000
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


class Refused(ValueError):
    """The text may not run: `status` is 400 (cannot be checked) or 403 (reaches other hosts)."""

    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


def check_query(text: str, max_depth: int = DEFAULT_MAX_DEPTH) -> dict[str, str]:
    """Raise Refused unless `text` is a SPARQL query that contacts no other host.

    Returns the preset prefixes it uses without declaring them (prefix -> namespace IRI).
    """
    return query_verdict(text, max_depth).presets


@dataclass(frozen=True)
class Verdict:
    """A query that may run: the preset prefixes it uses undeclared, and whether its parse tree
    proves it cheap (`cheap_queries.proven_cheap`)."""

    presets: dict[str, str]
    cheap: bool


def query_verdict(text: str, max_depth: int = DEFAULT_MAX_DEPTH) -> Verdict:
    """`check_query`, telling also whether the query is proven cheap."""
    decision = _decision("query", text, max_depth) if len(text) <= _CACHED_TEXT else _decide("query", text, max_depth)
    return Verdict(_outcome(decision), decision[1] if isinstance(decision[0], PrefixUse) else False)


def check_update(text: str, max_depth: int = DEFAULT_MAX_DEPTH) -> dict[str, str]:
    """Raise Refused unless `text` is a SPARQL update that fetches nothing (no LOAD, no SERVICE).

    Returns the preset prefixes it uses without declaring them.
    """
    return _outcome(_decide("update", text, max_depth))


# Clients repeat the same queries; the pyparsing grammar takes 10-100 ms each. Short texts only,
# so the cache stays small (at most 1024 × 16 KB).
_CACHED_TEXT = 16_384


def _outcome(decision: tuple[int, str] | tuple[PrefixUse, bool]) -> dict[str, str]:
    if not isinstance(decision[0], PrefixUse):
        raise Refused(*decision)
    return decision[0].presets()


def _decide(kind: str, text: str, max_depth: int) -> tuple[int, str] | tuple[PrefixUse, bool]:
    """(status, message) of a refusal, or the prefixes of a text that may run and whether it is
    a query proven cheap."""
    try:
        tree = _parse(parseQuery if kind == "query" else parseUpdate, text, max_depth, kind)
        use = PrefixUse.of(_refuse_remote(tree))
        for prefix in use.unknown()[:1]:
            raise Refused(400, unknown_prefix_message(text, prefix))
    except Refused as refused:
        return refused.status, refused.message
    return use, kind == "query" and proven_cheap(tree)


_decision = functools.lru_cache(maxsize=1024)(_decide)


def _parse(
    parser: Callable[[str], ParseResults | CompValue], text: str, max_depth: int, kind: str
) -> ParseResults | CompValue:
    depth = rdf_text_depth(text)
    if depth > max_depth:
        raise Refused(400, f"the {kind} nests {depth} levels deep; at most {max_depth} are allowed")
    try:
        return _on_parser_thread(parser, text)
    except ParseBaseException as err:
        raise Refused(400, bad_name_message(text, err) or _syntax_message(err)) from None
    except RecursionError:
        raise Refused(400, f"the {kind} is too large to check: split it into smaller ones") from None


def _on_parser_thread(parser: Callable[[str], ParseResults | CompValue], text: str) -> ParseResults | CompValue:
    global _executor
    with _lock:
        if _executor is None:
            previous = threading.stack_size(_STACK_BYTES)
            try:
                _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ansvar-sparql-parse")
                _executor.submit(lambda: None).result()  # the thread starts now, with the large stack
            finally:
                threading.stack_size(previous)
        # The limit is raised only while this parse runs: other threads keep the default.
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, _RECURSION_LIMIT))
        try:
            return _executor.submit(parser, text).result()
        finally:
            sys.setrecursionlimit(old)


def _syntax_message(err: ParseBaseException) -> str:
    # pyparsing names what it expected by grammar rule, or by a regular expression full of
    # Unicode ranges: only a rule's name is worth showing.
    expected = err.msg if err.msg.startswith("Expected ") and not any(c in err.msg for c in "[\\(") else ""
    found = f"found {err.found}" if err.found else ""
    detail = ", ".join(part for part in (expected.replace("Expected ", "expected "), found) if part)
    return f"SPARQL syntax error at line {err.lineno}, column {err.col} ({err.lineno}:{err.col})" + (
        f": {detail}" if detail else ""
    )


def _refuse_remote(tree: ParseResults | CompValue) -> list[CompValue]:
    """Refuse SERVICE and LOAD anywhere in the tree; return its prefixed names and prefix declarations."""
    names: list[CompValue] = []
    # Walk iteratively: the tree is as deep as the text nests.
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in ("pname", "PrefixDecl"):
                names.append(node)
            if node.name == "ServiceGraphPattern":
                raise Refused(403, "SERVICE (federated query) is disabled: this endpoint never contacts other hosts")
            if node.name == "Load":
                raise Refused(403, "LOAD is not allowed: updates never fetch from other hosts")
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return names
