"""The inference stage: owlrl's entailments, in their own graph, and what queries rely on."""

from __future__ import annotations

from ansvar.infer import _is_useful, owlrl_entailments, reasoner_input
from ansvar.namespaces import ANS, GRAPH_INFERRED, ID, ORG
from conftest import ROOT
from rdflib import Graph, URIRef
from rdflib.namespace import RDF


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


def test_inferred_triples_live_in_their_own_graph(built):
    asserted = set()
    for _name, g in built.loaded.graphs.items():
        asserted.update(g)
    inferred = set(built.inferred)
    assert inferred and not (inferred & asserted)
    assert all(_is_useful(*t) for t in inferred)
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
