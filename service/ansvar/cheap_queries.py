"""Queries proven cheap by their parse tree, and their answer without a query worker.

Every user query is parsed by the guard and evaluated in a worker process that is killed at
the time limit, under a memory limit. For a lookup the worker round trip costs several times
the lookup itself. A query the guard's rdflib parse tree proves cheap (`proven_cheap`) may be
answered by the server itself (`answer_directly`), on the next requests of the same text: the
proof is made in the worker, where the parse runs under the time limit.

Proven cheap: a SELECT or ASK whose WHERE is exactly one triple pattern with
- a constant subject (an IRI, not a variable or blank node),
- a predicate that is an IRI or a variable (no property path: no `/ | ^ * + ? !`),
- an object that is a variable, an IRI or a literal, and not the predicate's variable,
and nothing else: no FROM, GRAPH, OPTIONAL, UNION, FILTER, BIND, VALUES, subquery, SERVICE,
expression, DISTINCT, GROUP BY, HAVING, ORDER BY or OFFSET; a SELECT projects plain variables
(or `*`) and may have a LIMIT. It is asked of the union default graph: a request naming graphs
(default-graph-uri, named-graph-uri) goes to a worker, as does any other shape.

Why such a query cannot run long or grow large on this store:
1. Evaluation is one range scan. pyoxigraph keeps each quad in an index for every order of
   subject, predicate and object (SPO, POS, OSP, with and without the graph first), so the
   constant positions of the pattern (subject; subject and predicate; subject and object; all
   three) are the key prefix of one index, and every key in that range is a solution: no key
   is read and dropped (the union default graph gives the same triple once per graph holding
   it, without a set of those seen). A repeated variable (`<s> ?x ?x`) would read and drop
   keys (on a subject with a million triples, 0.4 s for no solution), so it is excluded.
2. Solutions are produced one at a time as they are serialised: pyoxigraph reads the index
   lazily (no operator of this shape needs all solutions first: no ORDER BY, GROUP BY,
   DISTINCT, and no OFFSET, which skips inside the engine) and writes the serialisation to the
   output in pieces of a few KiB. `answer_directly` writes into a sink that raises past
   `MAX_BYTES`: there the evaluation stops, and the query goes to a worker, which applies the
   time limit, the memory limit and the row cap as for any query (and gets the text from then
   on). Every solution takes at least one byte, so an answer within `MAX_BYTES` has fewer rows
   than the row cap whenever that cap is at least `MAX_BYTES`; with a smaller cap nothing is
   answered here.
3. So the server reads at most about `MAX_BYTES` index keys and writes at most `MAX_BYTES`
   bytes (plus one piece) per request; one term is read whole, as large as the store holds it.
   The text was parsed by pyoxigraph, which reads linearly, and is at most `CACHED_TEXT`
   characters (the verdict of a longer text is not kept).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pyoxigraph as ox
from pyparsing import ParseResults
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Literal, URIRef, Variable

from .store.base import QueryResult, ResultKind
from .store.embedded import RESULT_FORMATS, EmbeddedStore

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = ["CACHED_TEXT", "MAX_BYTES", "answer_directly", "proven_cheap"]

MAX_BYTES = 32_768  # the longest answer given without a worker (a few ms to write at most)
CACHED_TEXT = 16_384  # longest query text whose verdict is kept (as the guard's cache)

_SELECT_KEYS = frozenset(("projection", "where", "limitoffset"))


def proven_cheap(tree: ParseResults | CompValue) -> bool:
    """True when the parsed query has the shape proven cheap in this module's docstring."""
    if not isinstance(tree, ParseResults) or len(tree) != 2:
        return False
    query = tree[1]
    if not isinstance(query, CompValue) or query.name not in ("SelectQuery", "AskQuery"):
        return False
    keys = set(query.keys())
    if query.name == "AskQuery":
        return keys == {"where"} and _one_pattern(query["where"])
    if not keys <= _SELECT_KEYS or "where" not in keys:
        return False
    if "limitoffset" in keys and set(query["limitoffset"].keys()) != {"limit"}:
        return False
    projection = query["projection"] if "projection" in keys else []  # absent: SELECT *
    plain = all(isinstance(v, CompValue) and set(v.keys()) == {"var"} for v in projection)
    return plain and _one_pattern(query["where"])


def _one_pattern(where: object) -> bool:
    if not isinstance(where, CompValue) or where.name != "GroupGraphPatternSub" or set(where.keys()) != {"part"}:
        return False
    parts = where["part"]
    if len(parts) != 1 or not isinstance(parts[0], CompValue) or parts[0].name != "TriplesBlock":
        return False
    if set(parts[0].keys()) != {"triples"} or len(parts[0]["triples"]) != 1:
        return False
    triple = list(parts[0]["triples"][0])
    if len(triple) != 3:  # `,` and `;` give more terms, blank node brackets more triples
        return False
    subject, predicate, obj = triple
    predicate = _plain_predicate(predicate)
    if not _is_iri(subject) or predicate is None or not (_is_iri(obj) or _is_literal(obj) or _is_var(obj)):
        return False
    return not (_is_var(predicate) and predicate == obj)


def _plain_predicate(node: object) -> object | None:
    """The IRI or variable of a predicate that is no property path, else None."""
    if _is_var(node):
        return node
    for name in ("PathAlternative", "PathSequence"):  # one alternative of one step
        if not isinstance(node, CompValue) or node.name != name or set(node.keys()) != {"part"}:
            return None
        if len(node["part"]) != 1:
            return None
        node = node["part"][0]
    if not isinstance(node, CompValue) or node.name != "PathElt" or set(node.keys()) != {"part"}:
        return None  # PathEltOrInverse (^), or a modifier (* + ?)
    return node["part"] if _is_iri(node["part"]) else None


def _is_var(node: object) -> bool:
    return isinstance(node, Variable)


def _is_iri(node: object) -> bool:
    return isinstance(node, URIRef) or (isinstance(node, CompValue) and node.name == "pname")


def _is_literal(node: object) -> bool:
    if isinstance(node, Literal):
        return True
    if not isinstance(node, CompValue) or node.name != "literal":
        return False
    return set(node.keys()) <= {"string", "lang", "datatype"} and ("datatype" not in node or _is_iri(node["datatype"]))


class _Full(Exception):
    """The answer is longer than `MAX_BYTES`."""


class _CappedSink(io.BytesIO):
    """Where pyoxigraph writes an answer: refuses to hold more than `MAX_BYTES`."""

    def write(self, data: ReadableBuffer, /) -> int:
        if self.tell() + memoryview(data).nbytes > MAX_BYTES:
            raise _Full
        return super().write(data)


def answer_directly(
    store: EmbeddedStore,
    sparql: str,
    solutions_type: str,
    max_rows: int,
    prefixes: dict[str, str] | None,
    base_iri: str | None,
) -> QueryResult | None:
    """The answer of a query proven cheap, in `solutions_type`; None when it is longer than
    `MAX_BYTES`, when the row cap is below that, or when it is not a SELECT or ASK."""
    if max_rows < MAX_BYTES:
        return None
    result = store.evaluate(sparql, None, None, prefixes, base_iri)
    if isinstance(result, ox.QueryBoolean):
        kind = ResultKind.BOOLEAN
    elif isinstance(result, ox.QuerySolutions):
        kind = ResultKind.SOLUTIONS
    else:
        return None
    sink = _CappedSink()
    try:
        result.serialize(sink, format=RESULT_FORMATS[solutions_type])
    except _Full:
        return None
    return QueryResult(kind, sink.getvalue(), solutions_type)
