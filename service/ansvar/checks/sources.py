"""The data a check runs on: a store for the SPARQL rules and an rdflib graph for pyshacl,
made from this checkout's files, from a built store, or from a remote SPARQL endpoint."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import pyoxigraph as ox
from rdflib import Dataset, Graph

from ..dataset import InferredDataset
from ..dataset_store import constructed
from ..dumps import vouched_dump
from ..infer import infer
from ..load import load_all, load_shapes
from ..namespaces import GRAPH_CHECKS, GRAPH_ONTOLOGY, GRAPH_SHAPES, SOURCE_GRAPH_PREFIX
from ..paths import ProjectPaths, default_paths
from ..query_files import check_query
from ..rule_catalogue import RuleCatalogue
from ..shacl_core import selector, store_of
from ..store.base import GraphStore, QuerySyntaxError
from ..store.embedded import EmbeddedStore
from ..store.remote import RemoteStore, RemoteStoreError
from .gate_record import read_gate_record

__all__ = ["Bindings", "CheckData", "EndpointError"]

_T = TypeVar("_T")
_SLICE = 250_000  # quads given to Store.extend at a time
Bindings = list[dict[str, dict[str, str]]]


class EndpointError(RuntimeError):
    """A remote SPARQL endpoint did not answer a CONSTRUCT query."""


class CheckData:
    """The data to check: the store, its data graphs' union for the rules, an rdflib graph for pyshacl.

    Every rule query runs on the union of the graphs of `data_store`, a pyoxigraph store
    that holds exactly the data graphs (not graph/shapes nor graph/checks), in its default
    graph or as named graphs: pyoxigraph evaluates a dataset of many named default graphs
    20-40 times slower than its union default graph. It is the caller's (`data_store`, e.g.
    the build gate's) or made on first use: read from a generation's vouched TriG dump, else
    copied graph by graph from an embedded store, else made from `graph`.
    Queries that ask which named graph states a node go to `store` (select_named).

    `graph` is made on first use (from the store's dump when none is given), so
    a run that needs only the store never pays for it. `once` keeps what a run
    computes that does not depend on the date (the core shapes' findings, the
    county of each territory), so each CheckData computes it once.
    """

    def __init__(
        self,
        store: GraphStore,
        shapes: Graph,
        graph: Graph | None = None,
        file_of_subject: dict[str, Path] | None = None,
        *,
        catalogue: RuleCatalogue | None = None,
        root: Path | None = None,
        known: dict[str, object] | None = None,
        data_store: ox.Store | None = None,
    ):
        self.store = store
        self.shapes = shapes
        self.file_of_subject = file_of_subject or {}
        self.root = root  # the project the files are in, to show them relative to it
        self._graph = graph
        self._catalogue = catalogue
        self._data_store = data_store
        self._lock = threading.RLock()  # data_store may make `graph` while holding it
        self._known: dict[str, object] = dict(known or {})

    @property
    def catalogue(self) -> RuleCatalogue:
        if self._catalogue is None:
            self._catalogue = RuleCatalogue(self.shapes)
        return self._catalogue

    def data_graph_names(self) -> list[str]:
        return [g for g in self.store.named_graphs() if g not in (str(GRAPH_SHAPES), str(GRAPH_CHECKS))]

    @property
    def graph(self) -> Graph:
        with self._lock:
            if self._graph is None:
                if isinstance(self.store, EmbeddedStore) or self._data_store is not None:
                    self._graph = _graph_of_union(self.data_store)  # the union once: half the triples to parse
                else:
                    self._graph = _graph_from_store(self.store, self.data_graph_names())
            return self._graph

    def graph_if_made(self) -> Graph | None:
        """The rdflib graph of the data when it was given or already made, else None."""
        with self._lock:
            return self._graph

    @property
    def data_store(self) -> ox.Store:
        """A pyoxigraph store that holds exactly the data graphs (made once)."""
        with self._lock:
            if self._data_store is None:
                if isinstance(self.store, EmbeddedStore):
                    self._data_store = _data_graphs(self.store, self.data_graph_names())
                else:  # a remote store: from the rdflib graph its dump gives
                    self._data_store = store_of(self.graph)
            return self._data_store

    def select(self, sparql: str) -> Bindings:
        """The rows of a SELECT on the union of the data graphs."""
        return selector(self.data_store, union=True)(sparql)

    def select_named(self, sparql: str) -> Bindings:
        """The rows of a SELECT whose GRAPH patterns see the store's named graphs (which graph states what);
        its default graph is the union of the data graphs."""
        result = self.store.query(sparql, default_graphs=self.data_graph_names())
        return cast(Bindings, json.loads(result.body)["results"]["bindings"])

    def once(self, key: str, compute: Callable[[], _T]) -> _T:
        """The value kept under `key`, computed (outside the lock) the first time it is asked for."""
        with self._lock:
            if key in self._known:
                return cast(_T, self._known[key])
        value = compute()
        with self._lock:
            return cast(_T, self._known.setdefault(key, value))

    # -- constructors ------------------------------------------------------------

    @classmethod
    def from_project(cls, paths: ProjectPaths | None = None, extra_files: list[Path] | None = None) -> CheckData:
        """Load and infer the project's data like the build, without its gate: broken data is what we report."""
        paths = paths or default_paths()
        loaded = load_all(paths, extra_files or [])
        dataset = InferredDataset(loaded, infer(loaded.graphs[g] for g in loaded.data_graph_names()))
        store = EmbeddedStore.in_memory(dataset.nquads())
        return cls(store, loaded.shapes, dataset.data_union(), loaded.file_of_subject, root=paths.root)

    @classmethod
    def from_store(cls, store: GraphStore, paths: ProjectPaths | None = None, *, gate_record: bool = True) -> CheckData:
        """Check a built store (on disk or served) with the shapes of this checkout; what the
        build's gate found on a generation it built with the same shapes is not evaluated again
        (unless `gate_record` is False: then every shape is)."""
        shapes = load_shapes(paths or default_paths())
        catalogue = RuleCatalogue(shapes)
        generation = store.generation if isinstance(store, EmbeddedStore) and gate_record else None
        known = read_gate_record(generation.gate_file, shapes, catalogue) if generation is not None else {}
        return cls(store, shapes, catalogue=catalogue, known=known)

    @classmethod
    def from_endpoint(cls, url: str, paths: ProjectPaths | None = None, timeout: float = 120) -> CheckData:
        """CONSTRUCT the data of a remote SPARQL endpoint, then check it here with the local shapes.

        The endpoint only answers CONSTRUCT queries (SPARQLWrapper); inference (owlrl,
        with the local ontology) and validation run locally, so any SPARQL 1.1
        endpoint will do. Raises EndpointError when the endpoint does not answer.
        """
        paths = paths or default_paths()
        data = Graph()
        for name in ("remote_data", "remote_default_graph"):  # named graphs first, else the default graph
            data.parse(data=_construct(url, check_query(name), timeout), format="nt")
            if len(data):
                break
        ontology = load_all(paths).graphs.get(GRAPH_ONTOLOGY, Graph())
        inferred = infer([data, ontology])
        union = data + ontology + inferred
        store = EmbeddedStore.in_memory(_as_graph(union.serialize(format="nt", encoding="utf-8")))
        return cls(store, load_shapes(paths), union)


def _construct(url: str, query: str, timeout: float) -> bytes:
    """The endpoint's answer to a CONSTRUCT, as N-Triples.

    N-Triples, not Turtle: Virtuoso 7.2's Turtle writer prints "6"^^xsd:decimal as the
    bare number 6, which Turtle reads as an xsd:integer.
    """
    accept = ("application/sparql-results+json", "application/n-triples")
    try:
        return RemoteStore(url, timeout=timeout).query(query, accept=accept).body
    except (RemoteStoreError, QuerySyntaxError) as err:  # the message quotes the endpoint's answer
        raise EndpointError(f"no SPARQL endpoint answers at {url}: {err}") from None


def _as_graph(ntriples: bytes) -> bytes:
    """N-Triples as N-Quads in one named graph, so the store's data graphs are explicit."""
    graph = ox.NamedNode(SOURCE_GRAPH_PREFIX + "remote")
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    ]
    body: Any = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return cast(bytes, body)


