"""A node shape that mixes a SPARQL constraint with core ones is compiled when joining its SELECT
with the focus nodes is pre-binding $this; otherwise the shape stays with pyshacl."""

from __future__ import annotations

from ansvar.rule_catalogue import RuleCatalogue
from ansvar.shacl_core import ShapeCompiler, selector, store_of
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

EX = "http://example.org/"
DATA = f"""
@prefix ex: <{EX}> .
ex:lonely a ex:Duty ; ex:kind ex:k .
ex:held a ex:Duty ; ex:kind ex:k .
ex:holder ex:duty ex:held .
"""


def _shape(name: str, select: str, message: str = "no holder") -> str:
    return f"""
ex:{name} a sh:NodeShape ; sh:targetClass ex:Duty ;
    sh:property [ sh:path ex:kind ; sh:minCount 1 ] ;
    sh:sparql [ sh:prefixes ex:prefixes ; sh:message "{message}"@en , "ingen innehavare"@sv ;
        sh:select \"\"\"{select}\"\"\" ] .
"""


def _compiler(*shapes: str) -> ShapeCompiler:
    text = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <{EX}> .
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "{EX}"^^xsd:anyURI ] .
{"".join(shapes)}
"""
    graph = Graph().parse(data=text, format="turtle")
    return ShapeCompiler(graph, RuleCatalogue(graph).target_query)


BOUND = "SELECT $this WHERE { $this a ex:Duty . FILTER NOT EXISTS { ?h ex:duty $this } }"


def test_a_select_that_binds_this_is_compiled_with_its_own_messages() -> None:
    compiler = _compiler(_shape("bound", BOUND))
    assert compiler.leftover == set()
    data = Graph().parse(data=DATA, format="turtle")
    report = compiler.report(selector(store_of(data)), data)
    sparql = [r for r in report.subjects(SH.sourceConstraintComponent, SH.SPARQLConstraintComponent)]
    assert [report.value(r, SH.focusNode) for r in sparql] == [URIRef(EX + "lonely")]
    assert report.value(sparql[0], SH.value) == URIRef(EX + "lonely")  # SHACL 5.3.2: the focus node
    assert set(report.objects(sparql[0], SH.resultMessage)) == {
        Literal("no holder", lang="en"),
        Literal("ingen innehavare", lang="sv"),
    }


def test_a_select_that_only_filters_stays_with_pyshacl() -> None:
    # As a sub-select its $this would be unbound: only pre-binding gives it the focus node.
    only_filters = "SELECT $this WHERE { FILTER NOT EXISTS { ?h ex:duty $this } }"
    assert _compiler(_shape("filters", only_filters)).leftover == {URIRef(EX + "filters")}


def test_a_select_binding_this_only_in_an_optional_or_union_stays_with_pyshacl() -> None:
    optional = "SELECT $this WHERE { OPTIONAL { $this a ex:Duty } }"
    union = "SELECT $this WHERE { { $this a ex:Duty } UNION { ?x ex:duty $this } }"
    compiler = _compiler(_shape("optional", optional), _shape("union", union))
    assert compiler.leftover == {URIRef(EX + "optional"), URIRef(EX + "union")}


def test_other_result_variables_and_message_templates_stay_with_pyshacl() -> None:
    other = "SELECT $this ?h WHERE { $this a ex:Duty . ?h ex:duty $this }"
    compiler = _compiler(_shape("other", other), _shape("template", BOUND, message="{$this} has no holder"))
    assert compiler.leftover == {URIRef(EX + "other"), URIRef(EX + "template")}
