"""The build's one pyoxigraph store of the dataset, and the way rdflib graphs go in and out of it.

After load, the data graphs live in one in-memory store, each in its named graph:
inference writes the inferred graph into it, the gate validates the union of its
graphs, and the store stage writes it out. rdflib graphs go in as N-Triples that
pyoxigraph parses (one Rust call per graph, no Python loop over triples) and come
out as N-Triples that rdflib parses: plain literals stay plain (DESIGN.md, "The
pipeline": an ox-* parser feeding rdflib would make them explicit xsd:string).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .store.base import serialized

__all__ = ["add_graph", "constructed", "graph_of", "graph_sizes", "rdflib_graph", "store_of_graphs", "union_query"]


def add_graph(store: ox.Store, name: URIRef, graph: Graph) -> None:
    """Add the triples of an rdflib graph to the named graph `name` of `store`."""
    if len(graph):
        body = graph.serialize(format="nt", encoding="utf-8")
        store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name)))


def store_of_graphs(graphs: Mapping[URIRef, Graph]) -> ox.Store:
    """An in-memory store holding each rdflib graph as its named graph."""
    store = ox.Store()
    for name, graph in graphs.items():
        add_graph(store, name, graph)
    return store


def rdflib_graph(ntriples: bytes) -> Graph:
    """A plain rdflib graph of N-Triples written by pyoxigraph, parsed by rdflib."""
    graph = Graph()
    if ntriples:
        graph.parse(data=ntriples, format="nt")
    return graph


def constructed(store: ox.Store, sparql: str) -> Graph:
    """The triples of a CONSTRUCT on the union of the store's named graphs, as a plain rdflib graph."""
    result = union_query(store, sparql)
    assert isinstance(result, ox.QueryTriples), "constructed() needs a CONSTRUCT query"
    return rdflib_graph(serialized(result.serialize(format=ox.RdfFormat.N_TRIPLES)))


def graph_of(store: ox.Store, name: URIRef) -> Graph:
    """The named graph `name` of `store` as a plain rdflib graph (empty when the store has none)."""
    node = ox.NamedNode(str(name))
    if not store.contains_named_graph(node):
        return Graph()
    return rdflib_graph(serialized(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=node)))


def union_query(store: ox.Store, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """A query whose default graph is the union of the store's named graphs."""
    return store.query(sparql, use_default_graph_as_union=True)


def graph_sizes(store: ox.Store) -> dict[str, int]:
    """Triples per named graph, by graph IRI."""
    solutions = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(solutions, ox.QuerySolutions)
    sizes: dict[str, int] = {}
    for row in solutions:
        graph, count = row[0], row[1]
        assert isinstance(graph, ox.NamedNode) and isinstance(count, ox.Literal)
        sizes[graph.value] = int(count.value)
    return sizes
