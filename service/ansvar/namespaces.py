"""IRIs of the graph's own namespaces and of its named graphs."""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef

__all__ = [
    "ANS",
    "BASE",
    "CONCEPT",
    "CPOV",
    "ELI",
    "GRAPH",
    "GRAPH_CHECKS",
    "GRAPH_INFERRED",
    "GRAPH_ONTOLOGY",
    "GRAPH_REFERENCE",
    "GRAPH_SHAPES",
    "ID",
    "ONTOLOGY_IRI",
    "ORG",
    "PREFIXES",
    "RPUBL",
    "SD",
    "SOURCE_GRAPH_PREFIX",
    "VOID",
    "class_slug",
    "compact",
    "is_safe_iri",
    "source_graph",
    "sparql_prologue",
]

BASE = "https://w3id.org/ansvar/"
ANS = Namespace(BASE + "def#")
ONTOLOGY_IRI = URIRef(BASE + "def")
CONCEPT = Namespace(BASE + "concept/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

ORG = Namespace("http://www.w3.org/ns/org#")
CPOV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
RPUBL = Namespace("http://rinfo.lagrummet.se/ns/2008/11/rinfo/publ#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")

GRAPH_ONTOLOGY = GRAPH["ontology"]
GRAPH_REFERENCE = GRAPH["reference"]
GRAPH_SHAPES = GRAPH["shapes"]
GRAPH_INFERRED = GRAPH["inferred"]
GRAPH_CHECKS = GRAPH["checks"]
SOURCE_GRAPH_PREFIX = BASE + "graph/source/"


def source_graph(name: str) -> URIRef:
    return URIRef(SOURCE_GRAPH_PREFIX + name)


# Prefixes offered to users (query editor, CLI, pages); one list for all.
PREFIXES: dict[str, str] = {
    "ans": str(ANS),
    "c": str(CONCEPT),
    "id": str(ID),
    "org": str(ORG),
    "cpov": str(CPOV),
    "eli": str(ELI),
    "rpubl": str(RPUBL),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def compact(iri: str) -> str:
    """A prefixed name (ans:actor, id:org/x) for an IRI in one of PREFIXES, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


# IRIREF of the SPARQL grammar: a string that matches can be written as <…> safely.
_IRIREF = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*$")
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_\-]+$")


def is_safe_iri(value: str) -> bool:
    """True when `value` can be written as <value> in SPARQL (an IRIREF of the grammar)."""
    return bool(_IRIREF.match(value))


def class_slug(iri: str) -> str:
    """A file-name-safe key of an IRI: prefix-local (ans-Actor) for one of PREFIXES, else its characters."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL_NAME.match(iri[len(ns) :]):
            return f"{prefix}-{iri[len(ns) :]}"
    return re.sub(r"[^A-Za-z0-9]+", "-", iri).strip("-")


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
