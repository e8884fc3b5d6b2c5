"""The build's gate: the shapes of shapes/ on the built data, with the project's own
SPARQL-only shapes evaluated on a pyoxigraph store.

pyshacl evaluates a SPARQL constraint once per focus node on rdflib's engine (10-20 ms
each, thousands of focus nodes for the integrity shapes: minutes per build); the store
evaluates each constraint once for all focus nodes, as `ansvar check` does. pyshacl runs
the rest (SHACL Core). tests/test_integrity_shapes.py checks that both report the same on
every fixture. The report graph holds pyshacl's results only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from .rule_catalogue import ASH, RuleCatalogue, StoreShape, as_of_literal
from .validate import ValidationLine, ValidationReport, run_shacl, severity_rank

__all__ = ["run_gate"]


def run_gate(data: Graph, shapes: Graph, file_of_subject: dict[str, Path] | None = None) -> ValidationReport:
    """Validate `data` (read only) with `shapes`; each result names the file that states its focus node."""
    files = file_of_subject or {}
    catalogue = RuleCatalogue(shapes)
    on_store = [s for s in catalogue.store_shapes if str(s.iri).startswith(ASH)]
    if not on_store:
        return run_shacl(data, shapes, files)
    core = run_shacl(data, catalogue.core_shapes(), files)
    found = _store_findings(data, on_store, catalogue, files)
    lines = sorted(
        core.findings + found, key=lambda f: (-severity_rank(f.severity), f.file or "", f.focus, f.path or "")
    )
    conforms = core.conforms and not any(f.severity == "violation" for f in found)
    return ValidationReport(conforms, lines, core.graph)


def _store_findings(
    data: Graph, shapes: list[StoreShape], catalogue: RuleCatalogue, files: dict[str, Path]
) -> list[ValidationLine]:
    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    today = as_of_literal(dt.date.today()).n3()
    found: dict[tuple, ValidationLine] = {}
    for shape in shapes:
        rule = catalogue.rule_of(shape.iri)
        for query, constraint in shape.queries(today):
            solutions = store.query(query)
            assert isinstance(solutions, ox.QuerySolutions)  # every constraint is a SELECT
            body = solutions.serialize(format=ox.QueryResultsFormat.JSON)
            assert body is not None  # serialize() without an output returns the bytes
            for row in json.loads(body)["results"]["bindings"]:
                if "this" not in row:
                    continue
                value = row.get("value") or row["this"]  # SHACL-SPARQL 5.3.2: else the focus node
                path = row.get("path")
                focus = row["this"]["value"]
                file = files.get(focus)
                messages = sorted(_fill(t, row) for t in constraint.messages.values())
                line = ValidationLine(
                    severity=shape.severity,
                    focus=focus,
                    path=path["value"] if path and path["type"] == "uri" else None,
                    value=_term(value),
                    message="; ".join(messages) or "constraint not met",
                    shape=rule.iri,
                    file=str(file) if file else None,
                )
                found[(line.shape, line.focus, line.path, line.value, line.message)] = line
    return list(found.values())


def _term(binding: dict) -> str:
    """A SPARQL JSON term in N-Triples syntax, as pyshacl's results show values."""
    if binding["type"] == "uri":
        return URIRef(binding["value"]).n3()
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype")).n3()


def _fill(template: str, row: dict) -> str:
    """A sh:message with its {?var} / {$var} placeholders filled from the result row."""
    return re.sub(
        r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: row[m.group(1)]["value"] if m.group(1) in row else "", template
    )
