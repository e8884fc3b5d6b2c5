"""The build pipeline: load -> infer -> validate -> store -> check -> describe. One direction, nothing partial.

After load the data is in one in-memory pyoxigraph store (load.load_into_store): inference
writes the inferred graph into it, the gate validates the union of its graphs (nothing else
is in it then), and the store stage copies it, with the shapes graph, into the store that is
served (in memory, or a staged generation on disk) in one bulk call. Stage describe reads
the in-memory store again, not the generation on disk (see _in_memory).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .catalog import Publication, describe_dataset
from .checks.stage import check_build
from .dataset_store import constructed, graph_of, graph_sizes, store_of_graphs
from .infer import infer_into
from .load import LoadedData, load_into_store
from .namespaces import GRAPH_CHECKS, GRAPH_INFERRED, GRAPH_SHAPES
from .paths import ProjectPaths, default_paths
from .pause_points import pause_if_asked
from .rule_catalogue import gate_shapes
from .shape_gate import run_gate
from .store.embedded import EmbeddedStore
from .validate import ValidationReport

__all__ = ["BuildFailed", "BuildResult", "CatalogInvalid", "StageReporter", "run_build", "run_stages_after_load"]


class BuildFailed(Exception):
    """The data breaks a shape with severity Violation; nothing was stored."""

    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(f"SHACL validation found {len(report.violations)} violation(s)")


class CatalogInvalid(BuildFailed):
    """The dataset's DCAT-AP-SE record breaks the DCAT-AP 3.0.1 or the portal's shapes (catalog/shapes/)."""

    def __init__(self, report: ValidationReport):
        super().__init__(report)
        self.args = (
            f"the DCAT-AP-SE record breaks {len(report.violations)} constraint(s) of the DCAT-AP 3.0.1 "
            "and Sveriges dataportal shapes",
        )


# A stage reporter is told a stage's name when it starts; it returns a callable
# to run when it ends. The CLI uses it to show progress; tests pass nothing.
StageReporter = Callable[[str], Callable[[], None]]


def _silent(_name: str) -> Callable[[], None]:
    return lambda: None


@dataclass
class BuildResult:
    """The dataset the build made, with its validation report, seconds per stage and store.

    `data` holds the data graphs and the inferred graph, as the gate validated them; the
    rdflib views below are made from it when asked for (the build itself needs none).
    """

    loaded: LoadedData
    data: ox.Store
    report: ValidationReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    store: EmbeddedStore | None = None
    catalog_report: ValidationReport | None = None  # the DCAT-AP record checked in stage `describe`

    @property
    def inferred(self) -> Graph:
        return graph_of(self.data, GRAPH_INFERRED)

    def asserted_graphs(self) -> dict[URIRef, Graph]:
        """The graphs as loaded (data and shapes, not the inferred graph), as rdflib graphs."""
        names = [URIRef(g.value) for g in self.data.named_graphs() if isinstance(g, ox.NamedNode)]
        data = {name: graph_of(self.data, name) for name in names if name != GRAPH_INFERRED}
        return {**self.loaded.graphs, **data}

    def graphs(self) -> dict[URIRef, Graph]:
        """Every graph of the dataset, the shapes and the inferred graph included, as rdflib graphs."""
        return {**self.asserted_graphs(), GRAPH_INFERRED: self.inferred}

    def triples_per_graph(self) -> dict[str, int]:
        sizes = graph_sizes(self.data)
        if GRAPH_SHAPES in self.loaded.graphs:
            sizes[str(GRAPH_SHAPES)] = len(self.loaded.shapes)
        return dict(sorted(sizes.items()))

    def data_union(self) -> Graph:
        """Asserted data plus entailments, as one rdflib graph: what the shapes are checked against."""
        return constructed(self.data, "CONSTRUCT WHERE { ?s ?p ?o }")


@contextmanager
def _stage(name: str, seconds: dict[str, float], reporter: StageReporter) -> Iterator[None]:
    pause_if_asked(name)
    done = reporter(name)
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = time.perf_counter() - start
        done()


def run_build(
    paths: ProjectPaths | None = None,
    *,
    store_dir: Path | None = None,
    extra_files: list[Path] | None = None,
    reporter: StageReporter = _silent,
    keep_store: bool = True,
    publication: Publication | None = None,
) -> BuildResult:
    """Run every stage. Raises LoadError or BuildFailed before anything is stored.
    `publication` says who publishes the DCAT-AP-SE record and where (default: the project)."""
    paths = paths or default_paths()
    seconds: dict[str, float] = {}
    with _stage("load", seconds, reporter):
        loaded = load_into_store(paths, extra_files or [])
    return run_stages_after_load(
        loaded,
        paths,
        store_dir=store_dir,
        reporter=reporter,
        keep_store=keep_store,
        seconds=seconds,
        publication=publication,
    )


def run_stages_after_load(
    loaded: LoadedData,
    paths: ProjectPaths,
    *,
    store_dir: Path | None = None,
    reporter: StageReporter = _silent,
    keep_store: bool = True,
    seconds: dict[str, float] | None = None,
    publication: Publication | None = None,
) -> BuildResult:
    """Every stage after load (infer -> validate -> store -> check -> describe) on asserted graphs
    (from files, or from an update). Raises BuildFailed before anything is stored.

    The stages take the data over: rdflib data graphs of `loaded` go into one store and out of `loaded`."""
    seconds = {} if seconds is None else seconds
    with _stage("infer", seconds, reporter):
        data = _data_store(loaded)
        infer_into(data)
    result = BuildResult(loaded, data, seconds=seconds)
    with _stage("validate", seconds, reporter):
        # The gate refuses Violations only; gap rules (Warning/Info) run in `ansvar check`.
        report = run_gate(data, gate_shapes(loaded.shapes), loaded.file_of_subject)
    result.report = report
    if report.violations:
        raise BuildFailed(report)
    if keep_store:
        with _stage("store", seconds, reporter):
            shapes = {str(GRAPH_SHAPES): loaded.shapes.serialize(format="nt", encoding="utf-8")}
            result.store = EmbeddedStore.copy_of(data, store_dir, shapes)  # staged: not current until committed
        try:
            _check_and_describe(result, paths, seconds, reporter, publication)
            if store_dir is not None:
                pause_if_asked("commit")
                result.store.commit()  # the one commit point
                pause_if_asked("committed")
        except BaseException:
            result.store.discard()
            raise
    return result


def _data_store(loaded: LoadedData) -> ox.Store:
    """The store of the data graphs: the one load made, or one of the rdflib graphs given."""
    if loaded.store is None:
        loaded.store = store_of_graphs({name: loaded.graphs[name] for name in loaded.data_graph_names()})
        loaded.graphs = {GRAPH_SHAPES: loaded.shapes}  # the store holds them now
    return loaded.store


@contextmanager
def _in_memory(result: BuildResult, store: EmbeddedStore) -> Iterator[EmbeddedStore]:
    """The new generation's quads in memory, for stage describe to read (an on-disk store is
    several times slower to read): the store the gate validated, with the graphs the generation
    adds to it (shapes, checks) as the generation names their blank nodes; they are taken out
    of it again after. An in-memory generation is read as it is."""
    added = [ox.NamedNode(str(g)) for g in (GRAPH_SHAPES, GRAPH_CHECKS)]
    if store.generation is None or any(result.data.contains_named_graph(g) for g in added):
        yield store
        return
    for graph in added:
        result.data.extend(store.quads_in(graph.value))
    try:
        yield EmbeddedStore(result.data)
    finally:
        for graph in added:
            if result.data.contains_named_graph(graph):
                result.data.remove_graph(graph)


def _check_and_describe(
    result: BuildResult,
    paths: ProjectPaths,
    seconds: dict[str, float],
    reporter: StageReporter,
    publication: Publication | None,
) -> None:
    """The check report graph, the dumps and the validated DCAT-AP record, in the new generation."""
    store = result.store
    assert store is not None
    with _stage("check", seconds, reporter):
        # The gap rules as of today -> graph/checks, on the store the gate validated (data graphs only).
        check_build(store, result.loaded, result.report, paths.root, data_store=result.data)
    with _stage("describe", seconds, reporter), _in_memory(result, store) as quick:
        generation = store.generation
        result.catalog_report = describe_dataset(
            store,
            generation.dumps_dir if generation else None,
            publication,
            record_file=generation.catalog_file if generation else None,
            read_from=quick,
        )
    if result.catalog_report.violations:
        raise CatalogInvalid(result.catalog_report)
