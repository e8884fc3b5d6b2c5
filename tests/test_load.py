"""Stage load parses with pyoxigraph and gives the store rdflib's parse would have given.

The reference is the way load worked before: rdflib parses each file and its graph goes
into the store as N-Triples. Both stores are compared graph by graph, quad by quad, on
pyoxigraph's terms (a plain literal and its xsd:string are one term there), after
RDFC-1.0 canonicalisation of the blank nodes (each parser labels them its own way).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from ansvar.load import graph_name_for, load_into_store, load_turtle_into, turtle_files
from ansvar.namespaces import GRAPH_SHAPES
from ansvar.paths import default_paths
from conftest import FIXTURES
from rdflib import Graph

# Every Turtle fixture the tests load, except the one that is broken on purpose.
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.ttl") if p.name != "broken.ttl")


def rdflib_parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def into_store_by_rdflib(store: ox.Store, graph: Graph, name: str) -> None:
    """The reference: rdflib's graph into the store as N-Triples (how load did it before)."""
    if len(graph):
        body = graph.serialize(format="nt", encoding="utf-8")
        store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))


def canonical_graphs(store: ox.Store) -> dict[str, set[ox.Quad]]:
    """Each named graph's quads with canonical blank node labels."""
    graphs: dict[str, set[ox.Quad]] = {}
    for name in store.named_graphs():
        assert isinstance(name, ox.NamedNode)
        dataset = ox.Dataset(store.quads_for_pattern(None, None, None, name))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        graphs[name.value] = set(dataset)
    return graphs


@pytest.fixture(scope="module")
def reference() -> tuple[ox.Store, dict[str, list[Path]], dict[str, Path]]:
    """The shipped data parsed by rdflib into a store, with each graph's files and each IRI's first file."""
    paths = default_paths()
    store, files, first_file = ox.Store(), {}, {}
    for path in turtle_files(paths):
        name = str(graph_name_for(path, paths))
        graph = rdflib_parse(path)
        files.setdefault(name, []).append(path)
        for subject in graph.subjects(unique=True):
            first_file.setdefault(str(subject), path)
        if name != str(GRAPH_SHAPES):
            into_store_by_rdflib(store, graph, name)
    return store, files, first_file


def test_the_shipped_data_loads_into_the_store_rdflib_would_have_made(reference) -> None:
    expected, _, _ = reference
    loaded = load_into_store(default_paths())
    assert loaded.store is not None
    ours, theirs = canonical_graphs(loaded.store), canonical_graphs(expected)
    assert sorted(ours) == sorted(theirs) and len(ours) >= 3  # ontology, reference, the sources
    for name, quads in theirs.items():
        assert quads, name
        assert ours[name] == quads, name
    assert len(loaded.store) == len(expected)


def test_the_files_of_each_graph_and_the_file_of_each_subject_are_rdflibs(reference) -> None:
    _, files, first_file = reference
    loaded = load_into_store(default_paths())
    assert {str(name): paths for name, paths in loaded.files.items()} == files
    assert len(loaded.file_of_subject) == len(first_file)  # blank nodes too: each file's are its own

    def named(subjects: dict[str, Path]) -> dict[str, Path]:  # an IRI has a scheme, a blank node label no colon
        return {s: p for s, p in subjects.items() if ":" in s}

    assert named(loaded.file_of_subject) == named(first_file)
    # A subject of the reference graph asserted in a later file of that graph is named by its own file.
    assert {p.name for p in first_file.values()} >= {"municipalities.ttl", "organisations.ttl"}


def test_the_shapes_stay_an_rdflib_graph_equal_to_rdflibs_parse() -> None:
    paths = default_paths()
    loaded = load_into_store(paths)
    expected = Graph()
    for path in turtle_files(paths):
        if graph_name_for(path, paths) == GRAPH_SHAPES:
            expected += rdflib_parse(path)
    assert len(loaded.shapes) == len(expected) > 100
    assert loaded.store is not None and not loaded.store.contains_named_graph(ox.NamedNode(str(GRAPH_SHAPES)))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_loads_as_rdflib_parses_it(path: Path) -> None:
    name = "https://w3id.org/ansvar/graph/source/fixture"
    ours, theirs = ox.Store(), ox.Store()
    load_turtle_into(ours, path, name)
    into_store_by_rdflib(theirs, rdflib_parse(path), name)
    assert canonical_graphs(ours) == canonical_graphs(theirs)
