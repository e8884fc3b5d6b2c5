"""SPARQL 1.1 Service Description of the endpoint."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from ..namespaces import SD, VOID
from ..sparql_prefixes import PRESET_PREFIXES
from ..store.base import GRAPH_TYPES, SOLUTION_TYPES

# W3C format IRIs (https://www.w3.org/ns/formats/) for the media types we write.
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N-Quads",
    "application/trig": "TriG",
}


def service_description(endpoint_url: str, named_graphs: list[str], void_url: str | None = None) -> Graph:
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    service = URIRef(endpoint_url)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    # The default graph is the union of all named graphs (documented in README).
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for media in (*SOLUTION_TYPES, *GRAPH_TYPES):
        g.add((service, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/" + FORMAT_IRIS[media])))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    if void_url:
        g.add((default_graph, RDF.type, VOID.Dataset))
        g.add((service, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), URIRef(void_url)))
    for name in named_graphs:
        node = BNode()
        g.add((dataset, SD.namedGraph, node))
        g.add((node, RDF.type, SD.NamedGraph))
        g.add((node, SD.name, URIRef(name)))
    g.add((service, URIRef("http://purl.org/dc/terms/title"), Literal("Ansvarsgrafen SPARQL endpoint", lang="en")))
    _describe_preset_prefixes(g, service)
    return g


def _describe_preset_prefixes(g: Graph, service: URIRef) -> None:
    """The prefixes a query may use undeclared. SPARQL Service Description has no term for them; SHACL's
    prefix declarations (sh:declare) are the W3C vocabulary for a prefix and its namespace."""
    g.bind("sh", SH)
    for prefix, namespace in PRESET_PREFIXES.items():
        node = BNode()
        g.add((service, SH.declare, node))
        g.add((node, RDF.type, SH.PrefixDeclaration))
        g.add((node, SH.prefix, Literal(prefix)))
        g.add((node, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    names = ", ".join(f"{p}:" for p in PRESET_PREFIXES)
    g.add(
        (
            service,
            RDFS.comment,
            Literal(
                f"Queries and updates may use these prefixes without declaring them: {names} "
                "(listed as sh:declare). A PREFIX declaration in the query overrides a preset one.",
                lang="en",
            ),
        )
    )
