"""The build's stage `check` leaves out the store shapes a passed gate has already run."""

from __future__ import annotations

import datetime as dt

from ansvar.checks import CheckData
from ansvar.checks.engine_store import store_findings
from ansvar.checks.stage import gated_without_findings
from ansvar.rule_catalogue import RuleCatalogue
from ansvar.store.embedded import EmbeddedStore
from rdflib import Graph

ASH = "https://w3id.org/ansvar/shapes#"
ANS = "https://w3id.org/ansvar/def#"


def _shape(name: str, severity: str, select: str) -> str:
    return f"""
<{ASH}{name}> a sh:NodeShape ; sh:severity sh:{severity} ; sh:targetClass ans:Thing ;
    sh:sparql [ sh:message "{name}"@en ; sh:select \"\"\"{select}\"\"\" ] .
"""


EVERY_THING = "SELECT $this WHERE { $this a <https://w3id.org/ansvar/def#Thing> }"
AS_OF = (
    "PREFIX ash: <https://w3id.org/ansvar/shapes#>\n"
    "SELECT $this WHERE { $this a <https://w3id.org/ansvar/def#Thing> . ?config ash:asOfDate ?asOf . }"
)
SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ans: <{ANS}> .
{_shape("integrity-any", "Violation", EVERY_THING)}
{_shape("integrity-dated", "Violation", AS_OF)}
{_shape("gap-any", "Warning", EVERY_THING)}
<http://example.org/other> a sh:NodeShape ; sh:targetClass ans:Thing ;
    sh:sparql [ sh:select \"\"\"{EVERY_THING}\"\"\" ] .
"""
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DATA = f"<https://w3id.org/ansvar/id/t> <{RDF_TYPE}> <{ANS}Thing> <https://w3id.org/ansvar/graph/source/t> .\n"


def _shapes() -> Graph:
    return Graph().parse(data=SHAPES, format="turtle")


def test_a_passed_gate_stands_for_the_dateless_violation_shapes_of_shapes_only() -> None:
    catalogue = RuleCatalogue(_shapes())
    assert len(catalogue.store_shapes) == 4
    assert gated_without_findings(catalogue) == {ASH + "integrity-any"}


def test_a_shape_reads_the_as_of_date_through_its_config_line() -> None:
    reads = {str(s.iri): s.reads_as_of for s in RuleCatalogue(_shapes()).store_shapes}
    assert reads[ASH + "integrity-dated"] and not reads[ASH + "integrity-any"]


def test_store_findings_leave_out_the_skipped_shapes() -> None:
    data = CheckData(EmbeddedStore.in_memory(DATA.encode()), _shapes())
    date = dt.date(2024, 6, 30)
    every = {f.rule.iri for f in store_findings(data, date)}
    assert every == {ASH + "integrity-any", ASH + "integrity-dated", ASH + "gap-any", "http://example.org/other"}
    skipped = {f.rule.iri for f in store_findings(data, date, frozenset({ASH + "integrity-any"}))}
    assert skipped == every - {ASH + "integrity-any"}
