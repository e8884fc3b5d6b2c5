"""Stage 3 of the build: SHACL validation with pyshacl, as a readable report."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

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
    conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",  # the build already added the owlrl entailments
        advanced=True,  # SHACL-SPARQL and SHACL-AF for the gap rules
        allow_warnings=True,
        inplace=True,  # no inference and no rules: pyshacl reads the data only, so it need not copy it
    )
    results = report_graph(results)
    return ValidationReport(conforms, _findings(results, data, file_of_subject or {}), results)


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
