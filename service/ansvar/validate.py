"""SHACL validation with pyshacl: the one wrapper that runs it, the reader of its
results graph, and the severity order every report uses.

The build's stage 3 (the gate) and the DCAT-AP check read the results as
`ValidationLine`s (what `ansvar build` prints); the check runner (checks/)
reads the same results as findings of its rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

__all__ = [
    "SEVERITIES",
    "SEVERITY_IRI",
    "SEVERITY_OF",
    "ShaclResult",
    "ShapesInvalid",
    "ValidationLine",
    "ValidationReport",
    "report_graph",
    "result_lines",
    "run_pyshacl",
    "run_shacl",
    "severity_name",
    "severity_rank",
    "shacl_results",
]

SEVERITIES = ("info", "warning", "violation")  # lowest first
SEVERITY_OF = {SH.Info: "info", SH.Warning: "warning", SH.Violation: "violation"}
SEVERITY_IRI = {name: iri for iri, name in SEVERITY_OF.items()}


def severity_name(node: Node | None, default: str = "violation") -> str:
    """The name (info, warning, violation) of a SHACL severity IRI; `default` for none or another node."""
    return SEVERITY_OF.get(node, default) if isinstance(node, URIRef) else default


def severity_rank(name: str) -> int:
    """0 for info … 2 for violation; a name outside SEVERITIES ranks above them all."""
    return SEVERITIES.index(name) if name in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class ValidationLine:
    """One result of a validation, as `ansvar build` prints it when it refuses the data."""

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
    findings: list[ValidationLine]
    graph: Graph

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def violations(self) -> list[ValidationLine]:
        return [f for f in self.findings if f.severity == "violation"]


class ShapesInvalid(Exception):
    """pyshacl could not run the shapes (e.g. a SHACL-SPARQL query the specification forbids)."""


def run_pyshacl(data: Graph, shapes: Graph, *, inplace: bool = True) -> tuple[bool, Graph]:
    """pyshacl on `data` without inference (the build already added owlrl's entailments), with
    SHACL-SPARQL and SHACL-AF, warnings allowed. `inplace` spares the copy when no shape writes."""
    conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=inplace
    )
    return bool(conforms), report_graph(results)


def run_shacl(data: Graph, shapes: Graph, file_of_subject: dict[str, Path] | None = None) -> ValidationReport:
    """Validate `data` (read only) and report each result with the file that states its focus node."""
    conforms, results = run_pyshacl(data, shapes)
    return ValidationReport(conforms, result_lines(results, data, file_of_subject or {}), results)


def report_graph(results: object) -> Graph:
    """pyshacl's results graph; pyshacl returns a ValidationFailure instead when a shape cannot run."""
    if not isinstance(results, Graph):
        raise ShapesInvalid(f"the shapes cannot be run: {results}")
    return results


@dataclass(frozen=True)
class ShaclResult:
    """The nodes of one top-level sh:ValidationResult, as pyshacl wrote them."""

    severity: Node | None
    focus: Node | None
    path: Node | None
    value: Node | None
    messages: tuple[Node, ...]
    shape: Node | None
    component: Node | None


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


def result_lines(results: Graph, data: Graph, file_of_subject: dict[str, Path]) -> list[ValidationLine]:
    """Each top-level result of a SHACL report as a line, with the file that states its focus node."""
    found = []
    for result in shacl_results(results, data):
        file = file_of_subject.get(str(result.focus))
        found.append(
            ValidationLine(
                severity=severity_name(result.severity, str(result.severity)),
                focus=str(result.focus),
                path=str(result.path) if isinstance(result.path, URIRef) else None,
                value=result.value.n3() if result.value is not None else None,
                message="; ".join(sorted(str(m) for m in result.messages)) or "constraint not met",
                shape=str(result.shape) if isinstance(result.shape, URIRef) else None,
                file=str(file) if file else None,
            )
        )
    found.sort(key=lambda f: (-severity_rank(f.severity), f.file or "", f.focus, f.path or ""))
    return found
