"""Stage 2 of the build: the OWL 2 RL entailments the queries, shapes and pages rely on, kept
in their own graph.

Queries rely on: rdfs:subClassOf (e.g. every ans:Region is an ans:Actor and
org:Organization), rdfs:subPropertyOf (ELI in-force dates give ans:validFrom /
ans:validUntil), owl:inverseOf (ans:holdsResponsibility, eli:has_part,
ans:predecessor), owl:TransitiveProperty (ans:withinTerritory),
owl:propertyChainAxiom (ans:hasParty from party records), rdfs:domain/range.

The rules of OWL 2 RL that these axioms trigger (cax-sco, prp-dom, prp-rng,
prp-spo1, prp-spo2, prp-inv1/2, prp-trp, prp-symp and the schema rules scm-sco,
scm-spo, scm-dom1/2, scm-rng1/2) run as SPARQL updates on the build's one
pyoxigraph store (`infer_into`: they read the union of its graphs and write the
inferred graph) until nothing new is derived; each rule is one update for all
axioms at once, and each selects its triples by predicate, so labels, quotes and
codes cost nothing.
An axiom of any other kind (owl:equivalentClass, restrictions, keys, functional
properties …) is refused with its name, so no entailment is silently missed.
owlrl evaluates every rule against every triple (about 1 ms per triple and
cycle: seconds for the shipped data); it stays as the reference
(`owlrl_entailments`) that tests/test_inference.py compares with.

owlrl, which does read every triple, is given only the schema axioms and the
triples whose predicate takes part in an axiom, plus rdf:type (`reasoner_input`):
nothing else can trigger a rule.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from .dataset_store import add_graph, constructed, graph_of, union_query
from .namespaces import GRAPH, GRAPH_INFERRED

__all__ = ["UnsupportedAxiom", "entailments", "infer", "infer_into", "owlrl_entailments", "reasoner_input"]

_INPUT = GRAPH["input"]  # where entailments() puts the graph it is given

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
    import owlrl  # the reference the tests compare with: the build does not import it

    work = Graph()
    work += graph
    asserted = set(work)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    inferred = Graph()
    for triple in work:
        if triple not in asserted and _is_useful(*triple):
            inferred.add(triple)
    return inferred


# OWL 2 RL rules (W3C OWL 2 Profiles, 4.3), each one SPARQL update for every axiom of its kind:
# (what it derives, the triple patterns that derive it, a filter). In the order of a round: the
# schema, then what derives property values, then types, so that most of the closure is reached
# in the first round.
_PREFIXES = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\nPREFIX owl: <{OWL}>\n"
_Rule = tuple[str, tuple[str, ...], str]
_NOT_TEXT = "!isLiteral(?y)"
_RULES: dict[str, _Rule] = {
    "scm-sco": ("?c rdfs:subClassOf ?e", ("?c rdfs:subClassOf ?d", "?d rdfs:subClassOf ?e"), ""),
    "scm-spo": ("?p rdfs:subPropertyOf ?r", ("?p rdfs:subPropertyOf ?q", "?q rdfs:subPropertyOf ?r"), ""),
    "scm-dom1": ("?p rdfs:domain ?d", ("?p rdfs:domain ?c", "?c rdfs:subClassOf ?d"), ""),
    "scm-dom2": ("?p rdfs:domain ?c", ("?q rdfs:domain ?c", "?p rdfs:subPropertyOf ?q"), ""),
    "scm-rng1": ("?p rdfs:range ?d", ("?p rdfs:range ?c", "?c rdfs:subClassOf ?d"), ""),
    "scm-rng2": ("?p rdfs:range ?c", ("?q rdfs:range ?c", "?p rdfs:subPropertyOf ?q"), ""),
    "prp-spo1": ("?x ?q ?y", ("?p rdfs:subPropertyOf ?q", "?x ?p ?y"), ""),
    "prp-inv1": ("?y ?q ?x", ("?p owl:inverseOf ?q", "?x ?p ?y"), _NOT_TEXT),
    "prp-inv2": ("?y ?p ?x", ("?p owl:inverseOf ?q", "?x ?q ?y"), _NOT_TEXT),
    "prp-symp": ("?y ?p ?x", ("?p a owl:SymmetricProperty", "?x ?p ?y"), _NOT_TEXT),
    "prp-trp": ("?x ?p ?z", ("?p a owl:TransitiveProperty", "?x ?p ?y", "?y ?p ?z"), ""),
    "prp-dom": ("?x a ?c", ("?p rdfs:domain ?c", "?x ?p ?y"), ""),
    "prp-rng": ("?y a ?c", ("?p rdfs:range ?c", "?x ?p ?y"), _NOT_TEXT),
    "cax-sco": ("?x a ?d", ("?c rdfs:subClassOf ?d", "?x a ?c"), ""),
}
_TYPING = ("prp-dom", "prp-rng", "cax-sco")  # rules that derive types, after the rest


def _update(rule: _Rule, target: str) -> str:
    """A rule as an update that reads every named graph (each triple pattern in any of them,
    one index lookup with the graph left free) and writes into `target`."""
    template, patterns, condition = rule
    where = " ".join(f"GRAPH ?g{i} {{ {pattern} }}" for i, pattern in enumerate(patterns))
    where += f" FILTER ({condition})" if condition else ""
    # DISTINCT: a triple derived many times (a type from each of a node's values) is inserted once
    derived = " ".join(dict.fromkeys(term for term in template.split() if term.startswith("?")))
    select = f"SELECT DISTINCT {derived} WHERE {{ {where} }}"
    return f"{_PREFIXES}INSERT {{ GRAPH <{target}> {{ {template} }} }} WHERE {{ {select} }}"


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
# What _is_useful keeps, as the FILTER of the triples to drop from the inferred graph.
_USELESS = " || ".join(
    (
        "isBlank(?s) || isBlank(?o)",
        f"?p IN ({', '.join(p.n3() for p in sorted(_TRIVIAL_PREDICATES))})",
        f"(?p = rdf:type && ?o IN ({', '.join(o.n3() for o in sorted(_TRIVIAL_OBJECTS))}))",
        "(?p IN (rdfs:subClassOf, rdfs:subPropertyOf) && (sameTerm(?s, ?o) || ?o = owl:Thing || ?s = owl:Nothing))",
        "(?p IN (rdfs:domain, rdfs:range) && ?o = owl:Thing)",
    )
)


class UnsupportedAxiom(ValueError):
    """The ontology states an axiom whose entailments the build does not compute."""


def _chain_rules(store: ox.Store) -> list[_Rule]:
    """prp-spo2: one rule per owl:propertyChainAxiom of the ontology."""
    axioms = constructed(
        store,
        f"{_PREFIXES}CONSTRUCT {{ ?prop owl:propertyChainAxiom ?list . ?m rdf:first ?x ; rdf:rest ?n }}"
        " WHERE { ?prop owl:propertyChainAxiom ?list . ?list rdf:rest* ?m . ?m rdf:first ?x ; rdf:rest ?n }",
    )
    rules = []
    for prop, chain in sorted(axioms.subject_objects(OWL.propertyChainAxiom)):
        steps = list(Collection(axioms, chain))
        if not steps or not all(isinstance(step, URIRef) for step in steps):
            raise UnsupportedAxiom(f"the property chain of {prop.n3()} has a step that is not a named property")
        patterns = tuple(f"?u{i} {step.n3()} ?u{i + 1}" for i, step in enumerate(steps))
        rules.append((f"?u0 {prop.n3()} ?u{len(steps)}", patterns, ""))
    return rules


def _refuse_unsupported(store: ox.Store) -> None:
    def stated(query: str) -> set[str]:
        solutions = union_query(store, query)
        assert isinstance(solutions, ox.QuerySolutions)
        return {row[0].value for row in solutions}

    values = " ".join(p.n3() for p in _UNSUPPORTED_PREDICATES)
    found = stated(f"SELECT DISTINCT ?p WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}")
    for predicate in _UNSUPPORTED_PREDICATES:
        if str(predicate) in found:
            raise UnsupportedAxiom(f"the data states {predicate.n3()} axioms, whose entailments are not computed")
    values = " ".join(k.n3() for k in _UNSUPPORTED_TYPES)
    found = stated(f"SELECT DISTINCT ?k WHERE {{ VALUES ?k {{ {values} }} ?s a ?k }}")
    for kind in _UNSUPPORTED_TYPES:
        if str(kind) in found:
            raise UnsupportedAxiom(f"the data declares a {kind.n3()}, whose entailments are not computed")


def _count(store: ox.Store, graph: str) -> int:
    solutions = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    count = next(iter(solutions))[0]
    assert isinstance(count, ox.Literal)
    return int(count.value)


def _types_feed_properties(store: ox.Store) -> bool:
    """Whether rdf:type takes part in a property axiom (then a type can derive more than types)."""
    result = union_query(
        store,
        f"""{_PREFIXES}ASK {{
            {{ VALUES ?axiom {{ rdfs:subPropertyOf owl:inverseOf }} ?p ?axiom rdf:type }}
            UNION {{ VALUES ?axiom {{ rdfs:subPropertyOf owl:inverseOf rdfs:domain rdfs:range }} rdf:type ?axiom ?o }}
            UNION {{ VALUES ?kind {{ owl:TransitiveProperty owl:SymmetricProperty }} rdf:type a ?kind }}
            UNION {{ ?p owl:propertyChainAxiom/rdf:rest*/rdf:first rdf:type }}
        }}""",
    )
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


def infer_into(store: ox.Store) -> int:
    """Write the new, useful triples the OWL 2 RL rules of the axioms add to the union of the store's
    named graphs into the inferred graph (replacing it), and return how many there are.

    The rules read every named graph (the asserted ones and what they derived so far) and write
    into the inferred graph, to the fixpoint; then the triples some graph already asserts and
    those that say nothing (`_is_useful`) are taken out of it.
    """
    inferred = str(GRAPH_INFERRED)
    if store.contains_named_graph(ox.NamedNode(inferred)):
        store.remove_graph(ox.NamedNode(inferred))
    _refuse_unsupported(store)
    rules = [r for name, r in _RULES.items() if name not in _TYPING] + _chain_rules(store)
    typing = [_RULES[name] for name in _TYPING]
    if _types_feed_properties(store):  # then types are premises of other rules: all to the fixpoint
        rules, typing = rules + typing, []
    size = -1
    while (now := _count(store, inferred)) != size:  # to the fixpoint: a round that derives nothing new
        size = now
        for rule in rules:
            store.update(_update(rule, inferred))
    # Types are premises of cax-sco only, which comes last, and the subclass axioms are closed
    # by now: one pass each reaches the fixpoint (the costliest rules, run once instead of per round).
    for rule in typing:
        store.update(_update(rule, inferred))
    store.update(
        f"{_PREFIXES}DELETE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} }}"
        f" WHERE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} FILTER ({_USELESS}) }}"
    )
    store.update(
        f"DELETE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{inferred}> {{ ?s ?p ?o }}"
        f" GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{inferred}>) }}"
    )
    return _count(store, inferred)


def entailments(graph: Graph) -> Graph:
    """The new, useful triples the OWL 2 RL rules of the ontology's axioms add to `graph`."""
    return infer([graph])


def infer(graphs: Iterable[Graph]) -> Graph:
    """The entailments of the union of `graphs`, as an rdflib graph (the build itself uses infer_into)."""
    store = ox.Store()
    for g in graphs:
        add_graph(store, _INPUT, g)
    infer_into(store)
    return graph_of(store, GRAPH_INFERRED)
