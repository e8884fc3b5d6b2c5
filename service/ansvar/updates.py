"""Accepted changes to the live graph: apply to a copy, validate, commit atomically, log.

An update (SPARQL 1.1 Update, or a Graph Store Protocol write) runs against a
copy of the asserted graphs. The copy goes through the same inference and
SHACL gate as a build; only if it has no Violation does it replace the live
store (a new in-memory store, or a new generation of the on-disk store,
switched atomically), and the query workers are restarted on it. Otherwise
nothing changes and the caller gets the report. Every accepted update is
appended to a JSON-lines log with its time and size.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .build import BuildResult, run_stages_after_load
from .catalog import Publication
from .load import LoadedData, load_shapes
from .namespaces import GRAPH, GRAPH_CHECKS, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from .paths import default_paths
from .sparql_guard import DEFAULT_MAX_DEPTH, Refused, check_update
from .store.embedded import EmbeddedStore, readable_syntax_error

__all__ = [
    "GRAPH_UPDATES",
    "PROTECTED_GRAPHS",
    "ProtectedGraph",
    "UpdateManager",
    "UpdateOutcome",
    "UpdateRefused",
    "UpdateSyntaxError",
    "refuse_protected",
]

# Triples an update writes to the default graph are kept in this named graph.
GRAPH_UPDATES = GRAPH["updates"]
_DERIVED = (GRAPH_INFERRED, GRAPH_CHECKS)
# The gate and what it is computed from: the installation's, never writable through the API.
PROTECTED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_SHAPES, GRAPH_INFERRED, GRAPH_CHECKS)


class UpdateRefused(ValueError):
    """The update may not run here (e.g. LOAD or SERVICE reach other hosts)."""


class ProtectedGraph(UpdateRefused):
    """The change would write the ontology, shapes, inferred or checks graph."""

    def __init__(self, graphs: list[str]):
        self.graphs = graphs
        super().__init__(
            f"{', '.join(graphs)} cannot be written through the API: the ontology, shapes, inferred and "
            "checks graphs come from the installation and the build; nothing was changed"
        )


def refuse_protected(graph: str) -> None:
    if graph in {str(g) for g in PROTECTED_GRAPHS}:
        raise ProtectedGraph([graph])


class UpdateSyntaxError(ValueError):
    """The update text is not valid SPARQL 1.1 Update."""


@dataclass(frozen=True)
class UpdateOutcome:
    result: BuildResult
    triples_before: int
    triples_after: int


class UpdateManager:
    def __init__(
        self,
        store: EmbeddedStore,
        *,
        store_dir: Path | None,
        log_path: Path,
        on_commit: Callable[[EmbeddedStore], None],
        max_depth: int = DEFAULT_MAX_DEPTH,
        publication: Publication | None = None,
    ):
        """`publication`: who publishes the record each new generation carries (as the build's)."""
        self.store, self.store_dir, self.log_path, self.on_commit = store, store_dir, log_path, on_commit
        self.max_depth, self.publication = max_depth, publication
        self._lock = threading.Lock()  # one update at a time

    # -- entry points ----------------------------------------------------------

    def sparql_update(self, text: str, client: str | None = None) -> UpdateOutcome:
        try:
            presets = check_update(text, self.max_depth)  # decided on the parse: no LOAD, no SERVICE
        except Refused as err:
            raise (UpdateRefused if err.status == 403 else UpdateSyntaxError)(err.message) from None

        def apply(work: ox.Store) -> None:
            try:
                work.update(text, prefixes=presets or None)
            except SyntaxError as err:
                raise UpdateSyntaxError(f"SPARQL syntax error: {readable_syntax_error(str(err))}") from err

        return self._commit(apply, {"kind": "sparql-update", "bytes": len(text.encode()), "client": client})

    def put_graph(self, graph: str, ntriples: bytes, client: str | None = None) -> UpdateOutcome:
        refuse_protected(graph)

        def apply(work: ox.Store) -> None:
            name = ox.NamedNode(graph)
            if name in set(work.named_graphs()):
                work.clear_graph(name)
            work.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=name)

        return self._commit(apply, {"kind": "gsp-put", "graph": graph, "bytes": len(ntriples), "client": client})

    def post_graph(self, graph: str, ntriples: bytes, client: str | None = None) -> UpdateOutcome:
        refuse_protected(graph)

        def apply(work: ox.Store) -> None:
            work.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))

        return self._commit(apply, {"kind": "gsp-post", "graph": graph, "bytes": len(ntriples), "client": client})

    def delete_graph(self, graph: str, client: str | None = None) -> UpdateOutcome:
        refuse_protected(graph)

        def apply(work: ox.Store) -> None:
            name = ox.NamedNode(graph)
            if name not in set(work.named_graphs()):
                raise KeyError(graph)
            work.remove_graph(name)

        return self._commit(apply, {"kind": "gsp-delete", "graph": graph, "client": client})

    # -- the one path every change takes --------------------------------------

    def _commit(self, apply: Callable[[ox.Store], None], entry: dict[str, object]) -> UpdateOutcome:
        with self._lock:
            work = ox.Store()
            work.bulk_load(self.store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS)
            protected = _snapshot(work)
            before = len(work) - sum(len(protected[str(g)]) for g in _DERIVED)
            apply(work)
            changed = [g for g, quads in _snapshot(work).items() if quads != protected[g]]
            if changed:  # e.g. DROP ALL, or a pattern over GRAPH ?g
                raise ProtectedGraph(changed)
            for derived in _DERIVED:  # recomputed by the build below
                if ox.NamedNode(str(derived)) in set(work.named_graphs()):
                    work.remove_graph(ox.NamedNode(str(derived)))
            _move_default_graph(work)
            after = len(work)
            paths = default_paths()
            # The gate is the installation's shapes/, not whatever the store holds; the work
            # store, with its data graphs only, is the store the stages after load run on.
            if work.contains_named_graph(ox.NamedNode(str(GRAPH_SHAPES))):
                work.remove_graph(ox.NamedNode(str(GRAPH_SHAPES)))
            loaded = LoadedData(graphs={GRAPH_SHAPES: load_shapes(paths)}, store=work)
            # Raises BuildFailed with the report when the change breaks a shape.
            result = run_stages_after_load(loaded, paths, store_dir=self.store_dir, publication=self.publication)
            assert result.store is not None
            self.store = result.store
            self.on_commit(result.store)
            entry = {
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                **entry,
                "triples_before": before,
                "triples_after": after,
            }
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("a", encoding="utf-8") as log:  # append-only
                log.write(json.dumps(entry, ensure_ascii=False) + "\n")
            return UpdateOutcome(result, before, after)


def _snapshot(work: ox.Store) -> dict[str, set[ox.Quad]]:
    return {str(g): set(work.quads_for_pattern(None, None, None, ox.NamedNode(str(g)))) for g in PROTECTED_GRAPHS}


def _move_default_graph(work: ox.Store) -> None:
    quads = list(work.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    target = ox.NamedNode(str(GRAPH_UPDATES))
    for quad in quads:
        work.remove(quad)
        work.add(ox.Quad(quad.subject, quad.predicate, quad.object, target))
