"""The build's stage `check`: every rule as of the build date, stored as the named graph graph/checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from ..load import LoadedData
from ..namespaces import GRAPH_CHECKS
from ..rule_catalogue import ASH, RuleCatalogue, non_blocking_shapes
from ..store.embedded import EmbeddedStore
from ..validate import ValidationReport
from .engine_pyshacl import findings_from_results
from .gate_record import CORE, FOUND_NONE, write_gate_record
from .report import CheckReport, report_ntriples
from .run import run_checks
from .sources import CheckData

__all__ = ["check_build", "gated_without_findings", "store_report"]


def store_report(store: EmbeddedStore, report: CheckReport) -> None:
    """Make `report` the named graph graph/checks of a writable embedded store."""
    store.replace_graph(str(GRAPH_CHECKS), report_ntriples(report))


def check_build(
    store: EmbeddedStore,
    loaded: LoadedData,
    gate: ValidationReport | None,
    root: Path | None = None,
    as_of: dt.date | None = None,
    *,
    data_store: ox.Store | None = None,
) -> CheckReport:
    """Run the rules on the new store and store the report in it.

    The gate's results stand for what the build just ran: the core shapes' findings are
    the gate's, and the Violation store shapes (integrity-*) found nothing, or the build
    would have stopped; so only the gap rules (Warning, Info) run here. `data_store` is
    a store that holds exactly the data graphs (e.g. the gate's, as named graphs); without
    it the check copies the data graphs of `store` into one.
    """
    catalogue = RuleCatalogue(loaded.shapes)
    known: dict[str, object] = {}
    if gate is not None:
        core = findings_from_results(gate.graph, catalogue) if _gate_ran_every_core_shape(catalogue) else None
        found_none = frozenset() if gate.violations else gated_without_findings(catalogue)
        known = {FOUND_NONE: found_none} if core is None else {CORE: core, FOUND_NONE: found_none}
        if store.generation is not None:  # for checks run on this generation later
            write_gate_record(store.generation.gate_file, loaded.shapes, core, found_none)
    data = CheckData(
        store,
        loaded.shapes,
        file_of_subject=loaded.file_of_subject,
        catalogue=catalogue,
        root=root,
        known=known,
        data_store=data_store,
    )
    report = run_checks(data, as_of)
    store_report(store, report)
    return report


def _gate_ran_every_core_shape(catalogue: RuleCatalogue) -> bool:
    """Whether the gate's results are all the core shapes': the gate leaves out the shapes that
    only warn or inform, and the core shapes are all shapes but the store's."""
    on_store = {str(s.iri) for s in catalogue.store_shapes}
    return all(str(shape) in on_store for shape in non_blocking_shapes(catalogue.shapes))


def gated_without_findings(catalogue: RuleCatalogue) -> frozenset[str]:
    """The store shapes a passed gate ran and found nothing for, on any date: every Violation
    store shape of shapes/ (one finding refuses the build) that does not read the as-of date."""
    return frozenset(
        str(s.iri)
        for s in catalogue.store_shapes
        if s.severity == "violation" and str(s.iri).startswith(ASH) and not s.reads_as_of
    )
