"""The embedded store: pyoxigraph, in memory or on disk."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..sparql_text import has_keyword
from .base import GRAPH_TYPES, SOLUTION_TYPES, GraphStore, QueryResult, QuerySyntaxError, ResultKind, serialized
from .generations import Generation, current_name

__all__ = ["EmbeddedStore", "RDF_FORMATS", "RESULT_FORMATS", "readable_syntax_error", "triples_format"]

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


class EmbeddedStore(GraphStore):
    def __init__(self, store: ox.Store, location: Path | None = None, generation: Generation | None = None):
        self._store = store
        self.location = location  # the generation directory of an on-disk store
        self.generation = generation
        self._memory_id = f"memory-{uuid.uuid4().hex}"

    # -- construction ------------------------------------------------------

    @classmethod
    def in_memory(cls, nquads: bytes | Path) -> EmbeddedStore:
        """A store in memory of N-Quads given as bytes or read from a file as it is parsed."""
        store = ox.Store()
        if isinstance(nquads, Path):
            store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        return cls(store)

    @classmethod
    def stage(cls, store_dir: Path, nquads: bytes) -> EmbeddedStore:
        """A new generation beside the live one, writable and not yet current.

        The build adds the check report and the dumps, then calls commit(); until
        then nothing a reader sees has changed. A failure discards it.
        """
        return cls._staged(store_dir, lambda store: store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS))

    @classmethod
    def copy_of(
        cls, source: ox.Store, store_dir: Path | None = None, graphs: Mapping[str, bytes] | None = None
    ) -> EmbeddedStore:
        """A store holding every quad of `source`, blank nodes and all, copied in bulk by pyoxigraph,
        plus `graphs` (named graph -> N-Triples): in memory, or (with `store_dir`) as a new staged
        generation, as `stage` makes one."""

        def fill(store: ox.Store) -> None:
            store.bulk_extend(source)
            for name, ntriples in (graphs or {}).items():
                store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))

        if store_dir is None:
            store = ox.Store()
            fill(store)
            return cls(store)
        return cls._staged(store_dir, fill)

    @classmethod
    def _staged(cls, store_dir: Path, fill: Callable[[ox.Store], None]) -> EmbeddedStore:
        """A new generation, filled by `fill` and flushed; discarded if anything fails."""
        generation = Generation.stage(store_dir)
        try:
            store = ox.Store(str(generation.data_dir))
            fill(store)
            store.flush()
        except BaseException:
            generation.discard()
            raise
        return cls(store, generation.path, generation)

    def commit(self) -> None:
        """Switch the store directory to this staged generation (atomic, fsynced)."""
        assert self.generation is not None, "only a staged generation can be committed"
        self._store.flush()
        self._store.optimize()  # folds the write-ahead log into sorted files before the fsync
        self.generation.commit()

    def discard(self) -> None:
        """Drop a staged generation that will not become current."""
        if self.generation is not None and not self.generation.is_current:
            self._store = None  # type: ignore[assignment]
            self.generation.discard()

    @classmethod
    def write_directory(cls, store_dir: Path, nquads: bytes) -> EmbeddedStore:
        """Stage and commit a generation holding exactly these quads."""
        store = cls.stage(store_dir, nquads)
        try:
            store.commit()
        except BaseException:
            store.discard()
            raise
        return store

    @staticmethod
    def live_generation(store_dir: Path) -> Path | None:
        name = current_name(store_dir)
        return store_dir / name if name else None

    @classmethod
    def open_directory(cls, store_dir: Path, read_only: bool = True, generation: str | None = None) -> EmbeddedStore:
        """The current generation (or the one named), locked against removal while open."""
        held = Generation.open(store_dir, generation)
        if held is None:
            raise FileNotFoundError(f"{store_dir} holds no built store (run `ansvar build --store-dir {store_dir}`)")
        path = str(held.data_dir)
        store = ox.Store.read_only(path) if read_only else ox.Store(path)
        return cls(store, held.path, held)

    @property
    def generation_id(self) -> str:
        return self.generation.name if self.generation is not None else self._memory_id

    # -- GraphStore ----------------------------------------------------------

    def evaluate(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """The pyoxigraph result, not yet serialised (read lazily: it streams).

        pyoxigraph resolves relative IRIs against `base_iri`; a BASE in the query overrides it."""
        kwargs: dict[str, Any] = {"prefixes": dict(prefixes)} if prefixes else {}
        if base_iri:
            kwargs["base_iri"] = base_iri
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        elif not has_keyword(sparql, "FROM"):
            # The union default graph, unless the query names its own dataset.
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as err:
            raise QuerySyntaxError(readable_syntax_error(str(err))) from err

    def query(
        self,
        sparql: str,
        *,
        accept: tuple[str, str] = (SOLUTION_TYPES[0], GRAPH_TYPES[0]),
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        result = self.evaluate(sparql, default_graphs, named_graphs, prefixes, base_iri)
        solutions_type, graph_type = accept
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(
                ResultKind.BOOLEAN, serialized(result.serialize(format=RESULT_FORMATS[solutions_type])), solutions_type
            )
        if isinstance(result, ox.QuerySolutions):
            return QueryResult(
                ResultKind.SOLUTIONS,
                serialized(result.serialize(format=RESULT_FORMATS[solutions_type])),
                solutions_type,
            )
        body = serialized(ox.serialize(result, format=triples_format(graph_type)))
        return QueryResult(ResultKind.GRAPH, body, graph_type)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, media_type: str = "application/n-quads") -> bytes:
        fmt = RDF_FORMATS[media_type]
        if fmt.supports_datasets:
            return serialized(self._store.dump(format=fmt))
        # Triple formats: the union of all named graphs.
        quads = self._store.quads_for_pattern(None, None, None, None)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        return serialized(ox.serialize(triples, format=fmt))

    def union_triples(self) -> Iterator[ox.Triple]:
        """The distinct triples of the union of all graphs, one at a time (no list in Python)."""
        solutions = self._store.query("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            yield ox.Triple(row[0], row[1], row[2])

    def dump_to(self, output: BinaryIO | Path, media_type: str, prefixes: dict[str, str] | None = None) -> None:
        """Write the dump into a file as pyoxigraph serialises it, without the whole of it in memory:
        N-Quads and TriG give every quad, the other formats (JSON-LD too) the union of all graphs."""
        fmt = RDF_FORMATS[media_type]
        target = str(output) if isinstance(output, Path) else output
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            self._store.dump(target, format=fmt, prefixes=prefixes)
        else:
            ox.serialize(self.union_triples(), target, format=fmt, prefixes=prefixes)

    def quads_in(self, graph: str) -> list[ox.Quad]:
        """The quads of one named graph, blank nodes as this store names them (a parser would rename them)."""
        return list(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def dump_graph(self, graph: str, media_type: str) -> bytes | None:
        """One named graph in a triple format; None when the store has no such graph."""
        name = ox.NamedNode(graph)
        if name not in set(self._store.named_graphs()):
            return None
        return self._store.dump(format=triples_format(media_type), from_graph=name)

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        """Make `graph` hold exactly these triples (the build uses it for the check report).

        Only for a staged generation (or an in-memory store): the live generation is never written to.
        """
        if self.generation is not None and self.generation.is_current:
            raise PermissionError(f"{self.location} is the live generation; it is never written to")
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
        if self.generation is not None:
            self.generation.release()


def readable_syntax_error(message: str) -> str:
    """pyoxigraph's message ("error at 1:28: expected …") without its grammar's character ranges."""
    head, sep, expected = message.partition(": expected ")
    if sep and ("..=" in expected or "\\u{" in expected or "\n" in expected):
        return f"{head}: the text cannot be read from this point on"
    return message


def triples_format(media_type: str) -> ox.RdfFormat:
    fmt = RDF_FORMATS[media_type]
    # A CONSTRUCT gives triples; dataset formats would only wrap them in the default graph.
    return (
        ox.RdfFormat.N_TRIPLES
        if fmt is ox.RdfFormat.N_QUADS
        else ox.RdfFormat.TURTLE
        if fmt is ox.RdfFormat.TRIG
        else fmt
    )
