"""Stage 2 of the build: the OWL 2 RL entailments the queries, shapes and pages rely on, kept
in their own graph.

Queries rely on: rdfs:subClassOf (e.g. every ans:Region is an ans:Actor and
org:Organization), rdfs:subPropertyOf (ELI in-force dates give ans:validFrom /
ans:validUntil), owl:inverseOf (ans:holdsResponsibility, eli:has_part,
ans:predecessor), owl:TransitiveProperty (ans:withinTerritory),
owl:propertyChainAxiom (ans:hasParty from party records), rdfs:domain/range.

The rules of OWL 2 RL that these axioms trigger (cax-sco, prp-dom, prp-rng,
prp-spo1, prp-spo2, prp-inv1/2, prp-trp, prp-symp and the schema rules scm-sco,
scm-spo, scm-dom1/2, scm-rng1/2) run as SPARQL updates on a pyoxigraph store
until nothing new is derived; each rule is one update for all axioms at once.
An axiom of any other kind (owl:equivalentClass, restrictions, keys, functional
properties …) is refused with its name, so no entailment is silently missed.
owlrl evaluates every rule against every triple (about 1 ms per triple and
cycle: seconds for the shipped data); it stays as the reference
(`owlrl_entailments`) that tests/test_inference.py compares with.

Labels, quotes and codes cannot trigger any rule, so the rules see only the
schema axioms and the triples whose predicate takes part in an axiom, plus
rdf:type (`reasoner_input`).
"""

from __future__ import annotations

from collections.abc import Iterable

import owlrl
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

__all__ = ["UnsupportedAxiom", "entailments", "infer", "owlrl_entailments", "reasoner_input"]

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


def _is_useful(s: Node, p: Node, o: Node) -> bool:
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return False
    if p in _TRIVIAL_PREDICATES:
        return False
    if p == RDF.type and o in _TRIVIAL_OBJECTS:
        return False
    if p in (RDFS.subClassOf, RDFS.subPropertyOf) and (s == o or o == OWL.Thing or s == OWL.Nothing):
        return False
    if p in (RDFS.domain, RDFS.range) and o == OWL.Thing:  # scm-cls then scm-dom1/scm-rng1: says nothing
        return False
    return True


def _active_properties(union: Graph) -> set[Node]:
    """Properties that appear in an axiom, so their triples can trigger a rule."""
    active: set[Node] = set()
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


# OWL 2 RL rules (W3C OWL 2 Profiles, 4.3), each one SPARQL update for every axiom of its kind.
_PREFIXES = f"PREFIX rdfs: <{RDFS}>\nPREFIX owl: <{OWL}>\n"
_RULES = {
    "cax-sco": "INSERT { ?x a ?d } WHERE { ?c rdfs:subClassOf ?d . ?x a ?c }",
    "prp-dom": "INSERT { ?x a ?c } WHERE { ?p rdfs:domain ?c . ?x ?p ?y }",
    "prp-rng": "INSERT { ?y a ?c } WHERE { ?p rdfs:range ?c . ?x ?p ?y FILTER (!isLiteral(?y)) }",
    "prp-spo1": "INSERT { ?x ?q ?y } WHERE { ?p rdfs:subPropertyOf ?q . ?x ?p ?y }",
    "prp-inv1": "INSERT { ?y ?q ?x } WHERE { ?p owl:inverseOf ?q . ?x ?p ?y FILTER (!isLiteral(?y)) }",
    "prp-inv2": "INSERT { ?y ?p ?x } WHERE { ?p owl:inverseOf ?q . ?x ?q ?y FILTER (!isLiteral(?y)) }",
    "prp-trp": "INSERT { ?x ?p ?z } WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z }",
    "prp-symp": "INSERT { ?y ?p ?x } WHERE { ?p a owl:SymmetricProperty . ?x ?p ?y FILTER (!isLiteral(?y)) }",
    "scm-sco": "INSERT { ?c rdfs:subClassOf ?e } WHERE { ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?e }",
    "scm-spo": "INSERT { ?p rdfs:subPropertyOf ?r } WHERE { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?r }",
    "scm-dom1": "INSERT { ?p rdfs:domain ?d } WHERE { ?p rdfs:domain ?c . ?c rdfs:subClassOf ?d }",
    "scm-dom2": "INSERT { ?p rdfs:domain ?c } WHERE { ?q rdfs:domain ?c . ?p rdfs:subPropertyOf ?q }",
    "scm-rng1": "INSERT { ?p rdfs:range ?d } WHERE { ?p rdfs:range ?c . ?c rdfs:subClassOf ?d }",
    "scm-rng2": "INSERT { ?p rdfs:range ?c } WHERE { ?q rdfs:range ?c . ?p rdfs:subPropertyOf ?q }",
}
# Axioms whose OWL 2 RL rules are not among the above: refused rather than silently ignored.
_UNSUPPORTED_PREDICATES = (
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.intersectionOf,
    OWL.unionOf,
    OWL.oneOf,
    OWL.someValuesFrom,
    OWL.allValuesFrom,
    OWL.hasValue,
    OWL.maxCardinality,
    OWL.maxQualifiedCardinality,
    OWL.hasKey,
    OWL.sameAs,
)
_UNSUPPORTED_TYPES = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty)


class UnsupportedAxiom(ValueError):
    """The ontology states an axiom whose entailments the build does not compute."""


def _chain_rules(graph: Graph) -> list[str]:
    """prp-spo2: one update per owl:propertyChainAxiom of the ontology."""
    rules = []
    for prop, chain in graph.subject_objects(OWL.propertyChainAxiom):
        steps = list(Collection(graph, chain))
        if not steps or not all(isinstance(step, URIRef) for step in steps):
            raise UnsupportedAxiom(f"the property chain of {prop.n3()} has a step that is not a named property")
        pattern = " . ".join(f"?u{i} {step.n3()} ?u{i + 1}" for i, step in enumerate(steps))
        rules.append(f"INSERT {{ ?u0 {prop.n3()} ?u{len(steps)} }} WHERE {{ {pattern} }}")
    return rules


def _refuse_unsupported(graph: Graph) -> None:
    for predicate in _UNSUPPORTED_PREDICATES:
        if (None, predicate, None) in graph:
            raise UnsupportedAxiom(f"the data states {predicate.n3()} axioms, whose entailments are not computed")
    for kind in _UNSUPPORTED_TYPES:
        if (None, RDF.type, kind) in graph:
            raise UnsupportedAxiom(f"the data declares a {kind.n3()}, whose entailments are not computed")


def entailments(graph: Graph) -> Graph:
    """The new, useful triples the OWL 2 RL rules of the ontology's axioms add to `graph`."""
    _refuse_unsupported(graph)
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    asserted = set(store)
    updates = [_PREFIXES + rule for rule in _RULES.values()] + _chain_rules(graph)
    size = -1
    while len(store) != size:  # to the fixpoint: a round that derives nothing new
        size = len(store)
        for update in updates:
            store.update(update)
    inferred = Graph()
    for quad in store:
        if quad not in asserted:
            triple = (_term(quad.subject), _term(quad.predicate), _term(quad.object))
            if _is_useful(*triple):
                inferred.add(triple)
    return inferred


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Node:
    """An rdflib term of a pyoxigraph one; xsd:string literals as rdflib parses them (plain)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise TypeError(f"not a term of a triple: {term!r}")


def infer(graphs: Iterable[Graph]) -> Graph:
    union = Graph()
    for g in graphs:
        union += g
    return entailments(reasoner_input(union))
