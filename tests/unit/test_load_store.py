"""load.load_into_store: pyoxigraph parses each file into its named graph; broken files name file and line."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from ansvar.dataset_store import graph_of
from ansvar.load import LoadError, load_into_store
from ansvar.namespaces import GRAPH_REFERENCE, GRAPH_SHAPES, source_graph
from ansvar.paths import ProjectPaths
from rdflib import Literal, URIRef

PREFIXES = "@prefix ex: <urn:ex:> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
SKOS_NOTATION = URIRef("http://www.w3.org/2004/02/skos/core#notation")


def project(tmp_path: Path, files: dict[str, str]) -> ProjectPaths:
    for sub in ("ontology", "data/reference", "data/sources", "queries", "shapes"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (tmp_path / name).write_text(PREFIXES + body, encoding="utf-8")
    return ProjectPaths(tmp_path)


def test_each_file_goes_into_its_named_graph_and_the_shapes_stay_rdflib(tmp_path: Path) -> None:
    paths = project(
        tmp_path,
        {
            "data/reference/a.ttl": "ex:kommun skos:notation '0180' .\n",
            "data/sources/doc.ttl": "ex:fact skos:note 'x' .\n",
            "shapes/s.ttl": "ex:Shape a <http://www.w3.org/ns/shacl#NodeShape> .\n",
        },
    )
    loaded = load_into_store(paths)
    assert loaded.store is not None
    graphs = {g.value for g in loaded.store.named_graphs() if isinstance(g, ox.NamedNode)}
    assert graphs == {str(GRAPH_REFERENCE), str(source_graph("doc"))}
    assert len(loaded.shapes) == 1 and URIRef("urn:ex:Shape") in set(loaded.shapes.subjects())
    assert loaded.files[GRAPH_SHAPES] == [tmp_path / "shapes/s.ttl"]
    # The trap of DESIGN.md does not arise: an rdflib graph made from the store has the plain literal.
    reference = graph_of(loaded.store, GRAPH_REFERENCE)
    assert (URIRef("urn:ex:kommun"), SKOS_NOTATION, Literal("0180")) in reference


def test_the_file_of_a_subject_is_the_first_file_asserting_it(tmp_path: Path) -> None:
    paths = project(
        tmp_path,
        {
            "data/reference/a.ttl": "ex:x skos:note 'a' .\n",
            "data/reference/b.ttl": "ex:x skos:note 'b' .\nex:y skos:note 'b' .\n",
            "data/sources/doc.ttl": "ex:y skos:note 'doc' .\nex:z skos:note 'doc' .\n[] skos:note 'doc' .\n",
        },
    )
    loaded = load_into_store(paths)
    data = paths.root / "data"
    assert loaded.files[GRAPH_REFERENCE] == [data / "reference/a.ttl", data / "reference/b.ttl"]
    named = {s: p.relative_to(data).as_posix() for s, p in loaded.file_of_subject.items() if s.startswith("urn:")}
    assert named == {"urn:ex:x": "reference/a.ttl", "urn:ex:y": "reference/b.ttl", "urn:ex:z": "sources/doc.ttl"}
    assert len(loaded.file_of_subject) == 4  # and the blank node, named by its file


def test_an_added_file_is_a_source_document_graph_and_relative_iris_resolve_against_it(tmp_path: Path) -> None:
    paths = project(tmp_path, {})
    extra = tmp_path / "elsewhere" / "extra.ttl"
    extra.parent.mkdir()
    extra.write_text("<#it> <urn:ex:p> <other.ttl> .\n", encoding="utf-8")
    loaded = load_into_store(paths, [extra])
    assert loaded.store is not None
    (quad,) = list(loaded.store)
    assert quad.graph_name == ox.NamedNode(str(source_graph("extra")))
    assert quad.subject == ox.NamedNode(extra.resolve().as_uri() + "#it")
    assert quad.object == ox.NamedNode((extra.parent / "other.ttl").resolve().as_uri())


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ("ex:a skos:note 'fine' .\nex:b skos:note 'no dot'\nex:c skos:note 'x' .\n", 5, "dot"),
        ("ex:a skos:note 'fine' .\n\nex:b skos:note 'open .\n", 5, "end of file"),
        ("ex:a skos:note 'fine' .\nex:b nope:p 'x' .\n", 4, "nope:"),
        # rdflib accepts an IRI with a space (and warns); the store could not hold it, so load refuses it.
        ("ex:a skos:note 'fine' .\nex:b skos:related <urn:ex:with space> .\n", 4, "IRI"),
        ("ex:a skos:note 'x'@ .\n", 3, "language"),
    ],
)
def test_broken_turtle_names_file_line_and_what_is_wrong(tmp_path: Path, body: str, line: int, says: str) -> None:
    paths = project(tmp_path, {"data/sources/broken.ttl": body})
    with pytest.raises(LoadError) as err:
        load_into_store(paths)
    assert err.value.path == paths.root / "data/sources/broken.ttl"
    assert err.value.line == line
    assert says.lower() in err.value.message.lower()
    assert str(err.value).startswith(f"{err.value.path}:{line}: ")


def test_a_file_that_is_not_utf8_is_refused_with_its_name(tmp_path: Path) -> None:
    paths = project(tmp_path, {})
    (paths.data / "sources" / "latin1.ttl").write_bytes("<urn:ex:a> <urn:ex:p> 'Jämtland' .\n".encode("latin-1"))
    with pytest.raises(LoadError) as err:
        load_into_store(paths)
    assert err.value.path.name == "latin1.ttl" and err.value.line == 1


def test_a_missing_added_file_is_a_load_error(tmp_path: Path) -> None:
    paths = project(tmp_path, {})
    with pytest.raises(LoadError) as err:
        load_into_store(paths, [tmp_path / "absent.ttl"])
    assert err.value.path.name == "absent.ttl" and err.value.line is None and err.value.message
