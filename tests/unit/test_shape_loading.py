"""load.load_shapes reads the shapes of shapes/ (not the DCAT-AP copy) into one graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansvar.load import DCAT_AP_SHAPES_DIR, LoadError, load_shapes
from ansvar.paths import ProjectPaths
from rdflib import URIRef
from rdflib.namespace import SH

SHAPE = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
ex:{name} a sh:NodeShape ; sh:targetClass ex:Thing .
"""


def project(tmp_path: Path) -> ProjectPaths:
    for sub in ("ontology", "data", "queries", f"shapes/{DCAT_AP_SHAPES_DIR}"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
    return ProjectPaths(tmp_path)


def test_the_shapes_of_shapes_dir_without_dcat_ap(tmp_path: Path) -> None:
    paths = project(tmp_path)
    (paths.shapes / "a.ttl").write_text(SHAPE.format(name="A"), encoding="utf-8")
    (paths.shapes / "b.ttl").write_text(SHAPE.format(name="B"), encoding="utf-8")
    (paths.shapes / DCAT_AP_SHAPES_DIR / "dcat.ttl").write_text(SHAPE.format(name="Dcat"), encoding="utf-8")
    shapes = load_shapes(paths)
    assert set(shapes.subjects(SH.targetClass, None)) == {URIRef("urn:ex:A"), URIRef("urn:ex:B")}


def test_broken_turtle_names_file_and_line(tmp_path: Path) -> None:
    paths = project(tmp_path)
    (paths.shapes / "broken.ttl").write_text(SHAPE.format(name="A") + "ex:B a \n", encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_shapes(paths)
    assert err.value.path.name == "broken.ttl" and "broken.ttl" in str(err.value)
