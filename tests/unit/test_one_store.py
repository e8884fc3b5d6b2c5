"""The build's one store: inference writes into it (infer_into), the store stage copies it (EmbeddedStore.copy_of)."""

from __future__ import annotations

import pyoxigraph as ox
from ansvar.infer import infer_into
from ansvar.namespaces import GRAPH_INFERRED
from ansvar.store.embedded import EmbeddedStore

EX = "https://example.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUB_CLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
INFERRED = ox.NamedNode(str(GRAPH_INFERRED))


def _n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def _store() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(_n("A"), SUB_CLASS, _n("B"), _n("ontology")))
    store.add(ox.Quad(_n("B"), SUB_CLASS, _n("C"), _n("ontology")))
    store.add(ox.Quad(_n("x"), RDF_TYPE, _n("A"), _n("data")))
    store.add(ox.Quad(_n("x"), RDF_TYPE, _n("C"), _n("other")))  # derivable, but asserted in another graph
    return store


def _inferred(store: ox.Store) -> set[tuple[str, str, str]]:
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in store.quads_for_pattern(None, None, None, INFERRED)
    }


def test_inference_reads_every_graph_and_writes_only_what_none_asserts():
    store = _store()
    assert infer_into(store) == 2
    assert _inferred(store) == {
        (EX + "x", RDF_TYPE.value, EX + "B"),
        (EX + "A", SUB_CLASS.value, EX + "C"),
    }
    # the asserted graphs are untouched
    assert len(list(store.quads_for_pattern(None, None, None, _n("data")))) == 1


def test_inference_replaces_the_inferred_graph_it_made_before():
    store = _store()
    infer_into(store)
    store.remove(ox.Quad(_n("x"), RDF_TYPE, _n("A"), _n("data")))
    assert infer_into(store) == 1
    assert _inferred(store) == {(EX + "A", SUB_CLASS.value, EX + "C")}


def test_the_copy_holds_every_quad_with_its_blank_nodes_and_the_graphs_added(tmp_path):
    source = _store()
    blank = ox.BlankNode("kept")
    source.add(ox.Quad(blank, RDF_TYPE, _n("A"), _n("data")))
    shapes = {EX + "shapes": f"<{EX}s> <{RDF_TYPE.value}> <{EX}Shape> .\n".encode()}
    for store_dir in (None, tmp_path / "store"):
        copy = EmbeddedStore.copy_of(source, store_dir, shapes)
        quads = set(ox.parse(copy.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS))
        assert quads - set(source) == {ox.Quad(_n("s"), RDF_TYPE, _n("Shape"), _n("shapes"))}
        assert set(source) <= quads  # the blank node keeps its label: the same quad
        if store_dir is not None:
            assert copy.generation is not None and not copy.generation.is_current  # staged, not yet current
            copy.discard()
