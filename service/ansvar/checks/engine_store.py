"""Running the SPARQL-only rules on the store: one query per constraint for all focus nodes
(rule_catalogue.StoreShape), each row read as a finding as SHACL-SPARQL would report it."""

from __future__ import annotations

import datetime as dt
import re

from rdflib.namespace import SH

from ..rule_catalogue import SparqlConstraint, StoreShape, as_of_literal
from .report import Finding
from .sources import CheckData

__all__ = ["store_findings"]

_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
_Row = dict[str, dict[str, str]]


def store_findings(data: CheckData, as_of: dt.date) -> list[Finding]:
    """The findings of every store shape of the data's catalogue, as of `as_of`."""
    literal = as_of_literal(as_of).n3()  # a date object's canonical form, never user text
    findings = []
    for shape in data.catalogue.store_shapes:
        for query, constraint in shape.queries(literal):
            findings += [_finding(data, shape, constraint, row) for row in data.select(query) if "this" in row]
    return findings


def _finding(data: CheckData, shape: StoreShape, constraint: SparqlConstraint, row: _Row) -> Finding:
    # SHACL-SPARQL (5.3.2): sh:value is ?value when bound, else the focus node.
    value = row.get("value") or row["this"]
    path = row.get("path")
    messages = {lang: _fill(template, row) for lang, template in constraint.messages.items()}
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


def _fill(template: str, row: _Row) -> str:
    """SHACL-SPARQL message templates: {?var} and {$var} take the row's value (lexical form)."""
    return _PLACEHOLDER.sub(lambda m: row[m.group(1)]["value"] if m.group(1) in row else "", template)
