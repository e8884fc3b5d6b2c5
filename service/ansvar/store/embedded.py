"""The embedded store: pyoxigraph, in memory or on disk."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from ..sparql_text import has_keyword
from .base import GRAPH_TYPES, SOLUTION_TYPES, GraphStore, QueryResult, QuerySyntaxError, ResultKind

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
assert set(RESULT_FORMATS) == set(SOLUTION_TYPES) and set(RDF_FORMATS) == set(GRAPH_TYPES)

CURRENT = "current"  # symlink inside --store-dir naming the live generation


class EmbeddedStore(GraphStore):
    def __init__(self, store: ox.Store, location: Path | None = None):
        self._store = store
        self.location = location

    # -- construction ------------------------------------------------------

    @classmethod
    def in_memory(cls, nquads: bytes) -> EmbeddedStore:
        store = ox.Store()
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        return cls(store)

    @classmethod
    def write_directory(cls, store_dir: Path, nquads: bytes) -> EmbeddedStore:
        """Build a new generation beside the live one and switch to it atomically.

        A failure before the switch leaves the previous generation untouched.
        """
        store_dir.mkdir(parents=True, exist_ok=True)
        generation = store_dir / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        store = ox.Store(str(generation))
        try:
            store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            store.flush()
        except BaseException:
            del store
            shutil.rmtree(generation, ignore_errors=True)
            raise
        link_tmp = store_dir / f".{CURRENT}.tmp"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        link_tmp.symlink_to(generation.name)
        previous = cls.live_generation(store_dir)
        os.replace(link_tmp, store_dir / CURRENT)  # the atomic switch
        if previous and previous != generation:
            shutil.rmtree(previous, ignore_errors=True)
        return cls(store, generation)

    @staticmethod
    def live_generation(store_dir: Path) -> Path | None:
        link = store_dir / CURRENT
        if not link.is_symlink():
            return None
        target = store_dir / os.readlink(link)
        return target if target.is_dir() else None

    @classmethod
    def open_directory(cls, store_dir: Path, read_only: bool = True) -> EmbeddedStore:
        generation = cls.live_generation(store_dir)
        if generation is None:
            raise FileNotFoundError(f"{store_dir} holds no built store (run `ansvar build --store-dir {store_dir}`)")
        store = ox.Store.read_only(str(generation)) if read_only else ox.Store(str(generation))
        return cls(store, generation)

    # -- GraphStore ----------------------------------------------------------

    def query(self, sparql, *, accept=(SOLUTION_TYPES[0], GRAPH_TYPES[0]), default_graphs=None, named_graphs=None):
        kwargs: dict = {}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        elif not has_keyword(sparql, "FROM"):
            # The union default graph, unless the query names its own dataset.
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = self._store.query(sparql, **kwargs)
        except SyntaxError as err:
            raise QuerySyntaxError(str(err)) from err
        solutions_type, graph_type = accept
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(
                ResultKind.BOOLEAN, result.serialize(format=RESULT_FORMATS[solutions_type]), solutions_type
            )
        if isinstance(result, ox.QuerySolutions):
            return QueryResult(
                ResultKind.SOLUTIONS, result.serialize(format=RESULT_FORMATS[solutions_type]), solutions_type
            )
        body = ox.serialize(result, format=triples_format(graph_type))
        return QueryResult(ResultKind.GRAPH, body, graph_type)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, media_type: str = "application/n-quads") -> bytes:
        fmt = RDF_FORMATS[media_type]
        if fmt.supports_datasets:
            return self._store.dump(format=fmt)
        # Triple formats: the union of all named graphs.
        quads = self._store.quads_for_pattern(None, None, None, None)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        return ox.serialize(triples, format=fmt)

    def dump_graph(self, graph: str, media_type: str) -> bytes | None:
        """One named graph in a triple format; None when the store has no such graph."""
        name = ox.NamedNode(graph)
        if name not in set(self._store.named_graphs()):
            return None
        return self._store.dump(format=triples_format(media_type), from_graph=name)

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        """Make `graph` hold exactly these triples (the build uses it for the check report).

        Only for a store this process opened for writing; a read-only store raises OSError.
        """
        name = ox.NamedNode(graph)
        if name in set(self._store.named_graphs()):
            self._store.remove_graph(name)
        self._store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        if self.location is not None:
            self._store.flush()

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store = None  # type: ignore[assignment]


def triples_format(media_type: str) -> ox.RdfFormat:
    fmt = RDF_FORMATS[media_type]
    # A CONSTRUCT gives triples; dataset formats would only wrap them in the default graph.
    return (
        ox.RdfFormat.N_TRIPLES if fmt is ox.RdfFormat.N_QUADS
        else ox.RdfFormat.TURTLE if fmt is ox.RdfFormat.TRIG
        else fmt
    )
