"""Running shapes in pyshacl, and reading its results graph as findings of the rule catalogue.

The core shapes (completeness, personal data) always run here; engine "pyshacl"
runs the gap rules here too, as the reference the store engine is compared with.
"""

from __future__ import annotations

import datetime as dt

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ..rule_catalogue import AS_OF_DATE, CHECK_PARAMETERS, RuleCatalogue, as_of_literal
from ..validate import run_pyshacl, severity_name, shacl_results
from .report import Finding

__all__ = ["findings_from_results", "pyshacl_findings"]


def pyshacl_findings(graph: Graph, shapes: Graph, catalogue: RuleCatalogue, as_of: dt.date | None) -> list[Finding]:
    """`shapes` on `graph`; with `as_of`, the rules read the date from a config triple added for the run."""
    config = (CHECK_PARAMETERS, AS_OF_DATE, as_of_literal(as_of)) if as_of else None
    if config:
        graph.add(config)
    try:
        # Shapes with sh:rule write to the data graph: pyshacl must work on a copy then.
        _conforms, results = run_pyshacl(graph, shapes, inplace=not list(shapes.subjects(SH.rule, None)))
    finally:
        if config:
            graph.remove(config)
    return findings_from_results(results, catalogue, graph)


def findings_from_results(results: Graph, catalogue: RuleCatalogue, data: Graph | None = None) -> list[Finding]:
    """Findings from a pyshacl results graph (sh:ValidationReport) on `data`."""
    findings = []
    for result in shacl_results(results, data):
        messages: dict[str, str] = {}
        for message in result.messages:
            messages.setdefault(getattr(message, "language", None) or "en", str(message))
        value = result.value
        findings.append(
            Finding(
                rule=catalogue.rule_of(result.shape),
                severity=severity_name(result.severity),
                focus=_text(result.focus),
                message=messages or {"en": "constraint not met"},
                path=str(result.path) if isinstance(result.path, URIRef) else None,
                value=_text(value) if value is not None else None,
                value_is_node=value is not None and not isinstance(value, Literal),
                component=str(result.component) if result.component else None,
            )
        )
    return findings


def _text(term: Node | None) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)
