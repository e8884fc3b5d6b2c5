"""load.load_shapes reads the shapes of shapes/, subdirectories included, into one graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansvar.load import LoadError, load_shapes
from ansvar.paths import ProjectPaths
from rdflib import URIRef
from rdflib.namespace import SH

SHAPE = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
ex:{name} a sh:NodeShape ; sh:targetClass ex:Thing .
"""


def project(tmp_path: Path) -> ProjectPaths:
    for sub in ("ontology", "data", "queries", "shapes/extra"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
    return ProjectPaths(tmp_path)


def test_the_shapes_of_shapes_dir_and_its_subdirectories(tmp_path: Path) -> None:
    paths = project(tmp_path)
    (paths.shapes / "a.ttl").write_text(SHAPE.format(name="A"), encoding="utf-8")
    (paths.shapes / "extra" / "b.ttl").write_text(SHAPE.format(name="B"), encoding="utf-8")
    (paths.shapes / "_draft.ttl").write_text(SHAPE.format(name="Draft"), encoding="utf-8")  # _: not loaded
    shapes = load_shapes(paths)
    assert set(shapes.subjects(SH.targetClass, None)) == {URIRef("urn:ex:A"), URIRef("urn:ex:B")}


def test_broken_turtle_names_file_and_line(tmp_path: Path) -> None:
    paths = project(tmp_path)
    (paths.shapes / "broken.ttl").write_text(SHAPE.format(name="A") + "ex:B a \n", encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_shapes(paths)
    assert err.value.path.name == "broken.ttl" and "broken.ttl" in str(err.value)
