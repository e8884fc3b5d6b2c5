"""The VoID description: the fixed part from void.ttl, and what the store holds (size, classes,
properties, named graphs, linksets, example resources) with the dumps and the SPARQL endpoint."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..dumps import Manifest
from ..namespaces import BASE, SD, VOID, class_slug
from ..query_files import page_query
from ..store import GraphStore
from .publisher import Publication
from .record import DATASET, from_template

__all__ = ["void_graph"]


def _count(row: dict[str, dict[str, str]], name: str) -> Literal:
    return Literal(int(row[name]["value"]))


def _add_size(g: Graph, store: GraphStore) -> None:
    stats = store.select(page_query("void_stats"))[0]
    g.add((DATASET, VOID.triples, _count(stats, "triples")))
    g.add((DATASET, VOID.distinctSubjects, _count(stats, "subjects")))
    g.add((DATASET, VOID.distinctObjects, _count(stats, "objects")))
    g.add((DATASET, VOID.properties, _count(stats, "properties")))
    g.add((DATASET, VOID.entities, _count(store.select(page_query("void_entities"))[0], "entities")))


def _add_partitions(g: Graph, store: GraphStore) -> None:
    classes = store.select(page_query("void_classes"))
    g.add((DATASET, VOID.classes, Literal(len(classes))))
    for row in classes:
        part = URIRef(f"{BASE}void#class-{class_slug(row['class']['value'])}")
        g.add((DATASET, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(row["class"]["value"])))
        g.add((part, VOID.entities, _count(row, "entities")))
    for row in store.select(page_query("void_properties")):
        part = URIRef(f"{BASE}void#property-{class_slug(row['property']['value'])}")
        g.add((DATASET, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(row["property"]["value"])))
        g.add((part, VOID.triples, _count(row, "triples")))


def _add_subsets(g: Graph, store: GraphStore) -> None:
    """One subset per named graph, and one linkset per (predicate, target namespace)."""
    for row in store.select(page_query("graph_sizes")):
        subset = URIRef(row["graph"]["value"])
        g.add((DATASET, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, SD.name, subset))
        g.add((subset, VOID.triples, _count(row, "triples")))
    for i, row in enumerate(store.select(page_query("void_linksets"))):
        linkset = URIRef(f"{BASE}void#linkset-{i}")
        target = URIRef(row["target"]["value"])
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((DATASET, VOID.subset, linkset))
        g.add((linkset, VOID.subjectsTarget, DATASET))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, VOID.uriSpace, Literal(str(target))))
        g.add((linkset, VOID.linkPredicate, URIRef(row["predicate"]["value"])))
        g.add((linkset, VOID.triples, _count(row, "triples")))


def void_graph(store: GraphStore, manifest: Manifest | None, pub: Publication) -> Graph:
    """The VoID description of the graph as the store holds it now."""
    g = from_template("void.ttl", pub)
    g.add((DATASET, VOID.sparqlEndpoint, pub.url("sparql")))
    for f in manifest.files if manifest else ():
        g.add((DATASET, VOID.dataDump, pub.url("download/" + f.name)))
    for row in store.select(page_query("example_resources")):
        g.add((DATASET, VOID.exampleResource, URIRef(row["example"]["value"])))
    _add_size(g, store)
    _add_partitions(g, store)
    _add_subsets(g, store)
    return g
