"""Stage 3 of the build: SHACL validation with pyshacl, as a readable report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

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
    conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",  # the build already added the owlrl entailments
        advanced=True,  # SHACL-SPARQL and SHACL-AF for the gap rules
        allow_warnings=True,
    )
    return ValidationReport(conforms, _findings(results, file_of_subject or {}), results)


def _findings(results: Graph, file_of_subject: dict[str, Path]) -> list[Finding]:
    found = []
    # Top-level results only; nested sh:detail results repeat them for the value node.
    for result in results.objects(None, SH.result):
        sev = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        shape = results.value(result, SH.sourceShape)
        file = file_of_subject.get(str(focus))
        found.append(
            Finding(
                severity=SEVERITY_NAME.get(sev, str(sev)),
                focus=str(focus),
                path=str(path) if isinstance(path, URIRef) else None,
                value=value.n3() if value is not None else None,
                message="; ".join(messages) or "constraint not met",
                shape=str(shape) if isinstance(shape, URIRef) else None,
                file=str(file) if file else None,
            )
        )
    found.sort(key=lambda f: (-_rank(f.severity), f.file or "", f.focus, f.path or ""))
    return found


def _rank(severity: str) -> int:
    return {"info": 0, "warning": 1, "violation": 2}.get(severity, 3)
