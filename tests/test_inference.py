"""The inference stage: owlrl's entailments, in their own graph, and what queries rely on."""

from __future__ import annotations

import pytest
from ansvar.infer import UnsupportedAxiom, entailments, owlrl_entailments, reasoner_input
from ansvar.namespaces import ANS, GRAPH_INFERRED, GRAPH_SHAPES, ID, ORG
from conftest import ROOT
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD


def _graph(*paths) -> Graph:
    g = Graph()
    for p in paths:
        g.parse(p)
    return g


def test_reduced_input_gives_exactly_owlrl_over_everything():
    # Full owlrl over ontology + one source document, against owlrl over the reduced input.
    g = _graph(*sorted((ROOT / "ontology").glob("*.ttl")), ROOT / "data/sources/blekinge-overenskommelse-2016.ttl")
    everything = owlrl_entailments(g)
    reduced = owlrl_entailments(reasoner_input(g))
    assert len(everything) > 500
    assert set(reduced) == set(everything)


# What owlrl states of the built-in vocabulary whatever the data: the OWL annotation
# properties typed as such, and xsd datatypes disjoint from one another (its datatype axioms).
_BUILT_IN = (str(OWL), str(RDFS), str(RDF), str(XSD))


def test_rules_give_exactly_owlrls_entailments_of_the_shipped_data(built):
    union = Graph()
    for name, graph in built.asserted_graphs().items():
        if name != GRAPH_SHAPES:
            union += graph
    selected = reasoner_input(union)
    ours = set(entailments(selected))
    assert len(ours) > 5000
    assert ours == _owlrl_about_the_data(selected)


def _owlrl_about_the_data(graph: Graph) -> set:
    """owlrl's entailments without those it adds of the built-in vocabulary alone."""
    reference = set(owlrl_entailments(graph))
    built_in = {t for t in reference if str(t[0]).startswith(_BUILT_IN)}
    assert {p for _s, p, _o in built_in} <= {RDF.type, OWL.disjointWith}
    assert {o for _s, p, o in built_in if p == RDF.type} <= {OWL.AnnotationProperty}
    return reference - built_in


def test_rules_follow_the_axioms_they_are_given():
    ex = "https://example.org/"
    g = Graph()
    a, b, c, x, y, z = (URIRef(ex + n) for n in "abcxyz")
    p, q, r, t = (URIRef(ex + n) for n in ("p", "q", "r", "t"))
    g.add((a, RDFS.subClassOf, b))
    g.add((b, RDFS.subClassOf, c))
    g.add((p, RDFS.subPropertyOf, q))
    g.add((q, OWL.inverseOf, r))
    g.add((t, RDF.type, OWL.TransitiveProperty))
    g.add((x, RDF.type, a))
    g.add((x, p, y))
    g.add((x, t, y))
    g.add((y, t, z))
    g.add((x, q, Literal("text")))
    found = set(entailments(g))
    assert {(x, RDF.type, b), (x, RDF.type, c), (a, RDFS.subClassOf, c)} <= found
    assert {(x, q, y), (y, r, x), (x, t, z)} <= found
    assert found == _owlrl_about_the_data(g)


def test_an_axiom_whose_entailments_are_not_computed_is_refused():
    g = Graph()
    g.add((URIRef("https://example.org/a"), OWL.equivalentClass, URIRef("https://example.org/b")))
    with pytest.raises(UnsupportedAxiom, match="equivalentClass"):
        entailments(g)


def test_inferred_triples_live_in_their_own_graph(built):
    asserted = set()
    for _name, g in built.asserted_graphs().items():
        asserted.update(g)
    inferred = set(built.inferred)
    assert inferred and not (inferred & asserted)
    # Nothing the stage is meant to leave out, written out here rather than asked of its own filter:
    # no blank nodes or literal subjects, no owl:sameAs/equivalence, no owl:Thing typing, no
    # reflexive subclass or subproperty triples.
    thing = OWL.Thing
    sub = (RDFS.subClassOf, RDFS.subPropertyOf)
    assert not [t for t in inferred if isinstance(t[0], BNode | Literal) or isinstance(t[2], BNode)]
    assert not [t for t in inferred if t[1] in (OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty)]
    assert not [t for t in inferred if t[1] == RDF.type and t[2] == thing]
    assert not [t for t in inferred if t[1] in sub and (t[0] == t[2] or t[2] == thing)]
    graphs = built.store.named_graphs()
    assert str(GRAPH_INFERRED) in graphs


def test_entailments_queries_rely_on(store):
    agreement = ID["agreement/blekinge-2016-2018"]
    # property chain: agreement -> party record -> party
    assert store.ask(f"ASK {{ <{agreement}> <{ANS.hasParty}> <{ID['org/migrationsverket']}> }}")
    # subclass: a Länsstyrelse is an org:Organization and an ans:Actor
    assert store.ask(f"ASK {{ <{ID['org/lansstyrelsen-10']}> a <{ORG.Organization}>, <{ANS.Actor}> }}")
    # transitive containment: a municipal area lies within Sweden
    assert store.ask(f"ASK {{ <{ID['municipal-area/1082']}> <{ANS.withinTerritory}> <{ID['country/se']}> }}")
    # subproperty: ELI in-force date gives ans:validFrom
    assert store.ask(f"ASK {{ <{ID['statute/sfs-2010-197']}> <{ANS.validFrom}> ?d }}")
    # inverse: the actor side of a responsibility
    assert store.ask(f"ASK {{ <{ID['org/forsakringskassan']}> <{ANS.holdsResponsibility}> ?r }}")


def test_inferred_graph_can_be_queried_alone(store):
    q = f"ASK {{ GRAPH <{GRAPH_INFERRED}> {{ <{ID['agreement/blekinge-2016-2018']}> <{ANS.hasParty}> ?p }} }}"
    assert store.ask(q)
    asserted = ID["responsibility/blekinge-overenskommelse-2016/20"]  # asserted to be an ans:Responsibility
    q = f"ASK {{ GRAPH <{GRAPH_INFERRED}> {{ <{asserted}> <{RDF.type}> <{URIRef(str(ANS) + 'Responsibility')}> }} }}"
    assert not store.ask(q)  # asserted types are not repeated there
