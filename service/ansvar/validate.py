"""Stage 3 of the build: SHACL validation with pyshacl, as a readable report."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor


# pyshacl gives rdflib the text of a SPARQL constraint once per focus node, and
# rdflib parses it every time: 20-80 ms for a constraint of shapes/integrity.ttl
# against 1-12 ms to evaluate it, so the gate spent most of its time parsing the
# same few texts. Here a query text is parsed and translated once and its algebra
# reused (a prepared query, as rdflib's own prepareQuery makes); evaluation is
# rdflib's, unchanged.
@lru_cache(maxsize=512)
def _translated(text: str, base, namespaces: frozenset):
    return translateQuery(parseQuery(text), base, dict(namespaces))


def _query_parsed_once(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
    if isinstance(strOrQuery, str):
        strOrQuery = _translated(strOrQuery, base, frozenset((initNs or {}).items()))
    return _evaluate(self, strOrQuery, initBindings, initNs, base, DEBUG)


if getattr(SPARQLProcessor.query, "__name__", "") != "_query_parsed_once":
    _evaluate = SPARQLProcessor.query
    SPARQLProcessor.query = _query_parsed_once

SEVERITY_ORDER = {SH.Info: 0, SH.Warning: 1, SH.Violation: 2}
SEVERITY_NAME = {SH.Info: "info", SH.Warning: "warning", SH.Violation: "violation"}


@dataclass(frozen=True)
class Finding:
    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    file: str | None

    def line(self) -> str:
        parts = [f"[{self.severity}]"]
        if self.file:
            parts.append(self.file)
        parts.append(f"focus <{self.focus}>")
        if self.path:
            parts.append(f"path <{self.path}>")
        if self.value:
            parts.append(f"value {self.value}")
        return " ".join(parts) + f": {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    findings: list[Finding]
    graph: Graph

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]


def run_shacl(data: Graph, shapes: Graph, file_of_subject: dict[str, Path] | None = None) -> ValidationReport:
    """pyshacl on `data`; the project's own SPARQL-only shapes run on a pyoxigraph store instead.

    pyshacl evaluates a SPARQL constraint once per focus node on rdflib's engine
    (10-20 ms each, thousands of focus nodes for the integrity shapes); the store
    evaluates each constraint once for all focus nodes, as `ansvar check` does
    (rules.StoreShape). tests/test_integrity_shapes.py checks that both report the
    same on every fixture. The report graph holds pyshacl's results only."""
    from .rules import ASH, RuleCatalogue

    catalogue = RuleCatalogue(shapes)
    on_store = [s for s in catalogue.store_shapes if str(s.iri).startswith(ASH)]
    if on_store:
        shapes = _without_shapes(shapes, {s.iri for s in on_store})
    conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",  # the build already added the owlrl entailments
        advanced=True,  # SHACL-SPARQL and SHACL-AF for the gap rules
        allow_warnings=True,
        inplace=True,  # no inference and no rules: pyshacl reads the data only, so it need not copy it
    )
    results = report_graph(results)
    findings = _findings(results, data, file_of_subject or {})
    if on_store:
        found = _store_findings(data, on_store, catalogue, file_of_subject or {})
        conforms = conforms and not any(f.severity == "violation" for f in found)
        findings = sorted(findings + found, key=lambda f: (-_rank(f.severity), f.file or "", f.focus, f.path or ""))
    return ValidationReport(conforms, findings, results)


def _without_shapes(shapes: Graph, drop: set) -> Graph:
    from .rules import _without

    return _without(shapes, drop)


