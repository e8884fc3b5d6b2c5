"""The record's validation: the SEMIC DCAT-AP 3.0.1 shapes (base and range, a copy under
shapes/semic-dcat-ap-3.0.1/) and the portal's rules (shapes/dcat-ap-se-portal.ttl)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

from ..load import parse_turtle
from ..validate import ValidationReport, run_shacl

__all__ = ["PORTAL_SHAPES", "SEMIC_SHAPES", "portal_shapes", "record_shapes", "semic_shapes", "validate_record"]

_SHAPES_DIR = Path(__file__).parent / "shapes"
SEMIC_SHAPES = (_SHAPES_DIR / "semic-dcat-ap-3.0.1" / "shapes.ttl", _SHAPES_DIR / "semic-dcat-ap-3.0.1" / "range.ttl")
PORTAL_SHAPES = _SHAPES_DIR / "dcat-ap-se-portal.ttl"


def _read(paths: tuple[Path, ...]) -> Graph:
    shapes = Graph()
    for path in paths:
        shapes += parse_turtle(path)
    return shapes


@cache
def semic_shapes() -> Graph:
    """DCAT-AP 3.0.1's base constraints (shapes.ttl) and class ranges (range.ttl), unchanged."""
    return _read(SEMIC_SHAPES)


@cache
def portal_shapes() -> Graph:
    """Sveriges dataportal's rules for a harvested record (ours)."""
    return _read((PORTAL_SHAPES,))


def record_shapes() -> Graph:
    return semic_shapes() + portal_shapes()


def validate_record(record: Graph) -> ValidationReport:
    """Check the record against DCAT-AP 3.0.1 and the portal's rules; a Violation makes it unpublishable."""
    return run_shacl(record, record_shapes())
