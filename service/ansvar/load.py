"""Stage 1 of the build: parse every Turtle file into its named graph.

`load_into_store` (the build) has pyoxigraph parse each data file straight into its
named graph of one store: no Python object per triple, no rdflib graph of the data.
pyoxigraph stores a plain literal as xsd:string, as RDF 1.1 says they are one term;
rdflib graphs made from the store get N-Triples, where they stay plain
(dataset_store.py). The shapes are parsed by rdflib, for pyshacl. `load_all` keeps
every named graph as an rdflib graph, for the code that reads rdflib graphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_SHAPES, source_graph
from .paths import ProjectPaths

__all__ = [
    "LoadError",
    "LoadedData",
    "graph_name_for",
    "load_all",
    "load_into_store",
    "load_shapes",
    "load_turtle_into",
    "named_files",
    "parse_turtle",
    "turtle_files",
]


class LoadError(Exception):
    """A Turtle file could not be parsed; says which file and line."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class LoadedData:
    """The asserted graphs, keyed by named-graph IRI, and where each came from.

    The data graphs are rdflib graphs in `graphs`, or (`load_into_store`) the named
    graphs of `store`, with only the shapes in `graphs`.
    """

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    files: dict[URIRef, list[Path]] = field(default_factory=dict)
    # Which file first asserts each subject: lets reports name the file to fix.
    file_of_subject: dict[str, Path] = field(default_factory=dict)
    store: ox.Store | None = None

    @property
    def shapes(self) -> Graph:
        return self.graphs.get(GRAPH_SHAPES, Graph())

    def data_graph_names(self) -> list[URIRef]:
        if self.store is not None:
            return [URIRef(g.value) for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]
        return [g for g in self.graphs if g != GRAPH_SHAPES]


# rdflib's parsers raise several error types; only the Turtle parser's has a line attribute.
_LINE_PATTERNS = (re.compile(r"at line (\d+)"), re.compile(r"line (\d+)"))


def _line_of(err: Exception) -> int | None:
    lines = getattr(err, "lines", None)
    if isinstance(lines, int):
        return lines + 1 if lines >= 0 else None
    for pattern in _LINE_PATTERNS:
        m = pattern.search(str(err))
        if m:
            return int(m.group(1))
    return None


def parse_turtle(path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as err:  # rdflib raises several parser error types
        text = str(err).strip().splitlines()
        raise LoadError(path, _line_of(err), text[-1] if text else type(err).__name__) from err
    return graph


def graph_name_for(path: Path, paths: ProjectPaths) -> URIRef:
    """One named graph per file family, and one per source document."""
    rel = path.resolve().relative_to(paths.root.resolve())
    top = rel.parts[0]
    if top == "ontology":
        return GRAPH_ONTOLOGY
    if top == "shapes":
        return GRAPH_SHAPES
    if top == "data" and len(rel.parts) > 1 and rel.parts[1] == "sources":
        return source_graph(path.stem)
    if top == "data":
        return GRAPH_REFERENCE
    raise ValueError(f"{path} is not under ontology/, shapes/ or data/")


def turtle_files(paths: ProjectPaths) -> list[Path]:
    # The dataset description's own Turtle and shapes live in the package (ansvar/catalog/), not here.
    found: list[Path] = []
    for directory in (paths.ontology, paths.data, paths.shapes):
        found.extend(sorted(p for p in directory.rglob("*.ttl") if not p.name.startswith("_")))
    return found


def named_files(paths: ProjectPaths, extra_files: Iterable[Path]) -> list[tuple[Path, URIRef]]:
    """Every file to load with the graph it goes into, in load order."""
    # Extra files (`build --add`) are tried as source documents, wherever they are.
    named = [(p, graph_name_for(p, paths)) for p in turtle_files(paths)]
    return named + [(p, source_graph(p.stem)) for p in extra_files]


def _parsed(loaded: LoadedData, paths: ProjectPaths, extra_files: Iterable[Path]) -> Iterator[tuple[URIRef, Graph]]:
    """Each file's rdflib graph with its graph name, recorded in `loaded` (files, file of each subject)."""
    for path, name in named_files(paths, extra_files):
        graph = parse_turtle(path)
        loaded.files.setdefault(name, []).append(path)
        _record_graph_subjects(loaded, graph, path)
        yield name, graph


def _record_graph_subjects(loaded: LoadedData, graph: Graph, path: Path) -> None:
    """Name `path` as the file of each subject of its rdflib graph that no earlier file asserts."""
    for subject in graph.subjects(unique=True):
        loaded.file_of_subject.setdefault(str(subject), path)


def load_all(paths: ProjectPaths, extra_files: Iterable[Path] = ()) -> LoadedData:
    """Every named graph as an rdflib graph."""
    loaded = LoadedData()
    for name, graph in _parsed(loaded, paths, extra_files):
        target = loaded.graphs.setdefault(name, Graph())
        target += graph
    return loaded


def load_turtle_into(store: ox.Store, path: Path, graph: str) -> None:
    """Parse `path` with pyoxigraph into the named graph `graph` of `store`; LoadError names file and line.

    The base IRI is the file's own URI, as rdflib uses when it parses a file."""
    try:
        store.load(
            path=path, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), to_graph=ox.NamedNode(graph)
        )
    except SyntaxError as err:  # its lineno is the line (1-based) where the parser stopped
        raise LoadError(path, err.lineno, err.msg) from err
    except OSError as err:
        raise LoadError(path, None, err.strerror or str(err)) from err


_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"


def _record_subjects(loaded: LoadedData, store: ox.Store, graph: str, path: Path) -> None:
    """Name `path` as the file of each subject of `graph` that no file loaded before it asserts.

    Files are loaded one by one and a store only grows, so a subject of the graph that
    no earlier file asserted comes from this one (the query reads the graph, not the file:
    a graph of several files is read once per file)."""
    solutions = store.query(_SUBJECTS, default_graph=ox.NamedNode(graph))
    assert isinstance(solutions, ox.QuerySolutions)
    for (subject,) in solutions:
        assert isinstance(subject, ox.NamedNode | ox.BlankNode)
        loaded.file_of_subject.setdefault(subject.value, path)


def load_into_store(paths: ProjectPaths, extra_files: Iterable[Path] = ()) -> LoadedData:
    """The data graphs in one in-memory pyoxigraph store, each file parsed into it by pyoxigraph;
    the shapes as an rdflib graph (pyshacl reads rdflib graphs)."""
    loaded = LoadedData(store=ox.Store())
    assert loaded.store is not None
    for path, name in named_files(paths, extra_files):
        loaded.files.setdefault(name, []).append(path)
        if name == GRAPH_SHAPES:
            graph = parse_turtle(path)
            _record_graph_subjects(loaded, graph, path)
            shapes = loaded.graphs.setdefault(name, Graph())
            shapes += graph
        else:
            load_turtle_into(loaded.store, path, name)
            _record_subjects(loaded, loaded.store, name, path)
    return loaded


def load_shapes(paths: ProjectPaths) -> Graph:
    """The shapes of this installation (shapes/): the gate."""
    shapes = Graph()
    for path in turtle_files(paths):
        if graph_name_for(path, paths) == GRAPH_SHAPES:
            shapes += parse_turtle(path)
    return shapes