def _store_findings(data: Graph, shapes, catalogue, file_of_subject: dict[str, Path]) -> list[Finding]:
    import datetime as dt
    import json

    import pyoxigraph as ox

    from .rules import as_of_literal

    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    today = as_of_literal(dt.date.today()).n3()
    found = []
    for shape in shapes:
        rule = catalogue.rule_of(shape.iri)
        for query, constraint in shape.queries(today):
            rows = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))["results"]["bindings"]
            for row in rows:
                if "this" not in row:
                    continue
                value = row.get("value") or row["this"]  # SHACL-SPARQL 5.3.2: else the focus node
                path = row.get("path")
                focus = row["this"]["value"]
                file = file_of_subject.get(focus)
                messages = [_fill(template, row) for template in constraint.messages.values()]
                found.append(Finding(
                    severity=shape.severity,
                    focus=focus,
                    path=path["value"] if path and path["type"] == "uri" else None,
                    value=_term(value),
                    message="; ".join(sorted(messages)) or "constraint not met",
                    shape=rule.iri,
                    file=str(file) if file else None,
                ))
    return list({(f.shape, f.focus, f.path, f.value, f.message): f for f in found}.values())


def _term(binding: dict) -> str:
    if binding["type"] == "uri":
        return URIRef(binding["value"]).n3()
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    return Literal(binding["value"], lang=binding.get("xml:lang"),
                   datatype=binding.get("datatype")).n3()


def _fill(template: str, row: dict) -> str:
    import re

    return re.sub(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: row[m.group(1)]["value"] if m.group(1) in row else "",
                  template)


class ShapesInvalid(Exception):
    """pyshacl could not run the shapes (e.g. a SHACL-SPARQL query the specification forbids)."""


def report_graph(results) -> Graph:
    """pyshacl's results graph; pyshacl returns a ValidationFailure instead when a shape cannot run."""
    if not isinstance(results, Graph):
        raise ShapesInvalid(f"the shapes cannot be run: {results}")
    return results


@dataclass(frozen=True)
class ShaclResult:
    """The nodes of one top-level sh:ValidationResult, as pyshacl wrote them."""

    severity: URIRef | None
    focus: object
    path: object
    value: object
    messages: tuple[Literal, ...]
    shape: object
    component: object


def shacl_results(results: Graph, data: Graph | None = None) -> list[ShaclResult]:
    """Top-level results only: pyshacl also writes the results of nested shapes
    (sh:node, sh:or …) as sh:detail, which repeat them for the value node.

    A shape that targets texts (sh:targetObjectsOf) reports a literal as its focus
    node; with `data` given, such a result is reported for each resource that
    states the text, with the property as path and the text as value, since a
    literal alone does not say where to look."""
    found = []
    for result in results.objects(None, SH.result):
        one = ShaclResult(
            severity=results.value(result, SH.resultSeverity),
            focus=results.value(result, SH.focusNode),
            path=results.value(result, SH.resultPath),
            value=results.value(result, SH.value),
            messages=tuple(results.objects(result, SH.resultMessage)),
            shape=results.value(result, SH.sourceShape),
            component=results.value(result, SH.sourceConstraintComponent),
        )
        if data is not None and isinstance(one.focus, Literal):
            stated = sorted(data.subject_predicates(one.focus))
            if stated:
                found += [replace(one, focus=s, path=p, value=one.focus) for s, p in stated]
                continue
        found.append(one)
    return found


def _findings(results: Graph, data: Graph, file_of_subject: dict[str, Path]) -> list[Finding]:
    found = []
    for result in shacl_results(results, data):
        file = file_of_subject.get(str(result.focus))
        found.append(
            Finding(
                severity=SEVERITY_NAME.get(result.severity, str(result.severity)),
                focus=str(result.focus),
                path=str(result.path) if isinstance(result.path, URIRef) else None,
                value=result.value.n3() if result.value is not None else None,
                message="; ".join(sorted(str(m) for m in result.messages)) or "constraint not met",
                shape=str(result.shape) if isinstance(result.shape, URIRef) else None,
                file=str(file) if file else None,
            )
        )
    found.sort(key=lambda f: (-_rank(f.severity), f.file or "", f.focus, f.path or ""))
    return found


def _rank(severity: str) -> int:
    return {"info": 0, "warning": 1, "violation": 2}.get(severity, 3)
