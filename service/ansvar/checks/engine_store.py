"""Running the shapes on the store: the SPARQL-only rules (rule_catalogue.StoreShape) and the
SHACL Core shapes (shacl_core.ShapeCompiler), one query per constraint for all focus nodes,
each result read as a finding as pyshacl would report it."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph
from rdflib.namespace import SH

from ..rule_catalogue import SparqlConstraint, StoreShape, as_of_literal
from ..shacl_core import ShapeCompiler, stated_texts
from .engine_pyshacl import findings_from_results, pyshacl_findings
from .report import Finding
from .sources import CheckData

__all__ = ["compiled_core_findings", "store_findings"]

_Row = dict[str, dict[str, str]]


def store_findings(data: CheckData, as_of: dt.date, skip: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings of every store shape of the data's catalogue as of `as_of`, but those in `skip` (IRIs)."""
    literal = as_of_literal(as_of).n3()  # a date object's canonical form, never user text
    findings = []
    for shape in data.catalogue.store_shapes:
        if str(shape.iri) in skip:
            continue
        for query, constraint in shape.queries(literal):
            findings += [_finding(data, shape, constraint, row) for row in data.select(query) if "this" in row]
    return findings


def _finding(data: CheckData, shape: StoreShape, constraint: SparqlConstraint, row: _Row) -> Finding:
    # SHACL-SPARQL (5.3.2): sh:value is ?value when bound, else the focus node.
    value = row.get("value") or row["this"]
    path = row.get("path")
    messages = constraint.filled(row)
    return Finding(
        rule=data.catalogue.rule_of(shape.iri),
        severity=shape.severity,
        focus=_binding_text(row["this"]),
        message=messages or {"en": "constraint not met"},
        path=path["value"] if path and path["type"] == "uri" else None,
        value=_binding_text(value) if value else None,
        value_is_node=bool(value) and value["type"] in ("uri", "bnode"),
        component=str(SH.SPARQLConstraintComponent),
    )


def _binding_text(term: dict[str, str]) -> str:
    return f"_:{term['value']}" if term["type"] == "bnode" else term["value"]


def compiled_core_findings(data: CheckData) -> list[Finding]:
    """The SHACL Core shapes' findings, from their compiled queries (pyshacl runs what is not compiled).

    They run on the data's pyoxigraph store (a local copy for a remote store), so the
    queries meet the engine they are proved on."""
    catalogue = data.catalogue
    compiler = ShapeCompiler(catalogue.core_shapes(), catalogue.target_query)
    select = data.select
    graph = data.graph_if_made()
    results = compiler.report(select, graph if graph is not None else Graph())
    findings = findings_from_results(results, catalogue, graph if graph is not None else stated_texts(results, select))
    if compiler.leftover:
        findings += pyshacl_findings(data.graph, compiler.without_compiled(), catalogue, None)
    return findings