def _data_graphs(store: EmbeddedStore, graph_names: list[str]) -> ox.Store:
    """The triples of the named graphs `graph_names` of `store`, in the default graph of a new
    in-memory store.

    Read from the generation's TriG dump when its manifest vouches for it: parsing the file
    is about three times faster than reading the on-disk store, and ox.parse keeps the blank
    node labels the store shows (the dump was written from the same quads). Else copied."""
    dump = vouched_dump(store, "application/trig")
    if dump is None:
        return _union_store(store, graph_names)
    wanted = {ox.NamedNode(name) for name in graph_names}
    union = ox.Store()
    parsed = ox.parse(path=str(dump), format=ox.RdfFormat.TRIG)
    triples = (ox.Quad(q.subject, q.predicate, q.object) for q in parsed if q.graph_name in wanted)
    # In slices: Store.extend holds what it is given until it ends (a quarter more memory at 1 M).
    while (first := next(triples, None)) is not None:
        union.extend(itertools.chain((first,), itertools.islice(triples, _SLICE - 1)))
    return union


def _union_store(store: EmbeddedStore, graph_names: list[str]) -> ox.Store:
    """The named graphs' triples copied into the default graph of a new in-memory store.

    ox.parse keeps blank node labels (Store.load and bulk_load rename them per call), so a
    blank node stated in two graphs stays one node, with the label the store shows."""
    union = ox.Store()
    for name in graph_names:
        triples = store.dump_graph(name, "application/n-triples")
        if triples:
            union.extend(ox.parse(triples, format=ox.RdfFormat.N_TRIPLES))
    return union


def _graph_of_union(union: ox.Store) -> Graph:
    """A plain rdflib graph of the union of a store's graphs, parsed by rdflib (DESIGN.md: not the ox-* parsers)."""
    return constructed(union, "CONSTRUCT WHERE { ?s ?p ?o }")


def _graph_from_store(store: GraphStore, graph_names: list[str]) -> Graph:
    """A plain rdflib graph of the store's data graphs, parsed by rdflib (DESIGN.md: not the ox-* parsers)."""
    dataset = Dataset()
    dataset.parse(data=store.dump("application/n-quads"), format="nquads")
    wanted = set(graph_names)
    union = Graph()
    for context in dataset.graphs():
        if str(context.identifier) in wanted:
            union += context
    return union
