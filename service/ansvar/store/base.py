"""The one small interface between the service and any SPARQL store."""

from __future__ import annotations

import abc
import json
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "GRAPH_TYPES",
    "GraphStore",
    "QueryResult",
    "QuerySyntaxError",
    "ResultKind",
    "SOLUTION_TYPES",
    "StoreUnavailable",
    "StoreUnsupported",
    "serialized",
]


def serialized(data: bytes | None) -> bytes:
    """What pyoxigraph's serialize() returns when given no output: the bytes (typed bytes | None)."""
    if data is None:
        raise TypeError("pyoxigraph wrote to an output instead of returning the bytes")
    return data


class ResultKind(StrEnum):
    SOLUTIONS = "solutions"  # SELECT
    BOOLEAN = "boolean"  # ASK
    GRAPH = "graph"  # CONSTRUCT, DESCRIBE


class QuerySyntaxError(ValueError):
    """The query text is not valid SPARQL 1.1; the message is the parser's."""


class StoreUnsupported(Exception):
    """This store cannot do what was asked (e.g. a remote store without a Graph Store URL)."""


class StoreUnavailable(RuntimeError):
    """The store could not be reached or answered with an error; the message says which."""


@dataclass(frozen=True)
class QueryResult:
    """A query result already serialised in the format the caller asked for."""

    kind: ResultKind
    body: bytes
    media_type: str


# Media types each result kind can be written in; the first is the default.
SOLUTION_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-quads",
    "application/trig",
)


class GraphStore(abc.ABC):
    """Read access to the built graph. Implementations: embedded pyoxigraph, remote SPARQL."""

    @abc.abstractmethod
    def query(
        self,
        sparql: str,
        *,
        accept: tuple[str, str] = (SOLUTION_TYPES[0], GRAPH_TYPES[0]),
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a query; `accept` names the media type for (solutions, graph) results.

        Without `default_graphs` the default graph is the union of all named graphs.
        `prefixes` (prefix -> namespace IRI) are prefixes the query uses without declaring them;
        pass only those it does not declare (the guard's `check_query` returns them).
        `base_iri` resolves relative IRIs when the query declares no BASE of its own.
        """

    def select(self, sparql: str) -> list[dict[str, dict[str, str]]]:
        """Run a SELECT; rows are SPARQL 1.1 JSON bindings ({"type", "value", "xml:lang", …})."""
        result = self.query(sparql)
        if result.kind is not ResultKind.SOLUTIONS:
            raise ValueError("select() needs a SELECT query")
        bindings: list[dict[str, dict[str, str]]] = json.loads(result.body)["results"]["bindings"]
        return bindings

    def ask(self, sparql: str) -> bool:
        result = self.query(sparql)
        if result.kind is not ResultKind.BOOLEAN:
            raise ValueError("ask() needs an ASK query")
        return bool(json.loads(result.body)["boolean"])

    @abc.abstractmethod
    def named_graphs(self) -> list[str]: ...

    @abc.abstractmethod
    def dump(self, media_type: str = "application/n-quads") -> bytes: ...

    def dump_graph(self, graph: str, media_type: str) -> bytes | None:
        """One named graph in a triple format; None when the store has no such graph.

        Raises StoreUnsupported when this store cannot give one graph.
        """
        raise StoreUnsupported(f"this store ({type(self).__name__}) cannot return a single graph")

    def close(self) -> None:  # noqa: B027 - optional hook
        pass
