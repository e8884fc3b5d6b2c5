"""Stage 2 of the build: OWL 2 RL entailments (owlrl), kept in their own graph.

Queries rely on: rdfs:subClassOf (e.g. every ans:Region is an ans:Actor and
org:Organization), rdfs:subPropertyOf (ELI in-force dates give ans:validFrom /
ans:validUntil), owl:inverseOf (ans:holdsResponsibility, eli:has_part,
ans:predecessor), owl:TransitiveProperty (ans:withinTerritory),
owl:propertyChainAxiom (ans:hasParty from party records), rdfs:domain/range.

owlrl evaluates every rule against every triple, about 1 ms per triple and
cycle. Labels, quotes and codes cannot trigger any rule of our ontology (it
uses no functional properties, keys or value restrictions), so owlrl is given
only the schema axioms and the triples whose predicate takes part in an axiom,
plus rdf:type. tests/test_inference.py checks that this gives exactly the
entailments of owlrl run over everything. The result is cached by the hash of
that input, so a rebuild with unchanged axioms and links skips the reasoner.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import owlrl
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS

from .settings import Settings

__all__ = ["infer", "owlrl_entailments", "reasoner_input"]

# Entailments that say nothing a user asks about and only swell the graph.
_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.Class, RDFS.Class, OWL.NamedIndividual, RDFS.Datatype}
_TRIVIAL_PREDICATES = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty}
_SCHEMA_PREDICATES = {
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.inverseOf,
    RDFS.domain,
    RDFS.range,
    OWL.propertyChainAxiom,
    OWL.equivalentProperty,
    OWL.equivalentClass,
    RDF.first,
    RDF.rest,
}
_PROPERTY_AXIOMS = (RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty, RDFS.domain, RDFS.range)
_PROPERTY_CHARACTERISTICS = (OWL.TransitiveProperty, OWL.SymmetricProperty)


def _is_useful(s, p, o) -> bool:
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return False
    if p in _TRIVIAL_PREDICATES:
        return False
    if p == RDF.type and o in _TRIVIAL_OBJECTS:
        return False
    if p in (RDFS.subClassOf, RDFS.subPropertyOf) and (s == o or o == OWL.Thing or s == OWL.Nothing):
        return False
    return True


def _active_properties(union: Graph) -> set:
    """Properties that appear in an axiom, so their triples can trigger a rule."""
    active = set()
    for axiom in _PROPERTY_AXIOMS:
        for s, o in union.subject_objects(axiom):
            active.add(s)
            if axiom in (RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty):
                active.add(o)
    for characteristic in _PROPERTY_CHARACTERISTICS:
        active.update(union.subjects(RDF.type, characteristic))
    for _s, chain in union.subject_objects(OWL.propertyChainAxiom):
        active.update(Collection(union, chain))
    return active


def reasoner_input(union: Graph) -> Graph:
    active = _active_properties(union)
    selected = Graph()
    for s, p, o in union:
        if p == RDF.type or p in _SCHEMA_PREDICATES or p in active:
            selected.add((s, p, o))
    return selected


def owlrl_entailments(graph: Graph) -> Graph:
    """The new, useful triples owlrl's OWL 2 RL closure adds to `graph`."""
    work = Graph()
    work += graph
    asserted = set(work)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    inferred = Graph()
    for triple in work:
        if triple not in asserted and _is_useful(*triple):
            inferred.add(triple)
    return inferred


def _cache_dir() -> Path | None:
    if not Settings.from_env().inference_cache:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ansvar" / "inference"


def infer(graphs: Iterable[Graph]) -> Graph:
    union = Graph()
    for g in graphs:
        union += g
    selected = reasoner_input(union)
    cache = _cache_dir()
    if cache is not None:
        key = _fingerprint(selected)
        cached = cache / f"{key}.nt"
        if cached.is_file():
            return Graph().parse(cached, format="nt")
    inferred = owlrl_entailments(selected)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        inferred.serialize(tmp, format="nt", encoding="utf-8")
        os.replace(tmp, cached)
    return inferred


def _fingerprint(graph: Graph) -> str:
    """A hash of the graph that does not depend on blank-node labels."""
    canonical = to_canonical_graph(graph)
    lines = sorted(" ".join(term.n3() for term in triple) for triple in canonical)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
