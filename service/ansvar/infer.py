"""Stage 2 of the build: OWL 2 RL entailments (owlrl), kept in their own graph.

Queries rely on: rdfs:subClassOf (e.g. every ans:Region is an ans:Actor and
org:Organization), rdfs:subPropertyOf (ELI in-force dates give ans:validFrom /
ans:validUntil), owl:inverseOf (ans:holdsResponsibility, eli:has_part,
ans:predecessor), owl:TransitiveProperty (ans:withinTerritory) and
owl:propertyChainAxiom (ans:hasParty from party records).
"""

from __future__ import annotations

from collections.abc import Iterable

import owlrl
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

# Entailments that say nothing a user asks about and only swell the graph.
_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.Class, RDFS.Class, OWL.NamedIndividual}
_TRIVIAL_PREDICATES = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty}


def _is_useful(s, p, o) -> bool:
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return False
    if p in _TRIVIAL_PREDICATES:
        return False
    if p == RDF.type and o in _TRIVIAL_OBJECTS:
        return False
    if p in (RDFS.subClassOf, RDFS.subPropertyOf) and s == o:
        return False
    return True


def infer(graphs: Iterable[Graph]) -> Graph:
    """Return only the new, useful triples entailed by the union of `graphs`."""
    union = Graph()
    for g in graphs:
        union += g
    asserted = set(union)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(union)
    inferred = Graph()
    for triple in union:
        if triple not in asserted and _is_useful(*triple):
            inferred.add(triple)
    return inferred
