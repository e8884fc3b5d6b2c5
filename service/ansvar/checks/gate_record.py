"""What the build's gate found, kept in the generation it built (gate.json), so that a check run
on that generation later (`ansvar check --store-dir`, /checks) does not evaluate again what the
gate already did: the core shapes' findings, and the Violation store shapes that found nothing.

The record holds for the generation's data (never written to after its commit) and for the
shapes the gate ran, named by the SHA-256 of their RDFC-1.0 canonical form. A check with other
shapes, a record that cannot be read, or a rule it names that the shapes do not have: no record,
and the check evaluates everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from ..rule_catalogue import RuleCatalogue
from .report import Finding

__all__ = ["CORE", "FOUND_NONE", "read_gate_record", "shapes_digest", "write_gate_record"]

CORE = "core findings"  # the CheckData key of the core shapes' findings
# The CheckData key of the store shapes whose findings are known to be none on any date
# (the build's gate ran them and found nothing), so a run does not evaluate them again.
FOUND_NONE = "store shapes without findings"
_VERSION = 1


def shapes_digest(shapes: Graph) -> str:
    """The SHA-256 of the shapes graph in RDFC-1.0 canonical form: the same for the same graph,
    whatever its files, their order or its blank node labels."""
    triples = ox.parse(shapes.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(str(quad) for quad in dataset)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def write_gate_record(path: Path, shapes: Graph, core: list[Finding] | None, found_none: frozenset[str]) -> None:
    """Write what the gate that ran `shapes` found into `path`, atomically: the core shapes'
    findings, unplaced (None: the gate did not run them all), and the IRIs of the store shapes
    known to find nothing on any date."""
    record = {
        "version": _VERSION,
        "shapes": shapes_digest(shapes),
        "core": None if core is None else [_finding_json(f) for f in core],
        "foundNone": sorted(found_none),
    }
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def read_gate_record(path: Path, shapes: Graph, catalogue: RuleCatalogue) -> dict[str, object]:
    """What the gate found, as CheckData's known values, when `path` records it for these shapes; else {}."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("version") != _VERSION or record.get("shapes") != shapes_digest(shapes):
            return {}
        core = None if record["core"] is None else [_finding(item, catalogue) for item in record["core"]]
        found_none = frozenset(str(iri) for iri in record["foundNone"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
    if not found_none <= {str(shape.iri) for shape in catalogue.store_shapes}:
        return {}
    return {FOUND_NONE: found_none} if core is None else {CORE: core, FOUND_NONE: found_none}


def _finding_json(finding: Finding) -> dict[str, Any]:
    """The fields a finding has before it is placed in its county (placing.py adds the rest)."""
    return {
        "rule": finding.rule.iri,
        "severity": finding.severity,
        "focus": finding.focus,
        "message": finding.message,
        "path": finding.path,
        "value": finding.value,
        "valueIsNode": finding.value_is_node,
        "component": finding.component,
    }


def _finding(item: dict[str, Any], catalogue: RuleCatalogue) -> Finding:
    return Finding(
        rule=catalogue.rules[item["rule"]],  # KeyError: a rule these shapes do not have
        severity=str(item["severity"]),
        focus=str(item["focus"]),
        message={str(k): str(v) for k, v in item["message"].items()},
        path=item["path"],
        value=item["value"],
        value_is_node=bool(item["valueIsNode"]),
        component=item["component"],
    )
