"""What shapes read of the data (shape_reads.py): pyshacl on that part reports what it reports on all of it."""

from __future__ import annotations

import pyoxigraph as ox
from ansvar.dataset_store import constructed, store_of_graphs
from ansvar.shape_reads import reads, reads_query
from ansvar.validate import run_pyshacl
from rdflib import Graph, URIRef

EX = "https://example.org/"
PREFIXES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <{EX}> .
"""
# A node shape with a path, a class constraint and a SPARQL constraint whose patterns are in FILTER NOT EXISTS.
SHAPES = (
    PREFIXES
    + """
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/"^^xsd:anyURI ] .
ex:DutyShape a sh:NodeShape ;
    sh:targetClass ex:Duty ;
    sh:property [ sh:path ex:kind ; sh:minCount 1 ; sh:class ex:Kind ] ;
    sh:sparql [ sh:prefixes ex:prefixes ; sh:message "no holder" ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { ?holder ex:duty/ex:of $this } }" ] .
"""
)
DATA = (
    PREFIXES
    + """
ex:SpecialDuty rdfs:subClassOf ex:Duty .
ex:a a ex:Duty ; ex:kind ex:k1 ; rdfs:label "a" .
ex:b a ex:SpecialDuty ; ex:kind ex:k2 .
ex:k1 a ex:Kind .
ex:k2 a ex:Other .
ex:r ex:duty ex:x . ex:x ex:of ex:a .
ex:unrelated ex:note "nothing the shape reads" ; a ex:Thing .
"""
)


def _graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def _results(data: Graph, shapes: Graph) -> set[tuple[str, str]]:
    _conforms, report = run_pyshacl(data, shapes)
    sh = "http://www.w3.org/ns/shacl#"
    return {
        (str(report.value(r, URIRef(sh + "focusNode"))), str(report.value(r, URIRef(sh + "sourceConstraintComponent"))))
        for r in report.objects(None, URIRef(sh + "result"))
    }


def test_the_part_read_gives_pyshacl_the_same_results_as_the_whole_data():
    shapes, data = _graph(SHAPES), _graph(DATA)
    what = reads(shapes, [URIRef(EX + "DutyShape")])
    assert what is not None
    assert {URIRef(EX + p) for p in ("kind", "duty", "of")} <= what.predicates
    assert what.classes == {URIRef(EX + "Duty"), URIRef(EX + "Kind")}
    store = store_of_graphs({URIRef(EX + "g"): data})
    part = constructed(store, reads_query(what))
    assert len(part) < len(data)
    assert not list(part.triples((URIRef(EX + "unrelated"), None, None)))
    # ex:b is a Duty through its subclass; it lacks a holder and its kind is no ex:Kind
    expected = _results(data, shapes)
    assert {focus for focus, _ in expected} == {EX + "b"}
    assert _results(part, shapes) == expected


def test_a_shape_that_may_read_anything_needs_the_whole_data():
    closed = _graph(PREFIXES + "ex:S sh:targetClass ex:Duty ; sh:closed true ; sh:property [ sh:path ex:kind ] .")
    assert reads(closed, [URIRef(EX + "S")]) is None
    any_predicate = _graph(
        PREFIXES + 'ex:S sh:targetClass ex:Duty ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] .'
    )
    assert reads(any_predicate, [URIRef(EX + "S")]) is None


def test_the_query_reads_the_union_of_the_named_graphs():
    store = ox.Store()
    for graph in ("g1", "g2"):
        store.add(
            ox.Quad(
                ox.NamedNode(EX + graph), ox.NamedNode(EX + "kind"), ox.NamedNode(EX + "k"), ox.NamedNode(EX + graph)
            )
        )
    what = reads(_graph(SHAPES), [URIRef(EX + "DutyShape")])
    assert what is not None
    assert len(constructed(store, reads_query(what))) == 2
